import Foundation

/// A table of effect sizes for stand-alone meta-analysis: a CSV file with a header row that
/// has (at least) the columns `yi` and `vi` (metafor's names); other columns are ignored.
///
/// A file without double quotes is read whole into memory and scanned once at the byte
/// level; a file with quotes is read record by record by CSV.swift's streaming parser.
/// Line numbers in errors count one line per record (a quoted cell spanning lines shifts
/// them). At most 20 problems are listed.
public struct EffectSizeTable: Sendable {
    /// Effect estimates.
    public var yi: [Double]
    /// Sampling variances.
    public var vi: [Double]
    /// The 1-based line of each row.
    public var lines: [Int]
    /// The value of the grouping column of each row (empty without one).
    public var groups: [String] = []

    /// Largest table accepted, in bytes (8 GiB: batch files of tens of millions of rows).
    static let maxFileBytes = 8 << 30

    /// Reads `path`; a missing file is `missingFile`, bad content `invalid` with file:line:column.
    /// With `groupColumn`, each row also records that column's value (events of a batch).
    ///
    /// A file without any double quote is read by a byte-level fast path (one pass, `strtod`),
    /// which is what makes batch files of millions of rows quick to read; any file with quotes
    /// goes through the full CSV reader (`CSVRecords`).
    public static func load(path: String, groupColumn: String? = nil) throws(DataError) -> EffectSizeTable {
        _ = try InputFile.check(path, limit: maxFileBytes)
        if let data = FileManager.default.contents(atPath: path), !data.contains(UInt8(ascii: "\"")) {
            return try fastLoad(data, path: path, groupColumn: groupColumn)
        }
        let records = try CSVRecords(path: path)
        guard !records.header.isEmpty else { throw .invalid([TableColumns.empty(path)]) }
        var sink = RowSink(path: path, columns: try TableColumns(records.header, groupColumn: groupColumn, path: path))
        while !sink.full, let row = try records.next() {
            let fields = row.fields
            sink.add(line: row.line, fields: fields.count, text: { fields[$0] }, number: { Double(fields[$0]) })
        }
        return try sink.finish()
    }

    /// The quote-free fast path of `load`: same checks and messages.
    static func fastLoad(_ data: Data, path: String, groupColumn: String?) throws(DataError) -> EffectSizeTable {
        let result = data.withUnsafeBytes { raw -> Result<EffectSizeTable, DataError> in
            var csv = ByteCSV(raw.bindMemory(to: UInt8.self))
            guard csv.nextLine() else { return .failure(.invalid([TableColumns.empty(path)])) }
            let names = (0..<csv.fieldCount).map { csv.text($0) }
            let columns = Result { () throws(DataError) in try TableColumns(names, groupColumn: groupColumn, path: path) }
            guard case .success(let c) = columns else { return columns.map { _ in EffectSizeTable(yi: [], vi: [], lines: []) } }
            var sink = RowSink(path: path, columns: c)
            while !sink.full && csv.nextLine() {
                if csv.isBlank { continue }  // spaces, tabs and commas only, as the full parser skips
                sink.add(line: csv.line, fields: csv.fieldCount, text: { csv.text($0) }, number: { csv.double($0) })
            }
            return Result { () throws(DataError) in try sink.finish() }
        }
        return try result.get()
    }
}

/// The positions of `yi`, `vi` and the optional group column in a header.
struct TableColumns {
    var yi: Int
    var vi: Int
    var group: Int?
    var groupName: String?

    init(_ header: [String], groupColumn: String?, path: String) throws(DataError) {
        // A byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name.
        let names = header.map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"])).lowercased() }
        guard let iy = names.firstIndex(of: "yi"), let iv = names.firstIndex(of: "vi") else {
            let missing = ["yi", "vi"].filter { !names.contains($0) }
            throw .invalid([
                Self.problem(
                    path, 1, 1, "no column \(missing.map { "'\($0)'" }.joined(separator: " or ")) in the header",
                    fix: "name the effect column yi and its sampling variance vi (metafor's names)")
            ])
        }
        yi = iy
        vi = iv
        groupName = groupColumn
        if let g = groupColumn {
            guard let i = names.firstIndex(of: g.lowercased()) else {
                throw .invalid([
                    Self.problem(
                        path, 1, 1, "no column '\(g)' in the header",
                        fix: "name the column that identifies each event, e.g. --by event")
                ])
            }
            group = i
        }
    }

    static func problem(_ path: String, _ line: Int, _ column: Int, _ message: String, fix: String) -> Diagnostic {
        Diagnostic(SourceLocation(file: path, line: line, column: column), message, fix: fix)
    }

    static func empty(_ path: String) -> Diagnostic {
        problem(path, 1, 1, "the file is empty", fix: "the first line must name the columns, e.g. yi,vi")
    }
}

/// Checks each row (enough fields, finite numbers, positive variance) and collects the
/// table or the problems; shared by both readers so they agree.
struct RowSink {
    let path: String
    let columns: TableColumns
    var table = EffectSizeTable(yi: [], vi: [], lines: [])
    var problems: [Diagnostic] = []

