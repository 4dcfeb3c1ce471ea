import Foundation
import LinearAlgebra

/// A second look at each cell's marginal posterior, by a route that does not depend on the
/// importance sampler's draws: Pareto k-hat is fitted to the weights of the draws made, so a
/// tail of the posterior that the proposal seldom reaches (a cell counted only inside a sum
/// with a larger one, whose log may fall towards zero along the ridge exp(z_a) + exp(z_b) =
/// constant) leaves no large weight to fit, and the check passes while the interval's lower
/// end is far off.
///
/// For cell c, the profile theta(v) holds z_c = v and maximises the log density over the
/// other parameters (damped Newton on the free block, warm-started from the neighbouring
/// point); the marginal log density is approximated as log p(theta(v)) - 1/2 log det(-H_ff)
/// with H_ff the Hessian of the free block there (the Laplace approximation of the integral
/// over the other parameters; Tierney and Kadane 1986, as in INLA's "Laplace" strategy). v
/// steps from the mode by `step` Laplace marginal sds each way (steps growing by a quarter
/// each after 8 sds) until that log density is `drop` below its largest value or `maxSteps`
/// steps are taken; the trapezoid rule on the grid gives the cell's 5% and 95% quantiles
/// (linear in the cumulative mass). A cell whose profile falls at least as fast as the
/// Gaussian at 4 and 8 sds each way (within 2 in log density) is passed without the grid:
/// the Student-t proposal covers such tails. A cell with a heavier tail whose grid cannot be
/// computed (a profile or its curvature fails on the way) counts as an infinite
/// disagreement: what cannot be checked is not trusted.
enum TailProbe {
    /// Grid step in Laplace marginal sds.
    static let step = 0.5
    /// How far below its peak the marginal log density must fall to end the grid (e^-9 ~ 1e-4).
    static let drop = 9.0
    /// The most steps each way (8 sds at `step`, then steps a quarter longer each time: about
    /// 36,000 sds in all, far past any prior).
    static let maxSteps = 60

    /// The largest disagreement, over the cells, between the 90% interval ends of exp(z_c) in
    /// `draws` and under the profile approximation, |a - b| / max(b, 1) with b the profile's
    /// end (the measure `LaplaceStudy` holds the checked answer to against NUTS), and the
    /// cell where it is (infinite where a heavy-tailed cell's grid fails); nil when every
    /// cell passed the screen or there are no draws.
    static func disagreement(_ model: LatentCountModel, fit: LaplaceFit, draws: [[Double]]) -> (value: Double, cell: Int)? {
        guard !draws.isEmpty, let covariance = try? fit.precision.inverse() else { return nil }
        var worst: (value: Double, cell: Int)?
        for c in model.cells.indices {
            let centre = centre(model, fit: fit, cell: c, covariance: covariance)
            if let centre, isGaussianOrLighter(model, fit: fit, cell: c, at: centre) { continue }
            guard let centre, let (lo, hi) = quantiles(model, fit: fit, cell: c, at: centre) else { return (.infinity, c) }
            let z = draws.map { $0[c] }
            for (p, e) in [(0.05, lo), (0.95, hi)] {
                let a = exp(Diagnostics.quantile(unsorted: z, p)), b = exp(e)
                let d = abs(a - b) / max(b, 1)
                if d >= worst?.value ?? -1 { worst = (d, c) }
            }
        }
        return worst
    }

    /// Cell c's Laplace marginal sd and its profile's marginal log density at the mode, which
    /// the screen and the grid both start from; nil when the sd is not positive and finite or
    /// the profile fails there.
    static func centre(_ model: LatentCountModel, fit: LaplaceFit, cell c: Int, covariance: Matrix) -> (sd: Double, logp: Double)?
    {
        let sd = covariance[c, c].squareRoot()
        guard sd.isFinite, sd > 0, let m = marginal(model, fixing: c, at: fit.mode[c], from: fit.mode) else { return nil }
        return (sd, m.logp)
    }

    /// Whether cell c's profile falls at least as fast as the Laplace Gaussian's, within
    /// `screenSlack`, at `screen` sds each way (-t^2 / 2 below the mode): such a tail the
    /// Student-t proposal covers with room to spare, and the grid is not needed.
    static func isGaussianOrLighter(
        _ model: LatentCountModel, fit: LaplaceFit, cell c: Int, at centre: (sd: Double, logp: Double)
    ) -> Bool {
        let sd = centre.sd
        for sign in [-1.0, 1.0] {
            var from = fit.mode
            for t in screen {
                guard let m = marginal(model, fixing: c, at: fit.mode[c] + sign * t * sd, from: from) else { return false }
                if m.logp - centre.logp > -t * t / 2 + screenSlack { return false }
                from = m.theta
            }
        }
        return true
    }

