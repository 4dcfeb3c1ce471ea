import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// Every tau^2 estimator and both tests against R metafor 3.8.1 (Fixtures/metafor.json, made by
/// Fixtures/make_metafor_fixture.R with iterations run to convergence), on four published data
/// sets (dat.bcg log risk ratios, dat.raudenbush1985, dat.normand1999 mean differences,
/// dat.hackshaw1998 log odds ratios) and a k = 2 subset.
@Suite struct MetaAnalysisTests {
    struct Fixture: Decodable {
        struct Fit: Decodable {
            var method, test: String
            var tau2, estimate, se, ci_lb, ci_ub: Double
            var pi_lb, pi_ub: Double?
            var i2, h2, q, q_pval: Double
        }
        struct Set: Decodable {
            var source: String
            var yi, vi: [Double]
            var fits: [Fit]
            var reml_leave1out: [String: [Double]]
            var reml_influence: [String: [Double]]
        }
        var metafor_version: String
        var sets: [String: Set]
    }

    static let fixture: Fixture = {
        let url = Repo.fixture("CasualtyModelTests", "metafor.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// Relative agreement, with an absolute floor for values near 0.
    static func close(_ a: Double, _ b: Double, _ tol: Double = 1e-6) -> Bool {
        isClose(a, b, relative: tol, absolute: tol * 1e-4)
    }

    @Test(arguments: ["bcg", "raudenbush1985", "normand1999", "hackshaw1998", "bcg_k2"])
    func everyMethodAndTestMatchesMetafor(set name: String) throws {
        let s = try #require(Self.fixture.sets[name])
        let data = try MetaAnalysis(y: s.yi, v: s.vi)
        for ref in s.fits {
            let method = try #require(TauEstimator(rawValue: ref.method))
            let test = try #require(MetaTest(rawValue: ref.test))
            let f = data.fit(method, test: test)
            let tag = "\(name) \(ref.method)/\(ref.test)"
            #expect(f.converged, "\(tag)")
            #expect(Self.close(f.tau2, ref.tau2), "\(tag) tau2 \(f.tau2) vs \(ref.tau2)")
            #expect(Self.close(f.estimate, ref.estimate), "\(tag) estimate")
            #expect(Self.close(f.se, ref.se), "\(tag) se \(f.se) vs \(ref.se)")
            #expect(Self.close(f.ciLower, ref.ci_lb) && Self.close(f.ciUpper, ref.ci_ub), "\(tag) ci")
            if let lb = ref.pi_lb, let ub = ref.pi_ub {
                #expect(Self.close(f.piLower, lb) && Self.close(f.piUpper, ub), "\(tag) pi \(f.piLower) vs \(lb)")
            }
            #expect(Self.close(f.i2, ref.i2) && Self.close(f.h2, ref.h2), "\(tag) i2 \(f.i2) vs \(ref.i2)")
            #expect(Self.close(f.q, ref.q) && Self.close(f.qPValue, ref.q_pval, 1e-6), "\(tag) q")
        }
    }

    @Test(arguments: ["bcg", "raudenbush1985", "normand1999", "hackshaw1998"])
    func leaveOneOutAndInfluenceMatchMetafor(set name: String) throws {
        let s = try #require(Self.fixture.sets[name])
        let inf = try MetaAnalysis(y: s.yi, v: s.vi).influence(.reml)
        for (i, row) in inf.enumerated() {
            let loo = try #require(row.leaveOut)
            #expect(Self.close(loo.estimate, s.reml_leave1out["estimate"]![i]), "\(name) row \(i + 1) loo estimate")
            #expect(Self.close(loo.tau2, s.reml_leave1out["tau2"]![i]), "\(name) row \(i + 1) loo tau2")
            #expect(Self.close(loo.se, s.reml_leave1out["se"]![i]), "\(name) row \(i + 1) loo se")
            #expect(Self.close(row.rstudent, s.reml_influence["rstudent"]![i]), "\(name) row \(i + 1) rstudent")
            #expect(Self.close(row.cooksDistance, s.reml_influence["cook_d"]![i]), "\(name) row \(i + 1) cook")
            #expect(Self.close(row.hat, s.reml_influence["hat"]![i]), "\(name) row \(i + 1) hat")
            #expect(Self.close(row.weight, s.reml_influence["weight"]![i]), "\(name) row \(i + 1) weight")
        }
    }

    @Test func properties() throws {
        let s = try #require(Self.fixture.sets["bcg"])
        let data = try MetaAnalysis(y: s.yi, v: s.vi)
        // Row order does not matter; tau2 >= 0; the CI holds the estimate; PI contains the CI.
        var gen = LCG(seed: 5)
        let order = Array(s.yi.indices.reversed()).shuffled(using: &gen)
        let shuffled = try MetaAnalysis(y: order.map { s.yi[$0] }, v: order.map { s.vi[$0] })
        for m in TauEstimator.allCases {
            let a = data.fit(m), b = shuffled.fit(m)
            #expect(abs(a.tau2 - b.tau2) < 1e-10 && abs(a.estimate - b.estimate) < 1e-10, "\(m)")
            #expect(a.tau2 >= 0 && a.ciLower <= a.estimate && a.estimate <= a.ciUpper)
            #expect(a.piLower <= a.ciLower + 1e-12 && a.piUpper >= a.ciUpper - 1e-12)
        }
        // k = 1: nothing about heterogeneity is estimable; tau2 = 0, Q = 0, the CI is the row's own.
        let one = try MetaAnalysis(y: [0.3], v: [0.04]).fit(.reml)
        #expect(one.tau2 == 0 && one.q == 0 && one.qDF == 0 && one.i2 == 0)
        #expect(abs(one.ciUpper - (0.3 + 1.959963984540054 * 0.2)) < 1e-12)
        // Bad input is a typed error.
        #expect(throws: MetaError.self) { try MetaAnalysis(y: [], v: []) }
        #expect(throws: MetaError.self) { try MetaAnalysis(y: [1, .nan], v: [1, 1]) }
        #expect(throws: MetaError.self) { try MetaAnalysis(y: [1, 2], v: [1, 0]) }
    }

    @Test func distributionsMatchScipy() {
        // scipy 1.17.1: chi2.sf(12.3, 5) = 0.03090046463546092, chi2.sf(150, 12) = 5.669857731738041e-26,
        // t.cdf(2.1, 4) = 0.948173356841199, t.ppf(0.975, 1) = 12.706204736174694,
        // t.ppf(0.975, 2) = 4.302652729749462, t.ppf(0.975, 12) = 2.1788128296672284.
        #expect(abs(Distributions.chiSquareSurvival(12.3, df: 5) / 0.03090046463546092 - 1) < 1e-12)
        #expect(abs(Distributions.chiSquareSurvival(150, df: 12) / 5.669857731738041e-26 - 1) < 1e-10)
        #expect(abs(Distributions.studentTCDF(2.1, df: 4) - 0.948173356841199) < 1e-13)
        #expect(abs(Distributions.studentTQuantile(0.975, df: 1) / 12.706204736174694 - 1) < 1e-12)
        #expect(abs(Distributions.studentTQuantile(0.975, df: 2) / 4.302652729749462 - 1) < 1e-12)
        #expect(abs(Distributions.studentTQuantile(0.975, df: 12) / 2.1788128296672284 - 1) < 1e-12)
    }
}

/// A tiny deterministic generator for shuffles in tests.
struct LCG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }
}

