import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// Estimates that rest on the prior are said to, and sensitivity never ranks a scenario that
/// leaves a quantity with no claim as its driver.
@Suite struct PriorOnlyTests {
    /// Women and men wounded, with one claim about their total only (the split is not
    /// identified) and one about the killed, from a document of its own.
    static let yaml = """
        schema: casualty-case/1
        case: {id: split, title: Split}
        outcomes: [killed, wounded]
        groups:
          women: {side: civ, kind: civilian}
          men: {side: civ, kind: civilian}
        aggregates:
          everyone: [women, men]
        documents:
          d1: {outlet: One}
          d2: {outlet: Two}
        sources:
          ngo: {name: NGO, side: neutral, reliability: 1, kind: monitor}
          paper: {name: Paper, side: neutral, reliability: 0.8, kind: media}
        reports:
          - {id: total-wounded, source: ngo, documents: [d1], what: wounded, who: everyone, claim: 60}
          - {id: women-killed, source: paper, documents: [d2], what: killed, who: women, claim: 12}
          - {id: men-killed, source: ngo, documents: [d1], what: killed, who: men, claim: 20}
        """

    static func options(_ m: MethodID) -> AnalysisOptions {
        var o = AnalysisOptions()
        o.select([.method(m)])
        o.sampler.warmup = 400
        o.sampler.draws = 400
        return o
    }

    @Test func anUnidentifiedSplitIsFlaggedAndTheTotalIsNot() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "split.yaml", lexicon: .builtIn)
        let qs = try ["wounded:women", "wounded:men", "wounded:everyone", "killed:men"].map { try c.quantity($0).get() }
        let r = try Evidence(c).estimate(qs, options: Self.options(.nuts))
        func flagged(_ name: String) -> Bool { r.estimates.first { $0.quantity.name == name }!.posterior!.restsOnPrior }
        #expect(flagged("wounded:women") && flagged("wounded:men"))
        #expect(!flagged("wounded:everyone") && !flagged("killed:men"))
    }

    @Test func excludingEverySourceIsAWarning() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "split.yaml", lexicon: .builtIn)
        let e = try Evidence(c, settings: EvidenceSettings(excludedSources: ["ngo", "paper"]))
        let r = e.estimate(nil, options: Self.options(.laplace))
        #expect(r.warnings.contains { $0.kind == .noEvidence })
    }

    @Test func aScenarioThatLeavesNoClaimIsNotRankedAsADriver() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "split.yaml", lexicon: .builtIn)
        let q = try c.quantity("killed:women").get()
        let r = try Sensitivity.run(try Evidence(c), method: .laplace, queries: [q], options: Self.options(.laplace))
        // Only document d2 and source paper speak about the women killed.
        #expect(Set(r.priorOnly[q.name] ?? []) == ["drop-document:d2", "drop-source:paper"])
        let ranked = Set((r.ranking[q.name] ?? []).map(\.scenario))
        #expect(!ranked.contains("drop-document:d2") && !ranked.contains("drop-source:paper"))
        #expect(!ranked.isEmpty)
    }
}
