import Foundation

/// An RFC 4180 record reader over bytes, read from a file descriptor in 1 MiB blocks so
/// memory stays bounded whatever the file's size.
///
/// Fields are separated by `delimiter` and records by LF, CRLF or a lone CR (mixed freely);
/// a field in double quotes may hold delimiters, line breaks and doubled quotes (`""` is one
/// `"`). Spaces (and tabs, unless the delimiter is a tab) around a field and outside its
/// quotes are trimmed. A quote inside an unquoted field is kept as written; text after a
/// closing quote is an error (read on, the field would swallow the lines after it). Each record knows the physical line it starts on, counting every line
/// break, quoted ones included, so diagnostics name the line an editor shows.
///
/// Written for speed (the claims reader was most of a batch run's time with a
/// scalar-at-a-time parser): one pass over the bytes, and a field whose bytes are ASCII
/// becomes a String without validation. Errors are values (`CSVScanner.Failure`): a quote
/// left open at the end of the input, text after a closing quote, bytes that are not
/// UTF-8, a field or record past the limits.
final class CSVScanner {
    /// Why a record could not be read, at the line its trouble starts.
    struct Failure: Error {
        /// The physical line.
        var line: Int
        /// What is wrong.
        var message: String
        /// How to mend it.
        var fix: String
    }

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let delimiter: UInt8
    private let trimTab: Bool
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var readFailure: String?
    /// The physical line the next record starts on.
    private(set) var line = 1

    /// The longest field read (`maxFieldBytes` unless a test asks for less).
    private let fieldLimit: Int

    /// Reads `descriptor` (closed at deinit when `owns`).
    init(descriptor: Int32, owns: Bool, delimiter: UInt8, fieldLimit: Int = CSVScanner.maxFieldBytes) {
        self.descriptor = descriptor
        ownsDescriptor = owns
        self.delimiter = delimiter
        self.fieldLimit = fieldLimit
        trimTab = delimiter != 0x09
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// Makes sure at least one unread byte is buffered, reading a block if needed; false at
    /// the end of the input.
    private func fill() -> Bool {
        if position < buffer.count { return true }
        guard !atEnd else { return false }
        var got = 0
        buffer = [UInt8](unsafeUninitializedCapacity: Self.blockSize) { raw, count in
            repeat { got = read(descriptor, raw.baseAddress, Self.blockSize) } while got < 0 && errno == EINTR
            count = max(0, got)
        }
        position = 0
        if got < 0 { readFailure = String(cString: strerror(errno)) }
        atEnd = got <= 0
        return !atEnd
    }

    /// Bytes read at a time.
    static let blockSize = 1 << 20

    /// Skips a UTF-8 byte-order mark at the start of the input.
    func skipByteOrderMark() {
        guard fill(), buffer.count - position >= 3 else { return }
        if buffer[position] == 0xEF && buffer[position + 1] == 0xBB && buffer[position + 2] == 0xBF { position += 3 }
    }

    /// The next byte without consuming it, or nil at the end.
    @inline(__always) private func peek() -> UInt8? { fill() ? buffer[position] : nil }

    /// Consumes one byte.
    @inline(__always) private func advance() { position += 1 }

    /// Consumes a line break starting with `byte` (already consumed): CRLF as one.
    private func endLine(_ byte: UInt8) {
        line += 1
        if byte == 0x0D, peek() == 0x0A { advance() }
    }

    private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (trimTab && b == 0x09) }

    /// The next record's fields and the line it starts on, or nil at the end of the input.
    /// A record of one empty field is a blank line (returned as `[""]`).
    func next() throws(Failure) -> (line: Int, fields: [String])? {
        guard peek() != nil else {
            if let readFailure { throw Failure(line: line, message: "cannot read on: \(readFailure)", fix: "check the file") }
            return nil
        }
        let start = line
        var fields: [String] = []
        var field: [UInt8] = []
        while true {
            field.removeAll(keepingCapacity: true)
            while let b = peek(), isSpace(b) { advance() }
            let ended: Bool
            if peek() == 0x22 {
                advance()
                ended = try quoted(into: &field, recordLine: start)
            } else {
                ended = try unquoted(into: &field, recordLine: start)
                while let last = field.last, isSpace(last) { field.removeLast() }
            }
            fields.append(try text(field, line: start))
            if ended { return (start, fields) }
            guard fields.count < Self.maxFields else {
                throw Failure(
                    line: start, message: "a record with more than \(Self.maxFields) fields",
                    fix: "check the delimiter (a .tsv name reads tabs) and the quotes")
            }
        }
    }

    /// The most fields in a record and bytes in a field: beyond them the file is not a table
    /// this tool reads (an unclosed quote swallowing the rest of the file, a binary file),
    /// and memory stays bounded.
    static let maxFields = 10_000
    static let maxFieldBytes = 16 << 20

    /// The error for a field past `maxFieldBytes`.
    private func tooLong(_ recordLine: Int) -> Failure {
        Failure(
            line: recordLine, message: "a field longer than \(fieldLimit) bytes",
            fix: "check for a quote that is never closed; a claims table's fields are short")
    }

    /// Reads an unquoted field up to a delimiter (false) or the end of the record (true).
    private func unquoted(into field: inout [UInt8], recordLine: Int) throws(Failure) -> Bool {
        while fill() {
            // Scan the buffered run without a per-byte fill check.
            let count = buffer.count
            var i = position
            while i < count {
                let b = buffer[i]
                if b == delimiter || b == 0x0A || b == 0x0D { break }
                i += 1
            }
            field.append(contentsOf: buffer[position..<i])
            position = i
            if field.count > fieldLimit { throw tooLong(recordLine) }
            guard i < count else { continue }
            let b = buffer[i]
            advance()
            if b == delimiter { return false }
            endLine(b)
            return true
        }
        return true
    }

    /// Reads a quoted field after its opening quote, then what follows the closing quote up
    /// to a delimiter (false) or the end of the record (true).
    private func quoted(into field: inout [UInt8], recordLine: Int) throws(Failure) -> Bool {
        while let b = peek() {
            advance()
            switch b {
            case 0x22:
                if peek() == 0x22 {
                    advance()
                    field.append(0x22)
                    continue
                }
                while let s = peek(), isSpace(s) { advance() }
                guard let after = peek() else { return true }
                advance()
                if after == delimiter { return false }
                if after == 0x0A || after == 0x0D {
                    endLine(after)
                    return true
                }
                // Text after the closing quote: the field's quotes are not what the writer meant.
                throw Failure(
                    line: line, message: "text after the closing quote of a quoted field",
                    fix: "quote the whole field and double every quote inside it (\"\")")
            case 0x0A, 0x0D:
                field.append(b)
                if b == 0x0D, peek() == 0x0A {
                    advance()
                    field.append(0x0A)
                }
                line += 1
            default:
                field.append(b)
            }
            if field.count > fieldLimit { throw tooLong(recordLine) }
        }
        throw Failure(
            line: recordLine, message: "a quoted field opened on this line is never closed",
            fix: "close the field's quote, and double any quote inside it (\"\")")
    }

    /// The field's bytes as text; bytes that are not UTF-8 are an error at the record's line.
    private func text(_ bytes: [UInt8], line: Int) throws(Failure) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw Failure(line: line, message: "the text is not UTF-8", fix: "save the file as UTF-8")
        }
        return s
    }
}
