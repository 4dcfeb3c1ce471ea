import CasualtyData
import Foundation

/// A credible interval: the central `level` of the posterior of a quantity.
public struct CredibleInterval: Hashable, Sendable {
    /// Nominal probability (0.5, 0.9, 0.95).
    public var level: Double
    /// Lower end (the (1 - level)/2 quantile).
    public var low: Double
    /// Upper end (the (1 + level)/2 quantile).
    public var high: Double
}

/// The posterior of one quantity (a sum of cells) summarised from draws.
public struct PosteriorSummary: Hashable, Sendable {
    /// Posterior median.
    public var median: Double
    /// Posterior mean.
    public var mean: Double
    /// Posterior standard deviation.
    public var sd: Double
    /// Central 50%, 90% and 95% intervals (type-7 empirical quantiles of the draws).
    public var intervals: [CredibleInterval]
    /// P(Q > t) for each threshold t asked for.
    public var exceedance: [Double: Double]
    /// Rank-normalised split R-hat (NUTS only).
    public var rhat: Double?
    /// Bulk effective sample size (NUTS only).
    public var essBulk: Double?
    /// Posterior contraction of log1p(Q): 1 - var_posterior / var_prior (Schad, Betancourt
    /// and Vasishth, "Toward a principled Bayesian workflow", Psychological Methods 2021).
    /// Near 1 the claims determine Q; near 0 (or below) Q rests on the prior, as the split of
    /// a total that no claim divides does.
    public var contraction: Double?

    /// Whether the quantity rests largely on the prior: contraction below 0.75 (the
    /// posterior sd of log1p(Q) is more than half the prior's).
    public var restsOnPrior: Bool { (contraction ?? 1) < PosteriorSummary.contractionThreshold }

    /// The contraction below which a quantity is flagged as resting on the prior.
    public static let contractionThreshold = 0.75
    /// Tail effective sample size (NUTS only).
    public var essTail: Double?

    /// The interval at `level`, if summarised.
    public func interval(_ level: Double) -> CredibleInterval? { intervals.first { abs($0.level - level) < 1e-9 } }
}

/// How plausible a report's claim is under the fitted model: the posterior predictive
/// probability of a reading at least as far out as the claim.
///
/// With mu and sigma the report's location and noise and Phi the normal CDF, per draw:
/// lower bound L: P(Y >= L); upper bound U: P(Y <= U); exact figure or interval [L, U]:
/// min(1, 2 min(P(Y <= U), P(Y >= L))) (a two-sided tail probability); averaged over draws.
/// Below 0.05 the claim is flagged as inconsistent with the consensus.
public struct PredictiveCheck: Hashable, Sendable {
    /// The report id.
    public var report: String
    /// The posterior predictive probability.
    public var probability: Double
    /// Whether the probability is below 0.05.
    public var flagged: Bool { probability < 0.05 }
}

/// Draws from a posterior (NUTS chains, or independent Laplace draws as one chain) with
/// the model that produced them.
public struct PosteriorFit: Sendable {
    /// `.nuts` or `.laplace`.
    public var method: MethodID
    /// The model.
    public var model: LatentCountModel
    /// draws[chain][draw] = parameter vector.
    public var draws: [[[Double]]]
    /// NUTS chain details (empty for Laplace).
    public var chains: [NUTS.Chain]
    /// For Laplace draws: the Pareto k-hat of their importance-sampling correction.
    public var paretoK: Double?
    /// Whether draws are Markov chains (so R-hat and ESS apply).
    public var isMCMC: Bool { method.isMCMC }

    /// The fit with the draws below a named floor removed, every chain cut to the length of
    /// the shortest so that R-hat and ESS apply: the draws kept follow the posterior
    /// truncated at the floors (the sampler's smooth wall below a floor only adds draws
    /// that are discarded here).
    public func truncatedAtFloors() -> PosteriorFit {
        guard model.hasFloors else { return self }
        var out = self
        let kept = draws.map { $0.filter(model.satisfiesFloors) }
        let n = kept.map(\.count).min() ?? 0
        out.draws = kept.map { Array($0.prefix(n)) }
        return out
    }

    /// Divergent transitions after warm-up.
    public var divergences: Int { chains.reduce(0) { $0 + $1.divergent.filter { $0 }.count } }
    /// Transitions that hit the maximum tree depth.
    public func depthSaturations(maxDepth: Int) -> Int { chains.reduce(0) { $0 + $1.treeDepth.filter { $0 >= maxDepth }.count } }

    /// The quantity's value in every draw, per chain.
    public func values(of q: Quantity) -> [[Double]] { values(of: q, counts: cellCounts()) }

    /// Every draw's cell counts exp(z_c), computed once for all the quantities of a fit:
    /// `counts[chain][draw * cells + c]`.
    func cellCounts() -> [[Double]] {
        let k = model.cells.count
        return draws.map { chain in
            var out = [Double](repeating: 0, count: chain.count * k)
            for (i, theta) in chain.enumerated() { for c in 0..<k { out[i * k + c] = exp(theta[c]) } }
            return out
        }
    }

    /// The quantity's value in every draw, per chain, from `cellCounts()`: its cells' counts
    /// summed in the order of `q.cells`.
    func values(of q: Quantity, counts: [[Double]]) -> [[Double]] {
        let idx = q.cells.compactMap { c in model.cells.firstIndex(of: c) }, k = model.cells.count
        return zip(draws, counts).map { chain, counts in
            chain.indices.map { i in
                var sum = 0.0
                for c in idx { sum += counts[i * k + c] }
                return sum
            }
        }
    }

