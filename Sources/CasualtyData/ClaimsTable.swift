import Foundation

/// The claims table: many events in one long CSV (or TSV) file, one row per claim, the batch
/// format of `casualty batch` and what `casualty import` writes (README, "The claims table";
/// `schemas/claims-table.md`).
///
/// Required columns: `event`, `source`, `what`, `who` (the quantity syntax: `killed+wounded`,
/// `g1+g2`), `claim` (the case-file claim grammar). Optional: `reliability` (default 1),
/// `source_side` (default `neutral`), `who_side` (the side of the counted groups; default
/// `unknown`, so no partisan bias), `source_kind`, `who_kind`, `basis`, `document`, `date`,
/// `quote`, `derives_from` (source names separated by `;`). Any other column is carried
/// through to the output, taken from the event's first row. An event's rows must be
/// contiguous, so that the file can be read one event at a time in bounded memory.
public enum ClaimsTable {
    /// The columns every claims table has.
    public static let required = ["event", "source", "what", "who", "claim"]
    /// The columns with a meaning of their own when present.
    public static let optional = [
        "reliability", "source_side", "who_side", "source_kind", "who_kind", "basis", "document", "date", "quote",
        "derives_from",
    ]

    /// The shard (0 to `count` - 1) of event `id`: FNV-1a (64-bit) of its UTF-8 bytes modulo
    /// `count`, the same on every machine and run, so `batch --shard K/N` splits a table
    /// among N workers with each event in exactly one shard.
    public static func shard(of id: String, count: Int) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return Int(h % UInt64(max(1, count)))
    }

    /// The known columns, in `required + optional` order.
    enum Column: Int, CaseIterable, Sendable {
        case event, source, what, who, claim
        case reliability, sourceSide, whoSide, sourceKind, whoKind, basis, document, date, quote, derivesFrom

        /// The column's name in the header.
        var name: String { (ClaimsTable.required + ClaimsTable.optional)[rawValue] }
    }

    /// One row of an event: its line and the values of the known columns (nil for a column
    /// the table does not have).
    struct Row: Sendable {
        var line: Int
        var values: [String?]

        subscript(_ column: Column) -> String? { values[column.rawValue] }
    }

    /// One event: its id, the line of its first row, its rows and the carried columns.
    public struct Event: Sendable {
        /// The event id as written.
        public var id: String
        /// Line of the event's first row.
        public var line: Int
        /// The values of the carried (unknown) columns in the event's first row.
        public var extras: [String]
        /// The rows, with the values of the known columns.
        var rows: [Row]
        /// Problems found in reading the event (an empty id, rows not contiguous with the
        /// event's earlier rows); `makeCase` reports them with the event's own.
        public var problems: [Diagnostic] = []
    }

    /// Reads a claims table one event at a time.
    public final class Reader {
        /// The file as named in diagnostics (`-` is standard input).
        public let path: String
        /// The carried columns, in file order.
        public let extraColumns: [String]
        let records: CSVRecords
        let extraIndices: [Int]
        /// Each known column's position in the file (`Column` order), nil when absent.
        let knownIndices: [Int?]
        /// The event column's position (the column is required, so present).
        let eventIndex: Int
        var pending: (line: Int, row: [String])?
        var seen: [String: Int] = [:]

        /// Opens `path` (`-`: standard input; a `.tsv` name: tab-separated) and reads the header.
        public init(path: String) throws(DataError) {
            self.path = path
            records = try CSVRecords(path: path, delimiter: path.lowercased().hasSuffix(".tsv") ? "\t" : ",")
            let header = records.header.map { $0.lowercased() }
            let missing = ClaimsTable.required.filter { !header.contains($0) }
            guard missing.isEmpty else {
                throw .invalid([
                    Self.problem(
                        path, 1, 1, "no column \(missing.map { "'\($0)'" }.joined(separator: ", ")) in the header",
                        fix: "a claims table has the columns event,source,what,who,claim (see schemas/claims-table.md)")
                ])
            }
            if let twice = Self.repeatedColumn(header) {
                throw .invalid([
                    Self.problem(
                        path, 1, twice.second + 1,
                        "column '\(header[twice.second])' appears twice (columns \(twice.first + 1) and \(twice.second + 1))",
                        fix: "rename or remove one of them, so that each value has one meaning")
                ])
            }
            let names = ClaimsTable.required + ClaimsTable.optional
            extraIndices = header.indices.filter { !names.contains(header[$0]) }
            knownIndices = names.map { n in header.firstIndex(of: n) }
            eventIndex = knownIndices[Column.event.rawValue] ?? 0
            extraColumns = extraIndices.map { header[$0] }
        }

        /// The first column name (lower-cased) that the header repeats: the positions of its
        /// first and second appearance; nil when every non-empty name is unique.
        static func repeatedColumn(_ header: [String]) -> (first: Int, second: Int)? {
            var firstAt: [String: Int] = [:]
            for (i, name) in header.enumerated() where !name.isEmpty {
                if let j = firstAt[name] { return (j, i) }
                firstAt[name] = i
            }
            return nil
        }

        /// A problem when `row` has a non-empty field past the header's last column (an
        /// unquoted delimiter inside a value shifts the row, and the value past the header
        /// would be lost); empty trailing fields (a comma at each line's end) are harmless.
        func overflow(_ row: [String], line: Int) -> Diagnostic? {
            guard records.overflows(row) else { return nil }
            let width = records.header.count
            return Self.problem(
                path, line, width + 1, "this row has \(row.count) fields but the header has \(width)",
                fix: "quote a value that holds the delimiter (\"a, b\"), or add the column's name to the header")
        }

        /// Each known column's 1-based position in the file (for diagnostics).
        public var columnPositions: [String: Int] {
            var out: [String: Int] = [:]
            for c in Column.allCases { if let i = knownIndices[c.rawValue] { out[c.name] = i + 1 } }
            return out
        }

        static func problem(_ path: String, _ line: Int, _ column: Int, _ message: String, fix: String) -> Diagnostic {
            Diagnostic(SourceLocation(file: path, line: line, column: column), message, fix: fix)
        }

        /// The next row that is not blank, with its line.
        func nextRow() throws(DataError) -> (line: Int, row: [String])? {
            if let p = pending {
                pending = nil
                return p
            }
            return try records.next().map { ($0.line, $0.fields) }
        }

        /// The next event, or nil at the end of the file. An event whose rows are not
        /// contiguous is a problem of the event naming both places (`Event.problems`);
        /// reading goes on.
        public func nextEvent() throws(DataError) -> Event? {
            guard let first = try nextRow() else { return nil }
            let id = eventID(first.row)
            let column = eventIndex + 1
            var problems: [Diagnostic] = []
            if id.isEmpty {
                problems.append(Self.problem(path, first.line, column, "the event is empty", fix: "give every row its event id"))
            } else if let earlier = seen[id] {
                problems.append(
                    Self.problem(
                        path, first.line, column, "event '\(id)' appears again (first at line \(earlier))",
                        fix: "keep each event's rows together: sort the file by the event column"))
            } else {
                seen[id] = first.line
            }
            var event = Event(
                id: id, line: first.line, extras: extraIndices.map { $0 < first.row.count ? first.row[$0] : "" }, rows: [],
                problems: problems)
            var current: (line: Int, row: [String])? = first
            while let r = current {
                guard eventID(r.row) == id else {
                    pending = r
                    break
                }
                if let problem = overflow(r.row, line: r.line) { event.problems.append(problem) }
                event.rows.append(
                    Row(line: r.line, values: knownIndices.map { i in i.map { $0 < r.row.count ? r.row[$0] : "" } }))
                current = try nextRow()
            }
            return event
        }

        /// The event id of `row`.
        func eventID(_ row: [String]) -> String { eventIndex < row.count ? row[eventIndex] : "" }
    }
}

extension ClaimsTable {
    /// The number of line breaks in the regular file at `path` (nil for standard input, a
    /// pipe or an unreadable file): the denominator of a batch's progress, counted by `memchr`
    /// over the memory-mapped file (about 0.3 s per GB). A quoted field spanning lines counts
    /// each of its lines, so the fraction done is an estimate.
    public static func lineCount(path: String) -> Int? {
        guard path != "-", (try? InputFile.check(path, limit: Int.max)) != nil,
            let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        else { return nil }
        return data.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            var count = 0, at = 0
            while at < raw.count, let p = memchr(base + at, 0x0A, raw.count - at) {
                count += 1
                at = base.distance(to: UnsafeRawPointer(p)) + 1
            }
            return count
        }
    }
}
