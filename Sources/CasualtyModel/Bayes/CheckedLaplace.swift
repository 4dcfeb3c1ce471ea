import Foundation
import LinearAlgebra

/// The Laplace approximation checked against the true posterior by Pareto-smoothed
/// importance sampling, with adaptive moment matching.
///
/// Proposals are drawn in the coordinates u of `ShareCoordinates` (log totals and log shares
/// for cells the claims only speak about together; unit Jacobian, so densities are the same
/// as in the cells' coordinates), where the Laplace covariance is (J' P J)^-1 at the mode.
/// Round 0 draws `count` proposals from a defensive mixture of multivariate Student-t
/// distributions with `nu` degrees of freedom centred at the mode with that covariance as
/// scale (heavier-tailed than the Gaussian): u = m + F xi sqrt(nu / chi2_nu) with
/// F F' = Sigma, and log q(u) = -(nu + d) / 2 log(1 + delta / nu) + const, delta = xi' xi;
/// draws below a named floor are discarded (a truncated proposal). The log ratios
/// log p(theta(u)) - log q(u) are smoothed by `PSIS`. While k-hat is above 0.5, up to
/// `rounds` more rounds refit the proposal's centre and scale to the smoothed-weighted mean
/// and covariance of the previous round's draws (adaptive importance sampling by moment
/// matching; cf. Paananen, Piironen, Buerkner and Vehtari, "Implicitly adaptive importance
/// sampling", Statistics and Computing 2021) and draw again; the round with the smallest
/// k-hat is kept; when its k-hat is at most 0.7 but its effective sample size is below
/// `minimumESS`, up to two top-ups from the same proposal (`topUpSize(have:ess:count:round:)`)
/// are smoothed together with it. Its k-hat says whether the corrected answer can be
/// trusted: k-hat at most 0.7 and an importance-sampling ESS of at least `minimumESS`. The
/// draws kept are a systematic resample of that round's proposals with the smoothed weights,
/// so quantiles of the draws are the importance-weighted quantiles (within 1 / count in
/// probability). k-hat sees only the weights of the draws made, so a tail the proposal never
/// reaches escapes it: a trusted answer must also agree with the profile approximation of
/// every cell's marginal (`TailProbe`) within `profileThreshold` at both 90% interval ends.
public struct CheckedLaplace: Sendable {
    /// The Laplace fit (mode and curvature).
    public let fit: LaplaceFit
    /// The Pareto k-hat of the importance weights of the round kept.
    public let paretoK: Double
    /// Effective sample size of the smoothed weights of the round kept.
    public let effectiveSampleSize: Double
    /// Moment-matching rounds run after the first.
    public let adaptations: Int
    /// The corrected draws (resampled proposals).
    public let draws: [[Double]]
    /// The largest disagreement of a cell's 90% interval end between the corrected draws and
    /// the profile approximation (`TailProbe`), and that cell's index; nil when it was not
    /// computed (k-hat or ESS already failed) or no profile could be.
    public let profileDisagreement: (value: Double, cell: Int)?

    /// Degrees of freedom of the Student-t proposal (4 gave the lowest k-hat on Khan Tuman
    /// and on simulated cases among 4, 7 and a Gaussian; see the closing note of the trust issue).
    public static let degreesOfFreedom = 4.0
    /// The k-hat above which the fast answer is not trusted.
    public static let threshold = 0.7
    /// The smallest importance-sampling ESS of a trusted answer.
    public static let minimumESS = 1000.0

    /// The largest disagreement with the profile approximation a trusted answer may have.
    public static let profileThreshold = 0.5

    /// Whether k-hat and ESS pass (k-hat at most 0.7 and ESS at least 1000).
    public var weightsPass: Bool { Self.weightsPass(paretoK: paretoK, effectiveSampleSize: effectiveSampleSize) }

    /// Whether weights with this k-hat and ESS pass: k-hat at most `threshold`, ESS at least `minimumESS`.
    static func weightsPass(paretoK: Double, effectiveSampleSize: Double) -> Bool {
        paretoK <= threshold && effectiveSampleSize >= minimumESS
    }

