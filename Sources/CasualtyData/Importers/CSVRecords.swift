import CSV
import Foundation

/// A CSV file read record by record with the physical line each record starts on (quoted
/// fields may span lines), its header names trimmed and a byte-order mark dropped.
final class CSVRecords {
    let path: String
    let header: [String]
    private let reader: CSVReader
    private var line = 1, spanned = 0

    init(path: String, delimiter: UnicodeScalar = ",") throws(DataError) {
        self.path = path
        let stream: InputStream?
        if path == "-" {
            stream = InputStream(fileAtPath: "/dev/stdin")
        } else {
            _ = try InputFile.check(path, limit: Int.max)
            stream = InputStream(fileAtPath: path)
        }
        guard let stream else { throw .missingFile(path: path, reason: "cannot be opened") }
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true, delimiter: delimiter)
        } catch {
            throw .invalid([
                Diagnostic(
                    SourceLocation(file: path, line: 1, column: 1), "cannot read the header: \(error)",
                    fix: "the first line names the columns")
            ])
        }
        header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"])) }
        spanned = header.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
    }

    /// The next record that is not blank and its first line, or nil at the end.
    func next() throws(DataError) -> (line: Int, fields: [String])? {
        while let row = reader.next() {
            line += 1 + spanned
            spanned = row.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
            if row.allSatisfy({ $0.isEmpty }) { continue }
            return (line, row)
        }
        if let e = reader.error, !"\(e)".contains("cannotReadFile") {
            throw .invalid([
                Diagnostic(
                    SourceLocation(file: path, line: line + 1, column: 1), "malformed CSV: \(e)",
                    fix: "check the quotes on this line")
            ])
        }
        return nil
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
