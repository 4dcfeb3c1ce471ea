import ArgumentParser
import CasualtyData
import CasualtyReport

/// `casualty validate CASE`: reads and checks a case file, prints a summary.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a case file: schema, names, claims, quotes' documents.",
        discussion: "Prints every problem with file:line:column and a fix, and exits 65 if there is any.")

    @OptionGroup var input: CaseOptions

    func run() throws {
        let c = try input.load()
        let event = c.eventReports.count
        print(
            terminalSafe(
                "ok: \(c.info.id): \(plural(c.reports.count, "report")) (\(event) about the event), "
                    + "\(plural(c.sources.count, "source")), \(plural(c.documents.count, "document")), "
                    + "\(plural(c.exclusions.count, "figure")) excluded; lexicon: \(c.lexicon.origin)"))
    }
}