    /// Whether the corrected answer can be trusted: the weights pass and no cell's 90% interval
    /// end is more than `profileThreshold` (relative to max(end, 1)) from the profile's.
    public var trusted: Bool { weightsPass && (profileDisagreement?.value ?? 0) <= Self.profileThreshold }

    /// One round's proposal, its draws, their log ratios and smoothed weights.
    struct Round {
        var center: [Double]
        var factor: Matrix
        /// The draws, one after another: draw i is `proposals[i * d ..< (i + 1) * d]`.
        var proposals: [Double]
        var logRatios: [Double]
        var psis: PSIS
    }

    /// The coordinates the proposals are drawn in.
    public enum Coordinates: String, CaseIterable, Sendable {
        /// The log cells themselves.
        case cells
        /// Log totals and log shares for cells only spoken about together (`ShareCoordinates`).
        case totalsAndShares = "totals-and-shares"
    }

    /// Checks `fit` of `model` with `count` proposals per round from stream `seed`, drawn in
    /// `coordinates`.
    public init(
        _ fit: LaplaceFit, model: LatentCountModel, count: Int, seed: UInt64,
        nu: Double = CheckedLaplace.degreesOfFreedom, rounds: Int = 2, coordinates: Coordinates = .totalsAndShares
    ) {
        self.fit = fit
        var rng = Xoshiro256(seed: seed, stream: 1_000)
        let map = coordinates == .cells ? ShareCoordinates(identity: model.dimension) : ShareCoordinates(model)
        let target = Target(model: model, map: map)
        var center = map.coordinates(fit.mode)
        var factor = Self.startFactor(fit, map: map, at: center) ?? Matrix.identity(fit.mode.count)
        var best = Self.round(target, center: center, factor: factor, count: count, nu: nu, rng: &rng)
        var used = 0
        while best.psis.paretoK > 0.5 && used < rounds {
            guard let (m, f) = Self.moments(best) else { break }
            center = m
            factor = f
            used += 1
            let next = Self.round(target, center: center, factor: factor, count: count, nu: nu, rng: &rng)
            if next.psis.paretoK < best.psis.paretoK { best = next }
        }
        // Too few effective draws for precise tails: top up from the same proposal, twice at most.
        var extra = 0
        while best.psis.paretoK <= Self.threshold && best.psis.effectiveSampleSize < Self.minimumESS && extra < 2 {
            let size = Self.topUpSize(have: best.logRatios.count, ess: best.psis.effectiveSampleSize, count: count, round: extra)
            let more = Self.round(target, center: best.center, factor: best.factor, count: size, nu: nu, rng: &rng)
            best.proposals += more.proposals
            best.logRatios += more.logRatios
            best.psis = PSIS(logRatios: best.logRatios)
            extra += 1
        }
        paretoK = best.psis.paretoK
        effectiveSampleSize = best.psis.effectiveSampleSize

        adaptations = used
        draws = Self.systematicResample(
            best.proposals, dimension: center.count, weights: best.psis.weights, count: count, rng: &rng
        )
        .map(map.parameters)
        let pass = Self.weightsPass(paretoK: paretoK, effectiveSampleSize: effectiveSampleSize)
        profileDisagreement = pass ? TailProbe.disagreement(model, fit: fit, draws: draws) : nil
    }

    /// Proposals to add to `have` whose weights give `ess`: the ESS grows in proportion to
    /// the draws, so n (1.3 x 1000 / ESS - 1) more reach the minimum with a margin for the noise of the
    /// ESS; at least
    /// count / 4 and at most `count` x (`round` + 1), so two top-ups add three times `count`
    /// at most.
    static func topUpSize(have n: Int, ess: Double, count: Int, round: Int) -> Int {
        let wanted = Double(n) * (1.3 * minimumESS / max(ess, 1) - 1)
        return min(count * (round + 1), max(count / 4, Int(min(wanted, 1e9).rounded(.up))))
    }

    /// The posterior the proposals are weighted by, in the proposal's coordinates.
    struct Target: Sendable {
        let model: LatentCountModel
        let map: ShareCoordinates
    }

