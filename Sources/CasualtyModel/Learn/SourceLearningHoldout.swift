import CasualtyData
import Foundation

extension SourceLearning {
    /// How well held-out claims are predicted, by the learned sources and by equal weights (one
    /// shared sigma, no bias, fitted to the same training claims).
    public struct HoldoutScore: Sendable {
        /// What was held out ("Fox", "random 20%").
        public var label: String
        /// Held-out claims predicted (those whose quantity has a training claim).
        public var claims: Int
        /// Mean absolute error on the log1p scale.
        public var maeLearned: Double
        /// The same with equal weights.
        public var maeEqual: Double
        /// Mean log predictive density of the held-out readings.
        public var lpdLearned: Double
        /// The same with equal weights.
        public var lpdEqual: Double
        /// Standard errors of the differences learned - equal (MAE, then LPD), clustered by
        /// quantity: `sqrt(sum_u (D_u - n_u dbar)^2) / n`, `D_u` the sum of a quantity's
        /// per-claim differences. A difference within two of them is not one to rely on.
        public var differenceSE: (mae: Double, lpd: Double) = (0, 0)
    }

    /// Leave each source with at least `minClaims` claims out in turn, then a random 20% of
    /// claims (seeded): fit on the rest, predict the held-out readings. After the sources, a
    /// row "every source in turn" pools their readings (claim-weighted means).
    public static func holdout(_ data: Claims, settings: Settings, minClaims: Int = 20, seed: UInt64 = 1) -> [HoldoutScore] {
        var out: [HoldoutScore] = []
        let obs = data.observations, claims = obs.indices.filter { !obs[$0].implied }
        let counts = Dictionary(grouping: claims, by: { obs[$0].source }).mapValues(\.count)
        for s in data.sourceIDs.indices where (counts[s] ?? 0) >= minClaims {
            let held = Set(claims.filter { obs[$0].source == s })
            let dropped = Set(obs.indices.filter { obs[$0].implied && obs[$0].source == s })
            if let score = predict(
                data, held: held, dropped: dropped, settings: settings, label: data.sourceNames[s], sourceKnown: false)
            {
                out.append(score)
            }
        }
        if out.count > 1 { out.append(pooled(out, label: "every source in turn")) }
        var rng = Xoshiro256(seed: seed)
        let random = Set(claims.filter { _ in Double.random(in: 0..<1, using: &rng) < 0.2 })
        // A held-out claim's figure must not come back inside a sum: the implied readings of a
        // source in an event where one of its claims is held out go too.
        let touched = Set(random.map { [obs[$0].source, obs[$0].event] })
        let dropped = Set(obs.indices.filter { obs[$0].implied && touched.contains([obs[$0].source, obs[$0].event]) })
        if let score = predict(data, held: random, dropped: dropped, settings: settings, label: "random 20%", sourceKnown: true) {
            out.append(score)
        }
        return out
    }

    /// The claim-weighted means of `scores`, as one score.
    static func pooled(_ scores: [HoldoutScore], label: String) -> HoldoutScore {
        let n = scores.reduce(0) { $0 + $1.claims }, d = Double(max(n, 1))
        func mean(_ value: (HoldoutScore) -> Double) -> Double { scores.reduce(0) { $0 + Double($1.claims) * value($1) } / d }
        func se(_ value: (HoldoutScore) -> Double) -> Double {
            scores.reduce(0) { $0 + pow(Double($1.claims) * value($1), 2) }.squareRoot() / d
        }
        return HoldoutScore(
            label: label, claims: n, maeLearned: mean(\.maeLearned), maeEqual: mean(\.maeEqual), lpdLearned: mean(\.lpdLearned),
            lpdEqual: mean(\.lpdEqual), differenceSE: (se(\.differenceSE.mae), se(\.differenceSE.lpd)))
    }

