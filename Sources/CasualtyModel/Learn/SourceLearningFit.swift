import CasualtyData
import Foundation

extension SourceLearning {
    /// Fits the model of `SourceLearning` to `data`. With `tied`, every source shares one
    /// sigma and has no bias (the equal-weights baseline the learned fit is compared with).
    public static func fit(_ data: Claims, settings: Settings = Settings(), tied: Bool = false) -> Fit {
        let S = data.sourceIDs.count, obs = data.observations
        var fit = Fit(
            bias: Array(repeating: 0, count: S), biasSD: Array(repeating: 1, count: S),
            sigma2: Array(repeating: settings.sigma0 * settings.sigma0, count: S), claims: Array(repeating: 0, count: S),
            sigmaInformation: Array(repeating: 0, count: S), tau2: 0.09, s02: settings.sigma0 * settings.sigma0, iterations: 0,
            converged: false,
            residual: Array(repeating: 0, count: obs.count), variance: Array(repeating: 1, count: obs.count),
            robust: Array(repeating: 1, count: obs.count))
        for o in obs { fit.claims[o.source] += 1 }
        let anchors = anchorSet(data, settings)
        for iteration in 1...settings.maxIterations {
            fit.iterations = iteration
            residuals(data, &fit)
            if let df = settings.tailDF {
                for (i, o) in obs.enumerated() {
                    let z = fit.residual[i] - fit.bias[o.source]
                    fit.robust[i] = (df + 1) / (df + z * z / fit.variance[i])
                }
            }
            var a = [Double](repeating: 0, count: S), b = [Double](repeating: 0, count: S)
            for (i, o) in obs.enumerated() {
                a[o.source] += fit.robust[i] / fit.variance[i]
                b[o.source] += fit.robust[i] * fit.residual[i] / fit.variance[i]
            }
            var bias = (0..<S).map { tied ? 0 : b[$0] / (a[$0] + 1 / fit.tau2) }
            let sd = (0..<S).map { 1 / (a[$0] + 1 / fit.tau2).squareRoot() }
            // Anchor: the claim-weighted mean bias of the anchor sources is 0.
            let weight = anchors.map { Double(fit.claims[$0]) }.reduce(0, +)
            let shift = weight > 0 ? anchors.map { bias[$0] * Double(fit.claims[$0]) }.reduce(0, +) / weight : 0
            bias = bias.map { $0 - shift }
            // sigma^2: each claim's excess squared residual, weighted by the share of its variance
            // that is the source's own noise (squared), so that a wide range or a quantity known
            // from few other claims counts for less; the pooled prior counts as `priorClaims`.
            var c = [Double](repeating: 0, count: S), m = [Double](repeating: 0, count: S)
            for (i, o) in obs.enumerated() {
                let r = fit.residual[i] - bias[o.source] - shift
                let share = fit.sigma2[o.source] / fit.variance[i]
                let excess = fit.robust[i] * r * r - (fit.variance[i] - fit.sigma2[o.source])
                c[o.source] += share * share * excess
                m[o.source] += share * share
            }
            let floor2 = Self.sigmaFloor * Self.sigmaFloor
            // Damped (geometric mean of old and new): the weights depend on sigma itself.
            // The weighted mean excess counts as the source's n claims against the prior's nu.
            var sigma2 = (0..<S).map { s -> Double in
                let n = Double(fit.claims[s]), excess = m[s] > 0 ? c[s] / m[s] : fit.s02
                let target = min(16, max(floor2, (settings.priorClaims * fit.s02 + n * excess) / (settings.priorClaims + n)))
                return (fit.sigma2[s] * target).squareRoot()
            }
            if tied {
                let pooled = min(16, max(floor2, c.reduce(0, +) / max(1e-9, m.reduce(0, +))))
                sigma2 = Array(repeating: pooled, count: S)
            }
            let moved = zip(bias, fit.bias).map { abs($0 - $1) }.max() ?? 0
            let movedS = zip(sigma2, fit.sigma2).map { abs(0.5 * log($0 / $1)) }.max() ?? 0
            fit.bias = bias
            fit.biasSD = sd
            fit.sigma2 = sigma2
            fit.sigmaInformation = m
            updateHyper(&fit, tied: tied)
            if iteration > 2 && max(moved, movedS) < settings.tolerance {
                fit.converged = true
                break
            }
        }
        residuals(data, &fit)
        return fit
    }

    /// The smallest noise sd the fit reports (0.03 on the log1p scale, 3%): sources that copy
    /// one another agree exactly, which says nothing of their accuracy.
    public static let sigmaFloor = 0.03

    /// The anchor sources: the reference, else the neutral ones, else all.
    static func anchorSet(_ data: Claims, _ settings: Settings) -> [Int] {
        if let r = settings.reference, let i = data.sourceIDs.firstIndex(of: r) { return [i] }
        let neutral = data.neutral.indices.filter { data.neutral[$0] }
        return neutral.isEmpty ? Array(data.sourceIDs.indices) : neutral
    }

