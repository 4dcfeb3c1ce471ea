import Crypto
import Foundation

/// SHA-256 of a file, hex.
func sha256(of path: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}

/// The commit of the git repository holding `path`, if any (git not installed or not a
/// repository: nil).
func gitCommit(near path: String) -> String? {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let dir = (path as NSString).deletingLastPathComponent
    p.arguments = ["git", "-C", dir.isEmpty ? "." : dir, "rev-parse", "HEAD"]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return nil }
    let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    p.waitUntilExit()
    return p.terminationStatus == 0 && out.count == 40 ? out : nil
}

/// The command line as typed, shell-quoted where needed.
func commandLine() -> String {
    (["casualty"] + CommandLine.arguments.dropFirst()).map { arg in
        arg.allSatisfy({ $0.isLetter || $0.isNumber || "-_./:=+,@".contains($0) })
            ? arg : "'" + arg.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }.joined(separator: " ")
}
