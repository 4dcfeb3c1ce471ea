import Foundation
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// Claims too far apart for the model's noise are said to conflict, in every output that
/// carries warnings, so that a tight interval around their geometric mean is not read as a
/// confident answer. Checked against the closed form of the posterior predictive p.
@Suite struct ClaimsConflictTests {
    /// One cell, two exact claims of reliability 1 (sigma0 0.25): 5,000 and `second`.
    static func yaml(second: Int) -> String {
        """
        schema: casualty-case/1
        case: {id: conflict, title: Conflict}
        outcomes: [killed]
        groups:
          a: {side: x}
        sources:
          one: {name: One, side: neutral, reliability: 1}
          two: {name: Two, side: neutral, reliability: 1}
        reports:
          - {id: r1, source: one, what: killed, who: a, claim: 5000}
          - {id: r2, source: two, what: killed, who: a, claim: \(second)}
        """
    }

    static func fit(second: Int, method: MethodID) throws -> EstimationResult {
        let c = try Case.parse(yaml: yaml(second: second), file: "conflict.yaml", lexicon: .builtIn)
        var o = AnalysisOptions()
        o.select([.method(method)])
        return try Evidence(c).estimate(nil, options: o)
    }

    /// The closed form: at these counts log1p(e^z) = z within 2e-4, so the posterior of z is
    /// the conjugate normal N(m, s^2) (prior N(log 10, 2.5^2), two readings of sd 0.25), and
    /// a claim y above every draw's location has p = 2 (1 - Phi((y - m) / sqrt(0.25^2 + s^2))).
    static func exactP(_ y: Double, _ other: Double) -> Double {
        let precision = 1 / (2.5 * 2.5) + 2 / (0.25 * 0.25)
        let m = (log(10.0) / (2.5 * 2.5) + (y + other) / (0.25 * 0.25)) / precision
        return 2 * (1 - StandardNormal.cdf((y - m) / (0.0625 + 1 / precision).squareRoot()))
    }

    /// A factor of 20 between two reliable claims (3.0 on the log scale; p about 1e-6) is a
    /// conflict, named with both reports, and `conflicts()` finds the closed-form p within
    /// a factor of 1.5 (a few hundred draws of a tail probability).
    @Test(arguments: [MethodID.laplace, .nuts])
    func aFactorOfTwentyConflicts(_ method: MethodID) throws {
        let r = try Self.fit(second: 100_000, method: method)
        let w = try #require(r.warnings.first { $0.kind == .claimsConflict })
        #expect(w.method == method && w.message.contains("r1, r2"), "\(w)")
        let fit = try #require(r.fits.first { $0.method == method })
        let p = try #require(fit.conflicts().first { $0.report == "r2" }?.probability)
        let exact = Self.exactP(log1p(100_000), log1p(5000))
        #expect(p / exact > 1 / 1.5 && p / exact < 1.5, "p \(p) against the closed form \(exact)")
    }

    /// A factor of 3.3 (1.2 on the log scale; p about 0.05, flagged only as implausible in
    /// the table) is no conflict, and agreeing claims none either.
    @Test(arguments: [5_000, 16_600])
    func ordinaryDisagreementIsNoConflict(_ second: Int) throws {
        for method in [MethodID.laplace, .nuts] {
            let r = try Self.fit(second: second, method: method)
            #expect(!r.warnings.contains { $0.kind == .claimsConflict }, "\(method): \(r.warnings)")
        }
        #expect(Self.exactP(log1p(16_600), log1p(5000)) > 0.01)
    }

    /// A misprint among agreeing figures is named, and the batch rows of the method carry the
    /// warning.
    @Test func aMisprintIsNamedInTheBatchRows() throws {
        let text = """
            event,source,what,who,claim
            e1,a,killed,civ,5
            e1,b,killed,civ,4
            e1,c,killed,civ,6
            e1,d,killed,civ,5000000000
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("conflict-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try ClaimsTable.Reader(path: url.path)
        let event = try #require(try reader.nextEvent())
        let c = try event.makeCase(path: url.path, columns: reader.columnPositions, lexicon: .builtIn).get()
        var o = AnalysisOptions()
        o.select([.method(.laplace)])
        let r = try Evidence(c).estimate(nil, options: o)
        let rows = BatchRow.rows(of: r, event: "e1", extras: [])
        #expect(!rows.isEmpty && rows.allSatisfy { $0.warnings.contains { $0.contains("r5") && $0.contains("conflict") } })
    }
}
