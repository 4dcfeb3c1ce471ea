import Testing

@testable import LinearAlgebra

#if canImport(Glibc)
    import Glibc
#endif

/// Reference values are worked by hand (noted beside each); random cases are checked
/// through an independent identity (e.g. L L' == A, A A^{-1} == I, log det from eigenvalues).
@Suite struct LinearAlgebraTests {
    init() { BLAS.setThreadCount(1) }

    @Test func linksOpenBLAS() {
        #expect(BLAS.configuration.contains("OpenBLAS"))
        #expect(BLAS.threadCount == 1)
    }

    @Test func matrixLayoutIsColumnMajor() throws {
        let m = try Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(m.storage == [1, 4, 2, 5, 3, 6])
        #expect(m[1, 2] == 6)
        #expect(m.transposed.rowArrays == [[1, 4], [2, 5], [3, 6]])
        #expect(throws: LinearAlgebraError.self) { try Matrix([[1, 2], [3]]) }
        #expect(throws: LinearAlgebraError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1]) }
    }

    @Test func gemmByHand() throws {
        let a = try Matrix([[1, 2], [3, 4]]), b = try Matrix([[5, 6], [7, 8]])
        // [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]
        #expect(try a.multiplied(by: b).rowArrays == [[19, 22], [43, 50]])
        var c = Matrix(rows: 2, columns: 2, repeating: 1)
        // A'B = [[1,3],[2,4]] [[5,6],[7,8]] = [[26,30],[38,44]]; alpha 2, beta 1 adds 1.
        try BLAS.gemm(alpha: 2, a, transposeA: true, b, beta: 1, into: &c)
        #expect(c.rowArrays == [[53, 61], [77, 89]])
        var wrong = Matrix(rows: 3, columns: 2)
        #expect(throws: LinearAlgebraError.self) { try BLAS.gemm(a, b, into: &wrong) }
    }

    @Test func gemvAndSyrkByHand() throws {
        let a = try Matrix([[1, 2], [3, 4]])
        #expect(try a.multiplied(by: [1, 1]) == [3, 7])
        var y = [10.0, 10.0]
        try BLAS.gemv(a, transpose: true, [1, 1], beta: 1, into: &y)  // A'1 = [4, 6]
        #expect(y == [14, 16])
        #expect(try a.gram().rowArrays == [[10, 14], [14, 20]])  // A'A
        var c = Matrix(rows: 2, columns: 2)
        try BLAS.syrk(a, into: &c)  // AA' = [[5, 11], [11, 25]]
        #expect(c.rowArrays == [[5, 11], [11, 25]])
        #expect(try BLAS.dot([1, 2, 3], [4, 5, 6]) == 32)
    }