@Suite struct MetaEstimatorTests {
    /// Exact claims 10 (weight 1) and 20 (weight 0.25) with sigma0 0.25: y = log1p(10),
    /// log1p(20); v = 0.0625, 0.25. Equal effects: estimate (y1/v1 + y2/v2)/(1/v1 + 1/v2)
    /// = (16 log 11 + 4 log 21)/20, back-transformed with expm1. The bound is not used.
    @Test func poolsExactClaimsOnTheLog1pScale() throws {
        let yaml = """
            schema: casualty-case/1
            case: {id: m, title: M}
            outcomes: [killed]
            groups: {a: {side: x}}
            sources:
              one: {name: One, side: neutral, reliability: 1}
              two: {name: Two, side: neutral, reliability: 0.25}
              three: {name: Three, side: neutral, reliability: 1}
            reports:
              - {id: p, source: one, what: killed, who: a, claim: 10}
              - {id: q, source: two, what: killed, who: a, claim: 20}
              - {id: r, source: three, what: killed, who: a, claim: at least 12}
            """
        let c = try Case.parse(yaml: yaml, file: "m.yaml", lexicon: .builtIn)
        let evidence = try Evidence(c)
        let q = try c.quantity("killed:a").get()
        let e = try #require(MetaEstimator(method: .ee).estimate(q, from: evidence.claims(about: q)))
        let mu = (16 * log(11.0) + 4 * log(21.0)) / 20
        #expect(abs(e.best - expm1(mu)) < 1e-10)
        #expect(abs(e.low - expm1(mu - 1.959963984540054 * (1 / 20.0).squareRoot())) < 1e-9)
        #expect(e.claimsUsed == 2 && e.claimsTotal == 3 && e.reports == ["p", "q"])
        #expect(e.method == .meta(.ee) && e.level == 0.95)
        // No exact claim: no estimate rather than a silent one.
        let bounds = evidence.claims(about: q).filter { !$0.claim.isExact }
        #expect(MetaEstimator(method: .reml).estimate(q, from: bounds) == nil)
    }
}
