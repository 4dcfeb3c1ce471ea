import CSV
import Foundation

/// A table of effect sizes for stand-alone meta-analysis: a CSV file with a header row that
/// has (at least) the columns `yi` and `vi` (metafor's names); other columns are ignored.
///
/// Read with a streaming CSV parser, so a file of millions of rows is not loaded whole. Line
/// numbers in errors count one line per record (a quoted cell spanning lines shifts them).
public struct EffectSizeTable: Sendable {
    /// Effect estimates.
    public var yi: [Double]
    /// Sampling variances.
    public var vi: [Double]
    /// The 1-based line of each row.
    public var lines: [Int]
    /// The value of the grouping column of each row (empty without one).
    public var groups: [String] = []

    /// Reads `path`; a missing file is `missingFile`, bad content `invalid` with file:line:column.
    /// With `groupColumn`, each row also records that column's value (events of a batch).
    ///
    /// A file without any double quote is read by a byte-level fast path (one pass, `strtod`),
    /// which is what makes batch files of millions of rows quick to read; any file with quotes
    /// goes through the full CSV parser.
    public static func load(path: String, groupColumn: String? = nil) throws(DataError) -> EffectSizeTable {
        if let data = FileManager.default.contents(atPath: path), !data.contains(UInt8(ascii: "\"")) {
            return try fastLoad(data, path: path, groupColumn: groupColumn)
        }
        guard FileManager.default.isReadableFile(atPath: path), let stream = InputStream(fileAtPath: path) else {
            throw .missingFile(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")
        }
        func at(_ line: Int, _ column: Int, _ message: String, fix: String? = nil) -> DataError {
            .invalid([Diagnostic(SourceLocation(file: path, line: line, column: column), message, fix: fix)])
        }
        let reader: CSVReader
        do { reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true) } catch {
            throw at(1, 1, "cannot read the CSV header: \(error)", fix: "the first line must name the columns, e.g. yi,vi")
        }
        guard let header = reader.headerRow, !header.isEmpty else {
            throw at(1, 1, "the file is empty", fix: "the first line must name the columns, e.g. yi,vi")
        }
        let names = header.map { $0.lowercased() }
        guard let iy = names.firstIndex(of: "yi"), let iv = names.firstIndex(of: "vi") else {
            let missing = ["yi", "vi"].filter { !names.contains($0) }
            throw at(1, 1, "no column \(missing.map { "'\($0)'" }.joined(separator: " or ")) in the header",
                     fix: "name the effect column yi and its sampling variance vi (metafor's names)")
        }
        var ig: Int? = nil
        if let g = groupColumn {
            guard let i = names.firstIndex(of: g.lowercased()) else {
                throw at(1, 1, "no column '\(g)' in the header", fix: "name the column that identifies each event, e.g. --by event")
            }
            ig = i
        }
        var table = EffectSizeTable(yi: [], vi: [], lines: [])
        var line = 1
        var problems: [Diagnostic] = []
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.isEmpty }) { continue }
            func value(_ i: Int, _ name: String) -> Double? {
                guard i < row.count else {
                    problems.append(Diagnostic(SourceLocation(file: path, line: line, column: i + 1),
                                               "row has \(row.count) fields, no '\(name)'", fix: "give every row as many fields as the header"))
                    return nil
                }
                guard let d = Double(row[i]), d.isFinite else {
                    problems.append(Diagnostic(SourceLocation(file: path, line: line, column: i + 1),
                                               "'\(name)' is '\(row[i])', not a finite number", fix: "write a number such as 0.25"))
                    return nil
                }
                return d
            }
            guard let y = value(iy, "yi"), let v = value(iv, "vi") else {
                if problems.count >= 20 { break }
                continue
            }
            if v <= 0 {
                problems.append(Diagnostic(SourceLocation(file: path, line: line, column: iv + 1),
                                           "'vi' is \(v); a sampling variance must be positive", fix: "check the row"))
                continue
            }
            if let ig {
                guard ig < row.count else {
                    problems.append(Diagnostic(SourceLocation(file: path, line: line, column: ig + 1),
                                               "row has no '\(groupColumn ?? "")' field", fix: "give every row as many fields as the header"))
                    continue
                }
                table.groups.append(row[ig])
            }
            table.yi.append(y); table.vi.append(v); table.lines.append(line)
        }
        // swift-corelibs-foundation's InputStream answers a read at end of file with -1, which
        // CSV.swift reports as cannotReadFile: at end of stream that is not an error.
        if let e = reader.error, !(stream.streamStatus == .atEnd && "\(e)" == "cannotReadFile") {
            problems.append(Diagnostic(SourceLocation(file: path, line: line + 1, column: 1), "malformed CSV: \(e)",
                                       fix: "check quotes on this line"))
        }
        if !problems.isEmpty { throw .invalid(problems) }
        if table.yi.isEmpty { throw at(2, 1, "the table has no rows", fix: "add one row per estimate") }
        return table
    }

    /// The quote-free fast path of `load`: same checks and messages.
    static func fastLoad(_ data: Data, path: String, groupColumn: String?) throws(DataError) -> EffectSizeTable {
        func at(_ line: Int, _ column: Int, _ message: String, fix: String? = nil) -> Diagnostic {
            Diagnostic(SourceLocation(file: path, line: line, column: column), message, fix: fix)
        }
        var table = EffectSizeTable(yi: [], vi: [], lines: [])
        var problems: [Diagnostic] = []
        var headerError: Diagnostic?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            var pos = 0, line = 0
            var iy = -1, iv = -1, ig = -1
            var number = [CChar](repeating: 0, count: 128)
            var starts: [Int] = [], ends: [Int] = []
            starts.reserveCapacity(16); ends.reserveCapacity(16)
            /// The field's text without surrounding blanks.
            func text(_ a0: Int, _ b0: Int) -> String {
                var a = a0, b = b0
                while a < b && (bytes[a] == 32 || bytes[a] == 9) { a += 1 }
                while b > a && (bytes[b - 1] == 32 || bytes[b - 1] == 9) { b -= 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[a..<b]), as: UTF8.self)
            }
            func parseDouble(_ start: Int, _ end: Int) -> Double? {
                var a = start, b = end
                while a < b && (bytes[a] == 32 || bytes[a] == 9) { a += 1 }
                while b > a && (bytes[b - 1] == 32 || bytes[b - 1] == 9) { b -= 1 }
                let len = b - a
                guard len > 0 && len < 127 else { return nil }
                return number.withUnsafeMutableBufferPointer { buf -> Double? in
                    for j in 0..<len { buf[j] = CChar(bitPattern: bytes[a + j]) }
                    buf[len] = 0
                    var endPtr: UnsafeMutablePointer<CChar>? = nil
                    let d = strtod(buf.baseAddress!, &endPtr)
                    guard endPtr == buf.baseAddress! + len, d.isFinite else { return nil }
                    return d
                }
            }
            while pos < n {
                line += 1
                var end = pos
                while end < n && bytes[end] != 10 { end += 1 }
                var lineEnd = end
                if lineEnd > pos && bytes[lineEnd - 1] == 13 { lineEnd -= 1 }
                // Field boundaries (arrays reused from line to line).
                starts.removeAll(keepingCapacity: true); ends.removeAll(keepingCapacity: true)
                starts.append(pos)
                var j = pos
                while j < lineEnd { if bytes[j] == 44 { ends.append(j); starts.append(j + 1) }; j += 1 }
                ends.append(lineEnd)
                defer { pos = end + 1 }
                if line == 1 {
                    let names = zip(starts, ends).map { text($0, $1).lowercased() }
                    iy = names.firstIndex(of: "yi") ?? -1
                    iv = names.firstIndex(of: "vi") ?? -1
                    if iy < 0 || iv < 0 {
                        let missing = ["yi", "vi"].filter { !names.contains($0) }
                        headerError = at(1, 1, "no column \(missing.map { "'\($0)'" }.joined(separator: " or ")) in the header",
                                         fix: "name the effect column yi and its sampling variance vi (metafor's names)")
                        return
                    }
                    if let g = groupColumn {
                        ig = names.firstIndex(of: g.lowercased()) ?? -1
                        if ig < 0 {
                            headerError = at(1, 1, "no column '\(g)' in the header",
                                             fix: "name the column that identifies each event, e.g. --by event")
                            return
                        }
                    }
                    continue
                }
                // Blank lines (spaces, tabs, commas only) are skipped, as by the full parser.
                var blank = true
                for b in pos..<lineEnd where bytes[b] != 32 && bytes[b] != 9 && bytes[b] != 44 { blank = false; break }
                if blank { continue }
                let need = max(iy, iv, ig)
                guard need < starts.count else {
                    problems.append(at(line, starts.count + 1, "row has \(starts.count) fields, the header more",
                                       fix: "give every row as many fields as the header"))
                    if problems.count >= 20 { return }
                    continue
                }
                guard let y = parseDouble(starts[iy], ends[iy]) else {
                    problems.append(at(line, iy + 1, "'yi' is '\(text(starts[iy], ends[iy]))', not a finite number",
                                       fix: "write a number such as 0.25"))
                    if problems.count >= 20 { return }
                    continue
                }
                guard let v = parseDouble(starts[iv], ends[iv]) else {
                    problems.append(at(line, iv + 1, "'vi' is '\(text(starts[iv], ends[iv]))', not a finite number",
                                       fix: "write a number such as 0.25"))
                    if problems.count >= 20 { return }
                    continue
                }
                if v <= 0 {
                    problems.append(at(line, iv + 1, "'vi' is \(v); a sampling variance must be positive", fix: "check the row"))
                    if problems.count >= 20 { return }
                    continue
                }
                if ig >= 0 {
                    table.groups.append(text(starts[ig], ends[ig]))
                }
                table.yi.append(y); table.vi.append(v); table.lines.append(line)
            }
            if line == 0 { headerError = at(1, 1, "the file is empty", fix: "the first line must name the columns, e.g. yi,vi") }
        }
        if let h = headerError { throw .invalid([h]) }
        if !problems.isEmpty { throw .invalid(problems) }
        if table.yi.isEmpty { throw .invalid([at(2, 1, "the table has no rows", fix: "add one row per estimate")]) }
        return table
    }
}
