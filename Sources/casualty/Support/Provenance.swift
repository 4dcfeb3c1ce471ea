import CasualtyData
import CasualtyReport
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
    let dir = PathText.folder(of: path)
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

/// The command line as typed, shell-quoted where needed: one line that bash runs as typed.
func commandLine() -> String {
    (["casualty"] + CommandLine.arguments.dropFirst()).map(shellQuoted).joined(separator: " ")
}

/// `arg` for bash: as is when it holds only safe ASCII; in single quotes otherwise; in
/// ANSI-C quotes ($'...', every control or non-printing character as \xHH) when it holds a
/// line break, control or invisible format character, so the command stays on one line
/// and shows every character.
func shellQuoted(_ arg: String) -> String {
    let safe = "-_./:=+,@"
    if !arg.isEmpty
        && arg.unicodeScalars.allSatisfy({
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || safe.unicodeScalars.contains($0))
        })
    {
        return arg
    }
    guard arg.unicodeScalars.contains(where: isHiddenControl) else {
        return "'" + arg.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
    var out = "$'"
    for u in arg.unicodeScalars {
        switch u {
        case "\\": out += "\\\\"
        case "'": out += "\\'"
        default:
            if isHiddenControl(u) {
                out += Array(String(u).utf8).map { String(format: "\\x%02X", $0) }.joined()
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "'"
}
