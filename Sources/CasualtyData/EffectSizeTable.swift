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
    public static func load(path: String, groupColumn: String? = nil) throws(DataError) -> EffectSizeTable {
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
}
