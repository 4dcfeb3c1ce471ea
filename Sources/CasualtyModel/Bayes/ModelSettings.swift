import CasualtyData
import Foundation

/// The assumptions of the Bayesian latent-count model. Every one is a CLI flag; a case file
/// may set its own defaults in a `model:` section.
///
/// - prior on each cell: log theta_c ~ N(log priorMedian, priorScale^2)
/// - noise of a report from a source of weight w: sigma0 / sqrt(w), on the log1p scale
/// - partisan bias per source and relation: b ~ N(biasOwn or biasEnemy, biasSD^2)
/// - shared origin of derived sources: u ~ N(0, rho * sigma0^2)
public struct ModelSettings: Hashable, Sendable {
    /// Noise sd on the log1p scale of a reliability-1 source (0.25: about +-25%).
    public var sigma0 = 0.25
    /// Prior median of every cell's count.
    public var priorMedian = 10.0
    /// Prior sd of every cell's log count (2.5: the 95% prior range spans 0.07 to 1,300).
    public var priorScale = 2.5
    /// Prior mean of the bias of a source counting its own side's losses (under-reporting).
    public var biasOwn = -0.2
    /// Prior mean of the bias of a source counting the enemy's losses (inflation).
    public var biasEnemy = 0.4
    /// Prior sd of each bias.
    public var biasSD = 0.3
    /// Whether partisan bias is modelled at all (`--no-bias` turns it off).
    public var useBias = true
    /// Share of sigma0^2 that sources deriving from one another have in common (0 = none).
    public var rho = 0.5

    /// The documented defaults.
    public init() {}

    /// These settings with the case file's `model:` values where it gives them.
    public func merging(_ d: Case.ModelDefaults) -> ModelSettings {
        var s = self
        if let v = d.sigma0 { s.sigma0 = v }
        if let v = d.priorMedian { s.priorMedian = v }
        if let v = d.priorScale { s.priorScale = v }
        if let v = d.biasOwn { s.biasOwn = v }
        if let v = d.biasEnemy { s.biasEnemy = v }
        if let v = d.biasSD { s.biasSD = v }
        if let v = d.rho { s.rho = v }
        return s
    }

    /// Checks ranges: sigma0, priorMedian, priorScale, biasSD > 0; rho in [0, 1).
    public func validate() throws(SettingsError) {
        let values: [(ModelSetting, Double)] = [
            (.sigma0, sigma0), (.priorMedian, priorMedian), (.priorScale, priorScale), (.biasOwn, biasOwn),
            (.biasEnemy, biasEnemy), (.biasSD, biasSD), (.rho, rho),
        ]
        for (setting, v) in values {
            if let problem = setting.problem(v) {
                throw SettingsError(
                    message: "\(setting.flag) (\(setting.rawValue)): \(problem)", fix: "e.g. \(setting.flag) \(setting.example)")
            }
        }
    }
}

/// How long NUTS runs and from what seed.
public struct SamplerSettings: Hashable, Sendable {
    /// Number of chains (run in parallel).
    public var chains = 4
    /// Warm-up (adaptation) iterations per chain, discarded.
    public var warmup = 1000
    /// Kept draws per chain.
    public var draws = 1000
    /// Seed; the same seed and chain count give the same draws bit for bit.
    public var seed: UInt64 = 20_160_506
    /// Target acceptance statistic of step-size adaptation.
    public var targetAccept = 0.8
    /// Largest tree depth (2^depth leapfrog steps at most).
    public var maxDepth = 10
    /// The shape of the mass matrix NUTS adapts in warm-up.
    public var metric: Metric = .diagonal

    /// The mass matrix NUTS adapts: the posterior variances (diagonal, Stan's default) or
    /// the whole covariance (dense: better for strongly correlated posteriors, as where a
    /// total is known and its split is not, at n^2 cost per leapfrog step).
    public enum Metric: String, Hashable, Sendable, CaseIterable {
        /// Stan's `diag_e`.
        case diagonal = "diag"
        /// Stan's `dense_e`.
        case dense
        /// Fixed at the Laplace approximation's marginal variances (the diagonal of the
        /// inverse Hessian at the mode), chains started at the mode jittered by its standard
        /// deviations: warm-up then tunes only the step size, so a short one (e.g. 150)
        /// suffices where the Laplace fit is close. Without a Laplace fit, as `diag`. For
        /// batches of many small events (`casualty batch --metric laplace --warmup 150`).
        case laplace
    }
    /// Adapted step size and inverse metric per chain from an earlier run of a model with
    /// the same parameters: chains start from them and warm-up only re-tunes the step size.
    public var warmStart: [WarmStart]?

    /// What one chain learnt in warm-up, reusable by a refit of a closely related model.
    public struct WarmStart: Hashable, Sendable {
        /// Parameter names, to check the refit's model has the same layout.
        public var parameterNames: [String]
        /// Adapted step size.
        public var stepSize: Double
        /// Adapted diagonal inverse metric.
        public var inverseMetric: [Double]
        /// Where the chain ended (a starting point already in the typical set).
        public var position: [Double]
        /// A warm start from these values.
        public init(parameterNames: [String], stepSize: Double, inverseMetric: [Double], position: [Double]) {
            self.parameterNames = parameterNames
            self.stepSize = stepSize
            self.inverseMetric = inverseMetric
            self.position = position
        }
    }

    /// The documented defaults.
    public init() {}

    /// Checks ranges: chains >= 1, draws >= 10, warmup >= 0, 0 < targetAccept < 1.
    public func validate() throws(SettingsError) {
        guard chains >= 1 && chains <= 64 else {
            throw SettingsError(message: "--chains must be 1 to 64", fix: "e.g. --chains 4")
        }
        guard draws >= 10 else { throw SettingsError(message: "--draws must be at least 10", fix: "e.g. --draws 1000") }
        guard draws <= 1_000_000 else {
            throw SettingsError(message: "--draws must be at most 1000000", fix: "e.g. --draws 1000")
        }
        guard warmup >= 0 && warmup <= 1_000_000 else {
            throw SettingsError(message: "--warmup must be 0 to 1000000", fix: "e.g. --warmup 1000")
        }
        guard targetAccept > 0 && targetAccept < 1 else {
            throw SettingsError(message: "target acceptance must be in (0, 1)", fix: "e.g. 0.8")
        }
    }
}
