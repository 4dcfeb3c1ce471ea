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

    @Flag(help: "Show a progress bar even when standard error is not a terminal.")
    var progress = false

    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        guard threads >= 1 && threads <= 1024 else { throw ValidationError("--threads must be 1 to 1024") }
        guard modelOptions.thresholds.isEmpty else {
            throw ValidationError("--threshold names one case's quantity; batch estimates many events")
        }
    }

    func run() throws {
        let reader: ClaimsTable.Reader
        do { reader = try ClaimsTable.Reader(path: path) } catch { throw fail(error) }
        var options = AnalysisOptions()
        options.model = modelOptions.model(defaults: Case.ModelDefaults())
        options.sampler = modelOptions.sampler()
        options.metaMethods = modelOptions.metaMethod.estimators
        options.metaTest = modelOptions.metaTest
        options.laplaceFallback = !modelOptions.noFallback
        options.select(method.items)
        var runner = BatchRunner(
            path: path, columns: reader.columnPositions, lexicon: Lexicon.builtIn, options: options, threads: threads)
        let groupColumns = try totalColumns(reader.extraColumns)
        runner.collectTotals = groupColumns != nil
        var totals = BatchTotals()
        let sink = try BatchSink(out: out, format: format, extraColumns: reader.extraColumns)
        let bar = ProgressBar(enabled: progress || isatty(STDERR_FILENO) == 1, unit: "events")
        var counts = (events: 0, rows: 0, fellBack: 0, warnings: 0)
        var problems: [Diagnostic] = []
        do {
            while true {
                var chunk: [ClaimsTable.Event] = []
                while chunk.count < 64 * threads, let e = try reader.nextEvent() { chunk.append(e) }
                if chunk.isEmpty { break }
                for (event, outcome) in zip(chunk, runner.run(chunk)) {
                    switch outcome {
                    case .invalid(let e): problems += e.diagnostics
                    case .rows(let rows, let fellBack, let warnings, let contributions):
                        if let groupColumns { totals.add(contributions, group: groupColumns.map { event.extras[$0] }) }
                        if problems.isEmpty && reader.problems.isEmpty { try sink.write(rows) }
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
        problems = (reader.problems + problems).sorted { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }
        bar.finish()
        guard problems.isEmpty else {
            sink.discard()
            throw fail(.invalid(problems))
        }
        if let groupColumns {
            try sink.write(totals.rows(groupColumns: groupColumns, extraCount: reader.extraColumns.count))
        }
        try sink.finish()
        printError(
            "\(counts.events) events, \(counts.rows) rows; the Laplace check handed \(counts.fellBack) events to NUTS; "
                + "\(counts.warnings) warnings" + (out.map { "; wrote \($0)" } ?? ""))
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
    func fail(_ error: DataError) -> ExitCode {
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
