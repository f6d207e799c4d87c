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
    ],
    targets: [
        // MARK: - C libraries (Debian packages, installed by Scripts/setup.sh)
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // MARK: - Document model (pure value types, no C)
        .target(name: "ThesisDocument"),

        // MARK: - Engine and leaves
        .target(name: "ThesisLinearAlgebra", dependencies: ["CBLAS"]),
        .target(name: "ThesisData", dependencies: ["ThesisDocument", "ThesisLinearAlgebra", "ThesisModels"]),
        .target(name: "ThesisModels", dependencies: ["ThesisLinearAlgebra"]),
        .target(name: "ThesisFigures", dependencies: ["ThesisDocument", "CCairo"]),
        .target(name: "ThesisCache", dependencies: ["ThesisDocument", "CSQLite", "COpenSSL"]),
        .target(name: "ThesisMarkdown", dependencies: ["ThesisDocument", "CCmarkGFM"]),
        // Runs a program in a process group of its own with a time limit (posix_spawn).
        .target(name: "ThesisProcess"),

        // MARK: - Directives, writers, pipeline
        .target(name: "ThesisDirectives", dependencies: ["ThesisDocument", "ThesisData", "ThesisModels", "ThesisProcess"]),
        .target(name: "ThesisWriters", dependencies: ["ThesisDocument"]),
        .target(name: "ThesisKit", dependencies: [
            "ThesisDocument", "ThesisMarkdown", "ThesisCache", "ThesisData", "ThesisLinearAlgebra", "ThesisModels",
            "ThesisFigures", "ThesisDirectives", "ThesisWriters", "ThesisProcess",
        ]),

        // MARK: - Benchmarks and the figure gallery (outside the library modules)
        .target(name: "ThesisBench", dependencies: [
            "ThesisDocument", "ThesisData", "ThesisLinearAlgebra", "ThesisModels", "ThesisFigures",
        ]),

        // MARK: - Command-line tool (reaches the library only through ThesisKit)
        .executableTarget(name: "thesis", dependencies: [
            "ThesisKit", "ThesisBench", .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
    ],
    swiftLanguageModes: [.v5]
)
