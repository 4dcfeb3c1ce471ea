import ArgumentParser
import CasualtyData
import CasualtyReport
import Foundation

/// `casualty validate CASE`: reads and checks a case file, prints a summary.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a case file (schema, names, claims, quotes' documents) or a learned sources.yaml.",
        discussion: "Prints every problem with file:line:column and a fix, and exits 65 if there is any.")

    @OptionGroup var input: CaseOptions

    func run() throws {
        if Self.isSourcesFile(input.path) {
            do {
                let l = try LearnedSources.load(path: input.path)
                print(terminalSafe("ok: learned sources: \(plural(l.sources.count, "source")); \(l.anchor)"))
                return
            } catch {
                throw Batch.fail(error)
            }
        }
        let c = try input.load()
        let event = c.eventReports.count
        print(
            terminalSafe(
                "ok: \(c.info.id): \(plural(c.reports.count, "report")) (\(event) about the event), "
                    + "\(plural(c.sources.count, "source")), \(plural(c.documents.count, "document")), "
                    + "\(plural(c.exclusions.count, "figure")) excluded; lexicon: \(c.lexicon.origin)"))
    }

    /// Whether `path` starts as a learned sources file (`schema: casualty-sources/1` among its
    /// first lines) rather than a case.
    static func isSourcesFile(_ path: String) -> Bool {
        guard let h = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? h.close() }
        let head = String(decoding: h.readData(ofLength: 4096), as: UTF8.self)
        return head.contains("schema: casualty-sources/1")
    }
}
