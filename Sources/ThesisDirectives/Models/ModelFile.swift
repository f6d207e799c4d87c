import Foundation
import ThesisDocument
import ThesisModels

/// The bytes of a `thesis-model` file: canonical JSON (sorted keys, shortest round-tripping
/// numbers, no whitespace), so equal models give equal bytes and the SHA-256 of the bytes is the
/// model's id.
public enum ModelFile {
    /// The file's bytes.
    public static func encode(_ artifact: ModelArtifact) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(artifact)
    }

    /// Reads a model file; the error says what is wrong with it.
    public static func decode(_ data: Data) throws -> ModelArtifact {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try decoder.decode(ModelArtifact.self, from: data)
        } catch let error as NeuralError {
            throw error
        } catch let error as DecodingError {
            throw NeuralError("not a readable thesis model: \(describe(error))")
        }
    }

    /// What a directive returns for `artifact` (the pipeline writes it and fills in the id).
    static func saved(_ artifact: ModelArtifact) throws -> SavedModel {
        SavedModel(kind: artifact.kind.rawValue, artifact: try encode(artifact))
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "'\(key.stringValue)' is missing\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return context.debugDescription + path(context)
        @unknown default: return "\(error)"
        }
    }
}
