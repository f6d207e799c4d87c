/// The modelling engine's version, part of every cache key: bump it when any model's numbers change.
public enum ModelEngine {
    public static let version = "models-1"
}
