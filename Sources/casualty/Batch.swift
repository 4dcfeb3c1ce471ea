import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

/// The formats of `casualty batch`.
enum BatchFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, jsonl
}

/// `casualty batch TABLE`: every event of a claims table estimated, one row per event,
/// quantity and method.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate every event of a claims table (CSV/TSV, one row per claim; - is standard input).",
        discussion: """
            The table has the columns event, source, what, who, claim, and optionally reliability, \
            source_side, who_side, source_kind, who_kind, basis, document, date, quote, derives_from; other \
            columns are carried to the output (schemas/claims-table.md). An event's rows must be \
            contiguous. Output: one row per event x quantity x method, written atomically to --out \
            or to standard output. Any invalid event stops the run with every problem listed \
            (exit 65) and nothing written.
            """)

    @Argument(help: ArgumentHelp("The claims table (CSV, or TSV by its .tsv name); - reads standard input.", valueName: "table"))
    var path: String

    @Option(help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
    var out: String?

    @Option(help: "Output format.")
    var format: BatchFormat = .csv

    @Option(help: ArgumentHelp("Methods, families (weighted, meta) or all, comma-separated.", valueName: "m"))
    var method = CommaList<MethodSelection>([.method(.laplace)])

    @Option(help: "Events estimated at once (default: the number of cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        name: .customLong("total-by"),
        help: ArgumentHelp("Carried columns to total events by, comma-separated (e.g. country,year).", valueName: "cols"))
    var totalBy: String?

    @Option(
        help: ArgumentHelp("Estimate only shard K of N (events split by a stable hash of their id), e.g. 2/8.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Show a progress bar even when standard error is not a terminal.")
    var progress = false

    @OptionGroup var modelOptions: ModelOptions

    /// `--shard K/N` as (K - 1, N).
    var shardIndex: (Int, Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { return nil }
        return (parts[0] - 1, parts[1])
    }

    func validate() throws {
        if shard != nil && shardIndex == nil { throw ValidationError("--shard must be K/N with 1 <= K <= N, e.g. 2/8") }
        guard threads >= 1 && threads <= 1024 else { throw ValidationError("--threads must be 1 to 1024") }
        guard modelOptions.thresholds.isEmpty else {
            throw ValidationError("--threshold names one case's quantity; batch estimates many events")
        }
    }

    func run() throws {
        var source = try BatchSource(path: path, threads: threads, shard: shardIndex)
        var options = AnalysisOptions()
        options.model = modelOptions.model(defaults: Case.ModelDefaults())
        options.sampler = modelOptions.sampler()
        options.metaMethods = modelOptions.metaMethod.estimators
        options.metaTest = modelOptions.metaTest
        options.laplaceFallback = !modelOptions.noFallback
        options.select(method.items)
        var runner = BatchRunner(
            path: path, columns: source.columnPositions, lexicon: Lexicon.builtIn, options: options, threads: threads)
        let groupColumns = try totalColumns(source.extraColumns)
        runner.collectTotals = groupColumns != nil
        var totals = BatchTotals()
        let sink = try BatchSink(out: out, format: format, extraColumns: source.extraColumns)
        let bar = ProgressBar(enabled: progress || isatty(STDERR_FILENO) == 1, unit: "events")
        var counts = (events: 0, rows: 0, fellBack: 0, warnings: 0)
        var problems: [Diagnostic] = []
        do {
            while let chunk = try source.next(runner) {
                for (extras, outcome) in chunk {
                    switch outcome {
                    case .invalid(let e): problems += e.diagnostics
                    case .rows(let rows, let fellBack, let warnings, let contributions):
                        if let groupColumns { totals.add(contributions, group: groupColumns.map { extras[$0] }) }
                        if problems.isEmpty && source.problems.isEmpty { try sink.write(rows) }
                        counts.rows += rows.count
                        counts.fellBack += fellBack ? 1 : 0
                        counts.warnings += warnings
                    }
                }
                counts.events += chunk.count
                bar.update(counts.events, nil)
            }
        } catch let e as DataError {
            problems += e.diagnostics
        }
        problems = (source.problems + problems).sorted { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }
        bar.finish()
        guard problems.isEmpty else {
            sink.discard()
            throw Self.fail(.invalid(problems))
        }
        if let groupColumns {
            try sink.write(totals.rows(groupColumns: groupColumns, extraCount: source.extraColumns.count))
        }
        try sink.finish()
        printError(
            "\(plural(counts.events, "event")), \(plural(counts.rows, "row")); the Laplace check handed "
                + "\(plural(counts.fellBack, "event")) to NUTS; \(plural(counts.warnings, "warning"))"
                + (out.map { "; wrote \($0)" } ?? ""))
    }

    /// The positions among the carried columns of the `--total-by` columns (nil without the
    /// flag); an unknown column is a usage error naming the carried ones.
    func totalColumns(_ carried: [String]) throws -> [Int]? {
        guard let totalBy else { return nil }
        return try totalBy.split(separator: ",").map { name in
            let n = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard let i = carried.firstIndex(of: n) else {
                printError(
                    "error: --total-by: no carried column '\(n)' in \(path)\n    fix: use one of: "
                        + (carried.isEmpty ? "(the table carries no extra columns)" : carried.joined(separator: ", ")))
                throw Exit.usage
            }
            return i
        }
    }

    /// Prints every problem of `error` (20 at most) and the exit status it calls for.
    static func fail(_ error: DataError) -> ExitCode {
        let ds = error.diagnostics
        for d in ds.prefix(20) { printError(d.description) }
        if ds.count > 20 { printError("... and \(ds.count - 20) more") }
        if case .missingFile = error {
            printError(error.description)
            return Exit.noInput
        }
        printError("\(ds.count) problem\(ds.count == 1 ? "" : "s") found; nothing was written.")
        return Exit.dataError
    }
}

/// What `batch` reads: a claims table, one event at a time, or a directory of case files
/// (`*.yaml`, in name order), each its own event; a chunk at a time, run by the runner.
struct BatchSource {
    let reader: ClaimsTable.Reader?
    var files: ArraySlice<String>
    let threads: Int
    let shard: (Int, Int)?
    var caseProblems: [Diagnostic] = []

    init(path: String, threads: Int, shard: (Int, Int)?) throws {
        self.threads = threads
        self.shard = shard
        var isDirectory: ObjCBool = false
        if path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue {
            reader = nil
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files = ArraySlice(
                names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
                    (path as NSString).appendingPathComponent($0)
                })
            return
        }
        files = []
        do { reader = try ClaimsTable.Reader(path: path) } catch { throw Batch.fail(error) }
    }

    var columnPositions: [String: Int] { reader?.columnPositions ?? [:] }
    var extraColumns: [String] { reader?.extraColumns ?? [] }
    var problems: [Diagnostic] { (reader?.problems ?? []) + caseProblems }

    func keep(_ id: String) -> Bool { shard.map { ClaimsTable.shard(of: id, count: $0.1) == $0.0 } ?? true }

    /// The next chunk's carried values and outcomes, or nil at the end.
    mutating func next(_ runner: BatchRunner) throws -> [([String], BatchRunner.Outcome)]? {
        if let reader {
            var chunk: [ClaimsTable.Event] = [], read = 0
            while chunk.count < 64 * threads, let e = try reader.nextEvent() {
                read += 1
                if keep(e.id) { chunk.append(e) }
            }
            return read == 0 ? nil : Array(zip(chunk.map(\.extras), runner.run(chunk)))
        }
        guard !files.isEmpty else { return nil }
        var cases: [Case] = []
        while cases.count < 64 * threads, let file = files.popFirst() {
            do {
                let c = try Case.load(path: file)
                if keep(c.info.id) { cases.append(c) }
            } catch {
                caseProblems +=
                    error.diagnostics.isEmpty ? [Diagnostic(nil, error.description, fix: "check the path")] : error.diagnostics
            }
        }
        return runner.run(cases: cases).map { ([], $0) }
    }
}

/// Where batch rows go: an `AtomicOutput`, in CSV or JSON Lines.
final class BatchSink {
    let output: AtomicOutput
    let format: BatchFormat
    let extraColumns: [String]

    init(out: String?, format: BatchFormat, extraColumns: [String]) throws {
        self.format = format
        self.extraColumns = extraColumns
        output = try AtomicOutput(out, defaultName: "batch.\(format.rawValue)")
        if format == .csv { output.write(BatchRenderer.csvHeader(extraColumns: extraColumns)) }
    }

    func write(_ rows: [BatchRow]) throws {
        output.write(format == .csv ? BatchRenderer.csv(rows) : try BatchRenderer.jsonLines(rows, extraColumns: extraColumns))
    }

    func finish() throws { try output.finish() }
    func discard() { output.discard() }
}
