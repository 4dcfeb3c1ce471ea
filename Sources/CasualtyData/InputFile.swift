import Foundation

/// The one rule every input path passes before it is read: it must be a regular file (a
/// device such as /dev/zero, a FIFO or a directory would be read forever or not at all) no
/// larger than the reader's limit. Errors are `missingFile` with the reason.
enum InputFile {
    /// Checks `path` and returns its size in bytes.
    static func check(_ path: String, limit: Int) throws(DataError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .missingFile(path: path, reason: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw .missingFile(path: path, reason: "it is a directory, not a file") }
        guard type == S_IFREG else {
            throw .missingFile(path: path, reason: "it is not a regular file (a device, pipe or socket); save the data to a file")
        }
        guard access(path, R_OK) == 0 else { throw .missingFile(path: path, reason: "not readable (permission denied)") }
        let size = Int(info.st_size)
        guard size <= limit else {
            throw .invalid([
                Diagnostic(
                    SourceLocation(file: path, line: 1, column: 1),
                    "file is \(size) bytes, more than the \(limit >> 20) MiB accepted",
                    fix: "split the data into several files")
            ])
        }
        return size
    }
}
