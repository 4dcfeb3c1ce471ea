// An app's use of the casualty libraries: load a case, estimate one quantity by the
// recorders' rules, meta-analysis and the Bayesian model, and print the posterior's
// quantiles. Run: swift run casualty-example [CASE.yaml] [QUANTITY]
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let path = arguments.first ?? "Models/khan-tuman-2016/case.yaml"
let query = arguments.dropFirst().first ?? "killed:iranian"

do {
    // 1. Read and validate the case file (every problem at once, with file:line:column).
    let theCase = try Case.load(path: path)

    // 2. Choose the evidence (here: every source at its own weight) and the quantity.
    let evidence = try Evidence(theCase)
    let quantity = try theCase.quantity(query).get()

    // 3. Fit: recorder rules, REML meta-analysis and the Laplace approximation.
    var options = AnalysisOptions()
    options.select([.family(.weighted), .method(.meta(.reml)), .method(.laplace)])
    let result = evidence.estimate([quantity], options: options)

    // 4. Read the estimates; the Bayesian one carries its posterior.
    for estimate in result.estimates {
        let level = estimate.level.map { " (\(Int($0 * 100))%)" } ?? ""
        print(
            "\(estimate.method): best \(estimate.best.formatted(.number.precision(.fractionLength(1)))), "
                + "range \(estimate.low.formatted(.number.precision(.fractionLength(1))))"
                + "-\(estimate.high.formatted(.number.precision(.fractionLength(1))))\(level)")
        if let posterior = estimate.posterior {
            for interval in posterior.intervals {
                print("  \(Int(interval.level * 100))% credible interval: \(interval.low) to \(interval.high)")
            }
        }
    }
    for warning in result.warnings { print("warning: \(warning)") }

    // 5. Or hand the whole result to a renderer.
    print(try EstimateFormat.table.renderer.render(result), terminator: "")
} catch let error as DataError {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(65)
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
