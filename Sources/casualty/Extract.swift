import ArgumentParser
import CasualtyData
import CasualtyReport
import Foundation

/// The formats of `casualty extract`.
enum ExtractFormat: String, CaseIterable, ExpressibleByArgument {
    case yaml, json
}

/// `casualty extract FILE...`: the casualty figures of articles, as a draft case or JSON.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draft a case from article text: every casualty figure with its quote, source and scope.",
        discussion: """
            Deterministic rules (Models/extract-rules.yaml and the lexicon), no model. YAML (the \
            default) is a draft case that validate accepts, with a TODO wherever the analyst must \
            decide; JSON lists every figure with its offsets in the file (schemas/casualty-extract-1.schema.json).
            """)

    @Argument(help: ArgumentHelp("Article text files; - reads standard input.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Output file (default: standard output).", valueName: "file"))
    var out: String?

    @Option(help: "Output format.")
    var format: ExtractFormat = .yaml

    @Option(
        name: .customLong("case-id"),
        help: ArgumentHelp("The draft case's id (default: from the first file's name).", valueName: "id"))
    var caseID: String?

    @Option(help: ArgumentHelp("Word lists to use instead of the built-in Models/extract-rules.yaml.", valueName: "file"))
    var rules: String?

    @Option(
        help: ArgumentHelp(
            "A case whose groups and aggregates the draft counts group phrases as, where a phrase names one.",
            valueName: "case"))
    var like: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one article file (or - for standard input)") }
        guard files.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("standard input (-) can be read once") }
    }

    func run() throws {
        let documents: [ExtractedDocument]
        do { documents = try read() } catch { throw Batch.fail(error) }
        let output = try AtomicOutput(out, defaultName: "draft.\(format.rawValue)")
        switch format {
        case .json: output.write(try ExtractRenderer.json(documents))
        case .yaml:
            var likeCase: Case?
            if let like {
                do { likeCase = try Case.load(path: like) } catch { throw Batch.fail(error) }
            }
            let draft = DraftCase(documents: documents, caseID: caseID, draftPath: outputFile(out), like: likeCase)
            output.write(ExtractRenderer.yaml(draft))
        }
        try output.finish()
        let figures = documents.reduce(0) { $0 + $1.figures.count }
        printError(
            "\(plural(documents.count, "document")), \(plural(figures, "figure"))"
                + (outputFile(out).map { "; wrote \($0)" } ?? ""))
    }

    /// The figures of every file, read with `--rules` or the built-in rules.
    func read() throws(DataError) -> [ExtractedDocument] {
        var extractor = Extractor()
        if let rules { extractor = Extractor(rules: try ExtractRules.load(path: rules)) }
        var documents: [ExtractedDocument] = []
        for file in files { documents.append(extractor.extract(try Extractor.readText(path: file), file: file)) }
        return documents
    }
}
