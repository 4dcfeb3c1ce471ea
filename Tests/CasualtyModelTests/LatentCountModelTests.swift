import Foundation
import LinearAlgebra
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

@Suite struct NormalTests {
    @Test func logCDFTailsAndQuantile() {
        // Reference: scipy 1.17.1 scipy.stats.norm.logcdf(-40) = -804.6084420137539,
        // norm.logcdf(-5) = -15.064998393988727, norm.logcdf(3) = -0.0013508099647481925.
        #expect(abs(StandardNormal.logCDF(-40) - -804.6084420137539) < 1e-9)
        #expect(abs(StandardNormal.logCDF(-5) - -15.064998393988727) < 1e-12)
        #expect(abs(StandardNormal.logCDF(3) - -0.0013508099647481925) < 1e-15)
        // The series and erfc agree where they meet.
        #expect(abs(StandardNormal.logCDF(-30.0001) - StandardNormal.logCDF(-29.9999)) < 0.01)
        // norm.ppf(0.975) = 1.959963984540054, norm.ppf(1e-10) = -6.361340902404056
        #expect(abs(StandardNormal.quantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(abs(StandardNormal.quantile(1e-10) - -6.361340902404056) < 1e-12)
        for p in [1e-300, 0.001, 0.2, 0.5, 0.7, 0.999999] {
            #expect(abs(StandardNormal.cdf(StandardNormal.quantile(p)) - p) < 1e-12 * max(1, p / 1e-3) || p < 1e-200)
        }
        // log(Phi(b) - Phi(a)) far in both tails: scipy 1.17.1
        // numpy.log(norm.sf(35) - norm.sf(36)) = -616.9751012619225.
        let upper = StandardNormal.logDiffCDF(35, 36), lower = StandardNormal.logDiffCDF(-36, -35)
        #expect(abs(upper - -616.9751012619225) < 1e-9)
        #expect(abs(upper - lower) < 1e-9)
        #expect(abs(upper - StandardNormal.logCDF(-35)) < 1e-9)  // Phi(-36) is negligible beside Phi(-35)
    }
}

@Suite struct LatentCountModelTests {
    /// A model with every observation type, a bias and an origin parameter.
    static func richModel() -> LatentCountModel {
        let t: [LatentCountModel.Term] = [
            .init(report: "a", cells: [0], sigma: 0.3, bias: 3, origin: nil, observation: .exact(log1p(13))),
            .init(report: "b", cells: [0, 1], sigma: 0.5, bias: nil, origin: 4, observation: .atLeast(log1p(30))),
            .init(report: "c", cells: [1, 2], sigma: 0.4, bias: 3, origin: 4, observation: .atMost(log1p(20))),
            .init(
                report: "d", cells: [0, 1, 2], sigma: 0.6, bias: nil, origin: nil, observation: .between(log1p(24), log1p(99))),
            .init(report: "e", cells: [2], sigma: 0.2, bias: nil, origin: nil, observation: .between(log1p(5000), log1p(6000))),
        ]
        return LatentCountModel(
            cells: (0..<3).map { Cell(outcome: "killed", group: "g\($0)") },
            parameterNames: ["z0", "z1", "z2", "bias", "origin"],
            priorMean: [2.3, 2.3, 2.3, -0.2, 0], priorSD: [2.5, 2.5, 2.5, 0.3, 0.18],
            terms: t, settings: ModelSettings())
    }

    @Test(arguments: [[2.0, 1.0, 3.0, -0.1, 0.05], [0.1, 4.0, -1.0, 0.3, -0.2], [-3.0, -3.0, 9.0, 0, 0]])
    func gradientMatchesFiniteDifferences(theta: [Double]) {
        let m = Self.richModel()
        var g = [Double](repeating: 0, count: 5)
        _ = m.logDensity(theta, gradient: &g)
        for i in 0..<5 {
            let h = 1e-6
            var up = theta, dn = theta
            up[i] += h
            dn[i] -= h
            let fd = (m.logDensity(up) - m.logDensity(dn)) / (2 * h)
            #expect(abs(fd - g[i]) < 1e-6 * max(1, abs(g[i])), "d/d\(m.parameterNames[i]): \(g[i]) vs \(fd)")
        }
    }

