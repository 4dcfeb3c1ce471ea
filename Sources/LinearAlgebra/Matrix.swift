/// A dense real matrix stored column-major, the layout BLAS and LAPACK expect.
///
/// Element (i, j) (0-based) lives at `storage[i + j * rows]`. Value semantics: copies are
/// cheap until written (copy-on-write of the underlying array).
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order; `storage.count == rows * columns`.
    public internal(set) var storage: [Double]

    /// A `rows x columns` matrix with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from column-major elements; throws when the count does not match the shape.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, columns >= 0, elements.count == rows * columns else {
            throw .dimensionMismatch("\(elements.count) elements for a \(rows)x\(columns) matrix")
        }
        self.rows = rows
        self.columns = columns
        self.storage = elements
    }

    /// A matrix from an array of rows (the way matrices are written on paper); throws when
    /// the rows have different lengths.
    public init(_ rowArrays: [[Double]]) throws(LinearAlgebraError) {
        let r = rowArrays.count
        let c = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == c }) else {
            throw .dimensionMismatch("rows of unequal length")
        }
        self.init(rows: r, columns: c)
        for i in 0..<r { for j in 0..<c { storage[i + j * r] = rowArrays[i][j] } }
    }

    /// The n x n identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        diagonal(Array(repeating: 1, count: n))
    }

    /// The square matrix with `d` on its diagonal and zeros elsewhere.
    public static func diagonal(_ d: [Double]) -> Matrix {
        var m = Matrix(rows: d.count, columns: d.count)
        for i in d.indices { m.storage[i + i * d.count] = d[i] }
        return m
    }

    /// Element at row `i`, column `j` (0-based).
    public subscript(i: Int, j: Int) -> Double {
        get { storage[i + j * rows] }
        set { storage[i + j * rows] = newValue }
    }

    /// Whether the matrix is square.
    public var isSquare: Bool { rows == columns }

    /// The diagonal elements (min(rows, columns) of them).
    public var diagonalElements: [Double] {
        (0..<min(rows, columns)).map { self[$0, $0] }
    }

    /// The transpose.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t.storage[j + i * columns] = storage[i + j * rows] } }
        return t
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Rows as nested arrays (for printing and tests).
    public var rowArrays: [[Double]] {
        (0..<rows).map { i in (0..<columns).map { j in self[i, j] } }
    }

    /// Whether every element is finite.
    public var isFinite: Bool { storage.allSatisfy { $0.isFinite } }

    /// Largest absolute element-wise difference from `other` (infinity when shapes differ).
    public func maxAbsDifference(_ other: Matrix) -> Double {
        guard rows == other.rows, columns == other.columns else { return .infinity }
        return zip(storage, other.storage).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    public var description: String {
        rowArrays.map { $0.map { "\($0)" }.joined(separator: "\t") }.joined(separator: "\n")
    }
}

/// Converts a Swift `Int` dimension to the 32-bit integer of the BLAS/LAPACK interface.
@inline(__always)
func lapackInt(_ n: Int) throws(LinearAlgebraError) -> Int32 {
    guard n >= 0, n <= Int(Int32.max) else { throw .tooLarge(n) }
    return Int32(n)
}
