import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// Worked numbers for the report-based estimators. Reference values: by hand (shown), and
/// for equal weights numpy 2.4 `np.percentile(x, q, method="hazen")`, which the weighted
/// quantile reduces to.
@Suite struct RecorderEstimatorTests {
    @Test func weightedQuantileEqualWeightsIsHazen() {
        // np.percentile([13,17,18,12,40], [10,50,90], method="hazen") -> [12, 17, 40]
        let a = [13.0, 17, 18, 12, 40], ones = [Double](repeating: 1, count: 5)
        #expect(weightedQuantile(a, weights: ones, 0.1) == 12)
        #expect(weightedQuantile(a, weights: ones, 0.5) == 17)
        #expect(weightedQuantile(a, weights: ones, 0.9) == 40)
        // np.percentile([2,7,3,9,4,12], [10,25,50,90], method="hazen") -> [2.1, 3, 5.5, 11.7]
        let b = [2.0, 7, 3, 9, 4, 12], six = [Double](repeating: 2.5, count: 6)
        for (q, want) in [(0.1, 2.1), (0.25, 3.0), (0.5, 5.5), (0.9, 11.7)] {
            #expect(abs(weightedQuantile(b, weights: six, q)! - want) < 1e-12, "q=\(q)")
        }
    }

    @Test func weightedQuantileByHand() {
        // x = 13, 17, 18 with w = 0.5, 0.6, 0.8 (W = 1.9): positions 0.25/1.9, 0.8/1.9, 1.5/1.9.
        // Median: 17 + (0.5 - 0.8/1.9) / (0.7/1.9) = 17 + 1.5/7 = 17.2142857...
        let m = weightedQuantile([18, 13, 17], weights: [0.8, 0.5, 0.6], 0.5)!
        #expect(abs(m - (17 + 1.5 / 7)) < 1e-12)
        #expect(weightedQuantile([18, 13, 17], weights: [0.8, 0.5, 0.6], 0.1) == 13)  // below 0.25/1.9
        #expect(weightedQuantile([18, 13, 17], weights: [0.8, 0.5, 0.6], 0.9) == 18)  // above 1.5/1.9
        #expect(weightedQuantile([], weights: [], 0.5) == nil)
        #expect(weightedQuantile([5], weights: [0], 0.5) == nil)
        #expect(weightedQuantile([5], weights: [0.3], 0.5) == 5)
    }

    /// A case with worked figures: killed:a has 10 (w 1), "at least 20" (w 0.8),
    /// "5-7" (w 0.3, point 6), "dozens" (w 0.1, lexicon [24, 99], point 61.5).
    static let yaml = """
        schema: casualty-case/1
        case: {id: worked, title: Worked}
        outcomes: [killed]
        groups: {a: {side: x}}
        sources:
          one:   {name: One, side: neutral, reliability: 1}
          two:   {name: Two, side: neutral, reliability: 0.8}
          three: {name: Three, side: neutral, reliability: 0.3}
          four:  {name: Four, side: neutral, reliability: 0.1}
        reports:
          - {id: p, source: one, what: killed, who: a, claim: 10}
          - {id: q, source: two, what: killed, who: a, claim: at least 20}
          - {id: r, source: three, what: killed, who: a, claim: 5-7}
          - {id: s, source: four, what: killed, who: a, claim: dozens}
        """

    func run(_ settings: EvidenceSettings = .init()) throws -> [MethodID: Estimate] {
        let c = try Case.parse(yaml: Self.yaml, file: "worked.yaml", lexicon: .builtIn)
        let result = try Evidence(c, settings: settings).estimate()
        #expect(result.quantities.count == 1)
        return Dictionary(uniqueKeysWithValues: result.estimates.map { ($0.method, $0) })
    }

    @Test func workedCase() throws {
        let e = try run()
        // Envelope: reported figures 10, 20, [5, 7], [24, 99] -> 5 .. 99, midpoint 52.
        #expect(e[.envelope]?.low == 5 && e[.envelope]?.high == 99 && e[.envelope]?.best == 52)
        // Most conservative: the lowest reported figure, 5 (report r).
        #expect(e[.mostConservative]?.best == 5 && e[.mostConservative]?.reports == ["r"])
        // Low/best/high: reliable = weight >= 0.5 -> p (10), q (20); range 10..20;
        // best = weighted median of 10 (w 1), 20 (w 0.8): positions 0.5/1.8, 1.4/1.8;
        // 10 + (0.5 - 0.5/1.8)/(0.9/1.8) * 10 = 10 + 0.4/0.9*10 = 14.444...
        let lbh = try #require(e[.lowBestHigh])
        #expect(lbh.low == 10 && lbh.high == 20 && lbh.reports == ["p", "q"])
        #expect(abs(lbh.best - (10 + 40.0 / 9)) < 1e-12)
        // Weighted median over points 6 (0.3), 10 (1), 20 (0.8), 61.5 (0.1), W = 2.2:
        // positions 0.15/2.2, 0.8/2.2, 1.7/2.2, 2.15/2.2; median between 10 and 20:
        // 10 + (1.1 - 0.8)/(0.9) * 10 = 13.333...
        let wm = try #require(e[.weightedMedian])
        #expect(abs(wm.best - (10 + 10.0 / 3)) < 1e-12)
        // 10th percentile: q*W = 0.22 is between 0.15 and 0.8 -> 6 + (0.07/0.65)*4.
        #expect(abs(wm.low - (6 + 0.28 / 0.65)) < 1e-12)
        // 90th percentile: q*W = 1.98 between 1.7 and 2.15 -> 20 + (0.28/0.45)*41.5.
        #expect(abs(wm.high - (20 + 0.28 / 0.45 * 41.5)) < 1e-12)
        #expect(e.values.allSatisfy { $0.level == nil && $0.low <= $0.best && $0.best <= $0.high })
    }

    @Test func settingsMoveEstimatesAsClaimed() throws {
        // Excluding 'one' leaves q (20, w .8), r (6, w .3), s (61.5, w .1): the most conservative
        // figure is still 5 and the reliable set is q alone.
        let ex = try run(EvidenceSettings(excludedSources: ["one"]))
        #expect(ex[.lowBestHigh]?.reports == ["q"] && ex[.lowBestHigh]?.best == 20)
        #expect(ex.values.allSatisfy { !$0.reports.contains("p") })
        // Reweighting 'three' to 1 makes r reliable: low becomes 5.
        let rw = try run(EvidenceSettings(weights: ["three": 1]))
        #expect(rw[.lowBestHigh]?.low == 5)
    }

    @Test func badSettingsAreErrorsWithSuggestions() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "worked.yaml", lexicon: .builtIn)
        #expect(throws: SettingsError.self) { try Evidence(c, settings: EvidenceSettings(excludedSources: ["thre"])) }
        do { _ = try Evidence(c, settings: EvidenceSettings(weights: ["thre": 0.5])) } catch {
            #expect(error.fix.contains("three"))
        }
        #expect(throws: SettingsError.self) { try Evidence(c, settings: EvidenceSettings(weights: ["one": 1.5])) }
        #expect(throws: SettingsError.self) { try Evidence(c, settings: EvidenceSettings(weights: ["one": 0])) }
    }

    @Test func quantitiesWithoutClaimsHaveNoEstimates() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "worked.yaml", lexicon: .builtIn)
        let result = try Evidence(c, settings: EvidenceSettings(excludedSources: ["one", "two", "three", "four"])).estimate()
        #expect(result.estimates.isEmpty)
    }
}
