import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// The importance-sampling check of the Laplace approximation, the corrected draws against
/// the exact posterior, the escape from saddle points, and the fallback to NUTS.
@Suite struct CheckedLaplaceTests {
    static let mu0 = log(10.0), s0 = 2.5

    /// The two-cell case of QuadratureTests: the split of a total known only through the
    /// prior, a curved ridge in log-cell space.
    static func twoCellCase() -> (LatentCountModel, QuadratureTests.Discrete) { QuadratureTests.twoCellCase(step: 0.01) }

    /// Quantiles of the corrected draws, placed on the exact CDF: F(q_p) within 4 standard
    /// errors sqrt(p (1 - p) / ESS) of p, ESS being the importance-sampling ESS.
    @Test func correctedDrawsMatchTheExactPosteriorOfASum() throws {
        let (model, exact) = Self.twoCellCase()
        let fit = try LaplaceFit(model)
        let checked = CheckedLaplace(fit, model: model, count: 4000, seed: 3)
        #expect(checked.trusted, "k-hat \(checked.paretoK), ESS \(checked.effectiveSampleSize)")
        let sums = checked.draws.map { exp($0[0]) + exp($0[1]) }.sorted()
        for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let q = Diagnostics.quantile(sorted: sums, p)
            let tol = 4 * (p * (1 - p) / checked.effectiveSampleSize).squareRoot()
            #expect(abs(exact.at(q) - p) < tol, "p=\(p): F(q)=\(exact.at(q)) tol \(tol)")
        }
        // The uncorrected Gaussian misses the 95% quantile by more than the corrected draws.
        let raw = fit.draws(4000, seed: 3).map { exp($0[0]) + exp($0[1]) }.sorted()
        let rawError = abs(exact.at(Diagnostics.quantile(sorted: raw, 0.95)) - 0.95)
        let correctedError = abs(exact.at(Diagnostics.quantile(sorted: sums, 0.95)) - 0.95)
        #expect(correctedError < rawError)
    }

    /// In the Gaussian limit the proposal fits: k-hat is low, the ESS high.
    @Test func aGaussianPosteriorPassesTheCheck() throws {
        let model = Small.model(cells: 1, terms: [Small.term([0], sigma: 0.25, .exact(log1p(5000.0)))])
        let checked = CheckedLaplace(try LaplaceFit(model), model: model, count: 4000, seed: 1)
        #expect(checked.paretoK < 0.5 && checked.effectiveSampleSize > 2000 && checked.trusted)
    }

    /// Only the total of two cells is known, tightly: 100. Along the ridge a + b = 100 the
    /// density is the prior's, N(log 10, 2.5^2) on each log count, which is higher at
    /// (14.4, 85.6) than at (50, 50): f(t) = log(10 t)^2 + log(10 (1 - t))^2 has its minimum at
    /// t = 0.1436 (f'(t) = 0: log(10 t) / t = log(10 (1 - t)) / (1 - t)) and a local maximum at
    /// t = 0.5. So the symmetric point is a saddle, where Newton's method from the symmetric
    /// prior mean stops; the fit leaves it along the direction of negative curvature and ends
    /// at one of the two modes. In cell coordinates the check finds that one Gaussian cannot
    /// cover both; in total-and-share coordinates the two modes are one log ratio apart on
    /// the flat ridge, the check passes, and the corrected draws split the total evenly.
    @Test func aSaddlePointIsLeftForAMode() throws {
        let model = Small.model(cells: 2, terms: [Small.term([0, 1], sigma: 0.01, .exact(log1p(100)))])
        let fit = try LaplaceFit(model)
        #expect(fit.saddleEscapes >= 1)
        let counts = fit.mode.map(exp).sorted()
        #expect(abs(counts[0] - 14.4) < 0.5 && abs(counts[1] - 85.6) < 0.5, "mode \(counts)")
        var grad = [0.0, 0.0]
        _ = model.logDensity(fit.mode, gradient: &grad)
        #expect(grad.allSatisfy { abs($0) < 1e-4 })
        let cells = CheckedLaplace(fit, model: model, count: 4000, seed: 1, coordinates: .cells)
        #expect(!cells.trusted, "k-hat \(cells.paretoK), ESS \(cells.effectiveSampleSize)")
        let shares = CheckedLaplace(fit, model: model, count: 4000, seed: 1)
        #expect(shares.trusted, "k-hat \(shares.paretoK), ESS \(shares.effectiveSampleSize)")
        // By symmetry P(a < b) = 1/2: within 4 standard errors of the ESS.
        let below = Double(shares.draws.filter { $0[0] < $0[1] }.count) / Double(shares.draws.count)
        #expect(abs(below - 0.5) < 4 * (0.25 / shares.effectiveSampleSize).squareRoot(), "P(a < b) = \(below)")
    }

    /// A block is cells with the same terms; the map has unit Jacobian and inverts exactly.
    @Test func shareCoordinatesInvertAndKeepVolume() throws {
        let model = Small.model(
            cells: 4,
            terms: [
                Small.term([0, 1, 2], sigma: 0.1, .exact(log1p(60))), Small.term([0, 1, 2], sigma: 0.2, .atLeast(log1p(40))),
                Small.term([2, 3], sigma: 0.1, .exact(log1p(30))),
            ])
        let map = ShareCoordinates(model)
        #expect(map.blocks == [[0, 1]])  // cell 2 is also in the third term, cell 3 only there
        let theta = [1.2, 3.4, 0.5, 2.0]
        let u = map.coordinates(theta)
        #expect(isClose(u[0], log(exp(1.2) + exp(3.4)), absolute: 1e-12) && isClose(u[1], 2.2, absolute: 1e-12))
        #expect(zip(map.parameters(u), theta).allSatisfy { isClose($0, $1, absolute: 1e-12) })
        let j = map.jacobian(u)
        let det = j[0, 0] * j[1, 1] - j[0, 1] * j[1, 0]
        #expect(isClose(det, 1, absolute: 1e-12))
        // Against central differences of the inverse map.
        for c in 0..<2 {
            var up = u, down = u
            up[c] += 1e-6
            down[c] -= 1e-6
            for r in 0..<2 {
                let numeric = (map.parameters(up)[r] - map.parameters(down)[r]) / 2e-6
                #expect(isClose(j[r, c], numeric, absolute: 1e-6), "J[\(r), \(c)]")
            }
        }
    }

    /// An untrusted check through `estimate`: the Laplace slot is answered by NUTS with a
    /// warning of the Laplace method; with the fallback off, by the flagged Laplace draws.
    @Test func anUntrustedApproximationFallsBackOrIsFlagged() throws {
        let yaml = """
            schema: casualty-case/1
            case: {id: bimodal, title: Bimodal}
            outcomes: [killed]
            groups:
              a: {side: x}
              b: {side: x}
            aggregates:
              both: [a, b]
            sources:
              s: {name: S, side: neutral, reliability: 1}
            reports:
              - {source: s, what: killed, who: both, claim: 100}
            model: {sigma0: 0.01}
            """
        let c = try Case.parse(yaml: yaml, file: "bimodal.yaml", lexicon: .builtIn)
        var o = AnalysisOptions()
        o.select([.method(.laplace)])
        // 200 proposals (and two top-ups) cannot reach the importance-sampling ESS of 1,000
        // that a trusted answer needs, whatever the posterior.
        o.laplaceDraws = 200
        o.sampler.warmup = 300
        o.sampler.draws = 300
        let r = try Evidence(c).estimate(nil, options: o)
        let check = try #require(r.laplaceCheck)
        #expect(!check.trusted && check.fellBack)
        #expect(r.estimates.allSatisfy { $0.method == .nuts && $0.fallbackFrom == .laplace && $0.answers == .laplace })
        #expect(r.warnings.contains { $0.kind == .fallback && $0.method == .laplace })
        o.laplaceFallback = false
        let kept = try Evidence(c).estimate(nil, options: o)
        #expect(
            kept.estimates.allSatisfy { $0.method == .laplace && $0.paretoK != nil },
            "\(kept.estimates.map { ($0.method, $0.paretoK) }) \(kept.warnings)")
        #expect(kept.warnings.contains { $0.kind == .approximationNotTrusted })
        #expect(kept.fits.allSatisfy { $0.method == .laplace })
    }

    /// Warnings belong to their method: under `--method nuts` nothing about Laplace.
    @Test func noLaplaceWarningUnderNUTSAlone() throws {
        let c = try Case.load(path: Repo.khanTuman)
        var o = AnalysisOptions()
        o.select([.method(.nuts)])
        o.sampler.warmup = 200
        o.sampler.draws = 200
        let r = try Evidence(c).estimate([try c.quantity("killed:iranian").get()], options: o)
        #expect(!r.warnings.contains { $0.method == .laplace })
        #expect(r.laplaceCheck == nil)
    }
}

