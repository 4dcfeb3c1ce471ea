import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport

/// `casualty estimate CASE`: every method's best figure and range per quantity.
struct Estimate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate each quantity by every method, side by side.",
        discussion: """
        Quantities are written OUTCOME[+OUTCOME]:GROUP[+GROUP], where a group may be an \
        aggregate: killed:iranian, killed+wounded:iranian, killed:pro-government. By default \
        every quantity a report speaks about and every outcome x aggregate is estimated.
        """)

    @OptionGroup var input: CaseOptions
    @OptionGroup var evidenceOptions: EvidenceOptions
    @OptionGroup var modelOptions: ModelOptions

    @Option(name: .customLong("query"), help: ArgumentHelp("A quantity to estimate. Repeatable.", valueName: "q"))
    var queries: [String] = []

    @Option(help: ArgumentHelp("Methods: weighted, meta, laplace, nuts or all (comma-separated).", valueName: "m"))
    var method: String = "all"

    @Option(help: "Output format: table or json.")
    var format: String = "table"

    @Flag(help: "Print the wall time of each phase on standard error.")
    var timings = false

    func validate() throws {
        _ = try parseMethodFamilies(method)
        guard estimateRenderers[format] != nil else {
            throw ValidationError("--format must be one of: \(estimateRenderers.keys.sorted().joined(separator: ", "))")
        }
    }

    func run() throws {
        let c = try input.load()
        let evidence = try evidenceOptions.evidence(for: c)
        let quantities = try parseQueries(queries, in: c)
        var options = try modelOptions.options(for: c)
        options.methods = try parseMethodFamilies(method)
        let result = evidence.estimate(quantities, options: options)
        for w in result.warnings { printError("warning: " + w) }
        if timings { for t in result.timings { printError(String(format: "timing: %@ %.4f s", t.phase, t.seconds)) } }
        print(try estimateRenderers[format]!.render(result), terminator: "")
    }
}
