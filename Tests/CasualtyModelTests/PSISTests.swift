import Foundation
import TestSupport
import Testing

@testable import CasualtyModel

/// PSIS against ArviZ 0.23.4's `psislw` on the cases of Fixtures/make_psis_fixture.py.
@Suite struct PSISTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            var log_ratios: [Double]
            var log_weights: [Double]
            var k: Double
        }
        var tool: String
        var cases: [String: Case]
    }

    static let fixture: Fixture = {
        let url = Repo.fixture("CasualtyModelTests", "psis.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: ["wide", "mild", "bad", "pareto"])
    func matchesArviZ(_ name: String) throws {
        let c = try #require(Self.fixture.cases[name])
        let psis = PSIS(logRatios: c.log_ratios)
        #expect(isClose(psis.paretoK, c.k, relative: 1e-9, absolute: 1e-12), "\(name): k \(psis.paretoK) vs \(c.k)")
        for (a, b) in zip(psis.logWeights, c.log_weights) {
            #expect(isClose(a, b, relative: 1e-9, absolute: 1e-12))
        }
    }

    /// The selection that finds the tail's cutoff agrees with sorting, ties and infinities included.
    @Test func orderStatisticMatchesSorting() {
        var rng = Xoshiro256(seed: 7)
        for n in [1, 2, 3, 10, 101, 4000] {
            // Few distinct values, so ties are common, and one -infinity (a draw of zero density).
            var v = (0..<n).map { _ in (rng.uniform() * 20).rounded(.down) }
            v[n / 2] = -.infinity
            let sorted = v.sorted()
            for rank in Set([0, n / 3, n / 2, n - 1]) {
                #expect(PSIS.orderStatistic(v, rank) == sorted[rank], "n \(n) rank \(rank)")
            }
        }
    }

    @Test func diagnosesTheTailAsThePaperDoes() throws {
        let k = Dictionary(
            uniqueKeysWithValues: Self.fixture.cases.map { ($0.key, PSIS(logRatios: $0.value.log_ratios).paretoK) })
        // A wider proposal has bounded weights (k < 0.5); N(0, 0.4^2) for N(0, 1) has
        // weights with infinite variance (k near 0.8); Pareto(0.9) ratios are found near 0.9.
        #expect(k["wide"]! < 0.5 && k["mild"]! < 0.7 && k["bad"]! > 0.7)
        #expect(abs(k["pareto"]! - 0.9) < 0.1)
        #expect(PSIS.threshold(draws: 4000) == 0.7)
    }
}
