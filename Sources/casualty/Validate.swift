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
                "ok: \(c.info.id): \(c.reports.count) reports (\(event) about the event), \(c.sources.count) sources, "
                    + "\(c.documents.count) documents, \(c.exclusions.count) figures excluded; lexicon: \(c.lexicon.origin)"))
    }
}
