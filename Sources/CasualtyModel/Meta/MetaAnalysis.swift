import Foundation

/// The between-source variance estimators of random-effects meta-analysis, with metafor's
/// names and definitions (Viechtbauer 2010, `rma.uni(method = ...)`).
public enum TauEstimator: String, CaseIterable, Hashable, Sendable {
    /// Equal effects: tau^2 = 0.
    case ee
    /// DerSimonian-Laird: (Q - (k-1)) / (sum w - sum w^2 / sum w), truncated at 0.
    case dl
    /// Hedges: unweighted residual variance minus mean sampling variance, truncated at 0.
    case he
    /// Hunter-Schmidt: (Q - k) / sum w, truncated at 0.
    case hs
    /// Sidik-Jonkman: tau0^2 RSS(tau0^2) / (k-1), tau0^2 = sum (y - mean y)^2 / k.
    case sj
    /// Maximum likelihood (Fisher scoring from the HE value).
    case ml
    /// Restricted maximum likelihood (Fisher scoring from the HE value).
    case reml
    /// Empirical Bayes (Morris) estimator (iterated from the HE value).
    case eb
    /// Paule-Mandel: the tau^2 at which the generalised Q equals k-1 (Brent root search).
    case pm
}

/// How the confidence interval of the pooled estimate is formed.
public enum MetaTest: String, CaseIterable, Hashable, Sendable {
    /// Normal quantiles and se = sqrt(1 / sum w).
    case z
    /// Hartung-Knapp(-Sidik-Jonkman): se scaled by sqrt(RSS / (k-1)), t with k-1 df.
    case knha
}

/// Why a meta-analysis cannot be fitted.
public enum MetaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No rows.
    case empty
    /// y and v differ in length.
    case lengthMismatch(Int, Int)
    /// A value is not finite, or a variance is not positive (row numbers are 1-based).
    case invalidRow(Int, String)

    public var description: String {
        switch self {
        case .empty: return "no effect sizes: the meta-analysis needs at least one row"
        case let .lengthMismatch(a, b): return "\(a) effects but \(b) variances"
        case let .invalidRow(i, why): return "row \(i): \(why)"
        }
    }
}

/// Iteration controls; defaults tighter than metafor's so results are the converged values.
public struct MetaControl: Hashable, Sendable {
    /// Convergence threshold on |tau2_new - tau2_old| (metafor's `threshold`, default there 1e-5).
    public var threshold = 1e-12
    /// Largest number of iterations (metafor's `maxiter`, 100 there).
    public var maxIterations = 1000
    /// Upper end of the Paule-Mandel search interval (metafor's `tau2.max`), doubled while too small.
    public var tau2Max = 100.0
    /// Defaults.
    public init() {}
}

/// A random-effects fit: tau^2, the pooled estimate and every interval and statistic metafor
/// prints for `rma.uni`.
public struct MetaFit: Hashable, Sendable {
    /// The tau^2 estimator.
    public var method: TauEstimator
    /// The test used for the CI.
    public var test: MetaTest
    /// Number of rows.
    public var k: Int
    /// Between-source variance.
    public var tau2: Double
    /// sqrt(tau2).
    public var tau: Double { tau2.squareRoot() }
    /// Pooled estimate, sum w y / sum w with w = 1 / (v + tau2).
    public var estimate: Double
    /// Its standard error (Hartung-Knapp adjusted under `knha`).
    public var se: Double
    /// Confidence interval.
    public var ciLower: Double
    /// Confidence interval.
    public var ciUpper: Double
    /// Prediction interval: estimate -/+ crit * sqrt(se^2 + tau2).
    public var piLower: Double
    /// Prediction interval.
    public var piUpper: Double
    /// Cochran's Q with equal-effects weights 1 / v.
    public var q: Double
    /// Degrees of freedom of Q (k - 1).
    public var qDF: Int
    /// P(chi-square(k-1) > Q).
    public var qPValue: Double
    /// I^2 in percent: 100 tau2 / (tau2 + s^2), s^2 the typical sampling variance (EE: from Q).
    public var i2: Double
    /// H^2: (tau2 + s^2) / s^2 (EE: Q / (k-1)).
    public var h2: Double

