import Foundation
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// Sensitivity analysis: moves worked out by hand, a threshold no single change can flip,
/// determinism, and one test per setting that it changes what it claims to change.
@Suite struct SensitivityTests {
    /// killed:a has exact claims 10 (one), 20 (two), 40 (three), weights 1, 1, 1;
    /// killed:b has 100 (one) and 120 (two). All sources neutral; documents d1 (one, two), d2 (three).
    static let yaml = """
        schema: casualty-case/1
        case: {id: s, title: S}
        outcomes: [killed]
        groups: {a: {side: x}, b: {side: x}}
        documents:
          d1: {outlet: One}
          d2: {outlet: Two}
        sources:
          one: {name: One, side: neutral, reliability: 1}
          two: {name: Two, side: neutral, reliability: 1}
          three: {name: Three, side: neutral, reliability: 1}
        reports:
          - {id: p, source: one, documents: [d1], what: killed, who: a, claim: 10}
          - {id: q, source: two, documents: [d1], what: killed, who: a, claim: 20}
          - {id: r, source: three, documents: [d2], what: killed, who: a, claim: 40}
          - {id: s, source: one, documents: [d1, d2], what: killed, who: b, claim: 100}
          - {id: t, source: two, documents: [d1], what: killed, who: b, claim: 120}
        """

    static func evidence(_ settings: EvidenceSettings = .init()) throws -> Evidence {
        try Evidence(try Case.parse(yaml: yaml, file: "s.yaml", lexicon: .builtIn), settings: settings)
    }

    static func ranking(_ r: SensitivityResult, _ q: String, _ s: String) -> RankEntry? {
        r.ranking[q]?.first { $0.scenario == s }
    }

    @Test func droppingASourceMovesTheWeightedMedianByHand() throws {
        let r = try Sensitivity.run(Self.evidence(), method: .weightedMedian, queries: nil, options: AnalysisOptions())
        // Baseline median of 10, 20, 40 is 20; without three it is the median of 10 and 20 = 15:
        // delta -5. Without one: median of 20 and 40 = 30: delta +10. Without document d1 only
        // r (40) is left: delta +20, the largest move, ranked first.
        #expect(Self.ranking(r, "killed:a", "drop-source:three")?.deltaBest == -5)
        #expect(Self.ranking(r, "killed:a", "drop-source:one")?.deltaBest == 10)
        #expect(Self.ranking(r, "killed:a", "drop-document:d1")?.deltaBest == 20)
        #expect(r.ranking["killed:a"]?.prefix(2).map(\.scenario) == ["drop-document:d1", "drop-source:one"])
        // Dropping document d1 removes p, q, t but keeps s (also carried by d2): killed:b is 100.
        #expect(Self.ranking(r, "killed:b", "drop-document:d1")?.deltaBest == -10)
        // Weights cannot be doubled past 1, so there is no weight-double scenario here.
        #expect(!r.outcomes.contains { $0.scenario.id.hasPrefix("weight-double") })
    }

    @Test func droppingASourceMovesTheMetaAnalysisByHand() throws {
        let r = try Sensitivity.run(Self.evidence(), method: .meta(.ee), queries: nil, options: AnalysisOptions())
        // Equal weights, equal variances: the EE estimate is the mean of log1p(figures).
        let base = expm1((log(11.0) + log(21.0) + log(41.0)) / 3)
        let without = expm1((log(11.0) + log(21.0)) / 2)
        let e = try #require(Self.ranking(r, "killed:a", "drop-source:three"))
        #expect(abs(e.deltaBest - (without - base)) < 1e-9)
    }

    @Test func noSingleChangeFlipsAClearConclusion() throws {
        var o = AnalysisOptions()
        let e = try Self.evidence()
        o.thresholds = [Threshold(quantity: try e.theCase.quantity("killed:b").get(), value: 5)]
        let r = try Sensitivity.run(e, method: .laplace, queries: nil, options: o)
        let v = try #require(r.verdicts.first)
        #expect(v.baseline > 0.99)
        #expect(v.flips50.isEmpty && v.flips90.isEmpty)
        #expect(v.sentence.contains("No single change takes it below 0.5"))
        #expect(v.byScenario.count == r.outcomes.count)
    }

