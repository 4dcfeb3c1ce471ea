import Foundation

@testable import CasualtyData
@testable import CasualtyModel

/// Builders for small models whose exact posterior can be computed by quadrature.
enum Small {
    /// A one-cell model: prior N(mu0, s0^2) on z, and the given terms (cells index 0).
    static func model(cells: Int, terms: [LatentCountModel.Term], settings: ModelSettings = ModelSettings()) -> LatentCountModel {
        LatentCountModel(
            cells: (0..<cells).map { Cell(outcome: "killed", group: "g\($0)") },
            parameterNames: (0..<cells).map { "z\($0)" },
            priorMean: [Double](repeating: log(settings.priorMedian), count: cells),
            priorSD: [Double](repeating: settings.priorScale, count: cells),
            terms: terms, settings: settings)
    }

    static func term(_ cells: [Int], sigma: Double, _ o: LatentCountModel.Observation) -> LatentCountModel.Term {
        LatentCountModel.Term(report: "r", cells: cells, sigma: sigma, bias: nil, origin: nil, observation: o)
    }

    /// Quantiles of g(z) under the density exp(logp(z)) on a 1-D grid (trapezoid rule, CDF
    /// inverted by linear interpolation). With 400,001 points over +-12 prior sds the
    /// discretisation error is far below 1e-6 for the smooth densities used here.
    static func quantiles1D(
        logp: (Double) -> Double, lo: Double, hi: Double, n: Int = 400_001,
        probs: [Double]
    ) -> [Double] {
        let h = (hi - lo) / Double(n - 1)
        let zs = (0..<n).map { lo + Double($0) * h }
        let lps = zs.map(logp)
        let m = lps.max()!
        let w = lps.map { exp($0 - m) }
        var cdf = [Double](repeating: 0, count: n)
        for i in 1..<n { cdf[i] = cdf[i - 1] + 0.5 * (w[i] + w[i - 1]) * h }
        let total = cdf[n - 1]
        return probs.map { p in
            let target = p * total
            var lo = 0, hi = n - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if cdf[mid] < target { lo = mid } else { hi = mid }
            }
            let t = (target - cdf[lo]) / (cdf[hi] - cdf[lo])
            return zs[lo] + t * (zs[hi] - zs[lo])
        }
    }

    /// Empirical type-7 quantile.
    static func quantile(_ x: [Double], _ p: Double) -> Double { Diagnostics.quantile(sorted: x.sorted(), p) }
}
