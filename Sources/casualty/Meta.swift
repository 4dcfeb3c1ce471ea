import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

/// `casualty meta FILE.csv`: random-effects meta-analysis of a yi,vi table.
struct Meta: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Random-effects meta-analysis of a CSV with columns yi and vi (metafor's names).",
        discussion: """
            tau^2 estimators as in R metafor: ee, dl, he, hs, sj, ml, reml, eb, pm. Iterative \
            estimators run to |change| < 1e-12 (at most 1000 iterations) and report 'converged'.
            """)

    @Argument(help: ArgumentHelp("CSV file with a header row naming yi and vi.", valueName: "file.csv"))
    var path: String

    @Option(help: ArgumentHelp("tau^2 estimators, comma-separated, or all; repeatable (default: all).", valueName: "m"))
    var method: [CommaList<TauChoice>] = []

    @Option(help: "Interval (knha: Hartung-Knapp, t with k-1 df).")
    var test: MetaTest = .z

    @Option(help: "Confidence level of the CI and prediction interval.")
    var level: Double = 0.95

    @Option(help: "Output format (with --by: csv).")
    var format: MetaFormat = .json

    @Option(
        help: ArgumentHelp(
            "Batch mode: fit each event (rows sharing this column's value) separately; writes CSV.", valueName: "column"))
    var by: String?

    @Option(help: ArgumentHelp("With --by: write the CSV here (atomically) instead of standard output.", valueName: "path"))
    var out: String?

    @Option(help: "With --by: worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the wall time of reading, estimating and writing on standard error.")
    var timings = false

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must be in (0, 1)") }
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads must be 1 to 256") }
        if out != nil && by == nil { throw ValidationError("--out goes with --by") }
    }

    func run() throws {
        let clock = ContinuousClock()
        var t0 = clock.now
        func lap(_ phase: String) {
            if timings {
                printError(
                    "timing: \(phase) \(String(format: "%.4f", Double((clock.now - t0).components.attoseconds) * 1e-18 + Double((clock.now - t0).components.seconds))) s"
                )
            }
            t0 = clock.now
        }
        let table: EffectSizeTable
        do { table = try EffectSizeTable.load(path: path, groupColumn: by) } catch {
            printError(error.description)
            if case .missingFile = error { throw Exit.noInput }
            throw Exit.dataError
        }
        lap("read")
        let t = test
        let methods = CommaList(method.union(or: [.all])).estimators
        if by != nil {
            let results = MetaBatch.run(
                y: table.yi, v: table.vi, events: table.groups, methods: methods, test: t,
                level: level, threads: threads)
            lap("estimate")
            let text = MetaRenderer.csv(results)
            if let out {
                try writeAtomically(Data(text.utf8), to: outputPath(out, defaultName: "meta.csv"))
            } else {
                print(text, terminator: "")
            }
            lap("write")
            return
        }
        let data = try MetaAnalysis(y: table.yi, v: table.vi)
        let fits = methods.map { data.fit($0, test: t, level: level) }
        print(format == .json ? try MetaRenderer.json(fits) : MetaRenderer.table(fits, file: path, level: level), terminator: "")
    }
}
