import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// Bias priors by who counts whom: the table in Models/bias-priors.yaml, its built-in copy,
/// and the prior each report gets in the model.
@Suite struct BiasPriorTests {
    @Test func builtInCopyMatchesModelsBiasPriors() throws {
        let file = try String(contentsOfFile: Repo.path("Models/bias-priors.yaml"), encoding: .utf8)
        #expect(
            file.trimmingCharacters(in: .newlines) == BiasPriorTable.builtInYAML.trimmingCharacters(in: .newlines),
            "run `make bias-priors`")
        let table = try BiasPriorTable.load(path: Repo.path("Models/bias-priors.yaml"))
        #expect(table.rules == BiasPriorTable.builtIn.rules)
        #expect(table.rules.allSatisfy { !$0.rationale.isEmpty })
    }

    /// One case with every combination that matters: a party and a ministry of side A, a
    /// monitor, counting A's fighters, A's civilians and B's civilians.
    static let yaml = """
        schema: casualty-case/1
        case: {id: kinds, title: Kinds}
        outcomes: [killed]
        groups:
          afighters: {side: a, kind: combatant}
          aciv: {side: a, kind: civilian}
          bciv: {side: b, kind: civilian}
        sources:
          army: {name: Army of A, side: a, reliability: 1, kind: party}
          ministry: {name: Health ministry of A, side: a, reliability: 1, kind: official}
          ngo: {name: Monitor, side: neutral, reliability: 1, kind: monitor}
        reports:
          - {id: own-fighters, source: army, what: killed, who: afighters, claim: 10}
          - {id: own-civilians, source: ministry, what: killed, who: aciv, claim: 30}
          - {id: enemy-civilians, source: army, what: killed, who: bciv, claim: 5}
          - {id: monitor, source: ngo, what: killed, who: bciv, claim: 20}
        """

    @Test func eachReportGetsTheRuleForWhoCountsWhom() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "kinds.yaml", lexicon: .builtIn)
        let m = LatentCountModel(try Evidence(c), settings: ModelSettings())
        func prior(_ report: String) -> (mean: Double, sd: Double)? {
            guard let b = m.terms.first(where: { $0.report == report })?.bias else { return nil }
            return (m.priorMean[b], m.priorSD[b])
        }
        // A party counting its own fighters: the own-side setting (-0.2).
        #expect(prior("own-fighters")?.mean == -0.2)
        // A ministry counting its own civilians: no direction (Huynh, Chin and Spiegel 2024).
        #expect(prior("own-civilians")?.mean == 0 && prior("own-civilians")?.sd == 0.3)
        // A party counting civilians on the other side: understated (-0.3).
        #expect(prior("enemy-civilians")?.mean == -0.3)
        // A neutral monitor: no bias term at all.
        #expect(prior("monitor") == nil)
        #expect(m.parameterNames.contains("bias[ministry/own/civilian]") && m.parameterNames.contains("bias[army/own]"))
        // --bias-own moves the rule that takes it, not the fixed ones.
        var s = ModelSettings()
        s.biasOwn = -0.5
        let m2 = LatentCountModel(try Evidence(c), settings: s)
        #expect(m2.priorMean[m2.terms.first { $0.report == "own-fighters" }!.bias!] == -0.5)
        #expect(m2.priorMean[m2.terms.first { $0.report == "own-civilians" }!.bias!] == 0)
    }

    @Test func badKindsAndTablesAreErrorsWithAFix() throws {
        let bad = Self.yaml.replacingOccurrences(of: "kind: monitor", with: "kind: ngo")
        do {
            _ = try Case.parse(yaml: bad, file: "kinds.yaml", lexicon: .builtIn)
            Issue.record("accepted an unknown source kind")
        } catch {
            #expect(error.diagnostics.contains { $0.message.contains("kind 'ngo'") && $0.fix != nil })
        }
        let table = """
            schema: casualty-bias-priors/1
            rules:
              - {source: party, relation: sideways, counted: any, mean: 0, sd: default, rationale: x}
              - {source: party, relation: own, counted: any, mean: big, sd: default, rationale: x}
            """
        do {
            _ = try BiasPriorTable.parse(yaml: table, file: "t.yaml")
            Issue.record("accepted a bad table")
        } catch {
            #expect(error.diagnostics.count == 2)
        }
    }
}
