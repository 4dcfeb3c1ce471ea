import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

/// `casualty sensitivity CASE`: which source and which assumption drives each estimate.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Refit under single changes (sources, documents, weights, assumptions) and rank what moves each estimate.",
        discussion: """
            Scenarios: leave-one-source-out, leave-one-document-out, each weight halved and doubled \
            (capped at 1), sigma0 halved and doubled, prior median /10 and x10, prior scale halved \
            and doubled, bias off and doubled, rho 0 and 0.9, vague intervals narrowed and widened \
            by half; --sweep SRC adds that source's weight from 0.05 to 1. Refits run in parallel.
            """)

    @OptionGroup var input: CaseOptions
    @OptionGroup var evidenceOptions: EvidenceOptions
    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("The method whose estimates are tracked (a family stands for its first method).", valueName: "m"))
    var method: MethodSelection = .method(.laplace)

    @Option(name: .customLong("query"), help: ArgumentHelp("A quantity to track. Repeatable.", valueName: "q"))
    var queries: [String] = []

    @Option(help: "Output format.")
    var format: SensitivityFormat = .table

    @Option(help: ArgumentHelp("Trace best/low/high as this source's weight goes from 0.05 to 1.", valueName: "src"))
    var sweep: String?

    @Flag(help: "Show a progress bar on standard error even when it is not a terminal.")
    var progress = false

    func validate() throws {
        _ = try trackedMethod(method, flag: "--method", modelOptions)
    }

    func run() throws {
        let c = try input.load()
        let evidence = try evidenceOptions.evidence(for: c)
        let quantities = try parseQueries(queries, in: c)
        let options = try modelOptions.options(for: c)
        let bar = ProgressBar(enabled: progress || isatty(STDERR_FILENO) == 1)
        var callback: (@Sendable (Int, Int) -> Void)? = nil
        if bar.enabled { callback = { done, total in bar.update(done, total) } }
        // (A `catch let e as SettingsError` here crashes the Swift 6.3 compiler's ownership
        // verifier; the Result detour avoids it.)
        let attempt = runAnalysis(evidence, quantities, options, callback)
        guard case .success(let result) = attempt else {
            if case .failure(let e) = attempt { printError("error: " + e.message + "\n    fix: " + e.fix) }
            throw Exit.usage
        }
        bar.finish()
        print(try format.renderer.render(result), terminator: "")
    }
}

extension SensitivityCommand {
    func runAnalysis(
        _ evidence: Evidence, _ quantities: [Quantity]?, _ options: AnalysisOptions,
        _ callback: (@Sendable (Int, Int) -> Void)?
    ) -> Result<SensitivityResult, SettingsError> {
        let tracked = method.single(metaMethods: options.metaMethods) ?? .laplace
        return Result { () throws(SettingsError) in
            try Sensitivity.run(
                evidence, method: tracked, queries: quantities, options: options, sweepSource: sweep, progress: callback)
        }
    }
}

/// The one method `selection` stands for, or a usage error naming `flag`.
func trackedMethod(_ selection: MethodSelection, flag: String, _ model: ModelOptions) throws -> MethodID {
    guard let m = selection.single(metaMethods: model.metaMethod.estimators) else {
        throw ValidationError("\(flag) names one method to track; 'all' names every method")
    }
    return m
}
