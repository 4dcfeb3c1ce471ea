import Foundation

/// How the checked Laplace approximation fares on cases drawn from the model: for each
/// simulated case the Laplace fit and its importance-sampling check, and NUTS as the
/// reference (`chains` x `draws` after as many warm-up iterations).
///
/// A case is *close* when, for every cell and for the sum of the cells, the answer the tool
/// gives for the Laplace method (the corrected draws when trusted, NUTS otherwise) has a
/// median within 10% of NUTS's and 90% interval ends within 20% (relative to
/// max(NUTS value, 1), so that counts below one are not judged by ratios of tiny numbers).
public struct LaplaceStudy: Sendable {
    /// One simulated case's outcome.
    public struct Case: Sendable {
        /// The Pareto k-hat (nil: no mode was found).
        public var paretoK: Double?
        /// Importance-sampling ESS.
        public var effectiveSampleSize: Double?
        /// Whether the corrected Laplace answer was trusted.
        public var trusted: Bool
        /// Saddle points left on the way to the mode.
        public var saddleEscapes: Int
        /// Largest relative difference of a median from NUTS's, for the trusted answer.
        public var medianError: Double?
        /// Largest relative difference of a 90% interval end from NUTS's, for the trusted answer.
        public var endError: Double?
        /// `CheckedLaplace.profileDisagreement` (nil when not computed).
        public var profileDisagreement: Double?
        /// Whether k-hat and ESS passed, before the profile check.
        public var weightsPass = false
        /// Whether the answer's median is within 10% and its 90% interval ends within 20% of
        /// NUTS's (an error not measured counts as not close).
        public var isClose: Bool { (medianError ?? 1) <= 0.1 && (endError ?? 1) <= 0.2 }
        /// Whether a measured error is past those bounds.
        public var isFar: Bool { (medianError ?? 0) > 0.1 || (endError ?? 0) > 0.2 }
    }

    /// Every case, in order.
    public var cases: [Case]

    /// Cases with no mode (NUTS answers).
    public var noMode: Int { cases.filter { $0.paretoK == nil }.count }
    /// Cases whose corrected Laplace answer was trusted.
    public var trusted: Int { cases.filter(\.trusted).count }
    /// Cases where NUTS took the Laplace method's place.
    public var fellBack: Int { cases.count - trusted }
    /// Cases whose weights passed but whose profile check did not (NUTS took over).
    public var profileRefused: Int { cases.filter { $0.weightsPass && !$0.trusted }.count }
    /// Of those, the cases whose answer was far from NUTS's (`Case.isFar`): refusals that were right.
    public var profileRefusedFar: Int { cases.filter { $0.weightsPass && !$0.trusted && $0.isFar }.count }
    /// Cases that needed a saddle escape.
    public var saddles: Int { cases.filter { $0.saddleEscapes > 0 }.count }
    /// Trusted cases whose medians are within 10% and interval ends within 20% of NUTS's.
    public var trustedClose: Int { cases.filter { $0.trusted && $0.isClose }.count }
    /// "close of trusted" among trusted cases with k-hat in `k` (lower bound exclusive above 0).
    public func close(k range: ClosedRange<Double>) -> String {
        let inRange = cases.filter { c in
            guard c.trusted, let k = c.paretoK else { return false }
            return k <= range.upperBound && (range.lowerBound <= 0 ? true : k > range.lowerBound)
        }
        let close = inRange.filter(\.isClose)
        return "\(close.count) of \(inRange.count)"
    }

    /// k-hat counts in (-inf, 0.5], (0.5, 0.7], (0.7, inf) and no mode.
    public var kHistogram: [Int] {
        let k = cases.compactMap(\.paretoK)
        return [k.filter { $0 <= 0.5 }.count, k.filter { $0 > 0.5 && $0 <= 0.7 }.count, k.filter { $0 > 0.7 }.count, noMode]
    }

    /// Runs `simulations` cases of `simulator` from `seed` (cases in parallel).
    public static func run(
        simulations: Int, seed: UInt64, simulator: Simulator = Simulator(),
        chains: Int = 2, draws: Int = 1000, laplaceDraws: Int = AnalysisOptions().laplaceDraws,
        coordinates: CheckedLaplace.Coordinates = .totalsAndShares
    ) -> LaplaceStudy {
        let box = ResultBox<Case>(count: simulations)
        DispatchQueue.concurrentPerform(iterations: simulations) { i in
            var rng = Xoshiro256(seed: seed, stream: i)
            let model = simulator.draw(&rng).model
            var s = SamplerSettings()
            s.chains = chains
            s.warmup = draws
            s.draws = draws
            s.seed = seed &+ UInt64(i)
            let nuts = PosteriorFit(
                method: .nuts, model: model, draws: NUTS(model: model, settings: s).run().map(\.draws), chains: [])
            box.set(i, study(model, reference: nuts, laplaceDraws: laplaceDraws, seed: s.seed, coordinates: coordinates))
        }
        return LaplaceStudy(cases: box.values)
    }

    /// The check and the errors of one case against its NUTS reference.
    static func study(
        _ model: LatentCountModel, reference: PosteriorFit, laplaceDraws: Int, seed: UInt64,
        coordinates: CheckedLaplace.Coordinates
    ) -> Case {
        guard let fit = try? LaplaceFit(model) else {
            return Case(paretoK: nil, effectiveSampleSize: nil, trusted: false, saddleEscapes: 0)
        }
        let checked = CheckedLaplace(fit, model: model, count: laplaceDraws, seed: seed, coordinates: coordinates)
        var c = Case(
            paretoK: checked.paretoK, effectiveSampleSize: checked.effectiveSampleSize, trusted: checked.trusted,
            saddleEscapes: fit.saddleEscapes)
        c.profileDisagreement = checked.profileDisagreement?.value
        c.weightsPass = checked.weightsPass
        let laplace = PosteriorFit(method: .laplace, model: model, draws: [checked.draws], chains: [])
        var worstMedian = 0.0, worstEnd = 0.0
        for cells in model.cells.indices.map({ [$0] }) + [Array(model.cells.indices)] {
            let values = { (f: PosteriorFit) -> [Double] in
                f.draws.flatMap { $0 }.map { theta in cells.reduce(0) { $0 + exp(theta[$1]) } }.sorted()
            }
            let a = values(laplace), b = values(reference)
            func q(_ x: [Double], _ p: Double) -> Double { Diagnostics.quantile(sorted: x, p) }
            worstMedian = max(worstMedian, abs(q(a, 0.5) - q(b, 0.5)) / max(q(b, 0.5), 1))
            for p in [0.05, 0.95] { worstEnd = max(worstEnd, abs(q(a, p) - q(b, p)) / max(q(b, p), 1)) }
        }
        c.medianError = worstMedian
        c.endError = worstEnd
        return c
    }
}
