import CBLAS

/// The BLAS thread count. The tool pins it (default 1 per worker): more threads than cores is
/// slower on small matrices and changes the last bits of results.
public enum BLASThreads {
    /// Sets OpenBLAS's thread count for this process (when OpenBLAS is not loaded yet, it
    /// applies when it loads: setting it does not load the library).
    public static func set(_ count: Int) {
        thesis_blas_set_threads(Int32(max(1, count)))
    }

    /// Whether OpenBLAS has been loaded in this process (it loads on the first BLAS call).
    public static var isLoaded: Bool { thesis_blas_is_loaded() != 0 }

    /// The thread count OpenBLAS uses now.
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// OpenBLAS's build configuration and the kernel chosen for this CPU, for provenance.
    public static var configuration: String {
        String(cString: openblas_get_config()) + " " + String(cString: openblas_get_corename())
    }
}
