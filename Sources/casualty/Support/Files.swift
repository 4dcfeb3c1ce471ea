import Foundation

/// Writes `data` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file.
func writeAtomically(_ data: Data, to path: String) throws {
    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
}
