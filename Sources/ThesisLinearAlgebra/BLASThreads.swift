import CBLAS

/// The BLAS thread count. The tool pins it (default 1 per worker): more threads than cores is
/// slower on small matrices and changes the last bits of results.
public enum BLASThreads {
    /// Sets OpenBLAS's thread count for this process.
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The thread count OpenBLAS uses now.
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// OpenBLAS's build configuration and the kernel chosen for this CPU, for provenance.
    public static var configuration: String {
        String(cString: openblas_get_config()) + " " + String(cString: openblas_get_corename())
    }
}
