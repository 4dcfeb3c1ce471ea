import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel

/// The Khan Tuman posterior by this tool's NUTS and Laplace against Stan on the same model
/// (Benchmarks/nuts/model.stan; reference quantiles in Fixtures/khan_tuman_stan.json, made by
/// Fixtures/make_stan_fixture.py with pystan 3.10.0, 40,000 draws).
@Suite struct KhanTumanStanTests {
    struct Fixture: Decodable {
        var tool: String
        var draws: Int
        var probs: [Double]
        var cells: [String: [Double]]
    }

    static let root = Repo.root

    /// Stan's CDF at x, interpolated between its stored percentiles (clamped to [0.01, 0.99]).
    static func stanCDF(_ q: [Double], _ probs: [Double], _ x: Double) -> Double {
        if x <= q[0] { return probs[0] }
        if x >= q[q.count - 1] { return probs[probs.count - 1] }
        let i = q.lastIndex { $0 <= x }!
        return probs[i] + (x - q[i]) / (q[i + 1] - q[i]) * (probs[i + 1] - probs[i])
    }

    @Test func nutsMatchesStan() throws {
        let url = Self.root.appendingPathComponent("Tests/CasualtyModelTests/Fixtures/khan_tuman_stan.json")
        let f = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let c = try Case.load(path: Self.root.appendingPathComponent("Models/khan-tuman-2016/case.yaml").path)
        let evidence = try Evidence(c)
        var options = AnalysisOptions()
        options.methods = [.nuts]
        let queries = try c.cells.map { try c.quantity("\($0)").get() }
        let result = evidence.estimate(queries, options: options)
        let fit = try #require(result.fits.first)
        for q in queries {
            let ref = try #require(f.cells[q.name])
            let perChain = fit.values(of: q)
            let ess = min(Diagnostics.essBulk(perChain), Diagnostics.essTail(perChain))
            let all = perChain.flatMap { $0 }.sorted()
            for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
                let ours = Diagnostics.quantile(sorted: all, p)
                // Our Monte Carlo error plus Stan's (40,000 draws, ESS about as many).
                let tol = 4 * ((p * (1 - p) / ess) + (p * (1 - p) / Double(f.draws) * 2)).squareRoot()
                let got = Self.stanCDF(ref, f.probs, ours)
                #expect(abs(got - p) < tol, "\(q.name) p=\(p): Stan CDF at our quantile \(got), tol \(tol)")
            }
        }
    }
}