    /// The effects accepted: |yi| up to 1e6 (the weighted sums of squares then stay far from
    /// overflow).
    static let effects = -1e6...1e6
    /// The sampling variances accepted: 1e-10 to 1e10 (weights 1 / vi must stay finite and
    /// their sums exact enough for Q and tau^2; 1e-320 made every weight infinite).
    static let variances = 1e-10...1e10

    /// At most 20 problems are collected.
    var full: Bool { problems.count >= 20 }

    mutating func problem(_ line: Int, _ column: Int, _ message: String, fix: String) {
        problems.append(TableColumns.problem(path, line, column, message, fix: fix))
    }

    /// One row with `fields` fields, read through `text` and `number` (nil: not a finite number).
    mutating func add(line: Int, fields: Int, text: (Int) -> String, number: (Int) -> Double?) {
        let c = columns
        guard max(c.yi, c.vi, c.group ?? 0) < fields else {
            return problem(
                line, fields + 1, "row has \(fields) fields, the header more", fix: "give every row as many fields as the header")
        }
        guard let y = number(c.yi), y.isFinite else {
            return problem(line, c.yi + 1, "'yi' is '\(text(c.yi))', not a finite number", fix: "write a number such as 0.25")
        }
        guard let v = number(c.vi), v.isFinite else {
            return problem(line, c.vi + 1, "'vi' is '\(text(c.vi))', not a finite number", fix: "write a number such as 0.25")
        }
        guard v > 0 else {
            return problem(line, c.vi + 1, "'vi' is \(v); a sampling variance must be positive", fix: "check the row")
        }
        guard Self.effects.contains(y) else {
            return problem(
                line, c.yi + 1, "'yi' is \(y), outside -1e6 to 1e6",
                fix: "effects are on a log or standardised scale, small numbers: check the units")
        }
        guard Self.variances.contains(v) else {
            return problem(
                line, c.vi + 1, "'vi' is \(v), outside 1e-10 to 1e10",
                fix: "a sampling variance this small or large is a data error (a standard error squared, on the effects' scale)")
        }
        if let g = c.group { table.groups.append(text(g)) }
        table.yi.append(y)
        table.vi.append(v)
        table.lines.append(line)
    }

    func finish() throws(DataError) -> EffectSizeTable {
        if !problems.isEmpty { throw .invalid(problems) }
        if table.yi.isEmpty {
            throw .invalid([TableColumns.problem(path, 2, 1, "the table has no rows", fix: "add one row per estimate")])
        }
        return table
    }
}

/// A byte-level scanner of quote-free CSV: one line at a time, field boundaries in arrays
/// reused from line to line, numbers by `strtod` without allocating.
struct ByteCSV {
    let bytes: UnsafeBufferPointer<UInt8>
    private var next = 0
    private(set) var line = 0
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var number = [CChar](repeating: 0, count: 128)

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        starts.reserveCapacity(16)
        ends.reserveCapacity(16)
    }

    var fieldCount: Int { starts.count }

    /// Moves to the next line (LF or CRLF); false at the end of the data.
    mutating func nextLine() -> Bool {
        guard next < bytes.count else { return false }
        line += 1
        var end = next
        while end < bytes.count && bytes[end] != 10 { end += 1 }
        var lineEnd = end
        if lineEnd > next && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        starts.append(next)
        for j in next..<lineEnd where bytes[j] == 44 {
            ends.append(j)
            starts.append(j + 1)
        }
        ends.append(lineEnd)
        next = end + 1
        return true
    }

    /// Whether the line holds only spaces, tabs and commas.
    var isBlank: Bool {
        guard let a = starts.first, let b = ends.last else { return true }
        return (a..<b).allSatisfy { bytes[$0] == 32 || bytes[$0] == 9 || bytes[$0] == 44 }
    }

    /// Field `i` without surrounding blanks.
    private func trimmed(_ i: Int) -> Range<Int> {
        var a = starts[i], b = ends[i]
        while a < b && (bytes[a] == 32 || bytes[a] == 9) { a += 1 }
        while b > a && (bytes[b - 1] == 32 || bytes[b - 1] == 9) { b -= 1 }
        return a..<b
    }

    /// Field `i` as text.
    func text(_ i: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[trimmed(i)]), as: UTF8.self)
    }

    /// Field `i` as a finite number, or nil.
    mutating func double(_ i: Int) -> Double? {
        let r = trimmed(i)
        guard !r.isEmpty && r.count < 127 else { return nil }
        let bytes = self.bytes
        return number.withUnsafeMutableBufferPointer { buf -> Double? in
            for j in 0..<r.count { buf[j] = CChar(bitPattern: bytes[r.lowerBound + j]) }
            buf[r.count] = 0
            var endPtr: UnsafeMutablePointer<CChar>? = nil
            let d = strtod(buf.baseAddress!, &endPtr)
            guard endPtr == buf.baseAddress! + r.count, d.isFinite else { return nil }
            return d
        }
    }
}
