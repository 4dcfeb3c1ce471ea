import CLAPACK

/// Level-2 and level-3 BLAS products through CBLAS (OpenBLAS).
///
/// Each function checks shapes first and throws `dimensionMismatch` instead of letting
/// BLAS read out of bounds.
public enum BLAS {
    /// General matrix product `C = alpha * op(A) * op(B) + beta * C`, where `op(X)` is `X`
    /// or its transpose (`cblas_dgemm`). `C` must already have the result's shape.
    public static func gemm(
        alpha: Double = 1, _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
        guard k == kb, c.rows == m, c.columns == n else {
            throw .dimensionMismatch("gemm: op(A) \(m)x\(k), op(B) \(kb)x\(n), C \(c.rows)x\(c.columns)")
        }
        if m == 0 || n == 0 { return }
        let (m32, n32, k32) = (try lapackInt(m), try lapackInt(n), try lapackInt(k))
        let lda = try lapackInt(max(1, a.rows)), ldb = try lapackInt(max(1, b.rows))
        let ldc = try lapackInt(max(1, c.rows))
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(
                        CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        m32, n32, k32, alpha, pa.baseAddress, lda, pb.baseAddress, ldb,
                        beta, pc.baseAddress, ldc)
                }
            }
        }
    }

    /// Matrix-vector product `y = alpha * op(A) * x + beta * y` (`cblas_dgemv`).
    public static func gemv(
        alpha: Double = 1, _ a: Matrix, transpose: Bool = false, _ x: [Double],
        beta: Double = 0, into y: inout [Double]
    ) throws(LinearAlgebraError) {
        let (m, n) = transpose ? (a.columns, a.rows) : (a.rows, a.columns)
        guard x.count == n, y.count == m else {
            throw .dimensionMismatch("gemv: op(A) \(m)x\(n), x \(x.count), y \(y.count)")
        }
        if m == 0 { return }
        if n == 0 {
            for i in y.indices { y[i] *= beta }
            return
        }
        let r32 = try lapackInt(a.rows), c32 = try lapackInt(a.columns)
        let lda = try lapackInt(max(1, a.rows))
        a.storage.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_dgemv(
                        CblasColMajor, transpose ? CblasTrans : CblasNoTrans, r32, c32, alpha,
                        pa.baseAddress, lda, px.baseAddress, 1, beta, py.baseAddress, 1)
                }
            }
        }
    }

    /// Symmetric rank-k update `C = alpha * A * A' + beta * C` (or `A' * A` when
    /// `transpose`), via `cblas_dsyrk` on the lower triangle, then mirrored so that the
    /// whole of `C` is valid.
    public static func syrk(
        alpha: Double = 1, _ a: Matrix, transpose: Bool = false,
        beta: Double = 0, into c: inout Matrix
    ) throws(LinearAlgebraError) {
        let (n, k) = transpose ? (a.columns, a.rows) : (a.rows, a.columns)
        guard c.rows == n, c.columns == n else {
            throw .dimensionMismatch("syrk: result \(n)x\(n), C \(c.rows)x\(c.columns)")
        }
        if n == 0 { return }
        let n32 = try lapackInt(n), k32 = try lapackInt(k)
        let lda = try lapackInt(max(1, a.rows)), ldc = try lapackInt(n)
        a.storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(
                    CblasColMajor, CblasLower, transpose ? CblasTrans : CblasNoTrans,
                    n32, k32, alpha, pa.baseAddress, lda, beta, pc.baseAddress, ldc)
            }
        }
        for j in 0..<n { for i in (j + 1)..<n { c[j, i] = c[i, j] } }
    }

    /// Dot product of two equal-length vectors (`cblas_ddot`).
    public static func dot(_ x: [Double], _ y: [Double]) throws(LinearAlgebraError) -> Double {
        guard x.count == y.count else { throw .dimensionMismatch("dot: \(x.count) vs \(y.count)") }
        let n = try lapackInt(x.count)
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in cblas_ddot(n, px.baseAddress, 1, py.baseAddress, 1) }
        }
    }

    /// Sets the number of threads OpenBLAS may use (tests and benchmarks fix it to 1 so
    /// results and timings are reproducible).
    public static func setThreadCount(_ n: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, n)))
    }

    /// The number of threads OpenBLAS is configured to use.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// OpenBLAS's build configuration string (e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ..."),
    /// proof of which BLAS the binary linked.
    public static var configuration: String {
        guard let p = openblas_get_config() else { return "unknown" }
        return String(cString: p)
    }
}

extension Matrix {
    /// The product `self * other` (`gemm`).
    public func multiplied(by other: Matrix) throws(LinearAlgebraError) -> Matrix {
        var c = Matrix(rows: rows, columns: other.columns)
        try BLAS.gemm(self, other, into: &c)
        return c
    }

    /// The product `self * x` (`gemv`).
    public func multiplied(by x: [Double]) throws(LinearAlgebraError) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        try BLAS.gemv(self, x, into: &y)
        return y
    }

    /// The Gram matrix `self' * self` (`syrk`), symmetric, columns x columns.
    public func gram() throws(LinearAlgebraError) -> Matrix {
        var c = Matrix(rows: columns, columns: columns)
        try BLAS.syrk(self, transpose: true, into: &c)
        return c
    }
}
