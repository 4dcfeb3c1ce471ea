import CasualtyData
import Foundation

/// The families of methods `estimate` can run.
public enum MethodFamily: String, CaseIterable, Hashable, Sendable {
    /// The report-based estimators (weighted median, low/best/high, envelope, most conservative).
    case weighted
    /// The Bayesian model by Laplace approximation.
    case laplace
    /// The Bayesian model by NUTS.
    case nuts
    /// Random-effects meta-analysis of the exact claims (`metaMethods`, `metaTest`).
    case meta
}

/// A threshold question: is P(Q > value) high? Written `QUANTITY>VALUE`.
public struct Threshold: Hashable, Sendable, CustomStringConvertible {
    /// The quantity.
    public var quantity: Quantity
    /// The threshold.
    public var value: Double
    /// A threshold on `quantity` at `value`.
    public init(quantity: Quantity, value: Double) {
        self.quantity = quantity
        self.value = value
    }
    /// `killed:iranian>20`.
    public var description: String { "\(quantity.name)>\(value == value.rounded() ? String(Int(value)) : String(value))" }

    /// Parses `QUANTITY>VALUE` against `theCase`.
    public static func parse(_ text: String, in theCase: Case) -> Result<Threshold, SettingsError> {
        let parts = text.split(separator: ">", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let v = Double(parts[1]), v.isFinite else {
            return .failure(SettingsError(message: "cannot read the threshold '\(text)'", fix: "write QUANTITY>VALUE, e.g. killed:iranian>20"))
        }
        switch theCase.quantity(parts[0]) {
        case .success(let q): return .success(Threshold(quantity: q, value: v))
        case .failure(let e): return .failure(SettingsError(message: "threshold '\(text)': \(e.message)", fix: e.fix))
        }
    }
}

/// Everything that shapes an estimate besides the evidence: which methods, the model's
/// assumptions, the sampler's run, and threshold questions.
public struct AnalysisOptions: Hashable, Sendable {
    /// Method families to run.
    public var methods: Set<MethodFamily> = [.weighted, .meta, .laplace, .nuts]
    /// Bayesian model assumptions.
    public var model = ModelSettings()
    /// NUTS run settings.
    public var sampler = SamplerSettings()
    /// Threshold questions (their quantities are estimated too).
    public var thresholds: [Threshold] = []
    /// Number of Gaussian draws summarising the Laplace approximation.
    public var laplaceDraws = 4000
    /// tau^2 estimators run by the `meta` family.
    public var metaMethods: [TauEstimator] = [.reml]
    /// Confidence interval of the meta-analyses.
    public var metaTest: MetaTest = .z
    /// The documented defaults.
    public init() {}
}

extension Evidence {
    /// Runs the report-based `estimators` on each quantity in `queries` (default: the case's
    /// default quantities).
    public func estimate(_ queries: [Quantity]? = nil,
                         estimators: [any Estimator] = standardEstimators) -> EstimationResult {
        var options = AnalysisOptions()
        options.methods = [.weighted]
        return estimate(queries, options: options, estimators: estimators)
    }

    /// Runs every method family in `options` on each quantity in `queries` (default: the
    /// case's default quantities plus the quantities of the thresholds), side by side.
    public func estimate(_ queries: [Quantity]?, options: AnalysisOptions,
                         estimators: [any Estimator] = standardEstimators) -> EstimationResult {
        var qs = queries ?? theCase.defaultQuantities
        for t in options.thresholds where !qs.contains(t.quantity) { qs.append(t.quantity) }
        var result = EstimationResult(evidence: self, quantities: qs.map { q in
            let claims = claims(about: q)
            var all: [any Estimator] = options.methods.contains(.weighted) ? estimators : []
            if options.methods.contains(.meta) {
                all += options.metaMethods.map { MetaEstimator(method: $0, test: options.metaTest, sigma0: options.model.sigma0) }
            }
            return QuantityEstimates(quantity: q, claims: claims, estimates: all.compactMap { $0.estimate(q, from: claims) })
        })
        result.options = options
        guard options.methods.contains(.laplace) || options.methods.contains(.nuts) else { return result }

        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        var t0 = clock.now
        let model = LatentCountModel(self, settings: options.model)
        var laplace: LaplaceFit?
        do { laplace = try LaplaceFit(model) } catch {
            result.warnings.append("laplace: \(error.description); no Laplace estimates")
        }
        result.timings.append(("laplace mode", seconds(clock.now - t0)))
        if options.methods.contains(.laplace), let fit = laplace {
            let draws = fit.draws(options.laplaceDraws, seed: options.sampler.seed)
            result.fits.append(PosteriorFit(method: "laplace", model: model, draws: [draws], chains: []))
        }
        if options.methods.contains(.nuts) {
            // Chains start at the Laplace mode jittered by its sd (or at the prior otherwise).
            var starts: [[Double]]? = nil
            if let fit = laplace {
                let sd = fit.standardDeviations
                var rng = Xoshiro256(seed: options.sampler.seed, stream: 9_999)
                starts = (0..<options.sampler.chains).map { _ in
                    fit.mode.enumerated().map { i, m in m + (sd.indices.contains(i) ? sd[i] : 1) * (2 * rng.uniform() - 1) }
                }
            }
            t0 = clock.now
            let chains = NUTS(model: model, settings: options.sampler).run(starts: starts)
            result.timings.append(("nuts sampling", seconds(clock.now - t0)))
            let fit = PosteriorFit(method: "nuts", model: model, draws: chains.map(\.draws), chains: chains)
            result.fits.append(fit)
            if fit.divergences > 0 {
                result.warnings.append("nuts: \(fit.divergences) divergent transitions after warm-up; estimates may be biased")
            }
            let sat = fit.depthSaturations(maxDepth: options.sampler.maxDepth)
            if sat > 0 { result.warnings.append("nuts: \(sat) transitions hit the maximum tree depth \(options.sampler.maxDepth)") }
        }
        t0 = clock.now
        for fit in result.fits {
            result.checks[fit.method] = fit.predictiveChecks()
            for i in result.quantities.indices {
                let q = result.quantities[i].quantity
                let thresholds = options.thresholds.filter { $0.quantity == q }.map(\.value)
                let s = fit.summary(of: q, thresholds: thresholds)
                let ninety = s.interval(0.9)!
                let used = model.terms.filter { !Set($0.cells.map { model.cells[$0] }).isDisjoint(with: q.cells) }.map(\.report)
                var e = Estimate(quantity: q, method: fit.method, best: s.median, low: ninety.low, high: ninety.high,
                                 level: 0.9, reports: used, rangeMeaning: "90% credible interval")
                e.posterior = s
                result.quantities[i].estimates.append(e)
                if fit.isMCMC {
                    if let r = s.rhat, r > 1.01 { result.warnings.append("nuts: \(q.name): R-hat \(String(format: "%.3f", r)) > 1.01") }
                    if let b = s.essBulk, let t = s.essTail, min(b, t) < 400 {
                        result.warnings.append("nuts: \(q.name): ESS bulk \(Int(b)), tail \(Int(t)) (< 400)")
                    }
                }
            }
        }
        result.timings.append(("summaries and checks", seconds(clock.now - t0)))
        return result
    }
}
