import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport

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

    @Option(help: ArgumentHelp("tau^2 estimators, comma-separated, or all.", valueName: "m"))
    var method: String = "all"

    @Option(help: "Interval: z or knha (Hartung-Knapp, t with k-1 df).")
    var test: String = "z"

    @Option(help: "Confidence level of the CI and prediction interval.")
    var level: Double = 0.95

    @Option(help: "Output format: table or json.")
    var format: String = "json"

    func validate() throws {
        _ = try parseTauEstimators(method, flag: "--method")
        guard MetaTest(rawValue: test) != nil else { throw ValidationError("--test must be z or knha") }
        guard level > 0 && level < 1 else { throw ValidationError("--level must be in (0, 1)") }
        guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
    }

    func run() throws {
        let table: EffectSizeTable
        do { table = try EffectSizeTable.load(path: path) } catch {
            printError(error.description)
            if case .missingFile = error { throw Exit.noInput }
            throw Exit.dataError
        }
        let data = try MetaAnalysis(y: table.yi, v: table.vi)
        let t = MetaTest(rawValue: test)!
        let fits = try parseTauEstimators(method, flag: "--method").map { data.fit($0, test: t, level: level) }
        print(format == "json" ? try MetaRenderer.json(fits) : MetaRenderer.table(fits, file: path, level: level), terminator: "")
    }
}
