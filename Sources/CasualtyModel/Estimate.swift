import CasualtyData

/// One method's consensus for one quantity: a best figure and a range.
public struct Estimate: Hashable, Sendable {
    /// The quantity estimated.
    public var quantity: Quantity
    /// The method that made the estimate.
    public var method: MethodID
    /// The best figure.
    public var best: Double
    /// Lower end of the range.
    public var low: Double
    /// Upper end of the range.
    public var high: Double
    /// The nominal probability that the truth lies in [low, high]; nil when the range is not
    /// a probability interval (an envelope of reports, a spread of claims).
    public var level: Double?
    /// Ids of the reports the estimate used.
    public var reports: [String]
    /// What the range means, in a few words.
    public var rangeMeaning: String
    /// The full posterior summary, for Bayesian methods.
    public var posterior: PosteriorSummary?
    /// The meta-analysis fit (log1p scale), for meta-analysis methods.
    public var meta: MetaFit?
    /// How many of the quantity's claims the method could use (nil: all of them).
    public var claimsUsed: Int?
    /// How many claims the quantity has.
    public var claimsTotal: Int?
    /// For the Laplace method: the Pareto k-hat of its importance-sampling check.
    public var paretoK: Double?
    /// The method whose place this estimate takes when that method could not be trusted
    /// (NUTS in place of a Laplace approximation with k-hat above 0.7).
    public var fallbackFrom: MethodID?

    /// The method slot this estimate answers for: the method asked for, even when another
    /// produced the numbers.
    public var answers: MethodID { fallbackFrom ?? method }

    /// An estimate of `quantity` by `method`.
    public init(
        quantity: Quantity, method: MethodID, best: Double, low: Double, high: Double,
        level: Double?, reports: [String], rangeMeaning: String
    ) {
        self.quantity = quantity
        self.method = method
        self.best = best
        self.low = low
        self.high = high
        self.level = level
        self.reports = reports
        self.rangeMeaning = rangeMeaning
    }
}

/// A way of turning the claims about one quantity into an estimate.
public protocol Estimator: Sendable {
    /// The method this estimator implements.
    var id: MethodID { get }
    /// One line on what the method is, for tables and reports.
    var summary: String { get }
    /// The estimate from `claims` (all about `quantity`), or nil when there are none.
    func estimate(_ quantity: Quantity, from claims: [WeightedClaim]) -> Estimate?
}

/// The estimates for one quantity, every method side by side.
public struct QuantityEstimates: Sendable {
    /// The quantity.
    public var quantity: Quantity
    /// The claims available (after exclusions).
    public var claims: [WeightedClaim]
    /// One estimate per method that could produce one.
    public var estimates: [Estimate]
    /// The report-based methods asked for that gave no estimate, and why.
    public var missing: [MissingEstimate] = []

    /// The methods without an estimate though claims are about the quantity (a quantity
    /// with no claim says so by its claim count).
    public var explainedMissing: [MissingEstimate] { missing.filter { $0.reason != .noClaim } }
}

/// A report-based method that was asked for a quantity and gave no estimate: its outputs
/// carry an explained null (a batch row with empty numbers), and a total over events that
/// lacks it is no total.
public struct MissingEstimate: Hashable, Sendable {
    /// Why a method gave no estimate (the raw value is what outputs say).
    public enum Reason: String, CaseIterable, Sendable {
        /// No claim is about this quantity itself (only about cells or sums around it).
        case noClaim = "no claim about this quantity itself"
        /// Claims exist, but none is an exact figure, which meta-analysis pools.
        case noExactClaim = "no exact claim (meta-analysis pools exact figures only)"
        /// The claims carry no weight (every source weighted 0).
        case noWeight = "its claims carry no weight"

        /// A short name for counts ("194: no exact claim").
        public var label: String {
            switch self {
            case .noClaim: return "no claim"
            case .noExactClaim: return "no exact claim"
            case .noWeight: return "no weight"
            }
        }

        /// Why `estimator` gave no estimate from `claims`.
        static func of(_ estimator: any Estimator, _ claims: [WeightedClaim]) -> Reason {
            if claims.isEmpty { return .noClaim }
            if !claims.contains(where: { $0.weight > 0 }) { return .noWeight }
            // Weighted claims give every recorder rule an estimate; meta-analysis needs an exact one.
            return estimator is MetaEstimator ? .noExactClaim : .noWeight
        }
    }

    /// The method.
    public var method: MethodID
    /// Why it gave none.
    public var reason: Reason
}

/// Every quantity's estimates for a case under some settings.
public struct EstimationResult: Sendable {
    /// The evidence estimated from.
    public var evidence: Evidence
    /// Results per quantity, in query order.
    public var quantities: [QuantityEstimates]
    /// The options the estimates were made with.
    public var options = AnalysisOptions()
    /// Bayesian fits, one per Bayesian method run.
    public var fits: [PosteriorFit] = []
    /// Posterior predictive checks per Bayesian method.
    public var checks: [MethodID: [PredictiveCheck]] = [:]
    /// Problems a reader must know about (convergence warnings, a failed approximation).
    public var warnings: [AnalysisWarning] = []
    /// The importance-sampling check of the Laplace approximation, when it ran.
    public var laplaceCheck: LaplaceCheckOutcome?
    /// With the `laplace` metric: NUTS's short run failed its checks (a divergence, R-hat
    /// above 1.01 or ESS below 400 for a parameter) and was redone with the full adaptive
    /// warm-up.
    public var nutsFullWarmup = false
    /// With the `laplace` metric: NUTS's short run passed its checks only after its chains
    /// went on as long again (ESS or R-hat had fallen short, with no divergence).
    public var nutsExtended = false
    /// Wall-clock seconds of each phase ("laplace", "nuts sampling", "summaries"); not part
    /// of any rendered output, so that output stays reproducible.
    public var timings: [(phase: String, seconds: Double)] = []

    /// All estimates, flattened in quantity then method order.
    public var estimates: [Estimate] { quantities.flatMap(\.estimates) }
}

/// The report-based estimators of the foundation, in the order they are shown.
public let standardEstimators: [any Estimator] = [
    WeightedMedianEstimator(), LowBestHighEstimator(), EnvelopeEstimator(), MostConservativeEstimator(),
]

/// What the importance-sampling check of the Laplace approximation found, and what was done.
public struct LaplaceCheckOutcome: Hashable, Sendable {
    /// Pareto k-hat of the importance weights (nil when there was no mode to check).
    public var paretoK: Double?
    /// Effective sample size of the smoothed weights.
    public var effectiveSampleSize: Double?
    /// Whether the corrected Laplace answer is trusted (k-hat <= 0.7, ESS >= 1000, and every
    /// cell's 90% interval ends within 50% of the profile approximation's).
    public var trusted: Bool
    /// Whether NUTS was run in its place.
    public var fellBack: Bool
    /// Saddle points left on the way to the mode.
    public var saddleEscapes: Int
    /// Proposals per round of the check (nil when there was no mode to check).
    public var draws: Int? = nil
    /// The largest relative disagreement of a cell's 90% interval end with the profile
    /// approximation (`CheckedLaplace.profileDisagreement`; nil when not computed).
    public var profileDisagreement: Double? = nil
}
