import CasualtyModel
import Foundation

/// The compiled latent-count model as JSON (`schema: "casualty-model-data/1"`), so that
/// other tools (Stan, NumPyro: see Benchmarks/) can fit exactly the same model.
///
/// Parameters are theta = (z for every cell, then biases, then origins); each term has
/// 1-based cell indices, bias and origin indices (0 = none), kind 1 exact
/// (a = log1p(figure)), 2 at least a, 3 at most b, 4 between a and b, 5 a named floor
/// (log1p of the summed cells >= a, with sigma the width of the smooth wall below it), and sigma.
public enum ModelDataRenderer {
    struct Document: Encodable {
        var schema = "casualty-model-data/1"
        var `case`: String
        var C, P, R: Int
        var parameter_names: [String]
        var prior_mean, prior_sd: [Double]
        var max_cells: Int
        var n_cells: [Int]
        var cell_idx: [[Int]]
        var bias_idx, origin_idx, kind: [Int]
        var a, b, sigma: [Double]
        var reports: [String]
    }

    /// The model of case `caseID` as JSON.
    public static func render(_ model: LatentCountModel, caseID: String) throws -> String {
        var kinds: [Int] = [], a: [Double] = [], b: [Double] = []
        for t in model.terms {
            switch t.observation {
            case .exact(let y):
                kinds.append(1)
                a.append(y)
                b.append(y)
            case .atLeast(let x):
                kinds.append(2)
                a.append(x)
                b.append(x)
            case .atMost(let x):
                kinds.append(3)
                a.append(x)
                b.append(x)
            case let .between(x, y):
                kinds.append(4)
                a.append(x)
                b.append(y)
            case .floor(let x):
                kinds.append(5)
                a.append(x)
                b.append(x)
            }
        }
        let maxCells = model.terms.map(\.cells.count).max() ?? 1
        return try reproducibleJSON(
            Document(
                case: caseID, C: model.cells.count, P: model.dimension - model.cells.count, R: model.terms.count,
                parameter_names: model.parameterNames, prior_mean: model.priorMean, prior_sd: model.priorSD,
                max_cells: maxCells, n_cells: model.terms.map(\.cells.count),
                cell_idx: model.terms.map { t in (0..<maxCells).map { $0 < t.cells.count ? t.cells[$0] + 1 : 1 } },
                bias_idx: model.terms.map { ($0.bias ?? -1) + 1 }, origin_idx: model.terms.map { ($0.origin ?? -1) + 1 },
                kind: kinds, a: a, b: b, sigma: model.terms.map(\.sigma), reports: model.terms.map(\.report)))
    }
}

/// Simulation-based calibration results as a terminal table.
public enum CalibrationRenderer {
    /// One row per tracked quantity: rank chi-square and the 50% and 90% coverage.
    public static func table(_ cal: Calibration, misspecified: Bool) -> String {
        var out = [
            "simulation-based calibration: \(cal.simulations) cases, method \(cal.method.rawValue), "
                + "\(cal.posteriorDraws) draws per case, \(misspecified ? "misspecified" : "well-specified") generator",
            "quantity          chi2(9 df)  cover50  cover90",
        ]
        for t in cal.tracked {
            out.append(t.name.rightPad(16) + String(format: "  %10.2f  %7.3f  %7.3f", t.chiSquare, t.coverage50, t.coverage90))
        }
        out.append("(chi2 above 27.88 rejects uniform ranks at p = 0.001)")
        let unflagged = cal.tracked.map { $0.coverage90Unflagged.map { String(format: "%.3f", $0) } ?? "n/a" }
        out.append(
            "claims conflict (a claim's predictive p < 0.001) flagged in \(cal.conflicts) of \(cal.simulations) cases; "
                + "cover90 without them: \(unflagged.joined(separator: " / "))")
        if cal.method == .laplace {
            out.append("Laplace check failed, NUTS answered: \(cal.fallbacks) of \(cal.simulations) cases")
        }
        if let redone = cal.fullWarmups {
            let r = Calibration.laplaceMetricRecipe
            out.append(
                "NUTS with the Laplace metric (\(r.chains) chains, \(r.warmup) warm-up, \(r.draws) draws): "
                    + "went on as long again in \(cal.extended ?? 0) and was redone with the full warm-up in \(redone) "
                    + "of \(cal.simulations) cases")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The Laplace check study as a terminal table.
public enum LaplaceStudyRenderer {
    /// Counts of trusted answers and fallbacks, the k-hat histogram and the accuracy of the
    /// trusted answers against NUTS.
    public static func table(_ s: LaplaceStudy, misspecified: Bool) -> String {
        let n = s.cases.count, h = s.kHistogram
        func pct(_ x: Int) -> String { String(format: "%.1f%%", 100 * Double(x) / Double(max(n, 1))) }
        let errors = s.cases.filter(\.trusted).compactMap(\.medianError).sorted()
        let ends = s.cases.filter(\.trusted).compactMap(\.endError).sorted()
        func quantile(_ x: [Double], _ p: Double) -> String {
            x.isEmpty ? "n/a" : String(format: "%.3f", Diagnostics.quantile(sorted: x, p))
        }
        return [
            "Laplace check on \(n) simulated cases (\(misspecified ? "misspecified" : "well-specified") generator), NUTS as reference",
            "Pareto k-hat <= 0.5: \(h[0]), 0.5-0.7: \(h[1]), > 0.7: \(h[2]); no mode found: \(h[3])",
            "trusted (k-hat <= 0.7, ESS >= 1000, profile within \(Int(100 * CheckedLaplace.profileThreshold))%): \(s.trusted) (\(pct(s.trusted))); "
                + "NUTS took over: \(s.fellBack) (\(pct(s.fellBack)))",
            "refused by the profile check alone: \(s.profileRefused), of them \(s.profileRefusedFar) more than 10% (median) or 20% (90% end) from NUTS",
            "saddle points left on the way to the mode: \(s.saddles) cases",
            "trusted answers within 10% (medians) and 20% (90% ends) of NUTS: \(s.trustedClose) of \(s.trusted)"
                + " (k-hat <= 0.5: \(s.close(k: 0...0.5)); 0.5-0.7: \(s.close(k: 0.5...0.7)))",
            "largest median error of a trusted answer: median \(quantile(errors, 0.5)), 95th pct \(quantile(errors, 0.95)), max \(quantile(errors, 1))",
            "largest interval-end error of a trusted answer: median \(quantile(ends, 0.5)), 95th pct \(quantile(ends, 0.95)), max \(quantile(ends, 1))",
            "trusted answers furthest from NUTS (case: k-hat, ESS, median error, end error, profile): " + worst(s),
        ].joined(separator: "\n") + "\n"
    }

    /// The three trusted cases with the largest interval-end error, by their index (the case
    /// is drawn from stream `index` of the seed), so that each can be drawn again and looked at.
    static func worst(_ s: LaplaceStudy) -> String {
        let ranked = s.cases.enumerated().filter { $0.element.trusted && $0.element.endError != nil }
            .sorted { ($0.element.endError ?? 0) > ($1.element.endError ?? 0) }.prefix(3)
        guard !ranked.isEmpty else { return "none" }
        return ranked.map { i, c in
            String(
                format: "%d: %.2f, %.0f, %.3f, %.3f, %.2f", i, c.paretoK ?? .nan, c.effectiveSampleSize ?? .nan,
                c.medianError ?? .nan, c.endError ?? .nan, c.profileDisagreement ?? .nan)
        }.joined(separator: "; ")
    }
}
