import CasualtyData
import Foundation

extension SourceLearning {
    /// Fits the model of `SourceLearning` to `data`. With `tied`, every source shares one
    /// sigma (and gross share) and has no bias (the equal-weights baseline the learned fit is
    /// compared with).
    public static func fit(_ data: Claims, settings: Settings = Settings(), tied: Bool = false) -> Fit {
        let S = data.sourceIDs.count, obs = data.observations
        var fit = Fit(sources: S, claims: obs.count, settings: settings)
        for o in obs where !o.implied { fit.claims[o.source] += 1 }
        fit.relations = Array(Set(obs.map(\.relation))).sorted()
        let relationIndex = Dictionary(uniqueKeysWithValues: fit.relations.enumerated().map { ($1, $0) })
        fit.relationOf = obs.map { relationIndex[$0.relation]! }
        fit.offset = Array(repeating: Array(repeating: 0, count: fit.relations.count), count: S)
        (fit.offsetSD, fit.relationSD) = (fit.offset, fit.offset)
        let anchors = anchorSet(data, settings)
        for iteration in 1...settings.maxIterations {
            fit.iterations = iteration
            residuals(data, &fit)
            weigh(data, &fit, law: settings.errors)
            let step = biasStep(data, fit, tied: tied)
            // Anchor: the claim-weighted mean bias of the anchor sources is 0.
            let weight = anchors.map { Double(fit.claims[$0]) }.reduce(0, +)
            let shift = weight > 0 ? anchors.map { step.bias[$0] * Double(fit.claims[$0]) }.reduce(0, +) / weight : 0
            let bias = step.bias.map { $0 - shift }, sd = step.sd
            let movedD = zip(step.offset.joined(), fit.offset.joined()).map { abs($0 - $1) }.max() ?? 0
            (fit.offset, fit.offsetSD, fit.relationSD) = (step.offset, step.offsetSD, step.relationSD)
            let (sigma2, information) = sigmaStep(data, fit, bias: bias, shift: shift, settings: settings, tied: tied)
            fit.sigmaInformation = information
            let before = fit.grossShare
            if case .contaminated(let df) = settings.errors { updateGross(data, &fit, df: df, settings: settings, tied: tied) }
            let moved = zip(bias, fit.bias).map { abs($0 - $1) }.max() ?? 0
            let movedS = zip(sigma2, fit.sigma2).map { abs(0.5 * log($0 / $1)) }.max() ?? 0
            let movedG = zip(before, fit.grossShare).map { abs($0 - $1) }.max() ?? 0
            fit.bias = bias
            fit.biasSD = sd
            fit.sigma2 = sigma2
            updateHyper(&fit, tied: tied, settings: settings)
            if iteration > 2 && max(moved, movedS, movedG, movedD) < settings.tolerance {
                fit.converged = true
                break
            }
        }
        residuals(data, &fit)
        return fit
    }

    /// Each claim's weight in the sums of a round: the Student-t weight `(df + 1) / (df + z^2 /
    /// V)` (iteratively reweighted least squares), or, for the contaminated law, the posterior
    /// probability that the claim is a usual reading and not a gross error,
    /// `1 - g_i`, `g_i = pi t(r; sigma_g^2 + V - sigma^2) / (pi t(...) + (1 - pi) N(r - b; V))`.
    static func weigh(_ data: Claims, _ fit: inout Fit, law: ErrorLaw) {
        for (i, o) in data.observations.enumerated() {
            let r = fit.residual[i], z = r - fit.claimBias(i, o.source), v = fit.variance[i]
            switch law {
            case .normal:
                fit.robust[i] = 1
            case .studentT(let df):
                fit.robust[i] = (df + 1) / (df + z * z / v)
            case .contaminated(let df):
                let p = fit.grossShare(of: o), vg = fit.grossScale2(of: o.source) + v - fit.sigma2[o.source]
                let core = log1p(-p) + logDensity(z, 0, v, df: nil), gross = log(p) + logDensity(r, 0, vg, df: df)
                // Damped (the mean of old and new): a claim's probability moves the leave-one-out
                // estimates its neighbours are compared with, and theirs move its own; undamped,
                // three claims that disagree pairwise can trade the label round after round.
                fit.gross[i] = v >= 1e6 ? 0 : (fit.gross[i] + 1 / (1 + exp(core - gross))) / 2
                fit.robust[i] = 1 - fit.gross[i]
            }
        }
    }

