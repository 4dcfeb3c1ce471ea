import CasualtyData
import CasualtyModel
import Foundation
import TestSupport
import Testing

@testable import CasualtyReport

/// How the count grew inside the reports (a step chart and a sentence per quantity), and the
/// figures not pooled in the CSV report.
@Suite struct TimelineReportTests {
    static let yaml = """
        schema: casualty-case/1
        case: {id: grow, title: Growing toll}
        outcomes: [killed]
        groups: {a: {side: x}}
        documents:
          d1: {outlet: One, date: 2020-01-01}
          d2: {outlet: Two, date: 2020-01-03}
          d3: {outlet: Three, date: 2020-02}
        sources:
          s1: {name: S1, side: neutral, reliability: 0.8}
          s2: {name: S2, side: neutral, reliability: 0.8}
          s3: {name: S3, side: neutral, reliability: 0.8}
        reports:
          - {id: first, source: s1, documents: [d1], what: killed, who: a, claim: 10}
          - {id: second, source: s2, documents: [d2], what: killed, who: a, claim: at least 30}
          - {id: third, source: s3, documents: [d3], what: killed, who: a, claim: 40, note: Counted by name}
        excluded:
          - {document: d1, figure: "100 since 2019", reason: another scope, quote: "100 since 2019"}
        """

    func input() throws -> ReportInput {
        let c = try Case.parse(yaml: Self.yaml, file: "case.yaml", lexicon: .builtIn)
        let e = try Evidence(c)
        var o = AnalysisOptions()
        o.methods = [.weighted]
        let est = e.estimate(nil, options: o)
        let t = try Timeline.run(e, options: o, method: .weightedMedian)
        return ReportInput(
            estimation: est, sensitivity: nil, provenance: ReportTests.provenance, tracked: .weightedMedian, timeline: t)
    }

    @Test func everyFormatSaysHowTheCountGrew() throws {
        let input = try input()
        let html = try HTMLReport().render(input), md = try MarkdownReport().render(input)
        let nb = try NotebookReport().render(input)
        let sentence = "By 2020-02-29 the consensus for"
        #expect(html.contains("How the count grew") && html.contains(sentence))
        #expect(md.contains("How the count grew: \(sentence)") && nb.contains(sentence))
        let svg = try #require(ReportTests.svgs(html).first { $0.contains("class=\"chart timeline\"") })
        #expect(ReportTests.wellFormed(svg))
        #expect(svg.components(separatedBy: "<circle").count - 1 == 3, "a marker per arriving claim")
        #expect(svg.contains("2020-01-01") && svg.contains("2020-02-29"))
        #expect(ReportTests.externalReferences(html).isEmpty)
    }

    /// Where the Laplace check refuses the approximation, the timeline says which method
    /// answered: 200 proposals cannot reach the ESS of 1,000 a trusted answer needs, so NUTS
    /// answers at every step.
    @Test func aRefusedStepSaysWhoAnswered() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "case.yaml", lexicon: .builtIn)
        var o = AnalysisOptions()
        o.select([.method(.laplace)])
        o.laplaceDraws = 200
        (o.sampler.warmup, o.sampler.draws, o.sampler.chains) = (200, 200, 2)
        let t = try Timeline.run(try Evidence(c), options: o, method: .laplace)
        let q = try #require(t.quantities.first)
        let sentence = try #require(TimelineRenderer.sentence(t, q, in: c))
        #expect(sentence.contains("; nuts in place of laplace)"), "\(sentence)")
        #expect(TimelineRenderer.table(t, in: c).contains("nuts answered in its place at 3 of 3 steps"))
        #expect(TimelineRenderer.markdown(t, in: c).contains("nuts answered in its place at 3 of 3 steps."))
    }

    @Test func theCSVReportCarriesExclusionsAndNotes() throws {
        let csv = try CSVReport().render(try input())
        let rows = csv.split(separator: "\n").map(String.init)
        #expect(rows[0].hasSuffix(",document,figure,reason,quote"))
        let width = CSVReport.header.count
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count >= width })
        #expect(
            rows.contains { $0.hasPrefix("grow,,excluded,") && $0.contains("100 since 2019") && $0.contains("another scope") })
        #expect(rows.contains { $0.hasPrefix("grow,,note,") && $0.contains("third") && $0.contains("Counted by name") })
    }

    /// Reports say which weights were learned and from how many claims.
    @Test func reportsSayWhichWeightsWereLearned() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "case.yaml", lexicon: .builtIn)
        var settings = EvidenceSettings()
        settings.learned = LearnedSources(
            sources: [
                "s2": .init(
                    name: "S2", claims: 140, sigma: 0.2, sigmaInterval: 0.18...0.22, reliability: 1, bias: 0.1, biasSD: 0.02)
            ], anchor: "test", sigma0: 0.25, origin: "sources.yaml")
        var o = AnalysisOptions()
        o.methods = [.weighted]
        let est = try Evidence(c, settings: settings).estimate(nil, options: o)
        let md = try MarkdownReport().render(ReportInput(estimation: est, sensitivity: nil, provenance: ReportTests.provenance))
        #expect(md.contains("learned from 140 claims (sources.yaml): sigma 0.200, bias +0.100; hand weight 0.8"))
        // Under the contaminated law the report says how often the source strays.
        settings.learned?.sources["s2"]?.gross = .init(share: 0.25, interval: 0.2...0.3, scale: 0.4)
        let strays = try Evidence(c, settings: settings).estimate(nil, options: o)
        let md2 = try MarkdownReport().render(
            ReportInput(estimation: strays, sensitivity: nil, provenance: ReportTests.provenance))
        #expect(md2.contains("sigma 0.200, strays in 25% of figures, bias +0.100"))
    }
}
