import CLAPACK

/// The eigen-decomposition `A = V diag(values) V'` of a real symmetric matrix
/// (LAPACK `dsyevd`, divide and conquer; lower triangle read).
///
/// Eigenvalues are in ascending order; column `k` of `vectors` is the unit eigenvector of
/// `values[k]` (its sign is whatever LAPACK returns).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues, ascending.
    public let values: [Double]
    /// Orthonormal eigenvectors as columns, or nil when only values were asked for.
    public let vectors: Matrix?

    /// Decomposes `a`; `computeVectors: false` skips the eigenvectors.
    public init(_ a: Matrix, computeVectors: Bool = true) throws(LinearAlgebraError) {
        guard a.isSquare else { throw .notSquare(rows: a.rows, columns: a.columns) }
        let n = a.rows
        for j in 0..<n { for i in j..<n where !a[i, j].isFinite { throw .nonFinite("eigen input") } }
        if n == 0 {
            values = []
            vectors = computeVectors ? a : nil
            return
        }
        var work = a
        var w = [Double](repeating: 0, count: n)
        var n32 = try lapackInt(n), lda = n32, info: Int32 = 0
        var jobz = CChar(UInt8(ascii: computeVectors ? "V" : "N")), uplo = CChar(UInt8(ascii: "L"))
        // Workspace query, then the real call.
        var lwork: Int32 = -1, liwork: Int32 = -1
        var wkopt = 0.0, iwkopt: Int32 = 0
        work.storage.withUnsafeMutableBufferPointer { pa in
            dsyevd_(
                &jobz, &uplo, &n32, pa.baseAddress, &lda, &w, &wkopt, &lwork, &iwkopt, &liwork,
                &info, 1, 1)
        }
        if info < 0 { throw .illegalArgument(routine: "dsyevd", position: Int(-info)) }
        lwork = Int32(wkopt.rounded(.up))
        liwork = iwkopt
        var wk = [Double](repeating: 0, count: Int(max(1, lwork)))
        var iwk = [Int32](repeating: 0, count: Int(max(1, liwork)))
        work.storage.withUnsafeMutableBufferPointer { pa in
            dsyevd_(
                &jobz, &uplo, &n32, pa.baseAddress, &lda, &w, &wk, &lwork, &iwk, &liwork,
                &info, 1, 1)
        }
        if info < 0 { throw .illegalArgument(routine: "dsyevd", position: Int(-info)) }
        if info > 0 { throw .noConvergence(routine: "dsyevd", info: Int(info)) }
        values = w
        vectors = computeVectors ? work : nil
    }
}