    /// The distances of the screen, in Laplace marginal sds, and how much heavier than the
    /// Gaussian (in log density) the profile may be there.
    static let screen = [4.0, 8.0]
    static let screenSlack = 2.0

    /// The 5% and 95% quantiles of z_c under the profile approximation, or nil when the
    /// profile or its curvature fails somewhere on the grid.
    static func quantiles(
        _ model: LatentCountModel, fit: LaplaceFit, cell c: Int, at centre: (sd: Double, logp: Double)
    ) -> (Double, Double)? {
        let sd = centre.sd
        var points = [(z: fit.mode[c], logp: centre.logp)]
        for sign in [-1.0, 1.0] {
            var from = fit.mode, peak = centre.logp, distance = 0.0
            for k in 1...maxSteps {
                // Half an sd at a time out to 8 sds, then a quarter longer each step, so a
                // plateau that runs on for many sds is covered to its end.
                distance += step * sd * (k <= 16 ? 1 : pow(1.25, Double(k - 16)))
                let z = fit.mode[c] + sign * distance
                guard let m = marginal(model, fixing: c, at: z, from: from) else { return nil }
                points.append((z, m.logp))
                from = m.theta
                peak = max(peak, m.logp)
                if m.logp < peak - drop { break }
            }
        }
        points.sort { $0.z < $1.z }
        return quantilesOfGrid(points.map(\.z), points.map(\.logp), [0.05, 0.95]).map { ($0[0], $0[1]) }
    }

    /// The quantiles `ps` of the density exp(logp) on the grid `z` (ascending), by the
    /// trapezoid rule and linear interpolation of the cumulative mass.
    static func quantilesOfGrid(_ z: [Double], _ logp: [Double], _ ps: [Double]) -> [Double]? {
        guard z.count >= 3, let top = logp.max(), top.isFinite else { return nil }
        let p = logp.map { exp($0 - top) }
        var cumulative = [0.0]
        for i in 1..<z.count { cumulative.append(cumulative[i - 1] + (p[i] + p[i - 1]) / 2 * (z[i] - z[i - 1])) }
        guard let total = cumulative.last, total > 0 else { return nil }
        return ps.map { q in
            let target = q * total
            let i = max(1, cumulative.firstIndex { $0 >= target } ?? z.count - 1)
            let span = cumulative[i] - cumulative[i - 1]
            let f = span > 0 ? (target - cumulative[i - 1]) / span : 0
            return z[i - 1] + f * (z[i] - z[i - 1])
        }
    }

    /// The profile point with parameter `c` held at `value` (from `start`) and the marginal
    /// log density there, log p - 1/2 log det(-H_ff); nil when it is not finite or -H_ff is
    /// not positive definite.
    static func marginal(
        _ model: LatentCountModel, fixing c: Int, at value: Double, from start: [Double]
    ) -> (theta: [Double], logp: Double)? {
        let free = (0..<model.dimension).filter { $0 != c }
        var theta = start
        theta[c] = value
        var grad = [Double](repeating: 0, count: model.dimension)
        var lp = model.logDensity(theta, gradient: &grad)
        guard lp.isFinite else { return nil }
        for _ in 0..<50 {
            let g = free.map { grad[$0] }
            if (g.map(abs).max() ?? 0) < 1e-6 * (1 + abs(lp)) { break }
            guard let step = LaplaceFit.dampedStep(freeBlock(model, theta, free), g) else { break }
            var scale = 1.0, moved = false
            while scale > 1e-8 {
                var candidate = theta
                for (i, a) in free.enumerated() { candidate[a] += scale * step[i] }
                var newGrad = grad
                let newLP = model.logDensity(candidate, gradient: &newGrad)
                if newLP.isFinite && newLP >= lp {
                    (theta, lp, grad, moved) = (candidate, newLP, newGrad, true)
                    break
                }
                scale /= 2
            }
            if !moved { break }
        }
        if free.isEmpty { return (theta, lp) }
        guard let chol = try? Cholesky(freeBlock(model, theta, free)) else { return nil }
        return (theta, lp - chol.logDeterminant / 2)
    }

    /// -H restricted to the parameters `free`, at `theta`.
    static func freeBlock(_ model: LatentCountModel, _ theta: [Double], _ free: [Int]) -> Matrix {
        let h = model.hessian(theta)
        var block = Matrix(rows: free.count, columns: free.count)
        for (i, a) in free.enumerated() { for (j, b) in free.enumerated() { block[i, j] = -h[a, b] } }
        return block
    }
}
