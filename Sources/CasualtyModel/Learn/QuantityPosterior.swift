import Foundation

extension SourceLearning {
    /// The posterior of one quantity's log1p value `theta` given the claims on it, with the
    /// sources' biases, scales and gross shares held at their learned values and a flat prior:
    ///
    ///     p(theta | y) ∝ prod_j f(y_j - theta; b_j, s_j^2, pi_j, sigma_g^2 + kappa_j^2),
    ///     s_j^2 = sigma_j^2 + kappa_j^2,
    ///
    /// `f` the error law (`ErrorLaw.density`). With heavy-tailed or contaminated errors and
    /// sources that disagree, the posterior has a mode per camp (compilers that agree to the
    /// man against one that counts by another definition), which a weighted mean hides; it is
    /// evaluated on a grid spanning every claim's centre +- 10 of the widest scale, with a step
    /// of a fifth of the narrowest scale (at most 0.006), at most 6,000 points (wider steps
    /// beyond: the sums below are Riemann sums, accurate to about 1e-3 in log density when the
    /// step is under s/5). With normal errors the posterior is normal,
    /// `N(sum w_j c_j / sum w_j, 1 / sum w_j)` with `c_j = y_j - b_j`, `w_j = 1 / s_j^2`, and is
    /// used in closed form.
    struct QuantityPosterior {
        /// One claim as the posterior sees it.
        struct Reading {
            /// The reading, its source's bias, and its usual variance `sigma^2 + kappa^2`.
            var y: Double, bias: Double, scale2: Double
            /// Its source's gross share and the gross variance `sigma_g^2 + kappa^2`.
            var grossShare = 0.0, grossScale2 = 1.0
        }

        /// The grid of theta values, evenly spaced (one value, the mean, for a normal posterior).
        let theta: [Double]
        /// The normalised posterior mass at each grid value (sums to 1).
        let mass: [Double]
        /// The variance of a normal posterior (nil: the grid is the posterior).
        let normalVariance: Double?
        /// The error law.
        let law: ErrorLaw

        /// The posterior of `readings` under `law`; nil without readings.
        init?(_ readings: [Reading], law: ErrorLaw) {
            guard !readings.isEmpty else { return nil }
            self.law = law
            guard law != .normal else {
                let w = readings.map { 1 / $0.scale2 }, total = w.reduce(0, +)
                theta = [zip(w, readings).reduce(0) { $0 + $1.0 * ($1.1.y - $1.1.bias) } / total]
                (mass, normalVariance) = ([1], 1 / total)
                return
            }
            let centres = readings.map { $0.y - $0.bias } + (law.isContaminated ? readings.map(\.y) : [])
            let wide = readings.map { law.isContaminated ? max($0.scale2, $0.grossScale2) : $0.scale2 }.max()!.squareRoot()
            let narrow = readings.map(\.scale2).min()!.squareRoot()
            let lo = centres.min()! - 10 * wide, width = centres.max()! - centres.min()! + 20 * wide
            let step = max(min(narrow / 5, 0.006), width / 6000)
            let grid = (0..<(Int((width / step).rounded(.up)) + 1)).map { lo + Double($0) * step }
            let densities = readings.map {
                law.density(bias: $0.bias, scale2: $0.scale2, grossShare: $0.grossShare, grossScale2: $0.grossScale2)
            }
            var logp = [Double](repeating: 0, count: grid.count)
            for (r, f) in zip(readings, densities) {
                for k in grid.indices { logp[k] += f(r.y - grid[k]) }
            }
            let top = logp.max() ?? 0
            let raw = logp.map { exp($0 - top) }
            let total = raw.reduce(0, +)
            (theta, mass, normalVariance) = (grid, raw.map { $0 / total }, nil)
        }

        /// The posterior median of theta (linear between grid points): the estimate under
        /// absolute loss, the loss the held-out comparison scores.
        var median: Double {
            guard normalVariance == nil else { return theta[0] }
            var cumulative = 0.0
            for (k, m) in mass.enumerated() {
                if cumulative + m >= 0.5 {
                    let fraction = m > 0 ? (0.5 - cumulative) / m : 0
                    let step = theta.count > 1 ? theta[1] - theta[0] : 0
                    return theta[k] - step / 2 + fraction * step
                }
                cumulative += m
            }
            return theta.last ?? 0
        }

        /// The log predictive density of a new reading by a source with the error parameters
        /// of `r` (its `y` the reading): `log sum_k mass_k f(y - theta_k)`.
        func logPredictive(_ r: Reading) -> Double {
            if let v = normalVariance { return SourceLearning.logDensity(r.y - r.bias, theta[0], r.scale2 + v, df: nil) }
            let f = law.density(bias: r.bias, scale2: r.scale2, grossShare: r.grossShare, grossScale2: r.grossScale2)
            let terms = zip(theta, mass).compactMap { t, m -> Double? in m > 0 ? log(m) + f(r.y - t) : nil }
            let top = terms.max() ?? 0
            return top + log(terms.reduce(0) { $0 + exp($1 - top) })
        }
    }
}

extension SourceLearning.Fit {
    /// A reading `y` of own variance `kappa2` by `source` in `relation`, with the source's
    /// fitted error parameters (its bias in that relation unless `bias` is false: a source held
    /// out is not known); `parts` claims summed (an implied reading).
    func reading(
        _ y: Double, kappa2: Double, source: Int, relation: String, bias: Bool = true, parts: Int = 1
    ) -> SourceLearning.QuantityPosterior.Reading {
        .init(
            y: y, bias: bias ? self.bias(of: source, relation: relation) : 0, scale2: sigma2[source] + kappa2,
            grossShare: grossShare(of: source, parts: parts), grossScale2: grossScale2(of: source) + kappa2)
    }

    /// The bias of `source` in claims of `relation`: its bias and its offset there.
    func bias(of source: Int, relation: String) -> Double {
        bias[source] + (relations.firstIndex(of: relation).map { offset[source][$0] } ?? 0)
    }

    /// The gross share of an observation: its source's, or for a reading that sums `parts`
    /// claims the chance that one of them strays, `1 - (1 - pi_s)^parts`.
    func grossShare(of o: SourceLearning.Observation) -> Double { grossShare(of: o.source, parts: o.parts) }

    /// The gross share of a reading by `source` that sums `parts` claims.
    func grossShare(of source: Int, parts: Int) -> Double {
        parts == 1 ? grossShare[source] : 1 - pow(1 - grossShare[source], Double(parts))
    }
}
