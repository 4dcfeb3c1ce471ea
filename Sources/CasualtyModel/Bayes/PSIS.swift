import Foundation

/// Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao and Gabry, "Pareto
/// smoothed importance sampling", JMLR 25(72), 2024), as in R's loo and ArviZ's `psislw`
/// with relative efficiency 1.
///
/// The M = ceil(min(S / 5, 3 sqrt(S))) largest of S log importance ratios form the tail; a
/// generalized Pareto distribution is fitted to their excess over the largest ratio left in
/// the body by the empirical-Bayes method of Zhang and Stephens (2009) (30 + floor(sqrt(M))
/// grid points, prior 3 on the scale) with loo's weakly informative prior on the shape,
/// k = (M k + 10 x 0.5) / (M + 10). The tail ratios are replaced by the fitted quantiles at
/// (i - 0.5) / M and truncated at the largest raw ratio. k-hat is the fitted shape: below
/// 0.5 the importance weights have finite variance; up to 0.7 PSIS estimates are reliable;
/// above 0.7 they are not (the paper's threshold for S of a few thousand is
/// min(1 - 1 / log10(S), 0.7)).
///
/// Agreement with ArviZ 0.23.4 `psislw` is tested to 1e-9 (Tests/CasualtyModelTests/Fixtures/psis.json).
public struct PSIS: Sendable {
    /// Smoothed log weights, normalised so that their exponentials sum to 1.
    public let logWeights: [Double]
    /// The fitted Pareto shape k-hat (infinity when the tail is too short to fit).
    public let paretoK: Double

    /// Smooths `logRatios` (log target density minus log proposal density, any constant).
    public init(logRatios: [Double]) {
        let s = logRatios.count
        var x = logRatios.map { $0.isNaN ? -Double.infinity : $0 }
        let maxX = x.max() ?? 0
        guard s > 0, maxX.isFinite else {
            logWeights = [Double](repeating: -log(Double(max(s, 1))), count: s)
            paretoK = .infinity
            return
        }
        for i in 0..<s { x[i] -= maxX }
        let tailLength = Int(min(Double(s) / 5, 3 * Double(s).squareRoot()).rounded(.up))
        let cutoff = max(Self.orderStatistic(x, max(0, s - tailLength - 1)), log(Double.leastNormalMagnitude))
        // The tail in ascending order (ties by index): only M of the S ratios are sorted.
        let tail = x.indices.filter { x[$0] > cutoff }.sorted { (x[$0], $0) < (x[$1], $1) }
        var k = Double.infinity
        if tail.count > 4 {
            let expCutoff = exp(cutoff)
            let excess = tail.map { exp(x[$0]) - expCutoff }
            let (shape, sigma) = Self.generalizedParetoFit(sortedExcess: excess)
            k = shape
            if k.isFinite && sigma > 0 {
                let m = Double(tail.count)
                for (j, index) in tail.enumerated() {
                    let p = (Double(j) + 0.5) / m
                    x[index] = min(0, log(Self.gpdQuantile(p, k: k, sigma: sigma) + expCutoff))
                }
            }
        }
        let total = Self.logSumExp(x)
        logWeights = x.map { $0 - total }
        paretoK = k
    }

    /// The `rank`-th smallest of `values` (0-based), by Hoare's selection with a middle pivot:
    /// expected O(S) where sorting all S ratios to find one cutoff is O(S log S).
    static func orderStatistic(_ values: [Double], _ rank: Int) -> Double {
        var a = values
        Diagnostics.select(&a, rank: rank)
        return a[rank]
    }

    /// The normalised weights.
    public var weights: [Double] { logWeights.map { exp($0) } }

    /// Effective sample size of the smoothed weights, 1 / sum w^2.
    public var effectiveSampleSize: Double { 1 / weights.reduce(0) { $0 + $1 * $1 } }

    /// The reliability threshold on k-hat for `draws` draws: min(1 - 1 / log10(S), 0.7).
    public static func threshold(draws: Int) -> Double { min(1 - 1 / log10(Double(max(draws, 11))), 0.7) }

    /// Zhang and Stephens' (2009) posterior-mean estimate of the generalized Pareto shape and
    /// scale for ascending positive `sortedExcess`, with loo's prior on the shape.
    static func generalizedParetoFit(sortedExcess x: [Double]) -> (k: Double, sigma: Double) {
        let n = x.count
        let m = 30 + Int(Double(n).squareRoot())
        let quartile = x[max(0, Int(Double(n) / 4 + 0.5) - 1)]
        let b = (1...m).map { j in (1 - (Double(m) / (Double(j) - 0.5)).squareRoot()) / (3 * quartile) + 1 / x[n - 1] }
        let kOf = b.map { bj in x.reduce(0) { $0 + log1p(-bj * $1) } / Double(n) }
        let profile = zip(b, kOf).map { bj, kj in Double(n) * (log(-bj / kj) - kj - 1) }
        var w = profile.map { lj in 1 / profile.reduce(0) { $0 + exp($1 - lj) } }
        var keep = w.indices.filter { w[$0] >= 10 * Double.ulpOfOne }
        if keep.isEmpty { keep = Array(w.indices) }
        let total = keep.reduce(0) { $0 + w[$1] }
        w = w.map { $0 / total }
        let bPost = keep.reduce(0) { $0 + b[$1] * w[$1] }
        let kPost = x.reduce(0) { $0 + log1p(-bPost * $1) } / Double(n)
        let sigma = -kPost / bPost
        let shape = (Double(n) * kPost + 10 * 0.5) / (Double(n) + 10)
        return (shape.isNaN ? .infinity : shape, sigma)
    }

    /// The generalized Pareto quantile at `p` (location 0).
    static func gpdQuantile(_ p: Double, k: Double, sigma: Double) -> Double {
        abs(k) < Double.ulpOfOne ? -sigma * log1p(-p) : sigma * expm1(-k * log1p(-p)) / k
    }

    static func logSumExp(_ x: [Double]) -> Double {
        guard let m = x.max(), m.isFinite else { return x.max() ?? -.infinity }
        return m + log(x.reduce(0) { $0 + exp($1 - m) })
    }
}
