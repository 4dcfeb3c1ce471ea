import CasualtyData
import Foundation

/// Who to trust, learned across events: each source's bias and noise on the log1p scale,
/// estimated from the claims of every event where at least two sources spoke about the same
/// quantity, with partial pooling across sources (empirical Bayes).
///
/// Model. A claim i of source s about quantity u (one event's cells, e.g. `killed:us`) reads
/// `y_i = log1p(figure)` (ranges, hedges and vague words: the middle of their interval on the
/// log1p scale, with `kappa_i` = half its width / 1.645 as the claim's own spread; one-sided
/// bounds are left out and counted):
///
///     y_i = theta_u + b_s + d_{s,r(i)} + e_i,   theta_u flat,   b_s ~ N(0, tau^2),
///     d_{s,r} ~ N(0, tau_d^2),   sigma_s^2 ~ scaled-inv-chi2(nu, s0^2),
///
/// `d_{s,r}` the offset of a source's bias in claims of relation r to the counted group (own
/// side, enemy, neutral), for sources that make claims of two relations or more (0 otherwise;
/// `b_s` and the `d` are solved jointly, `biasStep`; `tau_d^2` by moments like `tau^2`): a
/// partisan source's lower count of its own side's dead is not noise.
///
/// with `e_i` from the error law (`ErrorLaw`; `Settings.errors`). By default a contaminated
/// normal: `N(0, sigma_s^2 + kappa_i^2)` with probability `1 - pi_s`, else a gross error
/// `t_4(-b_s, sigma_g^2 + kappa_i^2)`, fitted by EM (each claim's probability of being a usual
/// reading weighs it in every sum below; the gross shares and scale as in `updateGross`);
/// Student-t errors are fitted by iteratively reweighted least squares (weight
/// `(df + 1) / (df + (r - b)^2 / V)`). Fit by coordinate ascent: each claim is compared with
/// the leave-one-out estimate of its quantity from the other claims, `r_i = y_i - theta_{u,-i}`, whose variance adds
/// `v_i = 1 / sum_{j != i} w_j` (w = 1 / (sigma^2 + kappa^2)): `V_i = sigma_s^2 + kappa_i^2 + v_i`.
/// Then `b_s` is the precision-weighted mean of `r_i` shrunk toward 0 by `tau^2`, and
/// `sigma_s^2` moves (damped: the geometric mean of old and new) to `(nu s0^2 + n_s e_s) /
/// (nu + n_s)`, where `e_s` is the mean of the excess `(r_i - b_s)^2 - (V_i - sigma_s^2)`
/// weighted by `(sigma_s^2 / V_i)^2`, the Fisher information each claim carries about
/// `sigma_s^2` (a claim compared with a quantity the others pin down counts fully, one compared
/// with a guess hardly at all); floored at 0.03 (`sigmaFloor`): a source with three claims stays
/// near the pooled `s0`. `tau^2` (the spread of biases, by moments, leaning on 0.1 with the
/// weight of two sources and at most 1: `tauPrior`, `tauMax`) and `s0^2` (the geometric mean of
/// the sigmas, leaning on `sigma0` with the weight of 10 claims: `anchorClaims`) are
/// re-estimated each round, so a handful of claims learns little; `nu` is fixed (default 4
/// claims' worth). Stops when no bias, log-sigma or gross share moves by more than `tolerance`.
///
/// Sums of cells. A claim on a quantity no other source states may still be checked: where
/// another source stated figures on a partition of its cells (killed and wounded, against a
/// claim on killed+wounded), their sum is an implied reading of that source (ranges sum
/// their ends; its gross share `1 - (1 - pi)^parts`), used as a comparator in the
/// leave-one-out estimates of the other sources' claims but never as evidence about its own
/// source, whose claims already count once (`Observation.implied`).
///
/// Anchoring. Without the truth, every source running 20% high looks like a 20% larger truth:
/// only differences of biases are identified. After each round the biases are shifted so that
/// the claim-weighted mean bias of the anchor sources is 0: the `reference` source if given,
/// else the neutral sources if any, else all sources. Biases are reported relative to that.
///
/// Intervals (90%): bias `b_s +- 1.645 sd`, `sd = 1 / sqrt(sum 1/V_i + 1/tau^2)`; sigma from the
/// chi-square with `sum (sigma_s^2 / V_i)^2 + nu` degrees of freedom (Wilson-Hilferty
/// quantiles). On 2,000 simulated events with 30 sources (`SourceLearningTests`): sigmas
/// within 11% of the truth, 27 of 30 biases within 0.05, intervals covering 27 and 28 of 30.
public enum SourceLearning {
    /// What the fit assumes.
    public struct Settings: Sendable {
        /// The noise sd of a reliability-1 source (the weights are `(sigma0 / sigma)^2`).
        public var sigma0 = 0.25
        /// The pooled prior's weight, in claims.
        public var priorClaims = 4.0
        /// The source whose bias is 0 (nil: neutral sources on average, else all).
        public var reference: String?
        /// The error law. Real compilers disagree by definitions as well as by noise (a
        /// "casualties" that leaves out the missing) and copy one another (agreeing to the man):
        /// the contaminated law learns both how closely each source agrees and how often it
        /// does not; Student-t errors keep such claims from setting every sigma but give two
        /// sources at the same scale the same trust however often they stray.
        public var errors = ErrorLaw.contaminated(grossDF: 4)
        /// The most rounds of coordinate ascent.
        public var maxIterations = 1000
        /// Converged when no bias or log-sigma moves more than this.
        public var tolerance = 1e-7
        /// A settings value with the defaults.
        public init() {}
    }