    /// The posterior summary of `q`, with P(Q > t) for each of `thresholds`.
    public func summary(of q: Quantity, thresholds: [Double] = []) -> PosteriorSummary {
        summary(of: q, thresholds: thresholds, counts: cellCounts())
    }

    /// The same, from the fit's `cellCounts()`.
    func summary(of q: Quantity, thresholds: [Double], counts: [[Double]]) -> PosteriorSummary {
        let perChain = values(of: q, counts: counts)
        let all = Diagnostics.sortedCounts(perChain.flatMap { $0 })
        let n = Double(all.count)
        let mean = all.reduce(0, +) / n
        let sd = (all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(1, n - 1)).squareRoot()
        let intervals = [0.5, 0.9, 0.95].map { level in
            CredibleInterval(
                level: level, low: Diagnostics.quantile(sorted: all, (1 - level) / 2),
                high: Diagnostics.quantile(sorted: all, (1 + level) / 2))
        }
        var exceed: [Double: Double] = [:]
        for t in thresholds { exceed[t] = Double(all.filter { $0 > t }.count) / n }
        var s = PosteriorSummary(
            median: Diagnostics.quantile(sorted: all, 0.5), mean: mean, sd: sd,
            intervals: intervals, exceedance: exceed)
        let logs = all.map { log1p($0) }
        let prior = model.priorVarianceOfLog1p(q)
        if prior > 0 { s.contraction = 1 - Diagnostics.variance(logs) / prior }
        if isMCMC && perChain.first?.count ?? 0 >= 4 {
            let c = Diagnostics.convergence(perChain)
            s.rhat = c.rhat
            s.essBulk = c.essBulk
            s.essTail = c.essTail
        }
        return s
    }

    /// The posterior predictive check of every pooled report.
    public func predictiveChecks() -> [PredictiveCheck] { model.terms.map(predictiveCheck) }

    /// The posterior predictive check of one pooled report: the posterior probability of a
    /// reading at least as far out as its claim (two-sided for exact figures and ranges).
    public func predictiveCheck(_ t: LatentCountModel.Term) -> PredictiveCheck {
        var total = 0.0, count = 0
        for chain in draws {
            for theta in chain {
                count += 1
                let mu = model.location(t, theta).mu
                if case .floor(let a) = t.observation {
                    total += mu >= a ? 1 : 0  // a named count: the kept draws satisfy it
                } else {
                    total += Self.tail(t.observation) { StandardNormal.cdf(($0 - mu) / t.sigma) } ?? 0
                }
            }
        }
        return PredictiveCheck(report: t.report, probability: total / Double(max(1, count)))
    }

    /// The claims so far outside the consensus that the model's noise (sigma0 / sqrt(w))
    /// cannot explain them: predictive p below `conflictLevel`, with the predictive law of a
    /// reading taken as normal, N(m, sigma^2 + v), m and v the mean and variance of the
    /// claim's location over every k-th draw, k = ceil(draws / `conflictDraws`).
    ///
    /// The moments, not the average of per-draw tail probabilities that `predictiveCheck`
    /// takes: so far out, that average rests on the few draws nearest the claim (its log
    /// varies by (y - mu) / sigma^2 times the location's sd, 4 units for a factor of 20 between
    /// two reliable claims), and a few hundred draws put it anywhere within a factor of 3.
    /// With a normal posterior of the location the moment form is exact. When the model
    /// holds, a claim's predictive p is at least as likely as a uniform one to be large
    /// (posterior predictive p-values are conservative), so a claim is flagged with
    /// probability below 0.001.
    public func conflicts() -> [PredictiveCheck] {
        let total = draws.reduce(0) { $0 + $1.count }
        let every = max(1, (total + Self.conflictDraws - 1) / Self.conflictDraws)
        return model.terms.compactMap { t in
            var n = 0.0, mean = 0.0, m2 = 0.0  // Welford's running moments of the location
            for chain in draws {
                for i in stride(from: 0, to: chain.count, by: every) {
                    let mu = model.location(t, chain[i]).mu, delta = mu - mean
                    n += 1
                    mean += delta / n
                    m2 += delta * (mu - mean)
                }
            }
            let sd = (t.sigma * t.sigma + (n > 1 ? m2 / (n - 1) : 0)).squareRoot()
            guard n > 0, let p = Self.tail(t.observation, below: { StandardNormal.cdf(($0 - mean) / sd) }),
                p < Self.conflictLevel
            else { return nil }
            return PredictiveCheck(report: t.report, probability: p)
        }
    }

    /// The posterior predictive probability below which a claim conflicts with the rest.
    public static let conflictLevel = 0.001
    /// The most draws `conflicts()` reads per claim.
    static let conflictDraws = 400

    /// The probability of a reading at least as far out as `o`, from the predictive CDF
    /// `below` on the log1p scale: one-sided for bounds, two-sided for figures and ranges;
    /// nil for a named floor.
    static func tail(_ o: LatentCountModel.Observation, below: (Double) -> Double) -> Double? {
        switch o {
        case .atLeast(let a): return a == -.infinity ? 1 : 1 - below(a)
        case .atMost(let b): return below(b)
        case .exact(let y): return min(1, 2 * min(below(y), 1 - below(y)))
        case let .between(a, b): return min(1, 2 * min(below(b), 1 - below(a)))
        case .floor: return nil
        }
    }
}
