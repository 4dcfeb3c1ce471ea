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
///
/// A stationary point where -H is not positive definite is a saddle (or a ridge), not a
/// mode: the search leaves it along the eigenvector of -H with the most negative eigenvalue
/// (LAPACK `dsyevd`), the direction in which the log density curves upwards, taking the
/// step that raises the log density most among lengths 2^-16 ... 2^4 times
/// 1 / sqrt(|eigenvalue|) (capped at 10) in either direction (a curved ridge, as where only a
/// total is known tightly, admits only short straight steps), and Newton starts again; at
/// most 5 escapes.
public struct LaplaceFit: Sendable {
    /// The posterior mode.
    public let mode: [Double]
    /// The log density at the mode.
    public let logDensity: Double
    /// Cholesky factor of the negative Hessian (the precision) at the mode.
    public let precision: Cholesky
    /// Newton iterations used.
    public let iterations: Int
    /// Saddle points left along a direction of negative curvature.
    public let saddleEscapes: Int

    /// Finds the mode of `model` from `start` (default: the prior mean).
    public init(_ model: LatentCountModel, start: [Double]? = nil, maxIterations: Int = 200) throws(BayesError) {
        var theta = start ?? model.priorMean
        var total = 0
        for escape in 0...5 {
            let (point, lp, iterations) = try Self.newton(model, from: theta, maxIterations: maxIterations)
            total += iterations
            let negH = Self.negativeHessian(model, point)
            do {
                precision = try Cholesky(negH)
                mode = point
                logDensity = lp
                self.iterations = total
                saddleEscapes = escape
                return
            } catch {
                guard escape < 5, let next = Self.escape(model, from: point, logDensity: lp, negativeHessian: negH) else {
                    throw .notPositiveDefinite(error)
                }
                theta = next
            }
        }
        throw .notPositiveDefinite(.notPositiveDefinite(minor: 1))
    }

    static func negativeHessian(_ model: LatentCountModel, _ theta: [Double]) -> Matrix {
        var negH = model.hessian(theta)
        for i in 0..<theta.count { for j in 0..<theta.count { negH[i, j] = -negH[i, j] } }
        return negH
    }

    /// Damped Newton from `start` to a stationary point: (point, log density, iterations).
    static func newton(
        _ model: LatentCountModel, from start: [Double], maxIterations: Int
    ) throws(BayesError) -> ([Double], Double, Int) {
        let n = model.dimension
        var theta = start
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
            guard let s = dampedStep(negativeHessian(model, theta), grad) else { break }
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
        return (theta, lp, iterations)
    }

    /// The solution of (-H + lambda I) s = g for the smallest lambda (0, then 1e-6 x scale,
    /// growing tenfold) that makes the matrix positive definite.
    static func dampedStep(_ negH: Matrix, _ grad: [Double]) -> [Double]? {
        let n = grad.count
        var lambda = 0.0
        let scale = max(1, (0..<n).map { abs(negH[$0, $0]) }.max() ?? 1)
        while lambda < 1e12 * scale {
            var m = negH
            for i in 0..<n { m[i, i] += lambda }
            if let ch = try? Cholesky(m), let s = try? ch.solve(grad) { return s }
            lambda = lambda == 0 ? 1e-6 * scale : lambda * 10
        }
        return nil
    }

    /// A point of higher log density away from the saddle `theta`, along the direction of
    /// most negative curvature of -H; nil when -H has no negative eigenvalue or no step helps.
    static func escape(
        _ model: LatentCountModel, from theta: [Double], logDensity lp: Double, negativeHessian negH: Matrix
    ) -> [Double]? {
        guard let eigen = try? SymmetricEigen(negH), let vectors = eigen.vectors, let lowest = eigen.values.first,
            lowest < 0
        else { return nil }
        let v = (0..<theta.count).map { vectors[$0, 0] }
        let base = min(10, 1 / abs(lowest).squareRoot())
        var best: (point: [Double], lp: Double)?
        for sign in [1.0, -1.0] {
            for power in -16...4 {
                let t = sign * base * pow(2, Double(power))
                let candidate = zip(theta, v).map { $0 + t * $1 }
                let value = model.logDensity(candidate)
                if value.isFinite && value > lp && value > (best?.lp ?? -.infinity) { best = (candidate, value) }
            }
        }
        return best?.point
    }

    /// Posterior standard deviations of the parameters under the approximation.
    public var standardDeviations: [Double] {
        guard let cov = try? precision.inverse() else { return [] }
        return (0..<mode.count).map { cov[$0, $0].squareRoot() }
    }

    /// `count` independent draws from N(mode, precision^{-1}): theta = mode + L'^{-1} xi
    /// (the uncorrected approximation; `CheckedLaplace` corrects it).
    public func draws(_ count: Int, seed: UInt64) -> [[Double]] {
        var rng = Xoshiro256(seed: seed, stream: 1_000)
        return (0..<count).map { _ in
            let xi = (0..<mode.count).map { _ in rng.normal() }
            let d = (try? precision.solveTriangular(xi, transpose: true)) ?? xi
            return zip(mode, d).map(+)
        }
    }
}
