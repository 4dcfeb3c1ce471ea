import Foundation
import TestSupport
import Testing

@testable import CasualtyModel

/// R-hat and ESS against ArviZ 0.23.4 (`rhat(method="rank")`, `ess(method="bulk"|"tail")`),
/// on draws stored in Fixtures/diagnostics.json by Fixtures/make_diagnostics_fixture.py.
@Suite struct DiagnosticsTests {
    /// The radix sort of posterior counts gives exactly the comparison sort's order: on
    /// lognormal draws with ties, zeros, subnormals and infinity, and (by falling back) on
    /// values with a negative.
    @Test func countsSortLikeTheComparisonSort() {
        var rng = Xoshiro256(seed: 9)
        for n in [10, 65, 1_000, 4_000] {
            var x = (0..<n).map { _ in exp(3 * rng.normal()) }
            x += [0, 0, .leastNonzeroMagnitude, .infinity, x[0], x[1]]
            #expect(Diagnostics.sortedCounts(x) == x.sorted())
            var mixed = x
            mixed[3] = -1
            #expect(Diagnostics.sortedCounts(mixed) == mixed.sorted())
        }
    }

    struct Fixture: Decodable {
        struct Case: Decodable {
            var draws: [[Double]]
            var rhat: Double
            var ess_bulk: Double
            var ess_tail: Double
        }
        var arviz_version: String
        var cases: [String: Case]
    }

    static func fixture() throws -> Fixture {
        let url = Repo.fixture("CasualtyModelTests", "diagnostics.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(arguments: ["iid", "ar1", "shifted", "cauchy"])
    func matchesArviZ(name: String) throws {
        let f = try Self.fixture()
        let c = try #require(f.cases[name])
        // Same definitions; differences come only from floating-point summation order.
        #expect(abs(Diagnostics.rhat(c.draws) - c.rhat) < 1e-9, "rhat \(name)")
        #expect(abs(Diagnostics.essBulk(c.draws) - c.ess_bulk) < 1e-6 * c.ess_bulk, "ess_bulk \(name)")
        #expect(abs(Diagnostics.essTail(c.draws) - c.ess_tail) < 1e-6 * c.ess_tail, "ess_tail \(name)")
        // The three together, sharing their sorts, are the same numbers to the bit.
        let together = Diagnostics.convergence(c.draws)
        #expect(
            together
                == Diagnostics.Convergence(
                    rhat: Diagnostics.rhat(c.draws), essBulk: Diagnostics.essBulk(c.draws), essTail: Diagnostics.essTail(c.draws))
        )
    }

    /// The radix order of draws is the comparison sort's, with negatives, -0, +0, ties and
    /// infinities; 64 values or fewer, or a NaN, are left to the comparison sort.
    @Test func radixOrderSortsAsTheNumbersCompare() throws {
        var rng = Xoshiro256(seed: 3, stream: 0)
        let tiny = Double.leastNonzeroMagnitude
        let pool: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, tiny, -tiny, 2.5, 2.5]
        for n in [65, 100, 1000, 4000] {
            let x = (0..<n).map { i in i % 3 == 0 ? pool[Int(rng.uniform() * Double(pool.count))] : 10 * rng.normal() }
            let order = try #require(Diagnostics.ascendingOrder(x))
            #expect(Set(order).count == n && zip(order, order.dropFirst()).allSatisfy { x[$0] <= x[$1] })
            #expect(Diagnostics.sortedValues(x).elementsEqual(x.sorted(), by: ==))
        }
        #expect(Diagnostics.ascendingOrder(Array(repeating: 1.0, count: 64)) == nil)
        #expect(Diagnostics.ascendingOrder([Double](repeating: 1, count: 99) + [.nan]) == nil)
    }

    @Test func knownBehaviour() throws {
        let f = try Self.fixture()
        // iid: R-hat ~ 1, ESS ~ number of draws; AR(1) phi = 0.9: ESS ~ N (1-phi)/(1+phi) = 210.
        #expect(Diagnostics.rhat(f.cases["iid"]!.draws) < 1.01)
        #expect(abs(Diagnostics.essBulk(f.cases["iid"]!.draws) - 4000) < 400)
        let ar = Diagnostics.essBulk(f.cases["ar1"]!.draws)
        #expect(ar > 150 && ar < 300)
        #expect(Diagnostics.rhat(f.cases["shifted"]!.draws) > 1.05)
    }
}
