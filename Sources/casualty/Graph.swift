import ArgumentParser
import CasualtyData
import CasualtyReport

/// `casualty graph CASE`: who copied whom, for Graphviz or as the report's SVG.
struct Graph: ParsableCommand {
    enum Format: String, CaseIterable, ExpressibleByArgument { case dot, svg }

    static let configuration = CommandConfiguration(
        abstract: "The provenance graph: sources, their derives_from links and the documents carrying their reports.",
        discussion: "dot is Graphviz's language (dot -Tsvg); svg is the drawing the HTML report embeds.")

    @OptionGroup var input: CaseOptions

    @Option(help: "Output format.")
    var format: Format = .dot

    func run() throws {
        let c = try input.load()
        print(format == .dot ? ProvenanceGraph.dot(c) : ProvenanceGraph.svg(c) + "\n", terminator: "")
    }
}
