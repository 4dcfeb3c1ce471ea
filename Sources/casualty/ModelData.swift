import ArgumentParser
import CasualtyData
import CasualtyModel
import CasualtyReport
import Foundation

/// `casualty model-data CASE`: the compiled Bayesian model as JSON, so that other tools
/// (Stan, NumPyro: see Benchmarks/) can fit exactly the same model.
struct ModelData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model-data",
        abstract: "Print the compiled latent-count model (priors, cells, likelihood terms) as JSON.",
        discussion: """
            Parameters are theta = (z for every cell, then biases, then origins); each term has \
            1-based cell indices, bias and origin indices (0 = none), kind 1 exact (a = log1p(figure)), \
            2 at least a, 3 at most b, 4 between a and b, and sigma.
            """)

    @OptionGroup var input: CaseOptions
    @OptionGroup var evidenceOptions: EvidenceOptions
    @OptionGroup var modelOptions: ModelOptions

    func run() throws {
        let c = try input.load()
        let evidence = try evidenceOptions.evidence(for: c)
        let model = LatentCountModel(evidence, settings: try modelOptions.options(for: c).model)
        print(try ModelDataRenderer.render(model, caseID: c.info.id), terminator: "")
    }
}
