import Foundation
import TestSupport
import Testing

@testable import CasualtyModel

/// Totals over events against the closed form: the sum of independent normals is normal with
/// the summed means and variances.
@Suite struct BatchTotalsTests {
    @Test func theTotalOfIndependentNormalsIsNormalWithSummedMeansAndVariances() throws {
        var rng = Xoshiro256(seed: 11, stream: 0)
        let means = (0..<30).map { Double(50 + 10 * $0) }, sds = (0..<30).map { 5 + Double($0 % 7) }
        var totals = BatchTotals()
        for (m, s) in zip(means, sds) {
            let draws = (0..<BatchTotals.draws).map { _ in m + s * rng.normal() }
            let c = BatchTotals.Contribution(
                quantity: "killed:civilians", method: "laplace", best: m, low: m - 1.645 * s, high: m + 1.645 * s, claims: 2,
                draws: draws)
            let recorder = BatchTotals.Contribution(
                quantity: "killed:civilians", method: "weighted-median", best: m, low: m - 10, high: m + 10, claims: 2, draws: nil
            )
            totals.add([c, recorder], group: [m < 200 ? "A" : "B"])
        }
        let rows = totals.rows(groupColumns: [0], extraCount: 1)
        #expect(rows.count == 4 && rows.allSatisfy { $0.event == "total" })
        for group in ["A", "B"] {
            let members = zip(means, sds).filter { ($0.0 < 200 ? "A" : "B") == group }
            let mu = members.reduce(0) { $0 + $1.0 }, sd = members.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            let bayes = try #require(rows.first { $0.extras == [group] && $0.method == "laplace" })
            let (best, low, high) = (try #require(bayes.best), try #require(bayes.low), try #require(bayes.high))
            // Quantiles of 4,000 draws: standard error about 0.02 sd at the median, 0.03 at 5/95%.
            #expect(abs(best - mu) < 0.1 * sd, "median \(best) vs \(mu)")
            #expect(abs(low - (mu - 1.6449 * sd)) < 0.15 * sd && abs(high - (mu + 1.6449 * sd)) < 0.15 * sd)
            #expect(bayes.level == 0.9 && bayes.claimsUsed == 2 * members.count)
            let recorder = try #require(rows.first { $0.extras == [group] && $0.method == "weighted-median" })
            let (rBest, rLow) = (try #require(recorder.best), try #require(recorder.low))
            #expect(isClose(rBest, mu) && isClose(rLow, mu - 10 * Double(members.count)) && recorder.level == nil)
        }
    }

    /// A total says how many of its events were warned about, by kind (an event with a
    /// claims conflict has too narrow an interval, and so has the total it joins).
    @Test func aTotalCountsItsWarnedEvents() {
        var totals = BatchTotals()
        for warned in [true, false, true] {
            var c = BatchTotals.Contribution(
                quantity: "killed:civilians", method: "laplace", best: 10, low: 8, high: 12, claims: 3, draws: [10, 11])
            c.warnings = warned ? [.claimsConflict, .fallback] : []
            totals.add([c], group: ["A"])
        }
        let row = totals.rows(groupColumns: [0], extraCount: 1)[0]
        #expect(
            row.warnings == [
                "total of 3 events", "2 of its events warned: fallback", "2 of its events warned: claims-conflict",
            ], "\(row.warnings)")
    }

    /// A method that gave no estimate for some of a group's events (meta-analysis where no
    /// claim is exact) has no total there: the sum of the others would be too low (on the
    /// Airwars 2023 incidents, meta-dl's "total" of killed civilians summed 355 of 549
    /// events and fell far below every other method's).
    @Test func aTotalMissingSomeEventsHasNoNumbers() {
        var totals = BatchTotals()
        for exact in [true, false, true, false, false] {
            let meta =
                exact
                ? BatchTotals.Contribution(
                    quantity: "killed:civilians", method: "meta-dl", best: 10, low: 6, high: 16, claims: 1, draws: nil)
                : BatchTotals.Contribution(
                    quantity: "killed:civilians", method: "meta-dl", missing: .noExactClaim, claims: 0, draws: nil)
            let median = BatchTotals.Contribution(
                quantity: "killed:civilians", method: "weighted-median", best: 10, low: 5, high: 20, claims: 1, draws: nil)
            totals.add([meta, median], group: ["A"])
        }
        let rows = totals.rows(groupColumns: [0], extraCount: 1)
        let meta = rows.first { $0.method == "meta-dl" }, median = rows.first { $0.method == "weighted-median" }
        #expect(meta?.best == nil && meta?.low == nil && meta?.high == nil)
        #expect(
            meta?.warnings == [
                "no total: 3 of its 5 events have no meta-dl estimate (3: no exact claim), so a sum would be too low"
            ],
            "\(meta?.warnings ?? [])")
        #expect(median?.best == 50 && median?.low == 25 && median?.high == 100 && median?.warnings == ["total of 5 events"])
    }
}
