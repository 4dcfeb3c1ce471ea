import ArgumentParser

/// The `casualty` command: one root, one subcommand per job.
@main
struct Casualty: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casualty",
        abstract: "Turn disagreeing casualty claims into a defensible consensus.",
        discussion: """
            Exit status: 0 success; 64 bad flags or arguments; 65 invalid data (every problem \
            is listed with file:line:column and a fix); 66 an input file cannot be read; 73 an output \
            file cannot be created. --out naming a folder (or ending in "/") writes the default file \
            name inside it; missing folders are created.
            """,
        version: casualtyVersion,
        subcommands: [
            Validate.self, Estimate.self, SensitivityCommand.self, Report.self, TimelineCommand.self, Batch.self,
            Import.self, Extract.self, Learn.self, Graph.self, Meta.self,
            Simulate.self,
            ModelData.self,
        ],
        defaultSubcommand: nil
    )
}

/// The tool's version, printed by `--version` and written into reports.
let casualtyVersion = "0.1.0"
