import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

/// The error laws `learn --errors` offers (`SourceLearning.ErrorLaw`).
enum LearnErrors: String, CaseIterable, ExpressibleByArgument {
    case contaminated, t, normal
}

/// `casualty learn CLAIMS`: each source's noise and bias learned across events.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn each source's noise and bias across events (a claims table or a directory of cases).",
        discussion: """
            Empirical Bayes with partial pooling (README, "Learning who to trust"). Writes \
            sources.yaml (schema casualty-sources/1) for --sources in estimate, sensitivity, report \
            and batch; the table goes to standard error. Biases are identified only relative to one \
            another: they are anchored on --reference, else on the neutral sources' mean, else on all.
            """)

    @Argument(help: ArgumentHelp("A claims table (CSV/TSV) or a directory of case files.", valueName: "claims"))
    var path: String

    @Option(help: ArgumentHelp("Where to write sources.yaml (default: standard output).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("The source whose bias is 0 (default: the neutral sources on average).", valueName: "src"))
    var reference: String?

    @Option(help: "Noise sd on the log1p scale of a reliability-1 source (default 0.25).")
    var sigma0: Double = 0.25

    @Option(
        name: .customLong("prior-claims"),
        help: "Weight of the pooled prior on each sigma and gross share, in claims (default 4).")
    var priorClaims: Double = 4

    @Option(
        help: ArgumentHelp(
            "Error law: contaminated (a normal core and a share of gross errors per source), t (Student-t) or normal.",
            valueName: "law"))
    var errors: LearnErrors = .contaminated

    @Option(
        name: .customLong("tail-df"),
        help: "Degrees of freedom of the Student-t (of the gross errors under contaminated); 0 for normal errors (default 4).")
    var tailDF: Double = 4

    @Flag(
        help:
            "Also hold out each source (20 claims or more) in turn, and a random 20% of claims, and compare predictions with equal weights."
    )
    var evaluate = false

    func validate() throws {
        guard sigma0 > 0 && sigma0.isFinite else { throw ValidationError("--sigma0 must be positive") }
        guard priorClaims >= 0 && priorClaims.isFinite else { throw ValidationError("--prior-claims must be 0 or more") }
        guard tailDF == 0 || (tailDF > 2 && tailDF.isFinite) else {
            throw ValidationError("--tail-df must be 0 (normal) or above 2")
        }
    }

    func run() throws {
        var data = SourceLearning.Claims()
        do { try read(into: &data) } catch { throw Batch.fail(error) }
        var settings = SourceLearning.Settings()
        settings.sigma0 = sigma0
        settings.priorClaims = priorClaims
        settings.errors =
            switch (errors, tailDF > 0) {
            case (.normal, _), (_, false): .normal
            case (.t, true): .studentT(df: tailDF)
            case (.contaminated, true): .contaminated(grossDF: tailDF)
            }
        if let reference {
            let id =
                data.sourceIDs.first { $0 == reference } ?? data.sourceIDs.first { $0.lowercased() == reference.lowercased() }
            guard let id else {
                printError(
                    "error: --reference: no source '\(reference)'\n    fix: use one of: \(data.sourceIDs.joined(separator: ", "))"
                )
                throw Exit.usage
            }
            settings.reference = id
        }
        guard !data.observations.isEmpty else {
            printError(
                "error: no quantity has claims from two sources in \(path)\n    fix: learning needs events that several sources speak about"
            )
            throw Exit.dataError
        }
        let fit = SourceLearning.fit(data, settings: settings)
        let learned = SourceLearning.learned(data, fit, settings: settings)
        let run = LearnedSourcesRenderer.Run(data, fit, settings)
        let output = try AtomicOutput(out, defaultName: "sources.yaml")
        output.write(LearnedSourcesRenderer.yaml(learned, run: run))
        try output.finish()
        printError(LearnedSourcesRenderer.table(learned, run: run) + (outputFile(out).map { "wrote \($0)" } ?? ""))
        if evaluate { printError(LearnedSourcesRenderer.holdout(SourceLearning.holdout(data, settings: settings))) }
    }

    /// Every event of the claims table (or case file of the directory) into `data`.
    func read(into data: inout SourceLearning.Claims) throws(DataError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter {
                $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
            }
            for name in names.sorted() { data.add(try Case.load(path: (path as NSString).appendingPathComponent(name))) }
            return
        }
        let reader = try ClaimsTable.Reader(path: path)
        var problems: [Diagnostic] = []
        while let event = try reader.nextEvent() {
            switch event.makeCase(path: path, columns: reader.columnPositions, lexicon: .builtIn) {
            case .success(let c): data.add(c)
            case .failure(let e): problems += e.diagnostics
            }
        }
        if !problems.isEmpty { throw .invalid(problems) }
    }
}
