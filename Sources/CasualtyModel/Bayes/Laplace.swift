import Foundation
import LinearAlgebra

/// Why a Bayesian fit could not be produced.
public enum BayesError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Newton's method did not reach the posterior mode.
    case noConvergence(iterations: Int, gradientNorm: Double)
    /// The negative Hessian at the mode is not positive definite, so there is no Gaussian
    /// approximation there (the mode may be a saddle or the posterior improper).
    case notPositiveDefinite(LinearAlgebraError)
    /// The log density is not finite at the starting point.
    case nonFiniteDensity

    public var description: String {
        switch self {
        case let .noConvergence(n, g): return "Newton's method did not converge in \(n) iterations (gradient norm \(g))"
        case .notPositiveDefinite(let what): return "the posterior curvature at the mode is not positive definite: \(what)"
        case .nonFiniteDensity: return "the log density is not finite at the starting point"
        }
    }
}

/// The Laplace approximation: the posterior mode found by damped Newton steps, and the
/// Gaussian with the inverse negative Hessian there as covariance.
///
/// Newton step: solve (-H + lambda I) s = g by Cholesky (LAPACK `dpotrf`); lambda starts at 0
/// and grows tenfold while -H + lambda I is not positive definite; a backtracking line search
/// halves the step until the log density rises. Converged when max |g_i| < 1e-8 * (1 + |lp|)
/// or the step is below 1e-12; at most 200 iterations.
public struct LaplaceFit: Sendable {
    /// The posterior mode.
    public let mode: [Double]
    /// The log density at the mode.
    public let logDensity: Double
    /// Cholesky factor of the negative Hessian (the precision) at the mode.
    public let precision: Cholesky
    /// Newton iterations used.
    public let iterations: Int

    /// Finds the mode of `model` from `start` (default: the prior mean).
    public init(_ model: LatentCountModel, start: [Double]? = nil, maxIterations: Int = 200) throws(BayesError) {
        let n = model.dimension
        var theta = start ?? model.priorMean
        var grad = [Double](repeating: 0, count: n)
        var lp = model.logDensity(theta, gradient: &grad)
        guard lp.isFinite else { throw .nonFiniteDensity }
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            if (grad.map(abs).max() ?? 0) < 1e-8 * (1 + abs(lp)) {
                converged = true
                break
            }
            var negH = model.hessian(theta)
            for i in 0..<n { for j in 0..<n { negH[i, j] = -negH[i, j] } }
            // Damped Newton direction: (-H + lambda I) s = g.
            var lambda = 0.0, step: [Double]? = nil
            let scale = max(1, (0..<n).map { abs(negH[$0, $0]) }.max() ?? 1)
            while lambda < 1e12 * scale {
                var m = negH
                for i in 0..<n { m[i, i] += lambda }
                if let ch = try? Cholesky(m), let s = try? ch.solve(grad) {
                    step = s
                    break
                }
                lambda = lambda == 0 ? 1e-6 * scale : lambda * 10
            }
            guard let s = step else { break }
            // Backtracking line search: halve the step until the log density does not fall.
            var t = 1.0, accepted = false, moved = 0.0
            var newGrad = grad
            while t > 1e-10 {
                let candidate = zip(theta, s).map { $0 + t * $1 }
                let newLP = model.logDensity(candidate, gradient: &newGrad)
                if newLP.isFinite && newLP >= lp {
                    moved = zip(candidate, theta).map { abs($0 - $1) }.max() ?? 0
                    theta = candidate
                    lp = newLP
                    grad = newGrad
                    accepted = true
                    break
                }
                t /= 2
            }
            // No step improves the density, or the step is negligible: the numerical optimum.
            if !accepted || moved < 1e-12 { break }
        }
        let gnorm = grad.map(abs).max() ?? 0
        guard converged || gnorm < 1e-6 * (1 + abs(lp)) else {
            throw .noConvergence(iterations: iterations, gradientNorm: gnorm)
        }
        var negH = model.hessian(theta)
        for i in 0..<n { for j in 0..<n { negH[i, j] = -negH[i, j] } }
        do { precision = try Cholesky(negH) } catch { throw .notPositiveDefinite(error) }
        mode = theta
        logDensity = lp
        self.iterations = iterations
    }

    /// Posterior standard deviations of the parameters under the approximation.
    public var standardDeviations: [Double] {
        guard let cov = try? precision.inverse() else { return [] }
        return (0..<mode.count).map { cov[$0, $0].squareRoot() }
    }

    /// `count` independent draws from N(mode, precision^{-1}): theta = mode + L'^{-1} xi.
    public func draws(_ count: Int, seed: UInt64) -> [[Double]] {
        var rng = Xoshiro256(seed: seed, stream: 1_000)
        return (0..<count).map { _ in
            let xi = (0..<mode.count).map { _ in rng.normal() }
            let d = (try? precision.solveTriangular(xi, transpose: true)) ?? xi
            return zip(mode, d).map(+)
        }
    }
}
