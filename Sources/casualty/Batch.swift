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
            (exit 65) and nothing written; with --skip-invalid the invalid events are listed in the \
            rejects file instead, counted on standard error, and the others estimated.
            """)

    @Argument(help: ArgumentHelp("The claims table (CSV, or TSV by its .tsv name); - reads standard input.", valueName: "table"))
    var path: String

    @Option(help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
    var out: String?

    @Option(help: "Output format.")
    var format: BatchFormat = .csv

    @Option(
        help: ArgumentHelp(
            "Methods, families (weighted, meta) or all, comma-separated; repeatable (default: laplace).", valueName: "m"))
    var method: [CommaList<MethodSelection>] = []

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

    @Flag(help: "Estimate the valid events and list the invalid ones in the rejects file instead of stopping.")
    var skipInvalid = false

    @Option(
        help: ArgumentHelp(
            "With --skip-invalid: where the invalid events go, one row per problem (default: beside --out, else standard error).",
            valueName: "file"))
    var rejects: String?

    @OptionGroup var modelOptions: ModelOptions

    @Option(
        name: .customLong("sources"),
        help: ArgumentHelp("Sources learned by casualty learn, applied to every event.", valueName: "file"))
    var sourcesFile: String?

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
        if rejects != nil && !skipInvalid { throw ValidationError("--rejects needs --skip-invalid") }
        guard modelOptions.thresholds.isEmpty else {
            throw ValidationError("--threshold names one case's quantity; batch estimates many events")
        }
    }

    func run() throws {
        var source = try BatchSource(path: path, threads: threads, shard: shardIndex)
        var runner = BatchRunner(
            path: path, columns: source.columnPositions, lexicon: Lexicon.builtIn, options: analysisOptions(),
            threads: threads)
        let groupColumns = try totalColumns(source.extraColumns)
        runner.collectTotals = groupColumns != nil
        if let sourcesFile {
            do { runner.learned = try LearnedSources.load(path: sourcesFile) } catch { throw Self.fail(error) }
        }
        let sink = try BatchSink(out: out, format: format, extraColumns: source.extraColumns)
        runner.render = { [format, extras = source.extraColumns] rows in
            format == .csv ? BatchRenderer.csv(rows) : try BatchRenderer.jsonLines(rows, extraColumns: extras)
        }
        var run = BatchRun(skipInvalid: skipInvalid)
        let bar = ProgressBar(enabled: progress || isatty(STDERR_FILENO) == 1, unit: "events")
        let lines = bar.enabled ? ClaimsTable.lineCount(path: path) : nil
        do {
            while let chunk = try source.next(runner) {
                try run.add(chunk, groupColumns: groupColumns, sink: sink)
                if let lines, lines > 0, let last = chunk.last {
                    bar.update(run.events, fraction: Double(last.line) / Double(lines))
                } else {
                    bar.update(run.events, nil)
                }
            }
        } catch let e as DataError {
            run.problems += e.diagnostics
        }
        bar.finish()
        let problems = (source.problems + run.problems).sorted { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }
        guard problems.isEmpty else {
            sink.discard()
            throw Self.fail(.invalid(problems))
        }
        if let groupColumns {
            try sink.write(run.totals.rows(groupColumns: groupColumns, extraCount: source.extraColumns.count))
        }
        let rejectsNote = try writeRejects(run.rejects)
        try sink.finish()
        printError(run.summary + rejectsNote + (outputFile(out).map { "; wrote \($0)" } ?? ""))
    }

    /// The analysis settings from the flags.
    func analysisOptions() -> AnalysisOptions {
        var options = AnalysisOptions()
        options.model = modelOptions.model(defaults: Case.ModelDefaults())
        options.sampler = modelOptions.sampler()
        options.metaMethods = modelOptions.metaMethod.estimators
        options.metaTest = modelOptions.metaTest
        options.laplaceFallback = !modelOptions.noFallback
        options.predictiveChecks = false
        options.select(method.union(or: [.method(.laplace)]))
        return options
    }

    /// With `--skip-invalid`: the rejected events written (to `--rejects`, beside `--out`,
    /// else standard error); the note for the summary line.
    func writeRejects(_ rejected: [ImportReject]) throws -> String {
        guard skipInvalid else { return "" }
        let path = rejects ?? outputFile(out).map { ($0 as NSString).deletingPathExtension + ".rejects.csv" }
        let text = ClaimsTableRenderer.rejects(rejected)
        if let path {
            try writeAtomically(Data(text.utf8), to: path)
        } else if !rejected.isEmpty {
            printError(String(text.dropLast()))
        }
        let events = Set(rejected.map(\.id)).count
        return "; \(plural(events, "invalid event")) skipped" + (path.map { " (listed in \($0))" } ?? "")
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
        if case .missingFile = error { return Exit.noInput }
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
    /// The chunk read while the previous one was estimated.
    var prefetched: ChunkRead?

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
    var problems: [Diagnostic] { caseProblems }

    func keep(_ id: String) -> Bool { Self.keeps(id, shard: shard) }

    /// Whether event `id` is in `shard` (K - 1, N) of the stable hash, or there is no shard.
    static func keeps(_ id: String, shard: (Int, Int)?) -> Bool {
        shard.map { ClaimsTable.shard(of: id, count: $0.1) == $0.0 } ?? true
    }

    /// The next chunk's events (id, first line, carried values) and outcomes, or nil at the end.
    /// The chunk after it is read while this one is estimated: reading is serial, estimating
    /// is not, so the workers need not wait for the reader.
    mutating func next(_ runner: BatchRunner) throws -> [BatchRun.Estimated]? {
        if let reader {
            let ahead = ChunkRead(reader: reader, size: 64 * threads, shard: shard)
            let (chunk, read) = try (prefetched?.get() ?? ahead.read()).get()
            guard read > 0 else { return nil }
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { ahead.readAhead() }
            let outcomes = runner.run(chunk)
            group.wait()
            prefetched = ahead
            return zip(chunk, outcomes).map {
                BatchRun.Estimated(id: $0.id, line: $0.line, extras: $0.extras, outcome: $1)
            }
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
        return zip(cases, runner.run(cases: cases)).map {
            BatchRun.Estimated(id: $0.info.id, line: 1, extras: [], outcome: $1)
        }
    }
}

/// One chunk of a claims table's events read (at most `size` kept by the shard), on the
/// thread that calls `read()` or `readAhead()`; one reader is used by one thread at a time.
final class ChunkRead: @unchecked Sendable {
    let reader: ClaimsTable.Reader
    let size: Int
    let shard: (Int, Int)?
    private var result: Result<(events: [ClaimsTable.Event], read: Int), DataError>?

    init(reader: ClaimsTable.Reader, size: Int, shard: (Int, Int)?) {
        self.reader = reader
        self.size = size
        self.shard = shard
    }

    /// Reads the chunk now, to be taken later by `get()`.
    func readAhead() { result = read() }

    /// The chunk read ahead.
    func get() -> Result<(events: [ClaimsTable.Event], read: Int), DataError> { result ?? .success(([], 0)) }

    /// The chunk: the events kept and how many were read.
    func read() -> Result<(events: [ClaimsTable.Event], read: Int), DataError> {
        var chunk: [ClaimsTable.Event] = [], read = 0
        do {
            while chunk.count < size, let e = try reader.nextEvent() {
                read += 1
                if BatchSource.keeps(e.id, shard: shard) { chunk.append(e) }
            }
        } catch {
            return .failure(error)
        }
        return .success((chunk, read))
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
        write(format == .csv ? BatchRenderer.csv(rows) : try BatchRenderer.jsonLines(rows, extraColumns: extraColumns))
    }

    /// Writes rows already formatted.
    func write(_ text: String) { output.write(text) }

    func finish() throws { try output.finish() }
    func discard() { output.discard() }
}

/// What a batch run has done so far: counts, totals, and the problems that stop it or (with
/// `--skip-invalid`) the rejected events.
struct BatchRun {
    /// One event's id, first line, carried values and outcome.
    struct Estimated {
        var id: String
        var line: Int
        var extras: [String]
        var outcome: BatchRunner.Outcome
    }

    let skipInvalid: Bool
    var events = 0, estimated = 0, rows = 0, fellBack = 0, fullWarmup = 0, extended = 0, warnings = 0
    var problems: [Diagnostic] = []
    var rejects: [ImportReject] = []
    var totals = BatchTotals()

    /// Counts `chunk`, adds it to the totals and writes its rows (none once a problem stops the run).
    mutating func add(_ chunk: [Estimated], groupColumns: [Int]?, sink: BatchSink) throws {
        for e in chunk {
            switch e.outcome {
            case .invalid(let error):
                if skipInvalid {
                    rejects += error.diagnostics.map { d in
                        ImportReject(
                            line: d.location?.line ?? e.line, id: e.id, reason: d.message + (d.fix.map { "; fix: \($0)" } ?? ""))
                    }
                } else {
                    problems += error.diagnostics
                }
            case .rows(let estimated, let text, let fell, let full, let longer, let warned, let contributions):
                if let groupColumns { totals.add(contributions, group: groupColumns.map { e.extras[$0] }) }
                if problems.isEmpty { sink.write(text) }
                rows += estimated.count
                self.estimated += 1
                fellBack += fell ? 1 : 0
                fullWarmup += full ? 1 : 0
                extended += longer ? 1 : 0
                warnings += warned
            }
        }
        events += chunk.count
    }

    /// The closing line on standard error.
    var summary: String {
        "\(plural(events, "event")) read, \(estimated) estimated, \(plural(rows, "row")); the Laplace check handed "
            + "\(plural(fellBack, "event")) to NUTS; "
            + (extended > 0
                ? "NUTS ran the chains of \(plural(extended, "event")) twice as long (ESS or R-hat fell short); " : "")
            + (fullWarmup > 0
                ? "NUTS redid \(plural(fullWarmup, "event")) with the full warm-up (the Laplace metric did not suit them); " : "")
            + plural(warnings, "warning")
    }
}
