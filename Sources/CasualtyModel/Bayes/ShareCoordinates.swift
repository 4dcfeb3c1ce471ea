import Foundation
import LinearAlgebra

/// Coordinates in which cells that the claims only ever speak about together are a log total
/// and log shares: the parameterisation the checked Laplace approximation proposes in.
///
/// Cells with the same non-empty set of likelihood terms (every claim or floor that counts
/// one counts all of them) form a block c_0 < c_1 < ... < c_{k-1}, k >= 2. Its coordinates
/// are the log total T = log sum_c exp(z_c) and the log ratios a_j = z_{c_j} - z_{c_0},
/// j >= 1; back, with a_0 = 0 and L = log sum_j exp(a_j), z_{c_j} = T + a_j - L. The data
/// speak to T alone; the split (the a_j) rests on the prior, so the curved ridge
/// sum_c exp(z_c) = constant of the cell coordinates becomes the flat T = constant, which a
/// Gaussian follows. The map has Jacobian determinant 1 (subtract s_j times the T column
/// from each a_j column of dz/du, s = softmax(a), to leave a unit triangular matrix), so
/// densities are the same in both coordinates. Other parameters are unchanged.
public struct ShareCoordinates: Sendable {
    /// The blocks of cell indices (ascending within a block).
    public let blocks: [[Int]]
    /// The dimension of the parameter vector.
    public let dimension: Int

    /// No blocks: the identity map.
    public init(identity dimension: Int) {
        self.blocks = []
        self.dimension = dimension
    }

    /// The blocks of `model`: cells with the same non-empty set of terms, two or more.
    public init(_ model: LatentCountModel) {
        var signature = [[Int]](repeating: [], count: model.cells.count)
        for (t, term) in model.terms.enumerated() {
            for c in Set(term.cells) { signature[c].append(t) }
        }
        var groups: [[Int]: [Int]] = [:]
        for (c, s) in signature.enumerated() where !s.isEmpty { groups[s, default: []].append(c) }
        blocks = groups.values.filter { $0.count >= 2 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
        dimension = model.dimension
    }

    /// Whether the map is the identity.
    public var isIdentity: Bool { blocks.isEmpty }

    /// The coordinates u of parameters `theta`.
    public func coordinates(_ theta: [Double]) -> [Double] {
        var u = theta
        for block in blocks {
            let z = block.map { theta[$0] }
            let m = z.max() ?? 0
            u[block[0]] = m + log(z.reduce(0) { $0 + exp($1 - m) })
            for c in block.dropFirst() { u[c] = theta[c] - theta[block[0]] }
        }
        return u
    }

    /// The parameters theta at coordinates `u`, written into `theta` (`dimension` elements).
    public func parameters(_ u: [Double], into theta: inout [Double]) {
        for i in 0..<u.count { theta[i] = u[i] }
        for block in blocks {
            let total = u[block[0]]
            var m = 0.0
            for c in block.dropFirst() { m = max(m, u[c]) }
            var sum = exp(-m)
            for c in block.dropFirst() { sum += exp(u[c] - m) }
            let logSum = m + log(sum)
            theta[block[0]] = total - logSum
            for c in block.dropFirst() { theta[c] = total + u[c] - logSum }
        }
    }

    /// The parameters theta at coordinates `u`.
    public func parameters(_ u: [Double]) -> [Double] {
        var theta = u
        parameters(u, into: &theta)
        return theta
    }

    /// The Jacobian d theta / d u at `u`: identity outside the blocks; in a block, the T
    /// column is all ones and the a_j column is e_j - s_j (s = softmax(0, a_1, ...)).
    public func jacobian(_ u: [Double]) -> Matrix {
        var j = Matrix.identity(dimension)
        let theta = parameters(u)
        for block in blocks {
            let total = u[block[0]]
            for r in block { j[r, block[0]] = 1 }
            for (k, c) in block.enumerated() where k > 0 {
                let share = exp(theta[c] - total)
                for r in block { j[r, c] = (r == c ? 1 : 0) - share }
            }
        }
        return j
    }
}
