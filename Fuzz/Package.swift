// swift-tools-version:6.0
//
// libFuzzer targets for the casualty tool (`make fuzz` from the repository root), in a
// package of their own so that ordinary builds never see them. Each target's main hands its
// callback to libFuzzer's driver (LLVMFuzzerRunDriver); -sanitize=fuzzer links libFuzzer.
import Foundation
import PackageDescription

// A path dependency is named after its directory, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let tool = root.lastPathComponent.lowercased()

let package = Package(
    name: "casualty-fuzz",
    dependencies: [.package(path: "..")],
    targets: [.target(name: "CFuzzer", path: "CFuzzer")]
        + ["ClaimFuzz", "CaseFuzz", "TableFuzz", "ExtractFuzz", "SourcesFuzz"].map { name in
            .executableTarget(
                name: name, dependencies: ["CFuzzer", .product(name: "CasualtyData", package: tool)], path: name)
        }
)
