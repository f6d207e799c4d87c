// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "thesis",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "thesis", targets: ["thesis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // `thesis serve`: HTTP/1.1 over SwiftNIO. Its default traits (swift-configuration, the
        // full Foundation) are off: nothing here uses them, and each costs CI build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
        // Hummingbird's logger (already part of its build).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Its graceful shutdown (also part of Hummingbird's build), to end the preview's event streams.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `GET /metrics` of model serving in the Prometheus text format (on swift-metrics, which
        // Hummingbird already builds; the package adds one small module).
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // MARK: - C libraries (Debian packages, installed by Scripts/setup.sh)
        // OpenBLAS and LAPACKE, loaded on first use (see Sources/CBLAS/include/CBLAS.h); the headers
        // come from libopenblas-dev and liblapacke-dev.
        .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        // Image files of image-folder data sets: PNG through libpng's simplified API, JPEG through TurboJPEG.
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),

        // MARK: - Document model (pure value types, no C)
        .target(name: "ThesisDocument"),

        // MARK: - Engine and leaves
        .target(name: "ThesisLinearAlgebra", dependencies: ["CBLAS"]),
        .target(name: "ThesisData", dependencies: ["ThesisDocument", "ThesisLinearAlgebra", "ThesisModels"]),
        .target(name: "ThesisModels", dependencies: ["ThesisLinearAlgebra"]),
        .target(name: "ThesisFigures", dependencies: ["ThesisDocument", "CCairo"]),
        .target(name: "ThesisCache", dependencies: ["ThesisDocument", "CSQLite", "COpenSSL"]),
        .target(name: "ThesisMarkdown", dependencies: ["ThesisDocument", "CCmarkGFM"]),
        // Image folders: decoding (thin wrappers of libpng and TurboJPEG), channels, resizing.
        .target(name: "ThesisImages", dependencies: ["CPNG", "CTurboJPEG"]),
        // Runs a program in a process group of its own with a time limit (posix_spawn).
        .target(name: "ThesisProcess"),
        // Reports changed files under a folder (Linux inotify).
        .target(name: "ThesisWatch"),

        // MARK: - Directives, writers, pipeline
        .target(name: "ThesisDirectives", dependencies: ["ThesisDocument", "ThesisData", "ThesisModels", "ThesisProcess", "ThesisImages"]),
        .target(name: "ThesisWriters", dependencies: ["ThesisDocument"]),
        .target(name: "ThesisKit", dependencies: [
            "ThesisDocument", "ThesisMarkdown", "ThesisCache", "ThesisData", "ThesisLinearAlgebra", "ThesisModels",
            "ThesisFigures", "ThesisDirectives", "ThesisWriters", "ThesisProcess", "ThesisImages",
        ]),

        // MARK: - The server of `thesis serve` (live preview; model serving joins it)
        .target(name: "ThesisServer", dependencies: [
            "ThesisKit", "ThesisWatch", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // MARK: - Benchmarks and the figure gallery (outside the library modules)
        .target(name: "ThesisBench", dependencies: [
            "ThesisDocument", "ThesisData", "ThesisLinearAlgebra", "ThesisModels", "ThesisFigures", "ThesisImages",
        ]),

        // MARK: - Command-line tool (reaches the library only through ThesisKit)
        .executableTarget(name: "thesis", dependencies: [
            "ThesisKit", "ThesisServer", "ThesisBench", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // MARK: - Test support (golden files, tolerances, temporary projects, a directive harness)
        .target(name: "ThesisTestSupport", dependencies: ["ThesisDocument", "ThesisData", "ThesisDirectives", "ThesisMarkdown"]),

        // MARK: - Tests
        .testTarget(name: "ThesisDocumentTests", dependencies: ["ThesisTestSupport", "ThesisDocument"]),
        .testTarget(name: "ThesisLinearAlgebraTests", dependencies: ["ThesisTestSupport", "ThesisLinearAlgebra"]),
        .testTarget(name: "ThesisDataTests", dependencies: ["ThesisTestSupport", "ThesisData"]),
        .testTarget(name: "ThesisModelsTests", dependencies: ["ThesisTestSupport", "ThesisModels", "ThesisData"]),
        .testTarget(name: "ThesisFiguresTests", dependencies: ["ThesisTestSupport", "ThesisFigures"],
                    exclude: ["Golden"]),
        .testTarget(name: "ThesisMarkdownTests", dependencies: ["ThesisTestSupport", "ThesisMarkdown"], exclude: ["Golden"]),
        .testTarget(name: "ThesisDirectivesTests", dependencies: ["ThesisTestSupport", "ThesisDirectives", "ThesisProcess"]),
        .testTarget(name: "ThesisCacheTests", dependencies: ["ThesisTestSupport", "ThesisCache"]),
        .testTarget(name: "ThesisWritersTests", dependencies: ["ThesisTestSupport", "ThesisWriters", "ThesisMarkdown", "CCmarkGFM"], exclude: ["Golden"]),
        .testTarget(name: "ThesisKitTests", dependencies: ["ThesisTestSupport", "ThesisKit"], exclude: ["Cases"]),
        .testTarget(name: "ThesisImagesTests", dependencies: ["ThesisImages"]),
        .testTarget(name: "ThesisServerTests", dependencies: ["ThesisTestSupport", "ThesisServer", "ThesisWatch"]),
    ],
    swiftLanguageModes: [.v5]
)
