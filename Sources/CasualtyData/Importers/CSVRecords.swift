import Foundation

/// A CSV file read record by record with the physical line each record starts on (quoted
/// fields may span lines), its header names trimmed and a byte-order mark dropped; blank
/// lines are skipped. Parsing is `CSVScanner`'s.
final class CSVRecords {
    let path: String
    let header: [String]
    private let scanner: CSVScanner

    init(path: String, delimiter: UnicodeScalar = ",") throws(DataError) {
        self.path = path
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            _ = try InputFile.check(path, limit: Int.max)
            descriptor = open(path, O_RDONLY)
        }
        guard descriptor >= 0 else { throw .missingFile(path: path, reason: "cannot be opened") }
        scanner = CSVScanner(descriptor: descriptor, owns: path != "-", delimiter: UInt8(truncatingIfNeeded: delimiter.value))
        scanner.skipByteOrderMark()
        var first: [String] = []
        do {
            first = try scanner.next()?.fields ?? []
        } catch {
            throw Self.malformed(path, error)
        }
        header = first.map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"])) }
    }

    static func malformed(_ path: String, _ failure: CSVScanner.Failure) -> DataError {
        .invalid([Diagnostic(SourceLocation(file: path, line: failure.line, column: 1), failure.message, fix: failure.fix)])
    }

    /// The next record that is not blank and its first line, or nil at the end.
    func next() throws(DataError) -> (line: Int, fields: [String])? {
        do {
            while let record = try scanner.next() {
                if record.fields.allSatisfy({ $0.isEmpty }) { continue }
                return record
            }
            return nil
        } catch {
            throw Self.malformed(path, error)
        }
    }

    /// Why a record with `fields` does not fit the header, or nil when it does: fewer fields
    /// than the header, or a non-empty one past it (an unquoted delimiter inside a value shifts
    /// every value after it, so the row is rejected rather than read askew); empty fields past
    /// the header (a delimiter at each line's end) are harmless.
    func misfit(_ fields: [String]) -> String? {
        guard fields.count < header.count || overflows(fields) else { return nil }
        return "the row has \(fields.count) fields but the header has \(header.count) (quote a value that holds the delimiter)"
    }

    /// Whether a record has a non-empty field past the header's last column.
    func overflows(_ fields: [String]) -> Bool {
        fields.count > header.count && fields[header.count...].contains { !$0.isEmpty }
    }

    /// The positions of `names` in the header; a missing one is an error naming them all.
    func columns(_ names: [String], what: String) throws(DataError) -> [String: Int] {
        let missing = names.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw .invalid([
                Diagnostic(
                    SourceLocation(file: path, line: 1, column: 1),
                    "no column \(missing.map { "'\($0)'" }.joined(separator: ", ")) in the header",
                    fix: "this importer reads \(what) with its documented column names")
            ])
        }
        return Dictionary(uniqueKeysWithValues: names.map { n in (n, header.firstIndex(of: n)!) })
    }
}
