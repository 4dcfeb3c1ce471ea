/// The weighted quantile of `values` at probability `q` in [0, 1].
///
/// Definition (a weighted Hazen quantile, R's `quantile(type = 5)` when weights are equal):
/// sort the values, x_(1) <= ... <= x_(n), with weights w_(i) > 0 and total W; give each the
/// plotting position c_i = (w_(1) + ... + w_(i-1) + w_(i)/2) / W; the quantile is x_(1) for
/// q <= c_1, x_(n) for q >= c_n, and the linear interpolation between the neighbouring
/// (c_i, x_(i)) otherwise. With equal weights the median is the ordinary median.
/// Returns nil for no values or non-positive total weight.
public func weightedQuantile(_ values: [Double], weights: [Double], _ q: Double) -> Double? {
    precondition(values.count == weights.count, "one weight per value")
    let pairs = zip(values, weights).filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }
    let total = pairs.reduce(0) { $0 + $1.1 }
    guard !pairs.isEmpty, total > 0 else { return nil }
    var positions: [Double] = []
    var cumulative = 0.0
    for (_, w) in pairs {
        positions.append((cumulative + w / 2) / total)
        cumulative += w
    }
    if q <= positions[0] { return pairs[0].0 }
    if q >= positions[positions.count - 1] { return pairs[pairs.count - 1].0 }
    var i = 0
    while positions[i + 1] < q { i += 1 }
    let t = (q - positions[i]) / (positions[i + 1] - positions[i])
    return pairs[i].0 + t * (pairs[i + 1].0 - pairs[i].0)
}