    /// The next sigma^2 of every source: each claim's excess squared residual, weighted by the
    /// share of its variance that is the source's own noise (squared), so that a wide range or
    /// a quantity known from few other claims counts for less; the pooled prior counts as
    /// `priorClaims`. Student-t: the excess of the weighted squared residual over all claims;
    /// contaminated: the excess over the claims' usual-reading probabilities. Damped (the
    /// geometric mean of old and new): the weights depend on sigma itself. Also returns each
    /// source's information about its sigma (`Fit.sigmaInformation`).
    static func sigmaStep(
        _ data: Claims, _ fit: Fit, bias: [Double], shift: Double, settings: Settings, tied: Bool
    ) -> (sigma2: [Double], information: [Double]) {
        let S = data.sourceIDs.count, mixture = settings.errors.isContaminated
        var c = [Double](repeating: 0, count: S), m = c, n = c
        for (i, o) in data.observations.enumerated() where !o.implied {
            let r = fit.residual[i] - bias[o.source] - shift - fit.offset[o.source][fit.relationOf[i]]
            let share = fit.sigma2[o.source] / fit.variance[i], count = mixture ? fit.robust[i] : 1
            let excess = (mixture ? r * r : fit.robust[i] * r * r) - (fit.variance[i] - fit.sigma2[o.source])
            c[o.source] += count * share * share * excess
            m[o.source] += count * share * share
            n[o.source] += count
        }
        let floor2 = Self.sigmaFloor * Self.sigmaFloor
        if tied {
            let pooled = min(16, max(floor2, c.reduce(0, +) / max(1e-9, m.reduce(0, +))))
            return (Array(repeating: (fit.sigma2[0] * pooled).squareRoot(), count: S), m)
        }
        let sigma2 = (0..<S).map { s -> Double in
            let excess = m[s] > 0 ? c[s] / m[s] : fit.s02
            let target = min(16, max(floor2, (settings.priorClaims * fit.s02 + n[s] * excess) / (settings.priorClaims + n[s])))
            return (fit.sigma2[s] * target).squareRoot()
        }
        return (sigma2, m)
    }

    /// The contaminated law's gross shares and scale: `pi_s = (G_s + nu pi) / (n_s + nu)`,
    /// `G_s` the source's expected gross errors, shrunk toward the pooled share `pi = sum G /
    /// sum n` with the prior's weight `nu = priorClaims` and kept in [0.001, 0.9]; `sigma_g^2`
    /// the Student-t scale of the gross residuals (`sum g u r^2 / sum g`, `u = (df + 1) / (df + r^2
    /// / V_g)`, the EM step of a Student-t scale; the residuals' other variance is not taken
    /// off, as a claim judged gross often faces others judged so too), at least 0.1^2. Each
    /// source's gross errors are at least three times as wide as its usual ones
    /// (`Fit.grossScale2(of:)`), so the two parts cannot trade places.
    static func updateGross(_ data: Claims, _ fit: inout Fit, df: Double, settings: Settings, tied: Bool) {
        let S = data.sourceIDs.count
        var g = [Double](repeating: 0, count: S), n = g, num = 0.0, den = 0.0
        for (i, o) in data.observations.enumerated() where fit.variance[i] < 1e6 && !o.implied {
            g[o.source] += fit.gross[i]
            n[o.source] += 1
            let other = fit.variance[i] - fit.sigma2[o.source], r = fit.residual[i]
            let u = (df + 1) / (df + r * r / (fit.grossScale2(of: o.source) + other))
            num += fit.gross[i] * u * r * r
            den += fit.gross[i]
        }
        let pooled = min(0.5, max(0.001, g.reduce(0, +) / max(1, n.reduce(0, +))))
        let nu = settings.priorClaims
        fit.grossShare = (0..<S).map { tied ? pooled : min(0.9, max(0.001, (g[$0] + nu * pooled) / (n[$0] + nu))) }
        fit.grossScale2 = max(0.01, den > 0 ? num / den : fit.grossScale2)
    }

