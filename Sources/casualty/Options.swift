import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

/// Exit statuses from sysexits.h, as documented in `casualty --help`.
enum Exit {
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
}

/// Writes to standard error.
func printError(_ text: String) {
    // Messages quote what the user wrote (file names, fields): no terminal escapes pass.
    let safe = terminalSafe(text)
    FileHandle.standardError.write(Data((safe.hasSuffix("\n") ? safe : safe + "\n").utf8))
}

/// The case file argument and how to read it.
struct CaseOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The case file (YAML).", valueName: "case"))
    var path: String

    @Option(
        help: ArgumentHelp(
            "Lexicon file for hedges and vague words (default: lexicon.yaml found beside or above the case, else the built-in copy).",
            valueName: "file"))
    var lexicon: String?

    @Option(
        name: .customLong("bias-priors"),
        help: ArgumentHelp(
            "Bias-prior table by source kind, relation and counted kind (default: bias-priors.yaml found beside or above the case, else the built-in copy).",
            valueName: "file"))
    var biasPriors: String?

    /// Loads the case, printing diagnostics and exiting 65/66 on failure.
    func load() throws -> Case {
        do {
            let lex = try lexicon.map { p throws(DataError) in try Lexicon.load(path: p) }
            let table = try biasPriors.map { p throws(DataError) in try BiasPriorTable.load(path: p) }
            let c = try Case.load(path: path, lexicon: lex, biasPriors: table)
            for w in c.warnings { printError("warning: " + w.description.replacingOccurrences(of: ": error: ", with: ": ")) }
            return c
        } catch {
            printError(error.description)
            if case .missingFile = error { throw Exit.noInput }
            let n = error.diagnostics.count
            printError("\(n) problem\(n == 1 ? "" : "s") found; nothing was estimated.")
            throw Exit.dataError
        }
    }
}

/// Flags that change which claims count and how much.
struct EvidenceOptions: ParsableArguments {
    @Option(
        name: .customLong("weight"),
        help: ArgumentHelp("Override a source's reliability: SRC=W with W in (0, 1]. Repeatable.", valueName: "src=w"))
    var weights: [String] = []

    @Option(name: .customLong("exclude"), help: ArgumentHelp("Leave out every report of a source. Repeatable.", valueName: "src"))
    var excluded: [String] = []

    @Option(
        name: .customLong("exclude-document"),
        help: ArgumentHelp(
            "Leave out a document: reports carried only by left-out documents are dropped. Repeatable.", valueName: "doc"))
    var excludedDocuments: [String] = []

    @Option(name: .customLong("only"), help: ArgumentHelp("Use only this source's reports. Repeatable.", valueName: "src"))
    var only: [String] = []

    @Option(
        name: .customLong("widen-vague"),
        help: ArgumentHelp(
            "Scale the lexicon's vague and hedge intervals on the log scale (1.5 = half as wide again, 0.5 = half as wide).",
            valueName: "f"))
    var widenVague: Double = 1

    @Option(
        name: .customLong("sources"),
        help: ArgumentHelp(
            "Sources learned by casualty learn: their weights and biases replace the case's for the sources they know.",
            valueName: "file"))
    var sourcesFile: String?

    func validate() throws {
        _ = try parsedWeights()
        guard widenVague > 0 && widenVague.isFinite else { throw ValidationError("--widen-vague must be a positive number") }
    }

    /// The settings these flags describe.
    func settings() throws -> EvidenceSettings {
        var s = EvidenceSettings(
            weights: try parsedWeights(), excludedSources: Set(excluded),
            excludedDocuments: Set(excludedDocuments), onlySources: Set(only), vagueWidening: widenVague)
        s.learned = try learnedSources()
        return s
    }

    /// The `--sources` file, read and checked (problems listed, exit 65; missing, exit 66).
    func learnedSources() throws -> LearnedSources? {
        guard let sourcesFile else { return nil }
        do { return try LearnedSources.load(path: sourcesFile) } catch { throw Batch.fail(error) }
    }

    func parsedWeights() throws -> [String: Double] {
        var out: [String: Double] = [:]
        for w in weights {
            let parts = w.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]) else {
                throw ValidationError("--weight '\(w)' must be SRC=W, e.g. --weight kowsari=0.3")
            }
            guard value > 0 && value <= 1 else {
                throw ValidationError(
                    "--weight \(parts[0])=\(parts[1]): W must be in (0, 1]; use --exclude \(parts[0]) to drop a source")
            }
            guard out[parts[0]] == nil else { throw ValidationError("--weight names '\(parts[0])' twice") }
            out[parts[0]] = value
        }
        return out
    }

    /// The settings applied to `theCase`, or a usage error (exit 64) naming the bad flag.
    func evidence(for theCase: Case) throws -> Evidence {
        do {
            return try Evidence(theCase, settings: try settings())
        } catch let e as SettingsError {
            printError("error: \(e.message)\n    fix: \(e.fix)")
            throw Exit.usage
        }
    }
}

/// The `--query` quantities (nil when none was given), or a usage error (exit 64) naming the
/// bad one with a suggestion.
func parseQueries(_ texts: [String], in theCase: Case) throws -> [Quantity]? {
    guard !texts.isEmpty else { return nil }
    return try texts.map { text in
        switch theCase.quantity(text) {
        case .success(let q): return q
        case .failure(let e):
            printError("error: --query \(text): \(e.message)\n    fix: \(e.fix)")
            throw Exit.usage
        }
    }
}

/// `--query` and `--method` of the commands that estimate (estimate, report), and the run
/// they share: parse, estimate, print warnings.
struct EstimationOptions: ParsableArguments {
    @Option(name: .customLong("query"), help: ArgumentHelp("A quantity to estimate. Repeatable.", valueName: "q"))
    var queries: [String] = []

    @Option(
        help: ArgumentHelp(
            "Methods, families (weighted, meta) or all, comma-separated; repeatable (default: all).", valueName: "m"))
    var method: [CommaList<MethodSelection>] = []

    @Option(
        name: .customLong("draws-out"),
        help: ArgumentHelp(
            "Write every posterior draw (NUTS, else Laplace) with the quantities' values to this CSV (R posterior's draws_df layout).",
            valueName: "file"))
    var drawsOut: String?

    /// The estimates of `theCase` under the evidence and model flags; warnings go to stderr,
    /// the draws to `--draws-out`.
    func estimate(_ theCase: Case, _ evidence: Evidence, _ model: ModelOptions) throws -> (EstimationResult, AnalysisOptions) {
        let quantities = try parseQueries(queries, in: theCase)
        var options = try model.options(for: theCase)
        options.select(method.union(or: [.all]))
        let result = evidence.estimate(quantities, options: options)
        for w in result.warnings { printError("warning: \(w)") }
        if let path = drawsOut { try writeDraws(result, to: path) }
        return (result, options)
    }

    /// The NUTS draws (else the Laplace draws) to `path`; a usage error when no Bayesian
    /// method ran.
    func writeDraws(_ result: EstimationResult, to path: String) throws {
        guard let fit = result.fits.first(where: { $0.method == .nuts }) ?? result.fits.first else {
            printError("error: --draws-out needs a Bayesian method (laplace or nuts) among --method")
            throw Exit.usage
        }
        let target = outputPath(path, defaultName: "\(result.evidence.theCase.info.id)-draws.csv")
        try writeAtomically(Data(DrawsRenderer.csv(fit, quantities: result.quantities.map(\.quantity)).utf8), to: target)
        printError("wrote \(fit.draws.reduce(0) { $0 + $1.count }) \(fit.method) draws to \(target)")
    }
}