    /// Each claim's leave-one-out residual and its variance at the current fit.
    static func residuals(_ data: Claims, _ fit: inout Fit) {
        var w = [Double](repeating: 0, count: data.units), m = [Double](repeating: 0, count: data.units)
        for (i, o) in data.observations.enumerated() {
            let wi = fit.robust[i] / (fit.sigma2[o.source] + o.kappa2)
            w[o.unit] += wi
            m[o.unit] += wi * (o.y - fit.bias[o.source])
        }
        for (i, o) in data.observations.enumerated() {
            let wi = fit.robust[i] / (fit.sigma2[o.source] + o.kappa2)
            let rest = w[o.unit] - wi
            guard rest > 0 else {
                fit.residual[i] = 0
                fit.variance[i] = 1e6
                continue
            }
            let theta = (m[o.unit] - wi * (o.y - fit.bias[o.source])) / rest
            fit.residual[i] = o.y - theta
            fit.variance[i] = fit.sigma2[o.source] + o.kappa2 + 1 / rest
        }
    }

    /// `tau^2` by moments (the spread of biases beyond their own uncertainty, at least 0.02^2)
    /// and `s0^2` as the geometric mean of the sources' sigma^2 (weighted by claims).
    static func updateHyper(_ fit: inout Fit, tied: Bool) {
        let used = fit.claims.indices.filter { fit.claims[$0] > 0 }
        guard !used.isEmpty, !tied else { return }
        let n = Double(used.count)
        let meanB = used.map { fit.bias[$0] }.reduce(0, +) / n
        let spread = used.map { (fit.bias[$0] - meanB) * (fit.bias[$0] - meanB) }.reduce(0, +) / max(1, n - 1)
        let noise = used.map { fit.biasSD[$0] * fit.biasSD[$0] }.reduce(0, +) / n
        fit.tau2 = max(0.0004, spread - noise)
        let total = used.map { Double(fit.claims[$0]) }.reduce(0, +)
        fit.s02 = exp(used.map { Double(fit.claims[$0]) * log(fit.sigma2[$0]) }.reduce(0, +) / total)
    }

    /// The variance of the error law per unit scale^2: `df / (df - 2)` for Student-t, 1 for
    /// normal errors. The reliability weight compares the variance with the model's `sigma0^2`.
    static func varianceFactor(_ settings: Settings) -> Double {
        settings.tailDF.map { $0 / ($0 - 2) } ?? 1
    }

    /// The chi-square quantile with `k` degrees of freedom at standard normal quantile `z`
    /// (Wilson-Hilferty: within 1% for k >= 3).
    static func chiSquare(_ k: Double, z: Double) -> Double {
        let a = 2 / (9 * k)
        return k * pow(1 - a + z * a.squareRoot(), 3)
    }

    /// The fit as `LearnedSources`, with 90% intervals and biases by relation (shrunk toward
    /// the source's overall bias with the same `tau^2`).
    public static func learned(_ data: Claims, _ fit: Fit, settings: Settings) -> LearnedSources {
        var byRelation = [[String: (a: Double, b: Double, n: Int)]](repeating: [:], count: data.sourceIDs.count)
        var bySide = byRelation, byOutcome = byRelation
        for (i, o) in data.observations.enumerated() {
            func add(_ table: inout [[String: (a: Double, b: Double, n: Int)]], _ key: String) {
                var e = table[o.source][key] ?? (0, 0, 0)
                e.a += fit.robust[i] / fit.variance[i]
                e.b += fit.robust[i] * fit.residual[i] / fit.variance[i]
                e.n += 1
                table[o.source][key] = e
            }
            add(&byRelation, o.relation)
            add(&bySide, o.side)
            add(&byOutcome, o.outcome)
        }
        func shrunk(_ table: [String: (a: Double, b: Double, n: Int)], toward b0: Double) -> [String: LearnedSources.Bias] {
            guard table.count > 1 else { return [:] }
            return table.mapValues { e in
                LearnedSources.Bias(
                    mean: (e.b + b0 / fit.tau2) / (e.a + 1 / fit.tau2), sd: 1 / (e.a + 1 / fit.tau2).squareRoot(), claims: e.n)
            }
        }
        var entries: [String: LearnedSources.Entry] = [:]
        let shiftBack = fit.bias  // residuals are relative to the anchored truth
        for s in data.sourceIDs.indices where fit.claims[s] > 0 {
            let k = max(1, fit.sigmaInformation[s]) + settings.priorClaims
            let s2 = fit.sigma2[s]
            let lo = (k * s2 / chiSquare(k, z: 1.6449)).squareRoot(), hi = (k * s2 / chiSquare(k, z: -1.6449)).squareRoot()
            let relations = shrunk(byRelation[s], toward: shiftBack[s]), sides = shrunk(bySide[s], toward: shiftBack[s])
            let outcomes = shrunk(byOutcome[s], toward: shiftBack[s])
            let sigma = s2.squareRoot()
            entries[data.sourceIDs[s]] = LearnedSources.Entry(
                name: data.sourceNames[s], claims: fit.claims[s], sigma: sigma, sigmaInterval: min(lo, sigma)...max(hi, sigma),
                reliability: min(1, max(0.01, settings.sigma0 * settings.sigma0 / (s2 * varianceFactor(settings)))),
                bias: fit.bias[s],
                biasSD: fit.biasSD[s], byRelation: relations, bySide: sides, byOutcome: outcomes)
        }
        let anchor =
            settings.reference.map { "the bias of \($0) is 0" }
            ?? (data.neutral.contains(true)
                ? "the claim-weighted mean bias of the neutral sources is 0" : "the claim-weighted mean bias of all sources is 0")
        return LearnedSources(sources: entries, anchor: anchor, sigma0: settings.sigma0)
    }
}