    @Test func aFragileConclusionIsFlippedAndNamed() throws {
        var o = AnalysisOptions()
        let e = try Self.evidence()
        o.thresholds = [Threshold(quantity: try e.theCase.quantity("killed:a").get(), value: 15)]
        let r = try Sensitivity.run(e, method: .weightedMedian, queries: nil, options: o)
        // Best 20 > 15 at baseline; without source one the median is 30 (still above),
        // without three it is 15 (not above): that scenario flips it.
        let v = try #require(r.verdicts.first)
        #expect(v.baseline == 1 && v.flips50.contains("drop-source:three") && !v.flips50.contains("drop-source:one"))
    }

    @Test func nutsSensitivityIsDeterministic() throws {
        var o = AnalysisOptions()
        o.sampler.warmup = 150
        o.sampler.draws = 100
        o.sampler.chains = 2
        o.sampler.seed = 5
        let q = try Self.evidence().theCase.quantity("killed:a").get()
        let a = try Sensitivity.run(Self.evidence(), method: .nuts, queries: [q], options: o)
        let b = try Sensitivity.run(Self.evidence(), method: .nuts, queries: [q], options: o)
        #expect(a.ranking == b.ranking)
        #expect(a.outcomes.map { $0.estimates.map(\.best) } == b.outcomes.map { $0.estimates.map(\.best) })
    }

    @Test func sweepTracesTheWeight() throws {
        let r = try Sensitivity.run(
            Self.evidence(), method: .weightedMedian, queries: nil, options: AnalysisOptions(), sweepSource: "three")
        let s = try #require(r.sweep)
        #expect(s.points.count == 20 && s.points.first?.weight == 0.05 && s.points.last?.weight == 1)
        // At weight 1 the sweep equals the baseline.
        #expect(s.points.last?.estimates.first { $0.quantity.name == "killed:a" }?.best == 20)
        #expect(throws: SettingsError.self) {
            try Sensitivity.run(
                Self.evidence(), method: .weightedMedian, queries: nil, options: AnalysisOptions(), sweepSource: "thre")
        }
    }

    @Test func methodNamesRoundTrip() throws {
        // An unknown method cannot reach Sensitivity.run: its name does not make a MethodID.
        #expect(MethodID(rawValue: "bogus") == nil)
        for m in MethodID.allCases { #expect(MethodID(rawValue: m.rawValue) == m) }
        #expect(Set(MethodID.allCases.map(\.rawValue)).count == MethodID.allCases.count)
    }
}

/// One test per setting: each changes exactly what it claims to.
@Suite struct SettingFlagTests {
    static func model(_ settings: EvidenceSettings = .init(), _ m: ModelSettings = ModelSettings()) throws -> LatentCountModel {
        LatentCountModel(try SensitivityTests.evidence(settings), settings: m)
    }

    @Test func weightSetsTheNoise() throws {
        let m = try Self.model(EvidenceSettings(weights: ["three": 0.25]))
        #expect(m.terms.first { $0.report == "r" }?.sigma == 0.25 / 0.5)
        #expect(m.terms.first { $0.report == "p" }?.sigma == 0.25)
    }

    @Test func excludeDropsTheSourcesReports() throws {
        #expect(try Self.model(EvidenceSettings(excludedSources: ["two"])).terms.map(\.report) == ["p", "r", "s"])
    }

    @Test func excludeDocumentDropsReportsCarriedOnlyThere() throws {
        #expect(try Self.model(EvidenceSettings(excludedDocuments: ["d1"])).terms.map(\.report) == ["r", "s"])
    }

    @Test func onlyKeepsTheNamedSources() throws {
        #expect(try Self.model(EvidenceSettings(onlySources: ["three"])).terms.map(\.report) == ["r"])
    }

