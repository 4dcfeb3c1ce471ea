import Foundation
import Testing

@testable import CasualtyModel

/// Simulation-based calibration on 200 cases drawn from the model (2 groups, 3 sources with
/// own/enemy biases and a shared origin, 4 reports of mixed exact and censored claims).
/// A slower run over 1,000 cases: `CASUALTY_SLOW=1 swift test --filter CalibrationTests`.
@Suite struct CalibrationTests {
    static let simulations = ProcessInfo.processInfo.environment["CASUALTY_SLOW"] == nil ? 200 : 1000
    static var simulator: Simulator {
        var s = Simulator()
        s.groups = 2
        s.sources = 3
        s.reports = 4
        return s
    }

    /// chi-square 0.999 quantile with 9 degrees of freedom (scipy.stats.chi2.ppf(0.999, 9)).
    static let chi2Critical = 27.877164871256568

    @Test func nutsIsCalibrated() {
        let cal = Calibration.run(method: .nuts, simulations: Self.simulations, seed: 2024, simulator: Self.simulator)
        for t in cal.tracked {
            #expect(t.ranks.count == Self.simulations)
            #expect(t.chiSquare < Self.chi2Critical, "\(t.name): rank histogram chi2 \(t.chiSquare)")
            #expect(abs(t.coverage50 - 0.5) < 0.1, "\(t.name): 50% coverage \(t.coverage50)")
            #expect(abs(t.coverage90 - 0.9) < 0.06, "\(t.name): 90% coverage \(t.coverage90)")
        }
    }

    @Test func laplaceCoverageIsClose() {
        // Laplace is an approximation: its intervals are symmetric on the log scale while the
        // posterior is skewed when claims are censored. It must still cover within 10 points.
        let cal = Calibration.run(method: .laplace, simulations: Self.simulations, seed: 2024, simulator: Self.simulator)
        for t in cal.tracked {
            #expect(abs(t.coverage50 - 0.5) < 0.1, "\(t.name): 50% coverage \(t.coverage50)")
            #expect(abs(t.coverage90 - 0.9) < 0.1, "\(t.name): 90% coverage \(t.coverage90)")
        }
    }

    @Test func misspecifiedGeneratorIsDetected() {
        // With t(3) noise and doubled biases the model is wrong; the same check on the same
        // seeds must see it: some rank histogram is rejected, and the total chi-square is
        // larger than for the well-specified generator.
        var sim = Self.simulator
        sim.misspecified = true
        let bad = Calibration.run(method: .laplace, simulations: Self.simulations, seed: 2024, simulator: sim)
        let good = Calibration.run(method: .laplace, simulations: Self.simulations, seed: 2024, simulator: Self.simulator)
        #expect(bad.tracked.contains { $0.chiSquare > Self.chi2Critical })
        #expect(bad.tracked.map(\.chiSquare).reduce(0, +) > good.tracked.map(\.chiSquare).reduce(0, +))
    }
}
