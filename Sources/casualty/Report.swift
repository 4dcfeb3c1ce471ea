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

    @Flag(name: .customLong("no-timeline"), help: "Leave out how the consensus moved as claims arrived.")
    var noTimeline = false

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
        let tracked = try trackedMethod(track, flag: "--track", modelOptions)
        var timelineOptions = options
        timelineOptions.select([.method(tracked)])
        let timeline = noTimeline ? nil : try? Timeline.run(evidence, options: timelineOptions, method: tracked)
        let text = try format.renderer.render(
            ReportInput(
                estimation: estimation, sensitivity: sensitivity, provenance: provenance, tracked: tracked,
                timeline: timeline))
        var path = out
        if path == nil && format == .ipynb { path = "Notebooks-export/\(c.info.id).ipynb" }
        if path == nil && format == .html { path = "\(c.info.id).html" }
        if format == .pdf {
            let target = outputPath(out ?? "\(c.info.id).pdf", defaultName: "\(c.info.id).pdf")
            try printPDF(html: text, to: target)
            printError("wrote \(target)")
            return
        }
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

    /// Prints `html` to a PDF at `target` with headless Chromium (through a temporary file,
    /// renamed when Chromium has written a PDF); without Chromium, a usage error that says
    /// how to print the HTML instead.
    func printPDF(html: String, to target: String) throws {
        let candidates = ["chromium", "chromium-browser", "google-chrome"]
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        guard
            let browser = candidates.lazy.compactMap({ name in
                paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
            }).first
        else {
            printError(
                "error: --format pdf needs headless Chromium\n    fix: install it (apt-get install chromium), "
                    + "or write --format html and print it from a browser (the print styles keep charts whole)")
            throw Exit.usage
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("report.html"), pdf = dir.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: browser)
        p.arguments = [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)",
            page.absoluteString,
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard let data = FileManager.default.contents(atPath: pdf.path), data.starts(with: Array("%PDF".utf8)) else {
            printError(
                "error: Chromium did not write a PDF (exit \(p.terminationStatus))\n    fix: write --format html and print it")
            throw Exit.dataError
        }
        try writeAtomically(data, to: target)
    }
}