/// The profile check (`TailProbe`): its quantiles against exact ones, its selection
/// quantile against sorting, and a tail the importance sampler misses, refused.
@Suite struct TailProbeTests {
    /// `quantile(unsorted:)` is `quantile(sorted:)` of the sorted values, ties included.
    @Test func quantileOfUnsortedValuesIsTheSortedOne() {
        var rng = Xoshiro256(seed: 7, stream: 0)
        for n in [1, 2, 3, 10, 101, 4000] {
            let x = (0..<n).map { _ in (rng.normal() * 4).rounded() / 2 }  // many ties
            for p in [0.0, 0.05, 0.25, 0.5, 0.95, 1.0] {
                #expect(Diagnostics.quantile(unsorted: x, p) == Diagnostics.quantile(sorted: x.sorted(), p), "n \(n) p \(p)")
            }
        }
    }

    /// With one cell there is nothing to profile out, so the profile density is the exact
    /// posterior: its 5% and 95% quantiles match those of the same density integrated on a
    /// grid of step 0.001 within 0.03 (the probe's grid is half a Laplace sd), for a skewed
    /// posterior (an exact claim of 40 and a lower bound of 30 on the log1p scale).
    @Test func theProfileQuantilesOfOneCellAreItsExactQuantiles() throws {
        let model = Small.model(
            cells: 1, terms: [Small.term([0], sigma: 0.5, .exact(log1p(40))), Small.term([0], sigma: 0.3, .atLeast(log1p(30)))])
        let fit = try LaplaceFit(model)
        let covariance = try fit.precision.inverse()
        let centre = try #require(TailProbe.centre(model, fit: fit, cell: 0, covariance: covariance))
        let (lo, hi) = try #require(TailProbe.quantiles(model, fit: fit, cell: 0, at: centre))
        let z = stride(from: fit.mode[0] - 8, through: fit.mode[0] + 8, by: 0.001).map { $0 }
        let exact = try #require(TailProbe.quantilesOfGrid(z, z.map { model.logDensity([$0]) }, [0.05, 0.95]))
        #expect(abs(lo - exact[0]) < 0.03 && abs(hi - exact[1]) < 0.03, "profile \(lo), \(hi); exact \(exact)")
    }

