import CLAPACK

/// Solves the square linear system `A X = B` by LU factorisation with partial pivoting
/// (LAPACK `dgesv`). Throws `singular(pivot:)` when `A` is exactly singular.
public func solve(_ a: Matrix, _ b: Matrix) throws(LinearAlgebraError) -> Matrix {
    guard a.isSquare else { throw .notSquare(rows: a.rows, columns: a.columns) }
    guard b.rows == a.rows else {
        throw .dimensionMismatch("solve: A is \(a.rows)x\(a.columns), B has \(b.rows) rows")
    }
    guard a.isFinite, b.isFinite else { throw .nonFinite("solve input") }
    var lu = a, x = b
    if a.rows == 0 || b.columns == 0 { return x }
    var n32 = try lapackInt(a.rows), nrhs = try lapackInt(b.columns)
    var lda = n32, ldb = n32, info: Int32 = 0
    var ipiv = [Int32](repeating: 0, count: a.rows)
    lu.storage.withUnsafeMutableBufferPointer { pa in
        x.storage.withUnsafeMutableBufferPointer { pb in
            ipiv.withUnsafeMutableBufferPointer { pp in
                dgesv_(&n32, &nrhs, pa.baseAddress, &lda, pp.baseAddress, pb.baseAddress, &ldb, &info)
            }
        }
    }
    if info > 0 { throw .singular(pivot: Int(info)) }
    if info < 0 { throw .illegalArgument(routine: "dgesv", position: Int(-info)) }
    return x
}

/// Solves `A x = b` for one right-hand side (LAPACK `dgesv`).
public func solve(_ a: Matrix, _ b: [Double]) throws(LinearAlgebraError) -> [Double] {
    try solve(a, try Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
}
