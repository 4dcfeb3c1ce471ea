import ArgumentParser
import CasualtyData
import CasualtyModel
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
        var kinds: [Int] = [], a: [Double] = [], b: [Double] = []
        for t in model.terms {
            switch t.observation {
            case .exact(let y): kinds.append(1); a.append(y); b.append(y)
            case .atLeast(let x): kinds.append(2); a.append(x); b.append(x)
            case .atMost(let x): kinds.append(3); a.append(x); b.append(x)
            case let .between(x, y): kinds.append(4); a.append(x); b.append(y)
            }
        }
        let maxCells = model.terms.map(\.cells.count).max() ?? 1
        let doc: [String: Any] = [
            "schema": "casualty-model-data/1",
            "case": c.info.id,
            "C": model.cells.count,
            "P": model.dimension - model.cells.count,
            "R": model.terms.count,
            "parameter_names": model.parameterNames,
            "prior_mean": model.priorMean,
            "prior_sd": model.priorSD,
            "max_cells": maxCells,
            "n_cells": model.terms.map(\.cells.count),
            "cell_idx": model.terms.map { t in (0..<maxCells).map { $0 < t.cells.count ? t.cells[$0] + 1 : 1 } },
            "bias_idx": model.terms.map { ($0.bias ?? -1) + 1 },
            "origin_idx": model.terms.map { ($0.origin ?? -1) + 1 },
            "kind": kinds, "a": a, "b": b,
            "sigma": model.terms.map(\.sigma),
            "reports": model.terms.map(\.report),
        ]
        let data = try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