    /// The Cholesky factor of the Laplace covariance in the coordinates of `map` at `u`, the
    /// mode's image: (J' P J)^-1 with P the precision and J = d theta / d u (the gradient
    /// vanishes at the mode, so J' P J is the Hessian there in the new coordinates).
    static func startFactor(_ fit: LaplaceFit, map: ShareCoordinates, at u: [Double]) -> Matrix? {
        guard !map.isIdentity else { return (try? fit.precision.inverse()).flatMap { try? Cholesky($0).factor } }
        guard let scaled = try? fit.precision.factor.transposed.multiplied(by: map.jacobian(u)),
            let precision = try? scaled.gram(), let covariance = try? Cholesky(precision).inverse()
        else { return nil }
        return try? Cholesky(covariance).factor
    }

    /// `count` proposals at `center` with scale factor `factor`, and their PSIS. The proposal
    /// is the defensive mixture (1 - w) t_nu(center, F F') + w t_nu(center, s^2 F F'), w = 0.2,
    /// s = 2: the wide component covers tails (a long tail of a log count towards zero) that
    /// the fitted scale misses, bounding the weights there by 1 / w.
    static func round(
        _ target: Target, center: [Double], factor: Matrix, count: Int, nu: Double,
        rng: inout Xoshiro256
    ) -> Round {
        // Proposals are drawn in 8 chunks, each from its own stream of a seed taken from
        // `rng`, in parallel: the same draws whatever the number of cores.
        let chunks = 8, base = rng.next()
        let sizes = (0..<chunks).map { j in count / chunks + (j < count % chunks ? 1 : 0) }
        let box = ResultBox<([Double], [Double])>(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { j in
            var local = Xoshiro256(seed: base, stream: j)
            box.set(j, Self.proposals(target, center: center, factor: factor, count: sizes[j], nu: nu, rng: &local))
        }
        let parts = box.values
        let proposals = parts.flatMap(\.0), logRatios = parts.flatMap(\.1)
        return Round(center: center, factor: factor, proposals: proposals, logRatios: logRatios, psis: PSIS(logRatios: logRatios))
    }

    /// Up to `count` draws of the defensive mixture truncated to the region above the named
    /// floors, and their log importance ratios. A draw below a floor (where the posterior is
    /// zero) is discarded and another drawn, at most `maximumTries` x `count` draws in all:
    /// the truncated proposal is the mixture divided by its mass q(R) above the floors, a
    /// constant that the normalised weights do not see, so no proposal is spent where every
    /// weight would be zero.
    static func proposals(
        _ target: Target, center: [Double], factor: Matrix, count: Int, nu: Double, rng: inout Xoshiro256
    ) -> ([Double], [Double]) {
        let model = target.model, d = center.count
        var proposals: [Double] = []
        var logRatios: [Double] = []
        proposals.reserveCapacity(count * d)
        logRatios.reserveCapacity(count)
        var xi = [Double](repeating: 0, count: d), theta = center
        var scratch = [Double](repeating: 0, count: model.scratchCount)
        let f = (0..<(d * d)).map { factor[$0 / d, $0 % d] }  // row-major lower factor
        let mixture = Mixture(nu: nu, dimension: d)
        var tries = 0
        var u = center
        while logRatios.count < count && tries < maximumTries * count {
            tries += 1
            for i in 0..<d { u[i] = center[i] }
            let logQ = draw(&u, factor: f, mixture, xi: &xi, rng: &rng)
            target.map.parameters(u, into: &theta)
            guard model.satisfiesFloors(theta) else { continue }
            proposals.append(contentsOf: u)
            logRatios.append(model.logDensityValue(theta, scratch: &scratch) - logQ)
        }
        return (proposals, logRatios)
    }

    /// The most draws per proposal kept, as a multiple of the proposals wanted.
    static let maximumTries = 20

    /// The defensive mixture's constants: the log weights of its components, the wide one's
    /// with its scale's Jacobian, -d log s.
    struct Mixture {
        let nu: Double, d: Double, logNarrow: Double, logBroad: Double

        init(nu: Double, dimension: Int) {
            self.nu = nu
            d = Double(dimension)
            logNarrow = log(1 - CheckedLaplace.defensiveWeight)
            logBroad = log(CheckedLaplace.defensiveWeight) - d * log(CheckedLaplace.defensiveScale)
        }
    }

    /// Adds to `u` (the centre) one draw of the defensive mixture with row-major lower factor
    /// `f`, and returns its log density up to a constant.
    @inline(__always)
    static func draw(_ u: inout [Double], factor f: [Double], _ m: Mixture, xi: inout [Double], rng: inout Xoshiro256) -> Double {
        let d = u.count, nu = m.nu, wide = defensiveScale
        let component = rng.uniform() < defensiveWeight ? wide : 1
        for i in 0..<d { xi[i] = rng.normal() }
        var chi2 = 0.0
        for _ in 0..<Int(nu) {
            let z = rng.normal()
            chi2 += z * z
        }
        let scale = (nu / chi2).squareRoot() * component
        var squares = 0.0
        for i in 0..<d {
            var s = 0.0
            for j in 0...i { s += f[i * d + j] * xi[j] }
            u[i] += scale * s
            squares += xi[i] * xi[i]
        }
        // delta: the squared Mahalanobis distance under the unit-scale component.
        let delta = squares * scale * scale
        let narrow = m.logNarrow - (nu + m.d) / 2 * log1p(delta / nu)
        let broad = m.logBroad - (nu + m.d) / 2 * log1p(delta / (wide * wide * nu))
        return max(narrow, broad) + log1p(exp(-abs(narrow - broad)))
    }

    /// Weight of the wide component of the defensive mixture.
    public static let defensiveWeight = 0.2
    /// Scale of the wide component relative to the fitted one.
    public static let defensiveScale = 2.0

    /// The smoothed-weighted mean and the Cholesky factor of the weighted covariance of a
    /// round's proposals (nil when that covariance is not positive definite). The covariance
    /// is A A' (`syrk`) with column i of A the centred proposal i times sqrt(w_i), plus 1e-9
    /// on the diagonal.
    static func moments(_ r: Round) -> ([Double], Matrix)? {
        let w = r.psis.weights, d = r.center.count, x = r.proposals
        guard d > 0, !w.isEmpty else { return nil }
        var mean = [Double](repeating: 0, count: d)
        for (n, wi) in w.enumerated() { for i in 0..<d { mean[i] += wi * x[n * d + i] } }
        var columns: [Double] = []
        columns.reserveCapacity(x.count)
        for (n, wi) in w.enumerated() where wi > 0 {
            let root = wi.squareRoot()
            for i in 0..<d { columns.append(root * (x[n * d + i] - mean[i])) }
        }
        var cov = Matrix(rows: d, columns: d)
        guard let a = try? Matrix(rows: d, columns: columns.count / d, columnMajor: columns),
            (try? BLAS.syrk(a, into: &cov)) != nil
        else { return nil }
        for i in 0..<d { cov[i, i] += 1e-9 }
        guard let f = try? Cholesky(cov).factor else { return nil }
        return (mean, f)
    }

    /// `count` draws from `items` (`dimension` numbers each, one after another) with
    /// probabilities `weights` by systematic resampling (one uniform offset, evenly spaced
    /// pointers), which keeps the weighted quantiles and adds the least resampling noise; the
    /// result is shuffled so that its order carries nothing.
    static func systematicResample(
        _ items: [Double], dimension d: Int, weights: [Double], count: Int, rng: inout Xoshiro256
    ) -> [[Double]] {
        let n = weights.count
        guard n > 0, d > 0, items.count == n * d, count > 0 else { return [] }
        let u = rng.uniform()
        var out: [[Double]] = []
        out.reserveCapacity(count)
        var cumulative = weights[0], i = 0
        for j in 0..<count {
            let pointer = (Double(j) + u) / Double(count)
            while pointer > cumulative && i < n - 1 {
                i += 1
                cumulative += weights[i]
            }
            out.append(Array(items[(i * d)..<((i + 1) * d)]))
        }
        for j in stride(from: out.count - 1, to: 0, by: -1) {
            let k = Int(rng.uniform() * Double(j + 1))
            out.swapAt(j, k)
        }
        return out
    }
}