    /// Each source's bias (before anchoring) and its offsets by relation, with their sds: the
    /// joint posterior mode of the model's Gaussian pieces given the round's residuals. With
    /// `A_r`, `B_r` the sums of `w_i` and `w_i r_i` over the source's claims of relation r
    /// (`w_i` = weight / `V_i`), `p = 1 / offsetTau2` and `1 / tau^2` the priors:
    ///
    ///     b = sum_r c_r m_r / (sum_r c_r + 1 / tau^2),   c_r = A_r p / (A_r + p),   m_r = B_r / A_r,
    ///     d_r = (B_r - A_r b) / (A_r + p),
    ///
    /// solved at once (updating b and d in turn crawls: they trade off). A source whose claims
    /// are all of one relation has no offsets, and `b = B / (A + 1 / tau^2)`, as before them. The
    /// sds, from the inverse of the Gaussian's precision: `v_b = 1 / (sum_r c_r + 1 / tau^2)`
    /// for b (one relation: `1 / (A + 1 / tau^2)`), `1 / (A_r + p) + v_b k_r^2` for d_r and
    /// `1 / (A_r + p) + v_b (1 - k_r)^2` for the bias in relation r, `b + d_r` (b and d_r are
    /// negatively correlated), `k_r = A_r / (A_r + p)`. With `tied`, no bias and no offsets.
    static func biasStep(
        _ data: Claims, _ fit: Fit, tied: Bool
    ) -> (bias: [Double], sd: [Double], offset: [[Double]], offsetSD: [[Double]], relationSD: [[Double]]) {
        let S = fit.bias.count, R = fit.relations.count
        var A = Array(repeating: [Double](repeating: 0, count: R), count: S), B = A
        for (i, o) in data.observations.enumerated() where !o.implied {
            A[o.source][fit.relationOf[i]] += fit.robust[i] / fit.variance[i]
            B[o.source][fit.relationOf[i]] += fit.robust[i] * fit.residual[i] / fit.variance[i]
        }
        var bias = [Double](repeating: 0, count: S), sd = bias, offset = fit.offset, offsetSD = fit.offsetSD
        var relationSD = offsetSD
        let p = 1 / fit.offsetTau2, q = 1 / fit.tau2
        for s in 0..<S {
            let used = (0..<R).filter { A[s][$0] > 0 }
            guard used.count >= 2 else {
                let a = A[s].reduce(0, +), b = B[s].reduce(0, +)
                (bias[s], sd[s]) = tied ? (0, 1 / (a + q).squareRoot()) : (b / (a + q), 1 / (a + q).squareRoot())
                offset[s] = Array(repeating: 0, count: R)
                (offsetSD[s], relationSD[s]) = (offset[s], offset[s])
                continue
            }
            let c = (0..<R).map { A[s][$0] * p / (A[s][$0] + p) }
            let cm = used.map { c[$0] * B[s][$0] / A[s][$0] }.reduce(0, +), cs = c.reduce(0, +)
            bias[s] = tied ? 0 : cm / (cs + q)
            sd[s] = 1 / (cs + q).squareRoot()
            for r in 0..<R {
                let k = A[s][r] / (A[s][r] + p), vb = sd[s] * sd[s]
                offset[s][r] = tied || A[s][r] == 0 ? 0 : (B[s][r] - A[s][r] * bias[s]) / (A[s][r] + p)
                offsetSD[s][r] = A[s][r] == 0 ? 0 : (1 / (A[s][r] + p) + vb * k * k).squareRoot()
                relationSD[s][r] = A[s][r] == 0 ? 0 : (1 / (A[s][r] + p) + vb * (1 - k) * (1 - k)).squareRoot()
            }
        }
        return (bias, sd, offset, offsetSD, relationSD)
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
            m[o.unit] += wi * (o.y - fit.claimBias(i, o.source))
        }
        for (i, o) in data.observations.enumerated() {
            let wi = fit.robust[i] / (fit.sigma2[o.source] + o.kappa2)
            let rest = w[o.unit] - wi
            guard rest > 0 else {
                fit.residual[i] = 0
                fit.variance[i] = 1e6
                continue
            }
            let theta = (m[o.unit] - wi * (o.y - fit.claimBias(i, o.source))) / rest
            fit.residual[i] = o.y - theta
            fit.variance[i] = fit.sigma2[o.source] + o.kappa2 + 1 / rest
        }
    }

    /// `tau^2` by moments (the spread of biases beyond their own uncertainty, pooled with
    /// `tauPrior`, at least 0.02^2, at most `tauMax^2`) and `s0^2` as the geometric mean of the
    /// sources' sigma^2 (weighted by claims, with `sigma0^2` worth `anchorClaims`).
    static func updateHyper(_ fit: inout Fit, tied: Bool, settings: Settings) {
        let used = fit.claims.indices.filter { fit.claims[$0] > 0 }
        guard !used.isEmpty, !tied else { return }
        let n = Double(used.count)
        let meanB = used.map { fit.bias[$0] }.reduce(0, +) / n
        let spread = used.map { (fit.bias[$0] - meanB) * (fit.bias[$0] - meanB) }.reduce(0, +) / max(1, n - 1)
        let noise = used.map { fit.biasSD[$0] * fit.biasSD[$0] }.reduce(0, +) / n
        let moments = max(0, spread - noise), prior = Self.tauPrior
        fit.tau2 = min(
            Self.tauMax * Self.tauMax,
            max(0.0004, ((n - 1) * moments + prior.sources * prior.tau * prior.tau) / (n - 1 + prior.sources)))
        // The offsets' spread by moments the same way (about 0: offsets are shifts from a bias).
        let offsets = zip(fit.offset.joined(), fit.offsetSD.joined()).filter { $0.1 > 0 }
        if offsets.count > 1 {
            let k = Double(offsets.count)
            let raw = offsets.map { $0.0 * $0.0 }.reduce(0, +) / k, noiseD = offsets.map { $0.1 * $0.1 }.reduce(0, +) / k
            fit.offsetTau2 = min(
                Self.tauMax * Self.tauMax,
                max(0.0004, (k * max(0, raw - noiseD) + prior.sources * prior.tau * prior.tau) / (k + prior.sources)))
        }
        let total = used.map { Double(fit.claims[$0]) }.reduce(0, +)
        let logs = used.map { Double(fit.claims[$0]) * log(fit.sigma2[$0]) }.reduce(0, +)
        let anchor = Self.anchorClaims * log(settings.sigma0 * settings.sigma0)
        fit.s02 = exp((logs + anchor) / (total + Self.anchorClaims))
    }

    /// The prior on the spread of biases: `tau = 0.1` worth two sources, pooled with the
    /// moment estimate from `n` sources as `((n - 1) tau_hat^2 + 2 * 0.1^2) / (n + 1)`. With
    /// two or three sources the spread of their own biases says little, and a spread near 0
    /// would claim each bias known to within a few percent.
    public static let tauPrior = (tau: 0.1, sources: 2.0)

    /// The largest spread of biases across sources, `tau` (1 on the log1p scale, a factor of
    /// e): with few sources the spread estimated from their biases would feed on itself (a
    /// larger spread shrinks less, which spreads the biases more).
    public static let tauMax = 1.0

    /// The weight, in claims, of `sigma0` in the pooled scale `s0` (its log is the
    /// claim-weighted mean of the sources' log sigma^2 and, with this weight, of sigma0^2):
    /// nothing against thousands of claims, but a handful cannot pull every sigma to the
    /// floor by agreeing with biases fitted to them.
    public static let anchorClaims = 10.0

    /// The chi-square quantile with `k` degrees of freedom at standard normal quantile `z`
    /// (Wilson-Hilferty: within 1% for k >= 3).
    static func chiSquare(_ k: Double, z: Double) -> Double {
        let a = 2 / (9 * k)
        return k * pow(1 - a + z * a.squareRoot(), 3)
    }

    /// A source's gross share with its 90% interval: the normal approximation to its
    /// Beta(G + nu pi, n - G + nu (1 - pi)) posterior, `pi_s +- 1.645 sqrt(pi_s (1 - pi_s) /
    /// (n_s + nu))`, kept in [0, 1].
    static func grossShare(_ fit: Fit, source s: Int, settings: Settings) -> LearnedSources.GrossShare {
        let p = fit.grossShare[s], half = 1.6449 * (p * (1 - p) / (Double(fit.claims[s]) + settings.priorClaims)).squareRoot()
        return .init(share: p, interval: max(0, p - half)...min(1, p + half), scale: fit.grossScale2(of: s).squareRoot())
    }

    /// The fit as `LearnedSources`, with 90% intervals, biases by relation (the fit's `b_s +
    /// d_{s,r}` with its sd, for sources of several relations) and, for reading, by side and by outcome (the mean residuals of those claims,
    /// shrunk toward the source's overall bias with the same `tau^2`).
    public static func learned(_ data: Claims, _ fit: Fit, settings: Settings) -> LearnedSources {
        var byRelation = [[String: (a: Double, b: Double, n: Int)]](repeating: [:], count: data.sourceIDs.count)
        var bySide = byRelation, byOutcome = byRelation
        for (i, o) in data.observations.enumerated() where !o.implied {
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
            let relations = Dictionary(
                uniqueKeysWithValues: fit.relations.indices.compactMap { r -> (String, LearnedSources.Bias)? in
                    guard fit.relationSD[s][r] > 0, let n = byRelation[s][fit.relations[r]]?.n else { return nil }
                    return (
                        fit.relations[r],
                        LearnedSources.Bias(mean: fit.bias[s] + fit.offset[s][r], sd: fit.relationSD[s][r], claims: n)
                    )
                })
            let sides = shrunk(bySide[s], toward: shiftBack[s])
            let outcomes = shrunk(byOutcome[s], toward: shiftBack[s])
            let sigma = s2.squareRoot()
            let variance = settings.errors.variance(
                sigma2: s2, grossShare: fit.grossShare[s], grossScale2: fit.grossScale2(of: s))
            var entry = LearnedSources.Entry(
                name: data.sourceNames[s], claims: fit.claims[s], sigma: sigma, sigmaInterval: min(lo, sigma)...max(hi, sigma),
                reliability: min(1, max(0.01, settings.sigma0 * settings.sigma0 / variance)), bias: fit.bias[s],
                biasSD: fit.biasSD[s], byRelation: relations, bySide: sides, byOutcome: outcomes)
            if settings.errors.isContaminated { entry.gross = grossShare(fit, source: s, settings: settings) }
            entries[data.sourceIDs[s]] = entry
        }
        let anchor =
            settings.reference.map { "the bias of \($0) is 0" }
            ?? (data.neutral.contains(true)
                ? "the claim-weighted mean bias of the neutral sources is 0" : "the claim-weighted mean bias of all sources is 0")
        return LearnedSources(sources: entries, anchor: anchor, sigma0: settings.sigma0)
    }
}
