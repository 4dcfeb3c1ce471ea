import ArgumentParser
import Foundation

/// Where output goes, one rule for every command: a path naming an existing directory (or
/// ending in "/") gets `defaultName` inside it; missing parent folders are created; a file
/// that cannot be created is exit 73 (EX_CANTCREAT) with the path and the reason.
func outputPath(_ path: String, defaultName: String) -> String {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
    if path.hasSuffix("/") || (exists && isDirectory.boolValue) {
        return (path as NSString).appendingPathComponent(defaultName)
    }
    return path
}

/// Writes `data` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file; creates missing parent folders. A failure is
/// reported on standard error and exits 73.
func writeAtomically(_ data: Data, to path: String) throws {
    let dir = (path as NSString).deletingLastPathComponent
    do {
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
        printError(
            "error: cannot write '\(path)': \(reason)\n    fix: choose a folder you can write to, e.g. --out /tmp/\((path as NSString).lastPathComponent)"
        )
        throw ExitCode(73)
    }
}