    /// A claim's reading on the log1p scale and its own variance (`reading(of:)` of its
    /// `figures`); nil for one-sided bounds.
    public static func reading(_ claim: Claim) -> (Double, Double)? {
        figures(claim).map(reading(of:))
    }

    /// The fitted values of every source.
    public struct Fit: Sendable {
        /// Per source: bias (anchored), its sd, sigma^2 and claims.
        public var bias: [Double]
        /// Per source: the posterior sd of its bias.
        public var biasSD: [Double]
        /// Per source: its sigma^2 (the scale^2 of Student-t errors; the usual errors' variance
        /// under the contaminated law).
        public var sigma2: [Double]
        /// Per source: its share of gross errors `pi_s` (contaminated law; 0 otherwise).
        public var grossShare: [Double]
        /// The scale^2 of the gross errors, pooled over sources (contaminated law); a source's
        /// own is `grossScale2(of:)`.
        public var grossScale2: Double
        /// Per source: its usable claims.
        public var claims: [Int]
        /// Per source, the information its claims carry about its sigma, in claims: the sum of
        /// the squared shares of each claim's variance that is the source's own noise (a claim
        /// compared with a well-known quantity counts as one, one compared with a guess as
        /// almost none). The degrees of freedom of the sigma interval.
        public var sigmaInformation: [Double]
        /// The spread of biases across sources (variance).
        public var tau2: Double
        /// The pooled sigma^2.
        public var s02: Double
        /// Rounds run, and whether they converged.
        public var iterations: Int
        /// Whether the fit met `tolerance` before `maxIterations`.
        public var converged: Bool
        /// The relations claims are made in ("enemy", "neutral", "own"), and per source and
        /// relation the offset of its bias in claims of that relation from its overall bias,
        /// `d_{s,r}` (0 for a source whose claims are all of one relation), with its sd.
        public var relations: [String] = []
        /// Per source, per relation in `relations`: the offset `d_{s,r}`.
        public var offset: [[Double]] = []
        /// Per source, per relation: the posterior sd of `d_{s,r}`.
        public var offsetSD: [[Double]] = []
        /// Per source, per relation: the posterior sd of the bias in that relation, `b_s + d_{s,r}`.
        public var relationSD: [[Double]] = []
        /// The spread of the offsets across sources and relations (variance).
        public var offsetTau2 = 0.01
        /// Per claim: the index of its relation in `relations`.
        var relationOf: [Int] = []
        /// Per claim: its leave-one-out residual and variance at the fit, its weight in the
        /// sums (`ErrorLaw`: the Student-t weight, 1 - the gross probability, or 1), and the
        /// probability that it is a gross error (contaminated law).
        var residual: [Double]
        var variance: [Double]
        var robust: [Double]
        var gross: [Double]

        /// The bias of claim `i` by source `s`: the source's bias plus its offset in the
        /// claim's relation.
        func claimBias(_ i: Int, _ s: Int) -> Double { bias[s] + (offset.isEmpty ? 0 : offset[s][relationOf[i]]) }

        /// The scale^2 of source `s`'s gross errors: the pooled `sigma_g^2`, or `(3 sigma_s)^2`
        /// if that is wider, so that a noisy source's usual errors are not taken for gross ones.
        public func grossScale2(of s: Int) -> Double { max(grossScale2, 9 * sigma2[s]) }

        /// The starting point: no bias, every sigma `sigma0`, gross shares 0.05 of scale 0.5
        /// (contaminated law; else none).
        init(sources S: Int, claims n: Int, settings: Settings) {
            let s2 = settings.sigma0 * settings.sigma0
            bias = Array(repeating: 0, count: S)
            biasSD = Array(repeating: 1, count: S)
            sigma2 = Array(repeating: s2, count: S)
            grossShare = Array(repeating: settings.errors.isContaminated ? 0.05 : 0, count: S)
            grossScale2 = 0.25
            claims = Array(repeating: 0, count: S)
            sigmaInformation = Array(repeating: 0, count: S)
            (tau2, s02, iterations, converged) = (0.09, s2, 0, false)
            residual = Array(repeating: 0, count: n)
            variance = Array(repeating: 1, count: n)
            robust = Array(repeating: 1, count: n)
            gross = Array(repeating: 0, count: n)
        }
    }
}
