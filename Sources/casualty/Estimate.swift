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

    @OptionGroup var estimation: EstimationOptions

    @Option(help: "Output format.")
    var format: EstimateFormat = .table

    @Flag(help: "Print the wall time of each phase on standard error.")
    var timings = false

    func run() throws {
        let c = try input.load()
        let evidence = try evidenceOptions.evidence(for: c)
        let (result, _) = try estimation.estimate(c, evidence, modelOptions)
        if timings { for t in result.timings { printError(String(format: "timing: %@ %.4f s", t.phase, t.seconds)) } }
        print(try format.renderer.render(result), terminator: "")
    }
}
