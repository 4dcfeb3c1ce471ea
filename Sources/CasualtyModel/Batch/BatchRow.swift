import CasualtyData
import Foundation

/// One output row of `casualty batch`: an event's estimate of one quantity by one method.
/// Numbers a method does not give are nil (an empty cell or JSON null).
public struct BatchRow: Sendable {
    /// The event id.
    public var event: String
    /// The quantity (`killed:g1`).
    public var quantity: String
    /// The method that answered (`nuts` where NUTS answered for an untrusted Laplace).
    public var method: String
    /// The method asked for, when another answered for it (`laplace`).
    public var fallbackFrom: String?
    /// Best figure, and the ends of the method's own range at `level`; nil (an explained
    /// null: `warnings` says why) where the method gave no estimate.
    public var best, low, high: Double?
    /// The level of [low, high] (nil for ranges that are not intervals, e.g. envelope).
    public var level: Double?
    /// Posterior mean (Bayesian methods).
    public var mean: Double?
    /// The 50%, 90% and 95% interval ends (Bayesian methods).
    public var q50, q90, q95: CredibleInterval?
    /// Claims the method used, of the claims about this quantity.
    public var claimsUsed: Int
    /// R-hat and bulk ESS of the quantity (NUTS), divergent transitions of the fit.
    public var rhat, essBulk: Double?
    public var divergences: Int?
    /// Pareto k-hat of the Laplace check.
    public var paretoK: Double?
    /// The warnings of this method about this quantity or the whole event.
    public var warnings: [String]
    /// The values of the table's carried columns for this event.
    public var extras: [String]

    /// The rows of `result`, one per quantity and method: a method asked for that gave no
    /// estimate has a row with empty numbers and its reason as the warning.
    public static func rows(of result: EstimationResult, event: String, extras: [String]) -> [BatchRow] {
        let divergences = Dictionary(result.fits.map { ($0.method, $0.divergences) }, uniquingKeysWith: { a, _ in a })
        return result.quantities.flatMap { q in
            let none = q.missing.map { m in
                BatchRow(
                    event: event, quantity: q.quantity.name, method: m.method.rawValue, claimsUsed: 0,
                    warnings: ["no estimate: " + m.reason.rawValue], extras: extras)
            }
            return q.estimates.map { e in
                let warnings = result.warnings(about: e)
                return BatchRow(
                    event: event, quantity: e.quantity.name, method: e.method.rawValue, fallbackFrom: e.fallbackFrom?.rawValue,
                    best: e.best, low: e.low, high: e.high, level: e.level, mean: e.posterior?.mean,
                    q50: e.posterior?.interval(0.5), q90: e.posterior?.interval(0.9), q95: e.posterior?.interval(0.95),
                    claimsUsed: e.claimsUsed ?? e.reports.count, rhat: e.posterior?.rhat, essBulk: e.posterior?.essBulk,
                    divergences: e.method.isMCMC ? divergences[e.method] : nil, paretoK: e.paretoK,
                    warnings: warnings.map(\.message), extras: extras)
            } + none
        }
    }
}

extension BatchRow {
    /// A row of `event`, `quantity` and `method` with no numbers yet (every number nil).
    public init(event: String, quantity: String, method: String, claimsUsed: Int, warnings: [String], extras: [String]) {
        self.init(
            event: event, quantity: quantity, method: method, fallbackFrom: nil, best: nil, low: nil, high: nil, level: nil,
            mean: nil, q50: nil, q90: nil, q95: nil, claimsUsed: claimsUsed, rhat: nil, essBulk: nil, divergences: nil,
            paretoK: nil, warnings: warnings, extras: extras)
    }
}

extension EstimationResult {
    /// The warnings about estimate `e`: of its method (or the one it replaced) or of none,
    /// about its quantity or the whole case.
    public func warnings(about e: Estimate) -> [AnalysisWarning] {
        warnings.filter { w in
            (w.method == nil || w.method == e.method || w.method == e.fallbackFrom)
                && (w.quantity == nil || w.quantity == e.quantity)
        }
    }
}
