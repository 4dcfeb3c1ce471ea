import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

/// `casualty report CASE --format md|html|ipynb|json|csv [--out PATH]`.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the analysis for a write-up: Markdown, HTML with charts, Jupyter notebook, JSON or CSV.",
        discussion: """
            Without --out, md, json and csv go to standard output, ipynb to \
            Notebooks-export/<case-id>.ipynb and html to <case-id>.html in the working directory. \
            Files are written atomically. Takes every flag of estimate and of sensitivity \
            (--track sets the method the sensitivity analysis follows).
            """)

    @OptionGroup var input: CaseOptions
    @OptionGroup var evidenceOptions: EvidenceOptions
    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Output format.")
    var format: ReportFormat = .md

    @Option(help: ArgumentHelp("Where to write the report.", valueName: "path"))
    var out: String?

    @OptionGroup var estimationOptions: EstimationOptions

    @Option(help: ArgumentHelp("The method the sensitivity analysis tracks (see casualty sensitivity --method).", valueName: "m"))
    var track: MethodSelection = .method(.laplace)

    @Flag(name: .customLong("no-sensitivity"), help: "Leave out the sensitivity analysis.")
    var noSensitivity = false

    @Option(help: ArgumentHelp("Trace best/low/high as this source's weight goes from 0.05 to 1.", valueName: "src"))
    var sweep: String?

    @Flag(help: "Show a progress bar on standard error even when it is not a terminal.")
    var progress = false

    func validate() throws {
        _ = try trackedMethod(track, flag: "--track", modelOptions)
    }

    func run() throws {
        let c = try input.load()
        let evidence = try evidenceOptions.evidence(for: c)
        let (estimation, options) = try estimationOptions.estimate(c, evidence, modelOptions)
        var sensitivity: SensitivityResult?
        if !noSensitivity {
            let bar = ProgressBar(enabled: progress || isatty(STDERR_FILENO) == 1)
            var callback: (@Sendable (Int, Int) -> Void)? = nil
            if bar.enabled { callback = { done, total in bar.update(done, total) } }
            switch runSensitivity(evidence, estimation.quantities.map(\.quantity), options, callback) {
            case .success(let s): sensitivity = s
            case .failure(let e):
                printError("error: " + e.message + "\n    fix: " + e.fix)
                throw Exit.usage
            }
            bar.finish()
        }
        let provenance = Provenance(
            toolVersion: casualtyVersion, gitCommit: gitCommit(near: input.path),
            seed: options.sampler.seed, inputSHA256: try sha256(of: input.path),
            generatedAt: ISO8601DateFormatter().string(from: Date()), command: commandLine())
        let text = try format.renderer.render(
            ReportInput(
                estimation: estimation, sensitivity: sensitivity, provenance: provenance,
                tracked: try trackedMethod(track, flag: "--track", modelOptions)))
        var path = out
        if path == nil && format == .ipynb { path = "Notebooks-export/\(c.info.id).ipynb" }
        if path == nil && format == .html { path = "\(c.info.id).html" }
        guard let given = path else {
            print(text, terminator: "")
            return
        }
        let target = outputPath(given, defaultName: "\(c.info.id).\(format.rawValue)")
        try writeAtomically(Data(text.utf8), to: target)
        printError("wrote \(target)")
    }

    func runSensitivity(
        _ evidence: Evidence, _ qs: [Quantity], _ options: AnalysisOptions,
        _ callback: (@Sendable (Int, Int) -> Void)?
    ) -> Result<SensitivityResult, SettingsError> {
        let tracked = track.single(metaMethods: options.metaMethods) ?? .laplace
        return Result { () throws(SettingsError) in
            try Sensitivity.run(evidence, method: tracked, queries: qs, options: options, sweepSource: sweep, progress: callback)
        }
    }
}
