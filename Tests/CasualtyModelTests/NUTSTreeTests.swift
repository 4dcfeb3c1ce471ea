import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// The tree building of NUTS pinned against an independent, plain reading of Stan's rules
/// (base_nuts.hpp: multinomial NUTS with the no-U-turn criterion checked over every merged
/// subtree and across the boundaries between subtrees).
///
/// The target is a prior-only model, an anisotropic Gaussian (sds 1 and 3), with the unit
/// metric: the leapfrog states are computed here directly, in time order, and the reference
/// says at which doubling the trajectory must stop. The sampler is given the same initial
/// momentum and the same sequence of directions, so its tree depth must agree.
@Suite struct NUTSTreeTests {
    static let sd = [1.0, 3.0]

    static func model() -> LatentCountModel {
        LatentCountModel(
            cells: [Cell(outcome: "killed", group: "a"), Cell(outcome: "killed", group: "b")],
            parameterNames: ["z[a]", "z[b]"], priorMean: [0, 0], priorSD: sd, terms: [], settings: ModelSettings())
    }

    /// Leapfrog states (momenta) at times -n ... n from (q0, p0) with step eps, as
    /// `momenta[t + n]`, with the gradient of the Gaussian log density -(q / sd^2).
    static func momenta(_ q0: [Double], _ p0: [Double], eps: Double, n: Int) -> [[Double]] {
        func run(_ sign: Double) -> [[Double]] {
            var q = q0, p = p0, out: [[Double]] = []
            for _ in 0..<n {
                for i in 0..<2 { p[i] += 0.5 * sign * eps * (-q[i] / (sd[i] * sd[i])) }
                for i in 0..<2 { q[i] += sign * eps * p[i] }
                for i in 0..<2 { p[i] += 0.5 * sign * eps * (-q[i] / (sd[i] * sd[i])) }
                out.append(p)
            }
            return out
        }
        return run(-1).reversed() + [p0] + run(1)
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    static func sum(_ ps: [[Double]]) -> [Double] { ps.reduce([0, 0]) { [$0[0] + $1[0], $0[1] + $1[1]] } }

    /// Stan's criterion; nil when a dot product is so close to 0 that rounding could flip it.
    static func criterion(_ minus: [Double], _ plus: [Double], _ rho: [Double]) -> Bool? {
        let a = dot(plus, rho), b = dot(minus, rho)
        if abs(a) < 1e-9 || abs(b) < 1e-9 { return nil }
        return a > 0 && b > 0
    }

    /// Whether a subtree whose leaves are `leaves` (momenta in build order) is valid.
    static func subtreeValid(_ leaves: [[Double]]) -> Bool? {
        if leaves.count == 1 { return true }
        let half = leaves.count / 2
        let initial = Array(leaves[..<half]), final = Array(leaves[half...])
        guard let v1 = subtreeValid(initial), v1 else { return false }
        guard let v2 = subtreeValid(final), v2 else { return false }
        let rhoInit = sum(initial), rhoFinal = sum(final)
        guard let whole = criterion(leaves.first!, leaves.last!, sum(leaves)),
            let left = criterion(leaves.first!, final.first!, sum([rhoInit, final.first!])),
            let right = criterion(initial.last!, leaves.last!, sum([rhoFinal, initial.last!]))
        else { return nil }
        return whole && left && right
    }

    /// The tree depth at which the reference trajectory stops.
    static func referenceDepth(_ p: [[Double]], center n: Int, directions: [Bool], maxDepth: Int) -> Int? {
        var lo = n, hi = n
        for depth in 0..<maxDepth {
            let size = 1 << depth
            let forward = directions[depth]
            let new = forward ? Array(p[(hi + 1)...(hi + size)]) : Array(p[(lo - size)...(lo - 1)].reversed())
            guard let valid = subtreeValid(new) else { return nil }
            if !valid { return depth }
            let (oldLo, oldHi) = (lo, hi)
            if forward { hi += size } else { lo -= size }
            // Backward subtree [lo, mid], forward subtree [mid + 1, hi].
            let mid = forward ? oldHi : oldLo - 1
            let bck = Array(p[lo...mid]), fwd = Array(p[(mid + 1)...hi])
            guard let whole = criterion(p[lo], p[hi], sum(Array(p[lo...hi]))),
                let first = criterion(p[lo], fwd.first!, sum([sum(bck), fwd.first!])),
                let second = criterion(bck.last!, p[hi], sum([sum(fwd), bck.last!]))
            else { return nil }
            if !(whole && first && second) { return depth + 1 }
        }
        return maxDepth
    }

    @Test func treeDepthMatchesStansRulesOnHandBuiltTrajectories() throws {
        var rng = Xoshiro256(seed: 7, stream: 0)
        var settings = SamplerSettings()
        settings.maxDepth = 8
        var compared = 0, deepest = 0
        for _ in 0..<400 {
            let q0 = [2 * rng.normal(), 5 * rng.normal()]
            let p0 = [rng.normal(), rng.normal()]
            let eps = 0.05 + 0.4 * rng.uniform()
            let directions = (0..<settings.maxDepth).map { _ in rng.uniform() > 0.5 }
            let n = 1 << settings.maxDepth
            let p = Self.momenta(q0, p0, eps: eps, n: n)
            guard let expected = Self.referenceDepth(p, center: n, directions: directions, maxDepth: settings.maxDepth)
            else { continue }
            var chain = ChainState(model: Self.model(), settings: settings, start: q0)
            chain.epsilon = eps
            var unused = Xoshiro256(seed: 1, stream: 0)
            let stats = chain.transition(&unused, momentum: p0, directions: directions)
            #expect(stats.depth == expected, "q0 \(q0) p0 \(p0) eps \(eps) directions \(directions)")
            compared += 1
            deepest = max(deepest, expected)
        }
        #expect(compared > 350)
        #expect(deepest >= 4)
    }

    /// A known U-turn: on a 1-sd coordinate alone (the other at rest at its mean), starting
    /// at the mean with unit momentum, moving forward only, the orbit is q = sin t, p = cos t.
    /// With eps = 0.1, depths 0-3 reach t = 1.5 (cos 1.5 > 0: go on); the subtree of depth 4
    /// covers t = 1.6 ... 3.1, where every momentum is negative, so it is valid in itself;
    /// merged, the trajectory's forward end (cos 3.1 < 0) points against the summed momentum
    /// (sin 3.1 / 0.1 > 0): the U-turn, after 1 + 2 + 4 + 8 + 16 = 31 steps at depth 5.
    @Test func forwardOrbitStopsAtItsFirstUTurn() throws {
        var settings = SamplerSettings()
        settings.maxDepth = 10
        var chain = ChainState(model: Self.model(), settings: settings, start: [0, 0])
        chain.epsilon = 0.1
        var unused = Xoshiro256(seed: 1, stream: 0)
        let stats = chain.transition(&unused, momentum: [1, 0], directions: Array(repeating: true, count: 10))
        #expect(stats.depth == 5)
        #expect(stats.leapfrogs == 31)
    }
}