    /// Whether every reported number is finite (degenerate data can make one NaN or
    /// infinite; renderers then write null and the fit does not count as converged).
    public var isFinite: Bool {
        [tau2, estimate, se, ciLower, ciUpper, piLower, piUpper, q, qPValue, i2, h2].allSatisfy(\.isFinite)
    }
    /// Whether an iterative estimator converged (always true for closed forms).
    public var converged: Bool
    /// Iterations used (0 for closed forms).
    public var iterations: Int
}

/// Leave-one-out and influence diagnostics of row i (metafor's `leave1out` and `influence`).
public struct MetaInfluence: Hashable, Sendable {
    /// 1-based row.
    public var row: Int
    /// The fit without row i.
    public var leaveOut: MetaFit?
    /// Externally standardised residual (y_i - mu_(-i)) / sqrt(v_i + tau2_(-i) + se_(-i)^2).
    public var rstudent: Double
    /// Cook's distance (mu - mu_(-i))^2 / se^2 (full-model se).
    public var cooksDistance: Double
    /// Hat value w_i / sum w.
    public var hat: Double
    /// Weight in percent, 100 w_i / sum w.
    public var weight: Double
}

/// Effect sizes y_i with sampling variances v_i, ready to fit.
public struct MetaAnalysis: Hashable, Sendable {
    /// Effect estimates.
    public let y: [Double]
    /// Sampling variances (> 0).
    public let v: [Double]

    /// Validates and stores the data.
    public init(y: [Double], v: [Double]) throws(MetaError) {
        guard !y.isEmpty else { throw .empty }
        guard y.count == v.count else { throw .lengthMismatch(y.count, v.count) }
        for i in y.indices {
            guard y[i].isFinite else { throw .invalidRow(i + 1, "effect \(y[i]) is not finite") }
            guard v[i].isFinite, v[i] > 0 else { throw .invalidRow(i + 1, "variance \(v[i]) must be positive and finite") }
        }
        self.y = y
        self.v = v
    }

    var k: Int { y.count }

    /// The weighted mean mu and the sum of weights for tau2 (w = 1 / (v + tau2)); scalar
    /// loops, no allocation (batch meta-analysis calls this millions of times).
    @inline(__always)
    func pooled(_ tau2: Double) -> (mu: Double, sumW: Double) {
        var sw = 0.0, swy = 0.0
        for i in 0..<y.count {
            let w = 1 / (v[i] + tau2)
            sw += w
            swy += w * y[i]
        }
        return (swy / sw, sw)
    }

    /// Generalised Q: sum w_i (y_i - mu(tau2))^2 with w = 1 / (v + tau2).
    @inline(__always)
    func generalisedQ(_ tau2: Double) -> Double {
        let mu = pooled(tau2).mu
        var q = 0.0
        for i in 0..<y.count {
            let r = y[i] - mu
            q += r * r / (v[i] + tau2)
        }
        return q
    }

    /// Estimates tau^2 by `method`; returns (tau2, converged, iterations).
    public func tau2(_ method: TauEstimator, control: MetaControl = MetaControl()) -> (Double, Bool, Int) {
        let kk = Double(k)
        guard k > 1 else { return (0, true, 0) }  // one row: tau^2 is not estimable; 0 by convention
        var sw0 = 0.0, sw0sq = 0.0, sumY = 0.0, sumV = 0.0
        for i in 0..<k {
            let w = 1 / v[i]
            sw0 += w
            sw0sq += w * w
            sumY += y[i]
            sumV += v[i]
        }
        let meanY = sumY / kk
        var rssUnweighted = 0.0
        for i in 0..<k { rssUnweighted += (y[i] - meanY) * (y[i] - meanY) }
        let he = max(0, rssUnweighted / (kk - 1) - sumV / kk)
        switch method {
        case .ee:
            return (0, true, 0)
        case .dl:
            return (max(0, (generalisedQ(0) - (kk - 1)) / (sw0 - sw0sq / sw0)), true, 0)
        case .he:
            return (he, true, 0)
        case .hs:
            return (max(0, (generalisedQ(0) - kk) / sw0), true, 0)
        case .sj:
            let t0 = rssUnweighted / kk
            guard t0 > 0 else { return (0, true, 0) }
            return (t0 * generalisedQ(t0) / (kk - 1), true, 0)
        case .ml, .reml, .eb:
            return fisherScoring(method, from: he, control: control)
        case .pm:
            return pauleMandel(control: control)
        }
    }