    @Test func widenVagueRescalesVagueClaims() throws {
        let yaml = SensitivityTests.yaml.replacingOccurrences(of: "claim: 40", with: "claim: dozens")
        let c = try Case.parse(yaml: yaml, file: "s.yaml", lexicon: .builtIn)
        let wide = try Evidence(c, settings: EvidenceSettings(vagueWidening: 1.5)).pooledReports.first { $0.id == "r" }!.claim
        let base = try Evidence(c).pooledReports.first { $0.id == "r" }!.claim
        #expect(wide.lower < base.lower && wide.upper! > base.upper!)
        // Exact figures are untouched.
        #expect(
            try Evidence(c, settings: EvidenceSettings(vagueWidening: 1.5)).pooledReports.first { $0.id == "p" }!.claim.lower
                == 10)
    }

    @Test func modelSettingsReachTheModel() throws {
        var m = ModelSettings()
        m.sigma0 = 0.5
        m.priorMedian = 100
        m.priorScale = 1
        let model = try Self.model(.init(), m)
        #expect(model.terms.allSatisfy { $0.sigma == 0.5 })
        #expect(model.priorMean.prefix(2).allSatisfy { abs($0 - log(100)) < 1e-12 })
        #expect(model.priorSD.prefix(2).allSatisfy { $0 == 1 })
    }

    @Test func biasAndRhoSettingsReachTheModel() throws {
        // A case with an own-side source and a derived pair.
        let yaml = """
            schema: casualty-case/1
            case: {id: b, title: B}
            outcomes: [killed]
            groups: {a: {side: blue}}
            sources:
              own: {name: Own, side: blue, reliability: 1}
              enemy: {name: Enemy, side: red, reliability: 1}
              copy: {name: Copy, side: neutral, reliability: 1, derives_from: [enemy]}
            reports:
              - {source: own, what: killed, who: a, claim: 10}
              - {source: enemy, what: killed, who: a, claim: 30}
              - {source: copy, what: killed, who: a, claim: 30}
            """
        let e = try Evidence(try Case.parse(yaml: yaml, file: "b.yaml", lexicon: .builtIn))
        var s = ModelSettings()
        s.biasOwn = -0.3
        s.biasEnemy = 0.7
        s.biasSD = 0.2
        s.rho = 0.64
        let m = LatentCountModel(e, settings: s)
        let own = try #require(m.parameterNames.firstIndex(of: "bias[own/own]"))
        let enemy = try #require(m.parameterNames.firstIndex(of: "bias[enemy/enemy]"))
        let origin = try #require(m.parameterNames.firstIndex { $0.hasPrefix("origin[") })
        #expect(m.priorMean[own] == -0.3 && m.priorMean[enemy] == 0.7 && m.priorSD[own] == 0.2)
        #expect(abs(m.priorSD[origin] - 0.8 * 0.25) < 1e-12)
        s.useBias = false
        s.rho = 0
        #expect(LatentCountModel(e, settings: s).dimension == 1)
    }

    @Test func metaMethodAndTestAreUsed() throws {
        var o = AnalysisOptions()
        o.methods = [.meta]
        o.metaMethods = [.dl, .pm]
        o.metaTest = .knha
        let r = try SensitivityTests.evidence().estimate(nil, options: o)
        #expect(Set(r.estimates.map(\.method)) == [.meta(.dl), .meta(.pm)])
        #expect(r.estimates.allSatisfy { $0.meta?.test == .knha })
    }

    @Test func samplerSettingsAreUsed() throws {
        var o = AnalysisOptions()
        o.methods = [.nuts]
        o.sampler.chains = 3
        o.sampler.draws = 50
        o.sampler.warmup = 60
        let fit = try #require(try SensitivityTests.evidence().estimate(nil, options: o).fits.first)
        #expect(fit.draws.count == 3 && fit.draws.allSatisfy { $0.count == 50 })
    }
}