    @Test func choleskyByHand() throws {
        // Classic example: L = [[2,0,0],[6,1,0],[-8,5,3]], det A = (2*1*3)^2 = 36.
        let a = try Matrix([[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
        let ch = try Cholesky(a)
        #expect(ch.factor.maxAbsDifference(try Matrix([[2, 0, 0], [6, 1, 0], [-8, 5, 3]])) < 1e-12)
        #expect(abs(ch.logDeterminant - log(36)) < 1e-12)
        // 2x2: A = [[4,2],[2,3]], A^{-1} = [[3,-2],[-2,4]]/8; solve A x = [2, 1] -> x = [0.5, 0].
        let b = try Matrix([[4, 2], [2, 3]])
        let cb = try Cholesky(b)
        #expect(try cb.inverse().maxAbsDifference(try Matrix([[0.375, -0.25], [-0.25, 0.5]])) < 1e-14)
        let x = try cb.solve([2, 1])
        #expect(abs(x[0] - 0.5) < 1e-14 && abs(x[1]) < 1e-14)
        // L = [[2,0],[1,sqrt2]]: L z = [2, 1+sqrt2] -> z = [1, 1]; L' z = [3, sqrt2] -> z = [1, 1].
        let z = try cb.solveTriangular([2, 1 + 2.0.squareRoot()])
        #expect(abs(z[0] - 1) < 1e-14 && abs(z[1] - 1) < 1e-14)
        let zt = try cb.solveTriangular([3, 2.0.squareRoot()], transpose: true)
        #expect(abs(zt[0] - 1) < 1e-14 && abs(zt[1] - 1) < 1e-14)
    }

    @Test func choleskyFailuresAreTypedErrors() throws {
        #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 2)) {
            try Cholesky(try Matrix([[1, 2], [2, 1]]))  // eigenvalues 3 and -1
        }
        #expect(throws: LinearAlgebraError.notPositiveDefinite(minor: 1)) {
            try Cholesky(try Matrix([[-1]]))
        }
        #expect(throws: LinearAlgebraError.notSquare(rows: 1, columns: 2)) {
            try Cholesky(try Matrix([[1, 2]]))
        }
        #expect(throws: LinearAlgebraError.nonFinite("Cholesky input")) {
            try Cholesky(try Matrix([[1, 0], [.nan, 1]]))
        }
    }

    @Test func generalSolve() throws {
        // 2x + y = 5, x + 3y = 10 -> x = 1, y = 3.
        let x = try solve(try Matrix([[2, 1], [1, 3]]), [5, 10])
        #expect(abs(x[0] - 1) < 1e-14 && abs(x[1] - 3) < 1e-14)
        #expect(throws: LinearAlgebraError.singular(pivot: 2)) {
            try solve(try Matrix([[1, 2], [2, 4]]), [1, 2])
        }
    }

    @Test func symmetricEigenByHand() throws {
        // Tridiagonal (2, -1): eigenvalues 2 - sqrt2, 2, 2 + sqrt2.
        let a = try Matrix([[2, -1, 0], [-1, 2, -1], [0, -1, 2]])
        let e = try SymmetricEigen(a)
        let s = 2.0.squareRoot()
        for (got, want) in zip(e.values, [2 - s, 2, 2 + s]) { #expect(abs(got - want) < 1e-13) }
        let v = try #require(e.vectors)
        // A V = V diag(values), V'V = I.
        let av = try a.multiplied(by: v), vd = try v.multiplied(by: .diagonal(e.values))
        #expect(av.maxAbsDifference(vd) < 1e-13)
        #expect(try v.gram().maxAbsDifference(.identity(3)) < 1e-13)
        #expect(try SymmetricEigen(a, computeVectors: false).vectors == nil)
    }

    @Test(arguments: [1, 2, 5, 12, 40])
    func randomSPDIdentities(n: Int) throws {
        var rng = SplitMix64(seed: UInt64(n))
        var b = Matrix(rows: n, columns: n)
        for j in 0..<n { for i in 0..<n { b[i, j] = rng.nextDouble() * 2 - 1 } }
        var a = try b.gram()
        for i in 0..<n { a[i, i] += Double(n) }  // B'B + nI is SPD
        let ch = try Cholesky(a)
        var llt = Matrix(rows: n, columns: n)
        try BLAS.gemm(ch.factor, ch.factor, transposeB: true, into: &llt)
        #expect(llt.maxAbsDifference(a) < 1e-10)
        #expect(try a.multiplied(by: ch.inverse()).maxAbsDifference(.identity(n)) < 1e-10)
        let eig = try SymmetricEigen(a, computeVectors: false)
        let logdetFromEigen = eig.values.reduce(0) { $0 + log($1) }
        #expect(abs(ch.logDeterminant - logdetFromEigen) < 1e-9 * max(1, abs(logdetFromEigen)))
        let rhs = (0..<n).map { Double($0) - 1.5 }
        let x1 = try ch.solve(rhs), x2 = try solve(a, rhs)
        for (p, q) in zip(x1, x2) { #expect(abs(p - q) < 1e-10) }
    }

    @Test func emptyMatricesAreHarmless() throws {
        let e = Matrix(rows: 0, columns: 0)
        #expect(try Cholesky(e).logDeterminant == 0)
        #expect(try SymmetricEigen(e).values.isEmpty)
        #expect(try e.multiplied(by: e).storage.isEmpty)
    }
}

/// A small seeded generator so random test matrices are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