    /// Fits learned and equal-weight models without the `held` claims (and the `dropped`
    /// implied readings) and scores their predictions of them: each quantity's posterior from
    /// its training readings (`QuantityPosterior`), its median (plus the source's bias when the source is known) as
    /// the point prediction, and the posterior predictive density of the held-out reading.
    static func predict(
        _ data: Claims, held: Set<Int>, dropped: Set<Int>, settings: Settings, label: String, sourceKnown: Bool
    ) -> HoldoutScore? {
        var train = data
        let kept = data.observations.indices.filter { !held.contains($0) && !dropped.contains($0) }
        train.observations = kept.map { data.observations[$0] }
        let learned = fit(train, settings: settings), equal = fit(train, settings: settings, tied: true)
        let byUnitTrain = Dictionary(grouping: train.observations, by: \.unit)
        func posterior(_ f: Fit, unit: Int) -> QuantityPosterior? {
            byUnitTrain[unit].flatMap {
                QuantityPosterior(
                    $0.map { f.reading($0.y, kappa2: $0.kappa2, source: $0.source, relation: $0.relation, parts: $0.parts) },
                    law: settings.errors)
            }
        }
        var byUnit: [Int: [Int]] = [:]
        for i in held { byUnit[data.observations[i].unit, default: []].append(i) }
        var n = 0, maeL = 0.0, maeE = 0.0, lpdL = 0.0, lpdE = 0.0, sums: [(n: Double, mae: Double, lpd: Double)] = []
        for (unit, items) in byUnit {
            guard let pl = posterior(learned, unit: unit), let pe = posterior(equal, unit: unit) else { continue }
            let medianL = pl.median, medianE = pe.median
            var sum = (n: 0.0, mae: 0.0, lpd: 0.0)
            for i in items {
                let o = data.observations[i]
                let known = sourceKnown && learned.claims[o.source] > 0
                let errL = abs(o.y - medianL - (known ? learned.bias(of: o.source, relation: o.relation) : 0))
                let errE = abs(o.y - medianE)
                let densityL =
                    known
                    ? pl.logPredictive(learned.reading(o.y, kappa2: o.kappa2, source: o.source, relation: o.relation))
                    : newSourceLogDensity(learned) {
                        pl.logPredictive(learned.reading(o.y, kappa2: o.kappa2, source: $0, relation: o.relation, bias: false))
                    }
                let densityE = pe.logPredictive(
                    equal.reading(o.y, kappa2: o.kappa2, source: 0, relation: o.relation, bias: false))
                (maeL, maeE, lpdL, lpdE, n) = (maeL + errL, maeE + errE, lpdL + densityL, lpdE + densityE, n + 1)
                sum = (sum.n + 1, sum.mae + errL - errE, sum.lpd + densityL - densityE)
            }
            sums.append(sum)
        }
        guard n > 0 else { return nil }
        let d = Double(n), dMAE = (maeL - maeE) / d, dLPD = (lpdL - lpdE) / d
        let se = (
            mae: sums.reduce(0) { $0 + pow($1.mae - $1.n * dMAE, 2) }.squareRoot() / d,
            lpd: sums.reduce(0) { $0 + pow($1.lpd - $1.n * dLPD, 2) }.squareRoot() / d
        )
        return HoldoutScore(
            label: label, claims: n, maeLearned: maeL / d, maeEqual: maeE / d, lpdLearned: lpdL / d, lpdEqual: lpdE / d,
            differenceSE: se)
    }

    /// The predictive log density of a reading by a source the fit has no claims of: the
    /// mixture over the S learned sources, each weighted 1 / S, of the predictive density
    /// were the reading that source's (`density(s)`), log sum_s p(y | s) / S. An unknown
    /// source is a draw from the sources seen (each source once, as exchangeable sources are
    /// drawn from their population), not a draw of a claim, which would give the prolific
    /// sources' laws the weight of their output, nor one of their average scale. Weighting
    /// by claims had a compiler held out whole (Phisterer, who strays more than the
    /// prolific ones) predicted worse than equal weights (log density -0.025, se 0.012);
    /// per source it is level (+0.001).
    static func newSourceLogDensity(_ fit: Fit, _ density: (Int) -> Double) -> Double {
        let used = fit.claims.indices.filter { fit.claims[$0] > 0 }
        guard !used.isEmpty else { return -.infinity }
        let terms = used.map { -log(Double(used.count)) + density($0) }
        let top = terms.max() ?? 0
        return top + log(terms.reduce(0) { $0 + exp($1 - top) })
    }

    /// The log density of `y` under the fit's error law: Student-t with `df` degrees of
    /// freedom and scale^2 `variance`, or normal when `df` is nil.
    static func logDensity(_ y: Double, _ mean: Double, _ variance: Double, df: Double?) -> Double {
        let z2 = (y - mean) * (y - mean) / variance
        guard let df else { return -0.5 * log(2 * Double.pi * variance) - z2 / 2 }
        return ErrorLaw.tConstant(df, variance) - (df + 1) / 2 * log1p(z2 / df)
    }
}
