import Foundation

/// Simulation-based calibration (Talts et al. 2018): draw cases from the model with known
/// truth, fit each, and check that the truth's rank among posterior draws is uniform and
/// that central intervals cover the truth at their nominal rate.
public struct Calibration: Sendable {
    /// Results for one tracked quantity.
    public struct Tracked: Sendable {
        /// "z[killed:g1]", "z[killed:g2]", "sum".
        public var name: String
        /// Rank of the truth among the `posteriorDraws` thinned draws (0 ... posteriorDraws).
        public var ranks: [Int]
        /// Fraction of cases whose central 50% interval holds the truth.
        public var coverage50: Double
        /// Fraction of cases whose central 90% interval holds the truth.
        public var coverage90: Double
        /// Pearson chi-square statistic of the rank histogram in `bins` equal bins.
        public var chiSquare: Double
        /// Fraction of the cases with no claims conflict whose central 90% interval holds the
        /// truth (nil when every case had one).
        public var coverage90Unflagged: Double?
    }

    /// How each case was fitted.
    public var method: PosteriorMethod
    /// Number of simulated cases.
    public var simulations: Int
    /// Thinned posterior draws per case used for ranks.
    public var posteriorDraws: Int
    /// Histogram bins for the chi-square statistic.
    public var bins: Int
    /// The tracked quantities.
    public var tracked: [Tracked]
    /// Laplace: cases whose check failed, so that NUTS answered (as `estimate` does).
    public var fallbacks = 0
    /// NUTS with the `laplace` metric: the batch recipe's short runs redone with the full
    /// warm-up because they failed their checks (nil for the other metrics).
    public var fullWarmups: Int?
    /// NUTS with the `laplace` metric: the short runs whose chains went on as long again
    /// (nil for the other metrics).
    public var extended: Int?
    /// Cases whose fit flags a claims conflict (`PosteriorFit.conflicts()`, from the kept
    /// draws): the warning's false-alarm count when the generator is the model.
    public var conflicts = 0

    /// Runs `simulations` cases of `simulator` from `seed` and fits each with `method`.
    /// NUTS: one chain, 300 warm-up, 400 draws thinned by 4 (99 kept); with the `laplace`
    /// metric, the batch recipe (`laplaceMetricDraws`). Laplace: the checked
    /// approximation as `estimate` runs it (`AnalysisOptions.laplaceDraws` proposals, 99 of the
    /// resampled draws kept), NUTS where the check does not trust it.
    public static func run(
        method: PosteriorMethod, simulations: Int, seed: UInt64,
        simulator: Simulator = Simulator(), metric: SamplerSettings.Metric = .diagonal
    ) -> Calibration {
        let keep = 99, bins = 10
        var ranks: [[Int]] = [[], [], []]
        var cover50 = [0, 0, 0], cover90 = [0, 0, 0], cover90Unflagged = [0, 0, 0]
        var fallbacks = 0, redone = 0, extended = 0, conflicts = 0
        for i in 0..<simulations {
            var rng = Xoshiro256(seed: seed, stream: i)
            let sim = simulator.draw(&rng)
            var fast = method == .laplace ? checkedLaplace(sim.model, keep: keep, seed: seed &+ UInt64(i)) : nil
            if method == .laplace && fast == nil { fallbacks += 1 }
            if fast == nil && metric == .laplace {
                let run = laplaceMetricDraws(sim.model, keep: keep, seed: seed &+ UInt64(i))
                fast = run.draws
                redone += run.recipe == .fullWarmup ? 1 : 0
                extended += run.recipe == .extended ? 1 : 0
            }
            if fast == nil { fast = nutsDraws(sim.model, keep: keep, seed: seed &+ UInt64(i), metric: metric) }
            let draws = fast ?? []
            func tracked(_ theta: [Double]) -> [Double] { [theta[0], theta[1], exp(theta[0]) + exp(theta[1])] }
            let truth = tracked(sim.truth)
            let values = draws.map(tracked)
            let fit = PosteriorFit(method: method == .laplace ? .laplace : .nuts, model: sim.model, draws: [draws], chains: [])
            let flagged = !fit.conflicts().isEmpty
            conflicts += flagged ? 1 : 0
            for k in 0..<3 {
                let v = values.map { $0[k] }.sorted()
                ranks[k].append(v.filter { $0 < truth[k] }.count)
                let q = { (p: Double) in Diagnostics.quantile(sorted: v, p) }
                if truth[k] >= q(0.25) && truth[k] <= q(0.75) { cover50[k] += 1 }
                if truth[k] >= q(0.05) && truth[k] <= q(0.95) {
                    cover90[k] += 1
                    cover90Unflagged[k] += flagged ? 0 : 1
                }
            }
        }
        let names = ["z[killed:g1]", "z[killed:g2]", "sum"]
        let tracked = (0..<3).map { k -> Tracked in
            let n = Double(ranks[k].count)
            var hist = [Double](repeating: 0, count: bins)
            for r in ranks[k] { hist[min(bins - 1, r * bins / (keep + 1))] += 1 }
            let expected = n / Double(bins)
            let chi = hist.reduce(0) { $0 + ($1 - expected) * ($1 - expected) / expected }
            return Tracked(
                name: names[k], ranks: ranks[k], coverage50: Double(cover50[k]) / n,
                coverage90: Double(cover90[k]) / n, chiSquare: chi,
                coverage90Unflagged: conflicts < simulations
                    ? Double(cover90Unflagged[k]) / Double(simulations - conflicts) : nil)
        }
        var result = Calibration(
            method: method, simulations: simulations, posteriorDraws: keep, bins: bins, tracked: tracked,
            fallbacks: fallbacks)
        result.fullWarmups = metric == .laplace ? redone : nil
        result.extended = metric == .laplace ? extended : nil
        result.conflicts = conflicts
        return result
    }

