import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// A count of named, identified individuals (`basis: named`) is a hard floor: the posterior
/// is truncated there. Checked against the closed form of a truncated normal.
@Suite struct NamedFloorTests {
    /// One cell, one exact claim of 5,000 (reliability 1, sigma0 0.25) and a named count.
    /// At 5,000, log1p(e^z) = z within 2e-4, so the untruncated posterior of z is the
    /// conjugate normal N(m, s^2) with precision 1/2.5^2 + 1/0.25^2 and
    /// m = (log 10 / 2.5^2 + log1p(5000) / 0.25^2) / precision; truncated at z >= log(L), its
    /// p-quantile is m + s Phi^-1(Phi(a) + p (1 - Phi(a))), a = (log L - m) / s.
    static func yaml(floor: Int) -> String {
        """
        schema: casualty-case/1
        case: {id: floor, title: Floor}
        outcomes: [killed]
        groups:
          a: {side: x}
        sources:
          est: {name: Estimator, side: neutral, reliability: 1}
          list: {name: List of names, side: neutral, reliability: 1}
        reports:
          - {id: r1, source: est, what: killed, who: a, claim: 5000}
          - {id: r2, source: list, what: killed, who: a, claim: "\(floor)", basis: named}
        """
    }

    static func exactQuantile(_ p: Double, floor: Double) -> Double {
        let precision = 1 / (2.5 * 2.5) + 1 / (0.25 * 0.25)
        let m = (log(10.0) / (2.5 * 2.5) + log1p(5000.0) / (0.25 * 0.25)) / precision, s = 1 / precision.squareRoot()
        let a = StandardNormal.cdf((log(floor) - m) / s)
        return exp(m + s * StandardNormal.quantile(a + p * (1 - a)))
    }

    @Test(arguments: [MethodID.laplace, .nuts])
    func truncatedPosteriorMatchesTheClosedForm(_ method: MethodID) throws {
        let c = try Case.parse(yaml: Self.yaml(floor: 6000), file: "floor.yaml", lexicon: .builtIn)
        var o = AnalysisOptions()
        o.select([.method(method)])
        let r = try Evidence(c).estimate(nil, options: o)
        let e = try #require(r.estimates.first { $0.answers == method })
        #expect(e.low >= 6000, "the 90% interval starts at \(e.low), below the named floor")
        let p = try #require(e.posterior)
        // Within 3% of the exact quantiles (Monte Carlo error of a few thousand draws).
        for (level, interval) in [(0.5, p.interval(0.5)!), (0.9, p.interval(0.9)!)] {
            let lo = Self.exactQuantile((1 - level) / 2, floor: 6000), hi = Self.exactQuantile((1 + level) / 2, floor: 6000)
            #expect(
                abs(interval.low / lo - 1) < 0.03 && abs(interval.high / hi - 1) < 0.03,
                "\(method) \(level): [\(interval.low), \(interval.high)] vs [\(lo), \(hi)]")
        }
        #expect(abs(p.median / Self.exactQuantile(0.5, floor: 6000) - 1) < 0.03)
    }

    /// A floor far below the evidence changes nothing; the floor is shown in the output.
    @Test func aLowFloorChangesNothingAndIsShown() throws {
        let c = try Case.parse(yaml: Self.yaml(floor: 100), file: "floor.yaml", lexicon: .builtIn)
        var o = AnalysisOptions()
        o.select([.method(.laplace)])
        let r = try Evidence(c).estimate(nil, options: o)
        let e = try #require(r.estimates.first)
        #expect(abs(e.best / Self.exactQuantile(0.5, floor: 1) - 1) < 0.03)
        #expect(c.reports[1].basis == .named)
        let claims = try Evidence(c).claims(about: e.quantity)
        #expect(claims.first { $0.report == "r2" }?.claim.kind == .lowerBound)
    }

    @Test func aNamedCountNeedsAFigure() throws {
        func problems(_ yaml: String) -> [String] {
            do {
                _ = try Case.parse(yaml: yaml, file: "floor.yaml", lexicon: .builtIn)
                return []
            } catch { return error.diagnostics.map(\.message) }
        }
        let bad = problems(Self.yaml(floor: 6000).replacingOccurrences(of: "basis: named", with: "basis: listed"))
        #expect(bad.count == 1 && bad[0].contains("basis 'listed'"), "\(bad)")
        let none = problems(Self.yaml(floor: 6000).replacingOccurrences(of: "claim: \"6000\"", with: "claim: \"none\""))
        #expect(none.count == 1 && none[0].contains("named count needs a figure"), "\(none)")
    }
}
