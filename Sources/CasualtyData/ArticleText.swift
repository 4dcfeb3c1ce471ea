import Foundation

/// The text of an article file as it comes: UTF-8 (with or without a byte-order mark),
/// UTF-16 with its byte-order mark (what Windows' Notepad and Word's "Unicode text" save),
/// or legacy single-byte text that is not valid UTF-8, read as Windows-1252 (which
/// contains Latin-1). A file with NUL bytes, or a PDF, is no text: reading it as one would
/// give no figures and no sign why.
///
/// `casualty extract` and the quote check read documents this way, so that a quote drafted
/// from a file is found in it again. A byte-order mark stays in the text as U+FEFF, one
/// Unicode scalar, whichever encoding it marks: offsets count it alike.
public enum ArticleText {
    /// Why bytes are not article text.
    public enum Refusal: Error, Equatable, Sendable {
        /// A PDF, whose text must be extracted first.
        case pdf
        /// Binary data (NUL bytes outside a UTF-16 text).
        case binary
    }

    /// The text of `data`, or why it is none.
    public static func decode(_ data: Data) -> Result<String, Refusal> {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let (high, low) = bytes[0] == 0xFE ? (0, 1) : (1, 0)
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            for i in stride(from: 0, to: bytes.count - 1, by: 2) {
                units.append(UInt16(bytes[i + high]) << 8 | UInt16(bytes[i + low]))
            }
            return .success(String(decoding: units, as: UTF16.self))
        }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .failure(.pdf) }
        if bytes.contains(0) { return .failure(.binary) }
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        return .success(String(data: data, encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self))
    }

    /// The text of `data` read from `path`, or an error at the file naming the fix.
    public static func decode(_ data: Data, path: String) throws(DataError) -> String {
        switch decode(data) {
        case .success(let text): return text
        case .failure(let refusal):
            let (message, fix) =
                refusal == .pdf
                ? ("the file is a PDF, not text", "extract its text first, e.g. pdftotext -layout '\(path)' article.txt")
                : ("the file is not text (it holds NUL bytes)", "give the article as a text file (UTF-8, UTF-16 or Latin-1)")
            throw .invalid([Diagnostic(SourceLocation(file: path, line: 1, column: 1), message, fix: fix)])
        }
    }
}
