import CLAPACK

/// The Cholesky factorisation `A = L L'` of a symmetric positive-definite matrix
/// (LAPACK `dpotrf`, lower triangle), with solves, inverse and log-determinant.
///
/// Only the lower triangle of `A` is read. Failure to factor is the typed error
/// `notPositiveDefinite(minor:)`, which Newton-type optimisers use to switch to a damped step.
public struct Cholesky: Sendable {
    /// The lower-triangular factor `L` (upper triangle zero).
    public let factor: Matrix

    /// Order of the matrix.
    public var dimension: Int { factor.rows }

    /// Factors `a`; throws `notSquare`, `nonFinite` or `notPositiveDefinite(minor:)`.
    public init(_ a: Matrix) throws(LinearAlgebraError) {
        guard a.isSquare else { throw .notSquare(rows: a.rows, columns: a.columns) }
        let n = a.rows
        for j in 0..<n { for i in j..<n where !a[i, j].isFinite { throw .nonFinite("Cholesky input") } }
        var l = a
        if n > 0 {
            var n32 = try lapackInt(n), lda = n32, info: Int32 = 0
            var uplo = CChar(UInt8(ascii: "L"))
            l.storage.withUnsafeMutableBufferPointer { p in
                dpotrf_(&uplo, &n32, p.baseAddress, &lda, &info, 1)
            }
            if info > 0 { throw .notPositiveDefinite(minor: Int(info)) }
            if info < 0 { throw .illegalArgument(routine: "dpotrf", position: Int(-info)) }
            for j in 1..<max(1, n) { for i in 0..<j { l[i, j] = 0 } }
        }
        factor = l
    }

    /// Solves `A X = B` for every column of `B` (`dpotrs`).
    public func solve(_ b: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard b.rows == dimension else {
            throw .dimensionMismatch("Cholesky solve: A is \(dimension)x\(dimension), B has \(b.rows) rows")
        }
        var x = b
        if dimension == 0 || b.columns == 0 { return x }
        var n32 = try lapackInt(dimension), nrhs = try lapackInt(b.columns)
        var lda = n32, ldb = n32, info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "L"))
        factor.storage.withUnsafeBufferPointer { pa in
            x.storage.withUnsafeMutableBufferPointer { pb in
                dpotrs_(&uplo, &n32, &nrhs, pa.baseAddress, &lda, pb.baseAddress, &ldb, &info, 1)
            }
        }
        if info < 0 { throw .illegalArgument(routine: "dpotrs", position: Int(-info)) }
        return x
    }

    /// Solves `A x = b` for one right-hand side.
    public func solve(_ b: [Double]) throws(LinearAlgebraError) -> [Double] {
        let bm = try Matrix(rows: b.count, columns: 1, columnMajor: b)
        return try solve(bm).storage
    }

    /// Solves the triangular system `L x = b` (or `L' x = b` when `transpose`) (`dtrtrs`).
    /// With `z ~ N(0, I)`, `L' \ z` has covariance `A^{-1}`: how Gaussian draws are made
    /// from a precision matrix.
    public func solveTriangular(_ b: [Double], transpose: Bool = false) throws(LinearAlgebraError) -> [Double] {
        guard b.count == dimension else {
            throw .dimensionMismatch("triangular solve: L is \(dimension)x\(dimension), b has \(b.count)")
        }
        var x = b
        if dimension == 0 { return x }
        var n32 = try lapackInt(dimension), nrhs: Int32 = 1, lda = n32, ldb = n32, info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "L")), trans = CChar(UInt8(ascii: transpose ? "T" : "N"))
        var diag = CChar(UInt8(ascii: "N"))
        factor.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeMutableBufferPointer { pb in
                dtrtrs_(
                    &uplo, &trans, &diag, &n32, &nrhs, pa.baseAddress, &lda, pb.baseAddress,
                    &ldb, &info, 1, 1, 1)
            }
        }
        if info > 0 { throw .singular(pivot: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dtrtrs", position: Int(-info)) }
        return x
    }

    /// `A^{-1}`, symmetric, both triangles filled (`dpotri`).
    public func inverse() throws(LinearAlgebraError) -> Matrix {
        var inv = factor
        let n = dimension
        if n == 0 { return inv }
        var n32 = try lapackInt(n), lda = n32, info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "L"))
        inv.storage.withUnsafeMutableBufferPointer { p in
            dpotri_(&uplo, &n32, p.baseAddress, &lda, &info, 1)
        }
        if info > 0 { throw .singular(pivot: Int(info)) }
        if info < 0 { throw .illegalArgument(routine: "dpotri", position: Int(-info)) }
        for j in 0..<n { for i in (j + 1)..<n { inv[j, i] = inv[i, j] } }
        return inv
    }

    /// `log det A = 2 * sum(log L_ii)`, computed without forming the determinant, so it
    /// neither overflows nor underflows.
    public var logDeterminant: Double {
        2 * (0..<dimension).reduce(0.0) { $0 + _log(factor[$1, $1]) }
    }
}

/// Natural logarithm (kept local so this module does not need Foundation).
@inline(__always)
func _log(_ x: Double) -> Double {
    #if canImport(Glibc)
        return Glibc.log(x)
    #elseif canImport(Darwin)
        return Darwin.log(x)
    #else
        return Foundation.log(x)
    #endif
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