    /// ML, REML or EB tau^2 by Fisher scoring as in metafor, from `start` (the HE value),
    /// halving a step that would go below 0; at most `control.maxIterations` steps. A step
    /// that is not finite (variances near the limits of a double) ends the iteration as
    /// not converged.
    func fisherScoring(_ method: TauEstimator, from start: Double, control: MetaControl) -> (Double, Bool, Int) {
        let kk = Double(k)
        var t = start
        for iteration in 1...max(1, control.maxIterations) {
            let (mu, sw) = pooled(t)
            // Sums of w^2, w^3, w r^2 and w^2 r^2 with w = 1/(v + t), r = y - mu.
            var sw2 = 0.0, sw3 = 0.0, swr2 = 0.0, sw2r2 = 0.0
            for i in 0..<k {
                let w = 1 / (v[i] + t), r = y[i] - mu
                sw2 += w * w
                sw3 += w * w * w
                swr2 += w * r * r
                sw2r2 += w * w * r * r
            }
            var adj: Double
            switch method {
            case .ml:
                // Y'PPY = sum w^2 r^2 for an intercept-only model.
                adj = (sw2r2 - sw) / sw2
            case .reml:
                // P = W - w w' / sum w: tr(P) = sum w - sum w^2 / sum w,
                // tr(PP) = sum w^2 - 2 sum w^3 / sum w + (sum w^2 / sum w)^2.
                let trP = sw - sw2 / sw
                let trPP = sw2 - 2 * sw3 / sw + (sw2 / sw) * (sw2 / sw)
                adj = (sw2r2 - trP) / trPP
            default:  // .eb: Y'PY = sum w r^2
                adj = (swr2 * kk / (kk - 1) - kk) / sw
            }
            guard adj.isFinite else { return (t, false, iteration) }
            while t + adj < 0 { adj /= 2 }
            let old = t
            t += adj
            if abs(t - old) < control.threshold { return (t, true, iteration) }
        }
        return (t, false, control.maxIterations)
    }

    /// Paule-Mandel tau^2: the root of Q(tau^2) = k - 1 by Brent's method, bracketed by
    /// doubling from `control.tau2Max`.
    func pauleMandel(control: MetaControl) -> (Double, Bool, Int) {
        let target = Double(k) - 1
        if generalisedQ(0) < target { return (0, true, 0) }
        var hi = control.tau2Max
        var doublings = 0
        while generalisedQ(hi) > target && doublings < 60 {
            hi *= 2
            doublings += 1
        }
        guard generalisedQ(hi) <= target else { return (hi, false, 0) }
        let (root, iterations) = brentRoot({ self.generalisedQ($0) - target }, 0, hi, tolerance: control.threshold)
        return (root, true, iterations)
    }

