import CasualtyData
import Foundation

/// Random-effects meta-analysis of the exact claims about one quantity, on the log1p scale:
/// y = log1p(figure), v = sigma0^2 / weight (the same noise model as the Bayesian model),
/// tau^2 by `method`; the pooled estimate and its confidence interval are back-transformed
/// with expm1. Bounds, ranges and vague claims have no point value and variance, so they are
/// not used; `claimsUsed` says how many of the claims were.
public struct MetaEstimator: Estimator {
    /// tau^2 estimator.
    public var method: TauEstimator
    /// z or Hartung-Knapp interval.
    public var test: MetaTest
    /// Noise sd of a reliability-1 source on the log1p scale.
    public var sigma0: Double
    /// Confidence level of [low, high].
    public var level: Double

    /// A meta-analysis estimator.
    public init(method: TauEstimator, test: MetaTest = .z, sigma0: Double = ModelSettings().sigma0, level: Double = 0.95) {
        self.method = method
        self.test = test
        self.sigma0 = sigma0
        self.level = level
    }

    public var id: MethodID { .meta(method) }
    public var summary: String {
        "random-effects meta-analysis (\(method.rawValue.uppercased()), \(test.rawValue)) of exact claims on the log1p scale"
    }

    /// The fit on the exact claims, or nil when there are none.
    public func fit(_ claims: [WeightedClaim]) -> (MetaFit, [WeightedClaim])? {
        let exact = claims.filter { $0.claim.isExact && $0.weight > 0 }
        guard
            let data = try? MetaAnalysis(
                y: exact.map { log1p($0.claim.lower) },
                v: exact.map { sigma0 * sigma0 / $0.weight })
        else { return nil }
        return (data.fit(method, test: test, level: level), exact)
    }

    public func estimate(_ quantity: Quantity, from claims: [WeightedClaim]) -> Estimate? {
        guard let (f, used) = fit(claims) else { return nil }
        // expm1 of a log1p-scale bound below 0 is a count below 0, which cannot be: clamped.
        let clamped = f.ciLower < 0 || f.estimate < 0
        var e = Estimate(
            quantity: quantity, method: id, best: max(0, expm1(f.estimate)), low: max(0, expm1(f.ciLower)),
            high: max(0, expm1(f.ciUpper)), level: level, reports: used.map(\.report),
            rangeMeaning: "\(Int((level * 100).rounded()))% CI, \(used.count) of \(claims.count) "
                + (clamped ? "exact, clamped at 0" : "claims exact"))
        e.claimsUsed = used.count
        e.claimsTotal = claims.count
        e.meta = f
        return e
    }
}
