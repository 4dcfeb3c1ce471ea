import ArgumentParser
import CasualtyData
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

/// `--out` as a file: nil for none or `-` (standard output, as `-` is standard input).
func outputFile(_ out: String?) -> String? { out == "-" ? nil : out }

/// Writes `data` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file; creates missing parent folders. A failure is
/// reported on standard error and exits 73.
func writeAtomically(_ data: Data, to path: String) throws {
    let dir = PathText.folder(of: path)
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

/// Output written as it is produced, to standard output or to a temporary file beside `out`
/// that `finish()` renames over it (so a reader never sees half a file, and `discard()`
/// leaves nothing); a file that cannot be created is exit 73. Writes are gathered in a
/// buffer of `bufferSize` bytes (a batch writes once per event: a system call each cost more
/// than its rows), flushed when full and by `finish()`.
final class AtomicOutput {
    let handle: FileHandle
    let temporary: String?
    let final: String?
    private var buffer: [UInt8] = []
    static let bufferSize = 1 << 20

    init(_ out: String?, defaultName: String) throws {
        guard let out = outputFile(out) else {
            handle = FileHandle.standardOutput
            temporary = nil
            final = nil
            return
        }
        let path = outputPath(out, defaultName: defaultName)
        let dir = PathText.folder(of: path)
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).partial"
        do {
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: tmp, contents: nil) else { throw CocoaError(.fileWriteNoPermission) }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
        } catch {
            printError("error: cannot write '\(path)': \(error.localizedDescription)\n    fix: choose a folder you can write to")
            throw ExitCode(73)
        }
        temporary = tmp
        final = path
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.bufferSize { flush() }
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        flush()
        guard let temporary, let final else { return }
        try handle.close()
        if rename(temporary, final) != 0 {
            printError("error: cannot write '\(final)': \(String(cString: strerror(errno)))")
            throw ExitCode(73)
        }
    }

    func discard() {
        buffer = []
        guard let temporary else { return }
        try? handle.close()
        unlink(temporary)
    }
}