    /// Case 12 of `casualty simulate --check-laplace 1000 --seed 5`: cell 3 is counted only
    /// inside a sum with cell 1 (larger), so its log can fall towards zero along the ridge.
    /// k-hat (0.69) and the ESS (1,010) pass, the draws' 5% quantile of cell 3 is 114 where
    /// NUTS (2 chains x 1,000) finds 3; the profile puts it near NUTS and the check refuses.
    @Test func aTailTheDrawsMissIsRefused() throws {
        var sim = Simulator()
        (sim.groups, sim.sources, sim.reports) = (3, 4, 6)
        var rng = Xoshiro256(seed: 5, stream: 12)
        let model = sim.draw(&rng).model
        let fit = try LaplaceFit(model)
        let checked = CheckedLaplace(fit, model: model, count: 4000, seed: 17)
        let (disagreement, cell) = try #require(checked.profileDisagreement)
        #expect(checked.weightsPass && !checked.trusted && cell == 2 && disagreement > 10, "\(disagreement) at \(cell)")
        var s = SamplerSettings()
        (s.chains, s.warmup, s.draws, s.seed) = (2, 1000, 1000, 17)
        let nuts = NUTS(model: model, settings: s).run().flatMap(\.draws).map { exp($0[2]) }
        let drawn = checked.draws.map { exp($0[2]) }
        #expect(Diagnostics.quantile(unsorted: nuts, 0.05) < 20 && Diagnostics.quantile(unsorted: drawn, 0.05) > 60)
    }
}
