// swift-tools-version:6.0
//
// The casualty-estimate modeller. Dependencies point one way:
//   casualty (CLI) -> CasualtyReport -> CasualtyModel -> CasualtyData
//                                       CasualtyModel -> LinearAlgebra -> CLAPACK
import PackageDescription

let package = Package(
    name: "casualty",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "casualty", targets: ["casualty"]),
        .library(name: "CasualtyData", targets: ["CasualtyData"]),
        .library(name: "CasualtyModel", targets: ["CasualtyModel"]),
        .library(name: "CasualtyReport", targets: ["CasualtyReport"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // MARK: Public API targets

        /// Case files, claims, quantities, lexicon and validation.
        .target(
            name: "CasualtyData",
            dependencies: [
                .product(name: "Yams", package: "Yams")
            ]
        ),
        /// Estimators, inference and sensitivity analysis.
        .target(
            name: "CasualtyModel",
            dependencies: ["CasualtyData", "LinearAlgebra"]
        ),
        /// Pure renderers from results to bytes.
        .target(
            name: "CasualtyReport",
            dependencies: ["CasualtyModel"]
        ),
        /// The `casualty` command line: thin, parses flags and writes output.
        .executableTarget(
            name: "casualty",
            dependencies: [
                "CasualtyReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        /// How an app uses the libraries (built in CI so the example stays true).
        .executableTarget(
            name: "casualty-example",
            dependencies: ["CasualtyData", "CasualtyModel", "CasualtyReport"],
            path: "Examples/EstimateCase"
        ),

        // MARK: Implementation details

        /// Dense linear algebra over BLAS/LAPACK with typed errors.
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK"]),
        /// CBLAS and LAPACK (Fortran ABI) from Debian's libopenblas-dev / liblapack-dev.
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapack-dev", "pkg-config"])]
        ),

        // MARK: Tests

        /// Repository paths and tolerance helpers shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "CasualtyDataTests", dependencies: ["CasualtyData", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "CasualtyModelTests", dependencies: ["CasualtyModel", "LinearAlgebra", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "CasualtyReportTests", dependencies: ["CasualtyReport", "TestSupport"], exclude: ["Snapshots", "Fixtures"]),
        .testTarget(name: "CLITests", dependencies: ["casualty", "TestSupport"]),
    ]
)
