import CasualtyData

// The estimators casualty recorders use, defined on each claim's `point` (the stated figure
// of exact claims and bounds, the midpoint of ranges and lexicon intervals) and its
// `reportedRange` (a bound reports only its figure; a range or a lexicon interval reports
// both ends). See `Claim`.

/// Reliability-weighted median of the claims' points, with the weighted 10th and 90th
/// percentiles as the range (`weightedQuantile`). The range is the spread of the weighted
/// claims, not a probability interval for the truth, so `level` is nil.
public struct WeightedMedianEstimator: Estimator {
    public let id: MethodID = .weightedMedian
    public let summary = "reliability-weighted median; range = weighted 10th-90th percentile of claims"
    /// Lower and upper probabilities of the range.
    public var range: (Double, Double) = (0.1, 0.9)

    public init() {}

    public func estimate(_ quantity: Quantity, from claims: [WeightedClaim]) -> Estimate? {
        let x = claims.map(\.claim.point), w = claims.map(\.weight)
        guard let best = weightedQuantile(x, weights: w, 0.5),
            let low = weightedQuantile(x, weights: w, range.0),
            let high = weightedQuantile(x, weights: w, range.1)
        else { return nil }
        return Estimate(
            quantity: quantity, method: id, best: best, low: low, high: high, level: nil,
            reports: claims.map(\.report), rangeMeaning: "10th-90th weighted pct of claims")
    }
}

/// UCDP-style low / best / high. The "reliable" claims are those whose weight is at least
/// half the largest weight among the claims about the quantity; low is the smallest figure
/// they report, high the largest, and best their weighted median (as in
/// `WeightedMedianEstimator`). `level` is nil.
public struct LowBestHighEstimator: Estimator {
    public let id: MethodID = .lowBestHigh
    public let summary = "UCDP style: range of the claims weighing at least half the top weight; best = their weighted median"
    /// Fraction of the top weight a claim needs to count as reliable.
    public var reliableFraction = 0.5

    public init() {}

    public func estimate(_ quantity: Quantity, from claims: [WeightedClaim]) -> Estimate? {
        guard let top = claims.map(\.weight).max(), top > 0 else { return nil }
        let reliable = claims.filter { $0.weight >= reliableFraction * top }
        guard let best = weightedQuantile(reliable.map(\.claim.point), weights: reliable.map(\.weight), 0.5),
            let low = reliable.map(\.claim.reportedRange.lowerBound).min(),
            let high = reliable.map(\.claim.reportedRange.upperBound).max()
        else { return nil }
        return Estimate(
            quantity: quantity, method: id, best: best, low: low, high: high, level: nil,
            reports: reliable.map(\.report), rangeMeaning: "min-max of reliable claims")
    }
}

/// The min-max envelope (Iraq Body Count style): low is the smallest figure any claim
/// reports, high the largest, whatever the weights. IBC publishes no best figure; `best`
/// here is the midpoint of the envelope so that every method has one. `level` is nil.
public struct EnvelopeEstimator: Estimator {
    public let id: MethodID = .envelope
    public let summary = "IBC style min-max of all reported figures; best = midpoint"

    public init() {}

    public func estimate(_ quantity: Quantity, from claims: [WeightedClaim]) -> Estimate? {
        guard let low = claims.map(\.claim.reportedRange.lowerBound).min(),
            let high = claims.map(\.claim.reportedRange.upperBound).max()
        else { return nil }
        return Estimate(
            quantity: quantity, method: id, best: (low + high) / 2, low: low, high: high,
            level: nil, reports: claims.map(\.report), rangeMeaning: "min-max of all claims")
    }
}

/// The most conservative figure (ACLED style): the smallest figure any claim reports, as
/// best, low and high alike. `level` is nil.
public struct MostConservativeEstimator: Estimator {
    public let id: MethodID = .mostConservative
    public let summary = "ACLED style: the lowest reported figure"

    public init() {}

    public func estimate(_ quantity: Quantity, from claims: [WeightedClaim]) -> Estimate? {
        guard let pick = claims.min(by: { $0.claim.reportedRange.lowerBound < $1.claim.reportedRange.lowerBound })
        else { return nil }
        let v = pick.claim.reportedRange.lowerBound
        return Estimate(
            quantity: quantity, method: id, best: v, low: v, high: v, level: nil,
            reports: [pick.report], rangeMeaning: "lowest claim")
    }
}
