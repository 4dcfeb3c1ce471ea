import Foundation

extension SourceLearning {
    /// The posterior of one quantity's log1p value `theta` given the claims on it, with the
    /// sources' biases and scales held at their learned values and a flat prior:
    ///
    ///     p(theta | y) ∝ prod_j f(y_j - b_j - theta; s_j^2),   s_j^2 = sigma_j^2 + kappa_j^2,
    ///
    /// `f` the error law (Student-t with `df` degrees of freedom, or normal). With Student-t
    /// errors and sources that disagree, the posterior has a mode per camp (compilers that
    /// agree to the man against one that counts by another definition), which the weighted
    /// mean of the fitting rounds hides; here it is evaluated on a grid. The grid spans every
    /// claim's centre +- 10 of the widest scale, with a step of a fifth of the narrowest scale
    /// (at most 0.006), capped at 6,000 points (wider steps beyond: the sums below are
    /// Riemann sums, accurate to about 1e-3 in log density when the step is under s/5). With
    /// normal errors the posterior is normal, `N(sum w_j c_j / sum w_j, 1 / sum w_j)` with
    /// `w_j = 1 / s_j^2`, and is used in closed form.
    struct QuantityPosterior {
        /// The grid of theta values, evenly spaced (one value, the mean, for a normal posterior).
        let theta: [Double]
        /// The normalised posterior mass at each grid value (sums to 1).
        let mass: [Double]
        /// The variance of a normal posterior (nil: the grid is the posterior).
        let normalVariance: Double?

        /// The posterior of claims with centres `y_j - b_j` and scales^2 `s_j^2`; nil without claims.
        init?(centres: [Double], scales2: [Double], df: Double?) {
            guard !centres.isEmpty, let lo = centres.min(), let hi = centres.max(),
                let wide = scales2.max(), let narrow = scales2.min()
            else { return nil }
            guard df != nil else {
                let w = scales2.map { 1 / $0 }, total = w.reduce(0, +)
                theta = [zip(w, centres).reduce(0) { $0 + $1.0 * $1.1 } / total]
                mass = [1]
                normalVariance = 1 / total
                return
            }
            let reach = 10 * wide.squareRoot()
            let step = max(min(narrow.squareRoot() / 5, 0.006), (hi - lo + 2 * reach) / 6000)
            let count = Int(((hi - lo + 2 * reach) / step).rounded(.up)) + 1
            let grid = (0..<count).map { lo - reach + Double($0) * step }
            let logp = grid.map { t in
                zip(centres, scales2).reduce(0.0) { $0 + SourceLearning.logDensity($1.0, t, $1.1, df: df) }
            }
            let top = logp.max() ?? 0
            let raw = logp.map { exp($0 - top) }
            let total = raw.reduce(0, +)
            theta = grid
            mass = raw.map { $0 / total }
            normalVariance = nil
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

        /// The log predictive density of a new reading `y` whose error law, given theta, has
        /// centre `theta + bias` and scale^2 `scale2`: `log sum_k mass_k f(y - bias - theta_k)`.
        func logPredictive(_ y: Double, bias: Double, scale2: Double, df: Double?) -> Double {
            if let v = normalVariance { return SourceLearning.logDensity(y - bias, theta[0], scale2 + v, df: nil) }
            let terms = zip(theta, mass).compactMap { t, m -> Double? in
                m > 0 ? log(m) + SourceLearning.logDensity(y - bias, t, scale2, df: df) : nil
            }
            let top = terms.max() ?? 0
            return top + log(terms.reduce(0) { $0 + exp($1 - top) })
        }
    }
}
