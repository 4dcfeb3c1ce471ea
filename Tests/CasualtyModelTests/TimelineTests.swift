import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// The timeline: claims arrive in a known order, and each step's estimate is `estimate` on
/// the case cut after that claim.
@Suite struct TimelineTests {
    static let yaml = """
        schema: casualty-case/1
        case: {id: tl, title: Timeline}
        outcomes: [killed]
        groups: {a: {side: blue}}
        documents:
          d1: {outlet: Daily, date: 2020-01-05}
          d2: {outlet: Weekly, date: 2020-01}
        sources:
          s1: {name: One, side: neutral, reliability: 1}
          s2: {name: Two, side: neutral, reliability: 0.5}
          s3: {name: Three, side: neutral, reliability: 1}
        reports:
          - {id: late, source: s1, documents: [d2], what: killed, who: a, claim: 40}
          - {id: early, source: s2, documents: [d1], what: killed, who: a, claim: 10, date: 2020-01-03}
          - {id: same-day, source: s3, documents: [d1], what: killed, who: a, claim: at least 12}
          - {id: undated, source: s3, what: killed, who: a, claim: 25}
        """

    @Test func partialDatesCountFromTheEndOfTheirPeriod() {
        #expect(Timeline.endOfPeriod("2016-05") == "2016-05-31" && Timeline.endOfPeriod("2016-02") == "2016-02-29")
        #expect(Timeline.endOfPeriod("2015-02") == "2015-02-28" && Timeline.endOfPeriod("2016") == "2016-12-31")
        #expect(Timeline.endOfPeriod("2016-05-06T10:00:00Z") == "2016-05-06")
    }

    @Test(arguments: [MethodID.weightedMedian, .laplace])
    func eachStepIsTheEstimateOfTheCaseCutThere(method: MethodID) throws {
        let c = try Case.parse(yaml: Self.yaml, file: "tl.yaml", lexicon: .builtIn)
        var o = AnalysisOptions()
        o.select([.method(method)])
        let t = try Timeline.run(try Evidence(c), options: o, method: method)
        // The report date first, then the document date; a month-only date at its month's end.
        #expect(t.steps.map(\.report) == ["early", "same-day", "late"])
        #expect(t.steps.map(\.date) == ["2020-01-03", "2020-01-05", "2020-01-31"] && t.undated == ["undated"])
        for (k, step) in t.steps.enumerated() {
            var cut = c
            let kept = Set(t.steps.prefix(k + 1).map(\.report))
            cut.reports = c.reports.filter { kept.contains($0.id) }
            let direct = try Evidence(cut).estimate(c.defaultQuantities, options: o).estimates.first { $0.answers == method }
            let e = try #require(step.estimates.first)
            #expect(e.best == direct?.best && e.low == direct?.low && e.high == direct?.high, "step \(k)")
        }
        // Not forced to rise: the late claim of 40 moves the consensus up, but the order of
        // estimates follows the claims, whichever way they go.
        let last = try #require(t.steps.last?.estimates.first?.best), first = try #require(t.steps.first?.estimates.first?.best)
        #expect(last > first)
        let placed = try Timeline.run(try Evidence(c), options: o, method: method, undated: .first)
        #expect(placed.steps.first?.report == "undated" && placed.steps.first?.date == "undated" && placed.undated.isEmpty)
    }
}