    /// Fits the random-effects model with `method` and `test` at confidence `level`.
    public func fit(
        _ method: TauEstimator, test: MetaTest = .z, level: Double = 0.95,
        control: MetaControl = MetaControl()
    ) -> MetaFit {
        let (t2, converged, iterations) = tau2(method, control: control)
        let (mu, sw) = pooled(t2)
        var se = (1 / sw).squareRoot()
        let kk = Double(k)
        let alpha = 1 - level
        var crit = StandardNormal.quantile(1 - alpha / 2)
        if test == .knha && k > 1 {
            se *= (generalisedQ(t2) / (kk - 1)).squareRoot()
            crit = Distributions.studentTQuantile(1 - alpha / 2, df: kk - 1)
        }
        let q = generalisedQ(0)
        var i2 = 0.0, h2 = 1.0
        if k > 1 {
            if method == .ee {
                i2 = max(0, 100 * (q - (kk - 1)) / q)
                h2 = q / (kk - 1)
            } else {
                var sw0 = 0.0, sw0sq = 0.0
                for i in 0..<k {
                    let w = 1 / v[i]
                    sw0 += w
                    sw0sq += w * w
                }
                let s2 = (kk - 1) * sw0 / (sw0 * sw0 - sw0sq)
                i2 = 100 * t2 / (s2 + t2)
                h2 = (t2 + s2) / s2
            }
        }
        let piHalf = crit * (se * se + t2).squareRoot()
        return MetaFit(
            method: method, test: test, k: k, tau2: t2, estimate: mu, se: se,
            ciLower: mu - crit * se, ciUpper: mu + crit * se,
            piLower: mu - piHalf, piUpper: mu + piHalf,
            q: q, qDF: k - 1, qPValue: k > 1 ? Distributions.chiSquareSurvival(q, df: kk - 1) : 1,
            i2: i2, h2: h2, converged: converged, iterations: iterations)
    }

    /// Leave-one-out refits and influence diagnostics for every row (needs k >= 2).
    public func influence(_ method: TauEstimator, test: MetaTest = .z, control: MetaControl = MetaControl()) -> [MetaInfluence] {
        guard k >= 2 else { return [] }
        let full = fit(method, test: test, control: control)
        let weights = v.map { 1 / ($0 + full.tau2) }
        let sw = weights.reduce(0, +)
        return (0..<k).map { i in
            let rest = try? MetaAnalysis(
                y: y.enumerated().filter { $0.offset != i }.map(\.element),
                v: v.enumerated().filter { $0.offset != i }.map(\.element))
            let loo = rest?.fit(method, test: test, control: control)
            let resid = y[i] - (loo?.estimate ?? full.estimate)
            let denom = (v[i] + (loo?.tau2 ?? 0) + pow(loo?.se ?? 0, 2)).squareRoot()
            let d = full.estimate - (loo?.estimate ?? full.estimate)
            return MetaInfluence(
                row: i + 1, leaveOut: loo, rstudent: resid / denom,
                cooksDistance: d * d / (full.se * full.se),
                hat: weights[i] / sw, weight: 100 * weights[i] / sw)
        }
    }
}

/// Brent's root finder on [a, b] with f(a), f(b) of opposite signs; returns the root and
/// the iterations used.
func brentRoot(_ f: (Double) -> Double, _ a0: Double, _ b0: Double, tolerance: Double, maxIterations: Int = 500) -> (Double, Int)
{
    var a = a0, b = b0, fa = f(a), fb = f(b)
    if fa == 0 { return (a, 0) }
    if fb == 0 { return (b, 0) }
    var c = a, fc = fa, d = b - a, e = d
    for iteration in 1...maxIterations {
        if (fb > 0) == (fc > 0) {
            c = a
            fc = fa
            d = b - a
            e = d
        }
        if abs(fc) < abs(fb) {
            a = b
            b = c
            c = a
            fa = fb
            fb = fc
            fc = fa
        }
        let tol = 2 * Double.ulpOfOne * abs(b) + 0.5 * tolerance
        let m = 0.5 * (c - b)
        if abs(m) <= tol || fb == 0 { return (b, iteration) }
        if abs(e) >= tol && abs(fa) > abs(fb) {
            let s = fb / fa
            var p: Double, q: Double
            if a == c {
                p = 2 * m * s
                q = 1 - s
            } else {
                let qq = fa / fc, r = fb / fc
                p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1))
                q = (qq - 1) * (r - 1) * (s - 1)
            }
            if p > 0 { q = -q } else { p = -p }
            if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                e = d
                d = p / q
            } else {
                d = m
                e = m
            }
        } else {
            d = m
            e = m
        }
        a = b
        fa = fb
        b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
        fb = f(b)
    }
    return (b, maxIterations)
}