    /// One NUTS chain: 300 warm-up, 4 x `keep` draws thinned by 4.
    static func nutsDraws(
        _ model: LatentCountModel, keep: Int, seed: UInt64, metric: SamplerSettings.Metric = .diagonal
    ) -> [[Double]] {
        var s = SamplerSettings()
        s.metric = metric
        s.chains = 1
        s.warmup = 300
        s.draws = 4 * keep
        s.seed = seed
        let chain = NUTS(model: model, settings: s).run()[0]
        return stride(from: 3, to: chain.draws.count, by: 4).map { chain.draws[$0] }
    }

    /// The batch recipe calibrated with the `laplace` metric: 2 chains, 150 warm-up, 800
    /// draws per chain, the Laplace metric.
    public static var laplaceMetricRecipe: SamplerSettings {
        var s = SamplerSettings()
        s.metric = .laplace
        s.chains = 2
        s.warmup = 150
        s.draws = 800
        return s
    }

    /// The short run `casualty batch --metric laplace --chains 2 --warmup 150 --draws 800`
    /// makes (`NUTS.run(_:from:settings:)`: Laplace start and metric, a full warm-up where
    /// its checks fail), its draws thinned evenly to `keep`; and how the recipe ended.
    static func laplaceMetricDraws(
        _ model: LatentCountModel, keep: Int, seed: UInt64
    ) -> (draws: [[Double]], recipe: NUTS.RecipeOutcome) {
        var s = laplaceMetricRecipe
        s.seed = seed
        let (chains, recipe) = NUTS.run(model, from: try? LaplaceFit(model), settings: s)
        let all = chains.flatMap(\.draws)
        let step = all.count / keep
        return ((0..<keep).map { all[$0 * step + step - 1] }, recipe)
    }

    /// `keep` corrected Laplace draws when the check trusts them, else nil (NUTS takes over,
    /// as in `estimate`).
    static func checkedLaplace(_ model: LatentCountModel, keep: Int, seed: UInt64) -> [[Double]]? {
        guard let fit = try? LaplaceFit(model) else { return nil }
        let checked = CheckedLaplace(fit, model: model, count: AnalysisOptions().laplaceDraws, seed: seed)
        return checked.trusted ? Array(checked.draws.prefix(keep)) : nil
    }
}
