/// Why a linear-algebra operation could not produce a result.
///
/// LAPACK reports failures through its `INFO` argument; this layer turns each non-zero
/// `INFO` into one of these cases so callers can recover (for example, fall back to a
/// damped step when a Hessian is not positive definite) instead of crashing.
public enum LinearAlgebraError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Operand shapes do not conform; the message names the operation and the shapes.
    case dimensionMismatch(String)
    /// A square matrix was required.
    case notSquare(rows: Int, columns: Int)
    /// Cholesky failed: the leading minor of order `minor` (1-based) is not positive definite.
    case notPositiveDefinite(minor: Int)
    /// LU factorisation found `U[pivot, pivot] == 0` (1-based): the matrix is singular.
    case singular(pivot: Int)
    /// LAPACK rejected argument number `position` (1-based) of `routine`: a bug in this layer.
    case illegalArgument(routine: String, position: Int)
    /// An iterative LAPACK routine (e.g. the eigen solver) did not converge.
    case noConvergence(routine: String, info: Int)
    /// The input holds NaN or infinity, on which LAPACK's results are undefined.
    case nonFinite(String)
    /// A dimension exceeds the 32-bit integer range of the LAPACK/BLAS interface.
    case tooLarge(Int)

    public var description: String {
        switch self {
        case .dimensionMismatch(let what): return "dimension mismatch: \(what)"
        case let .notSquare(r, c): return "matrix must be square, got \(r)x\(c)"
        case .notPositiveDefinite(let k):
            return "matrix is not positive definite (leading minor of order \(k) is not positive)"
        case .singular(let p): return "matrix is singular (zero pivot at \(p))"
        case let .illegalArgument(routine, pos): return "\(routine): illegal value in argument \(pos)"
        case let .noConvergence(routine, info): return "\(routine) did not converge (info \(info))"
        case .nonFinite(let what): return "non-finite value in \(what)"
        case .tooLarge(let n): return "dimension \(n) exceeds the 32-bit BLAS/LAPACK interface"
        }
    }
}
