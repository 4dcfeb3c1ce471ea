import Foundation
import Testing

@testable import CasualtyData
@testable import CasualtyModel
@testable import CasualtyReport

@Suite struct RendererTests {
    static let yaml = """
        schema: casualty-case/1
        case: {id: r, title: "A case with a rather long title that has to wrap at eighty columns in the table", date: 2020-01-02, place: Somewhere}
        outcomes: [killed]
        groups: {a: {side: x, label: "Group | with pipe"}}
        sources:
          one: {name: One, side: neutral, reliability: 1}
          two: {name: Two, side: neutral, reliability: 0.5}
        reports:
          - {id: p, source: one, what: killed, who: a, claim: 10.5}
          - {id: q, source: two, what: killed, who: a, claim: at least 20}
        """

    func result() throws -> EstimationResult {
        let c = try Case.parse(yaml: Self.yaml, file: "r.yaml", lexicon: .builtIn)
        return try Evidence(c, settings: EvidenceSettings(weights: ["two": 0.25])).estimate()
    }

    @Test func tableIsAtMostEightyColumns() throws {
        let text = try TableRenderer().render(result())
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        #expect(text.contains("killed:a"))
        #expect(text.contains("Weights: two=0.25"))
        // 10.5 is shown with one decimal; whole numbers without.
        #expect(text.contains("10.5") && text.contains(" 20 "))
    }

    @Test func jsonRoundTripsAndWritesNullLevels() throws {
        let text = try JSONRenderer().render(result())
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(obj["schema"] as? String == "casualty-estimate/1")
        let settings = try #require(obj["settings"] as? [String: Any])
        #expect((settings["weights"] as? [String: Double])?["two"] == 0.25)
        let estimates = try #require(obj["estimates"] as? [[String: Any]])
        #expect(estimates.count == standardEstimators.count)
        #expect(estimates.allSatisfy { $0["level"] is NSNull })
        // Deterministic: the same input renders the same bytes.
        #expect(try JSONRenderer().render(result()) == text)
    }

    /// Wide numbers widen their column instead of running into the next one.
    @Test func tableColumnsFitTheirNumbers() throws {
        let c = try Case.parse(
            yaml: """
                schema: casualty-case/1
                case: {id: wide, title: Wide}
                outcomes: [killed]
                groups:
                  a: {side: x}
                sources:
                  s: {name: S, side: neutral, reliability: 1}
                  t: {name: T, side: neutral, reliability: 1}
                reports:
                  - {source: s, what: killed, who: a, claim: 103.4}
                  - {source: t, what: killed, who: a, claim: 316795.8}
                """, file: "wide.yaml", lexicon: .builtIn)
        let text = try TableRenderer().render(try Evidence(c).estimate())
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("  envelope") })
        let fields = line.split(separator: " ")
        #expect(fields.count >= 4 && Double(fields[2]) == 103.4 && Double(fields[3]) == 316795.8, "\(line)")
    }

    /// The forest plot's axis fits the values: claims of 19 to 36 get an axis from 5 to about
    /// 41 with ticks above 20, not one from 0 with the claims squeezed into its last sixth.
    @Test func forestAxisFitsTheClaims() {
        let axis = Charts.Axis(minValue: 19, maxValue: 36, x0: 0, x1: 400)
        #expect(axis.minValue >= 5 && axis.minValue <= 9.5 && axis.maxValue > 36)
        #expect(axis.ticks.contains { $0 > 20 && $0 <= axis.maxValue })
        #expect(axis.x(19) > 100 && axis.x(36) < 400)
        let ticks = axis.ticks.map(axis.x)
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 - $0 >= 28 })
        #expect(Charts.Axis(minValue: 0, maxValue: 3, x0: 0, x1: 400).minValue == 0)
    }

    @Test func countsFormatting() {
        #expect(formatCount(12) == "12")
        #expect(formatCount(12.04) == "12")
        #expect(formatCount(43.64) == "43.6")
        #expect(formatCount(.infinity) == "inf")
        // Counts beyond an Int print in scientific notation instead of trapping.
        #expect(formatCount(1e19) == "1e+19" && formatCount(-1e300) == "-1e+300")
        #expect(headlineCount(1e19) == "1e+19" && wholeNumberText(.nan) == "nan")
    }
}