    /// The hot paths share each distinct cell list's log1p(Q) among its terms (a low, best
    /// and high figure of one count) and skip the derivatives: both must give exactly the
    /// term-by-term sum of `logLikelihood`, for every observation type, far into the tails.
    @Test func sharedCellListsAndValueOnlyPathsGiveTheTermByTermDensity() {
        let rich = Self.richModel()
        var terms = rich.terms
        terms += [
            .init(report: "a2", cells: [0], sigma: 0.3, bias: nil, origin: nil, observation: .atLeast(log1p(9))),
            .init(report: "a3", cells: [0], sigma: 0.3, bias: 3, origin: nil, observation: .atMost(log1p(40))),
            .init(report: "d2", cells: [0, 1, 2], sigma: 0.2, bias: nil, origin: nil, observation: .exact(log1p(50))),
            .init(report: "f", cells: [2, 1], sigma: 0.5, bias: nil, origin: nil, observation: .floor(log1p(7))),
            .init(report: "g", cells: [1], sigma: 0.3, bias: nil, origin: nil, observation: .atLeast(-.infinity)),
        ]
        let m = LatentCountModel(
            cells: rich.cells, parameterNames: rich.parameterNames, priorMean: rich.priorMean, priorSD: rich.priorSD,
            terms: terms, settings: ModelSettings())
        var rng = Xoshiro256(seed: 4)
        for _ in 0..<200 {
            let theta = (0..<5).map { i in (i < 3 ? 4.0 : 0.5) * rng.normal() + (i < 3 ? 2 : 0) }
            var expected = 0.0
            for i in 0..<5 { expected -= 0.5 * pow((theta[i] - m.priorMean[i]) / m.priorSD[i], 2) }
            for t in m.terms {
                expected += LatentCountModel.logLikelihood(t.observation, mu: m.location(t, theta).mu, sigma: t.sigma).0
            }
            var scratch = [Double](repeating: 0, count: m.scratchCount), g = [Double](repeating: 0, count: 5)
            let value = m.logDensityValue(theta, scratch: &scratch)
            let withGradient = m.logDensity(theta, gradient: &g, scratch: &scratch)
            #expect(abs(value - expected) <= 1e-12 * max(1, abs(expected)), "\(theta)")
            #expect(value == withGradient, "\(theta)")
        }
        for o: LatentCountModel.Observation in [
            .exact(2), .atLeast(2), .atMost(2), .between(1, 3), .floor(2), .atLeast(-.infinity),
        ] {
            for mu in [-40.0, -3, 0, 1.5, 2, 2.5, 9, 60, .infinity] {
                let full = LatentCountModel.logLikelihood(o, mu: mu, sigma: 0.3).0
                #expect(LatentCountModel.logLikelihoodValue(o, mu: mu, sigma: 0.3, logSigma: log(0.3)) == full, "\(o) at \(mu)")
            }
        }
    }

    @Test(arguments: [[2.0, 1.0, 3.0, -0.1, 0.05], [0.1, 4.0, -1.0, 0.3, -0.2]])
    func hessianMatchesFiniteDifferencesOfTheGradient(theta: [Double]) {
        let m = Self.richModel()
        let hess = m.hessian(theta)
        for j in 0..<5 {
            let h = 1e-5
            var up = theta, dn = theta
            up[j] += h
            dn[j] -= h
            var gu = [Double](repeating: 0, count: 5), gd = gu
            _ = m.logDensity(up, gradient: &gu)
            _ = m.logDensity(dn, gradient: &gd)
            for i in 0..<5 {
                let fd = (gu[i] - gd[i]) / (2 * h)
                #expect(abs(fd - hess[i, j]) < 1e-5 * max(1, abs(hess[i, j])), "H[\(i),\(j)]")
            }
        }
    }

    @Test func khanTumanModelIsWellFormed() throws {
        let c = try Case.load(path: Repo.khanTuman)
        let m = LatentCountModel(try Evidence(c), settings: ModelSettings())
        #expect(m.terms.count == c.eventReports.count)
        #expect(
            m.dimension == 12 + m.parameterNames.filter { $0.hasPrefix("bias") }.count
                + m.parameterNames.filter { $0.hasPrefix("origin") }.count)
        // Own-side biases for the pro-government sources, an origin for jam-news/entekhab and
        // for kowsari/al-monitor/generational-dynamics.
        #expect(m.parameterNames.contains("bias[irgc/own]"))
        #expect(m.parameterNames.contains { $0.hasPrefix("origin[") })
        let noBias = LatentCountModel(
            try Evidence(c),
            settings: {
                var s = ModelSettings()
                s.useBias = false
                s.rho = 0
                return s
            }())
        #expect(noBias.dimension == 12)
        // Gradient check on the real model at the prior mean plus a tilt.
        let theta = m.priorMean.enumerated().map { $0.element + 0.1 * Double($0.offset % 5) }
        var g = [Double](repeating: 0, count: m.dimension)
        _ = m.logDensity(theta, gradient: &g)
        for i in 0..<m.dimension {
            var up = theta, dn = theta
            up[i] += 1e-6
            dn[i] -= 1e-6
            let fd = (m.logDensity(up) - m.logDensity(dn)) / 2e-6
            #expect(abs(fd - g[i]) < 1e-5 * max(1, abs(g[i])))
        }
    }
}
