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

    @Option(help: ArgumentHelp("The method whose estimates are tracked: laplace, nuts, weighted-median, low-best-high, envelope, most-conservative or meta-<estimator>.", valueName: "m"))
    var method: String = "laplace"

    @Option(name: .customLong("query"), help: ArgumentHelp("A quantity to track. Repeatable.", valueName: "q"))
    var queries: [String] = []

    @Option(help: "Output format: table, json or md.")
    var format: String = "table"

    @Option(help: ArgumentHelp("Trace best/low/high as this source's weight goes from 0.05 to 1.", valueName: "src"))
    var sweep: String?

    @Flag(help: "Show a progress bar on standard error even when it is not a terminal.")
    var progress = false

    func validate() throws {
        guard Sensitivity.families(for: method) != nil else {
            throw ValidationError("--method must be one of: \(Sensitivity.methodIDs.joined(separator: ", "))")
        }
        guard sensitivityRenderers[format] != nil else { throw ValidationError("--format must be table, json or md") }
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
        print(try sensitivityRenderers[format]!.render(result), terminator: "")
    }
}

extension SensitivityCommand {
    func runAnalysis(_ evidence: Evidence, _ quantities: [Quantity]?, _ options: AnalysisOptions,
                     _ callback: (@Sendable (Int, Int) -> Void)?) -> Result<SensitivityResult, SettingsError> {
        do {
            return .success(try Sensitivity.run(evidence, method: method, queries: quantities, options: options,
                                                sweepSource: sweep, progress: callback))
        } catch {
            return .failure(error)
        }
    }
}

/// A progress bar on standard error: scenarios done, rate and time left; at most ten
/// redraws a second, from any thread.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-9)
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r[\(bar)] \(done)/\(total) scenarios, \(String(format: "%.1f", rate))/s, \(String(format: "%.0f", left)) s left "
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
