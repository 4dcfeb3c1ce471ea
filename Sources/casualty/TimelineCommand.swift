import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

extension Timeline.UndatedPolicy: ExpressibleByArgument {}
extension TimelineRenderer.Format: ExpressibleByArgument {}

/// `casualty timeline CASE`: the consensus after each claim, in order of arrival.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "The consensus as claims arrived: estimate after each dated claim, and how far it moved.",
        discussion: """
            A claim arrives on its report's date, else on the earliest date of its documents; a \
            month-only date counts from the last day of the month. Undated claims are left out and \
            listed (--undated first|last places them).
            """)

    @OptionGroup var input: CaseOptions
    @OptionGroup var evidenceOptions: EvidenceOptions
    @OptionGroup var modelOptions: ModelOptions

    @Option(help: ArgumentHelp("The method whose consensus is followed.", valueName: "m"))
    var method: MethodSelection = .method(.laplace)

    @Option(help: "Output format.")
    var format: TimelineRenderer.Format = .table

    @Option(help: "Claims without a date: left out, or placed first or last.")
    var undated: Timeline.UndatedPolicy = .leave

    func run() throws {
        let c = try input.load()
        let evidence = try evidenceOptions.evidence(for: c)
        let tracked = try trackedMethod(method, flag: "--method", modelOptions)
        var options = try modelOptions.options(for: c)
        options.select([.method(tracked)])
        let timeline: Timeline
        do { timeline = try Timeline.run(evidence, options: options, method: tracked, undated: undated) } catch {
            printError("error: \(error.message)\n    fix: \(error.fix)")
            throw Exit.usage
        }
        switch format {
        case .table: print(TimelineRenderer.table(timeline, in: c), terminator: "")
        case .md: print(TimelineRenderer.markdown(timeline, in: c), terminator: "")
        case .json: print(try TimelineRenderer.json(timeline, in: c), terminator: "")
        }
    }
}
