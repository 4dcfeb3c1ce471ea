import ArgumentParser
import CasualtyData
import CasualtyReport
import Foundation

extension ImportFormat: ExpressibleByArgument {}

/// `casualty import FORMAT FILE`: a recorder's export as a claims table.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a recorder's export (UCDP GED, Airwars, ACLED, the Civil War compilers) into a claims table for batch.",
        discussion: """
            The mapping of each format is in the README ("Importers"). Rows that give no claim \
            are listed with their line and reason in the rejects file (--rejects, default \
            <out>.rejects.csv) and counted on standard error; none is dropped silently.
            """)

    @Argument(help: "The format of the export.")
    var format: ImportFormat

    @Argument(help: ArgumentHelp("The export (CSV); - reads standard input.", valueName: "file"))
    var path: String

    @Option(help: ArgumentHelp("The claims table to write (default: standard output).", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Where the rejected rows go (default: beside --out, else standard error).", valueName: "file"))
    var rejects: String?

    @Option(
        help: ArgumentHelp(
            "Airwars grade -> reliability table (default: Models/airwars-grades.yaml's values).", valueName: "file"))
    var grades: String?

    func run() throws {
        let table = (try? grades.map { path throws(DataError) in try AirwarsGrades.load(path: path) }) ?? nil
        if let grades, table == nil {
            do { _ = try AirwarsGrades.load(path: grades) } catch { throw report(error) }
        }
        let output = try AtomicOutput(out, defaultName: "claims.csv")
        output.write(ClaimsTableRenderer.header(extraColumns: format.extraColumns))
        let summary: ImportSummary
        do {
            summary = try format.read(path, grades: table ?? .builtIn) { row in output.write(ClaimsTableRenderer.line(row)) }
        } catch let e as DataError {
            output.discard()
            throw report(e)
        }
        try output.finish()
        let rejectsPath = rejects ?? outputFile(out).map { ($0 as NSString).deletingPathExtension + ".rejects.csv" }
        let rejectText = ClaimsTableRenderer.rejects(summary.rejects)
        if let rejectsPath {
            try writeAtomically(Data(rejectText.utf8), to: rejectsPath)
        } else if !summary.rejects.isEmpty {
            printError(rejectText)
        }
        printError(
            "\(format.rawValue): \(plural(summary.rowsRead, "row")) read, \(plural(summary.claims, "claim")) written, "
                + "\(plural(summary.rejects.count, "row")) rejected" + (rejectsPath.map { " (listed in \($0))" } ?? ""))
    }

    func report(_ error: DataError) -> ExitCode {
        for d in error.diagnostics.prefix(20) { printError(d.description) }
        if case .missingFile = error {
            printError(error.description)
            return Exit.noInput
        }
        return Exit.dataError
    }
}
