import CasualtyData
import Foundation

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
    public var description: String { "\(quantity.name)>\(value == value.rounded() ? wholeNumberText(value) : String(value))" }

    /// Parses `QUANTITY>VALUE` against `theCase`.
    public static func parse(_ text: String, in theCase: Case) -> Result<Threshold, SettingsError> {
        let parts = text.split(separator: ">", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let v = Double(parts[1]), v.isFinite else {
            return .failure(
                SettingsError(message: "cannot read the threshold '\(text)'", fix: "write QUANTITY>VALUE, e.g. killed:iranian>20")
            )
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
    /// When set, only these report-based methods of the `weighted` family run (the other
    /// families are chosen by `methods` and `metaMethods`).
    public var recorderMethods: Set<MethodID>?
    /// Bayesian model assumptions.
    public var model = ModelSettings()
    /// NUTS run settings.
    public var sampler = SamplerSettings()
    /// Threshold questions (their quantities are estimated too).
    public var thresholds: [Threshold] = []
    /// Proposals per round of the Laplace approximation's importance-sampling check (and
    /// the number of corrected draws kept). 4,000: with 2,000 an event of a few cells
    /// still reaches the ESS of 1,000 in one round, in half the time, but the check then
    /// misses more of the posteriors the proposal does not cover (on `casualty simulate
    /// --check-laplace 1000 --seed 5` it trusted a case whose long lower tail NUTS finds,
    /// k-hat 0.56, which 4,000 proposals reject at 0.90).
    public var laplaceDraws = 4000
    /// tau^2 estimators run by the `meta` family.
    public var metaMethods: [TauEstimator] = [.reml]
    /// Confidence interval of the meta-analyses.
    public var metaTest: MetaTest = .z
    /// Run NUTS in place of a Laplace approximation that fails its check (k-hat above 0.7,
    /// importance-sampling ESS below 1,000, or no mode): `--no-fallback` turns this off, and
    /// the untrusted answer is shown with a warning instead.
    public var laplaceFallback = true
    /// Compute the posterior predictive check of every pooled report (reports show them;
    /// `casualty batch`, whose rows have none, turns this off: on an event of 10 claims
    /// the checks were a fifth of a checked Laplace fit).
    public var predictiveChecks = true
    /// The documented defaults.
    public init() {}

    /// Runs what `selections` name: their families, and only the named recorder rules and
    /// meta-analysis estimators where single methods are named.
    public mutating func select(_ selections: [MethodSelection]) {
        methods = selections.reduce(into: Set<MethodFamily>()) { $0.formUnion($1.families) }
        let wholeWeighted = selections.contains { $0 == .all || $0 == .family(.weighted) }
        let named = selections.compactMap { s -> MethodID? in
            if case .method(let m) = s, m.family == .weighted { return m }
            return nil
        }
        recorderMethods = wholeWeighted ? nil : Set(named)
        let taus = selections.flatMap(\.tauEstimators)
        let wholeMeta = selections.contains { $0 == .all || $0 == .family(.meta) }
        if !wholeMeta && !taus.isEmpty { metaMethods = taus }
    }
}

extension Evidence {
    /// Runs the report-based `estimators` on each quantity in `queries` (default: the case's
    /// default quantities).
    public func estimate(
        _ queries: [Quantity]? = nil,
        estimators: [any Estimator] = standardEstimators
    ) -> EstimationResult {
        var options = AnalysisOptions()
        options.methods = [.weighted]
        return estimate(queries, options: options, estimators: estimators)
    }

    /// Runs every method family in `options` on each quantity in `queries` (default: the
    /// case's default quantities plus the quantities of the thresholds), side by side.
    public func estimate(
        _ queries: [Quantity]?, options: AnalysisOptions,
        estimators: [any Estimator] = standardEstimators
    ) -> EstimationResult {
        var qs = queries ?? theCase.defaultQuantities
        for t in options.thresholds where !qs.contains(t.quantity) { qs.append(t.quantity) }
        let pointEstimators = self.pointEstimators(options, estimators)
        var result = EstimationResult(
            evidence: self,
            quantities: qs.map { q in
                let claims = claims(about: q)
                var out = QuantityEstimates(quantity: q, claims: claims, estimates: [])
                for estimator in pointEstimators {
                    if let e = estimator.estimate(q, from: claims) {
                        out.estimates.append(e)
                    } else {
                        out.missing.append(MissingEstimate(method: estimator.id, reason: .of(estimator, claims)))
                    }
                }
                return out
            })
        result.options = options
        if pooledReports.isEmpty {
            result.warnings.append(
                AnalysisWarning(
                    .noEvidence,
                    "every report is left out (excluded sources or documents, or no report about the event): "
                        + "the Bayesian estimates are the prior's alone and the report-based methods have nothing to estimate"))
        }
        guard options.methods.contains(.laplace) || options.methods.contains(.nuts) else { return result }
        var timer = PhaseTimer()
        let model = LatentCountModel(self, settings: options.model)
        let laplace = result.laplaceMode(model)
        timer.lap("laplace mode", into: &result)
        var fallback = false
        if options.methods.contains(.laplace) {
            fallback = result.appendCheckedLaplace(laplace, model)
            timer.lap("laplace check", into: &result)
        }
        if options.methods.contains(.nuts) || fallback {
            result.appendNUTS(model, laplace: laplace?.fit, settings: options.sampler)
            timer.lap("nuts sampling", into: &result)
        }
        result.summarisePosteriors()
        if fallback { result.markFallback() }
        timer.lap("summaries and checks", into: &result)
        return result
    }

    /// The report-based and meta-analysis estimators `options` asks for.
    func pointEstimators(_ options: AnalysisOptions, _ estimators: [any Estimator]) -> [any Estimator] {
        var all: [any Estimator] = []
        if options.methods.contains(.weighted) {
            all = estimators.filter { options.recorderMethods?.contains($0.id) ?? true }
        }
        if options.methods.contains(.meta) {
            all += options.metaMethods.map { MetaEstimator(method: $0, test: options.metaTest, sigma0: options.model.sigma0) }
        }
        return all
    }
}

/// Wall-clock time of the phases of an estimation (`EstimationResult.timings`).
struct PhaseTimer {
    let clock = ContinuousClock()
    var start = ContinuousClock().now

    mutating func lap(_ phase: String, into result: inout EstimationResult) {
        let d = clock.now - start
        result.timings.append((phase, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18))
        start = clock.now
    }
}

extension EstimationResult {
    /// The Laplace fit, or nil (with the error kept for the warning of the Laplace method).
    mutating func laplaceMode(_ model: LatentCountModel) -> (fit: LaplaceFit?, error: BayesError?)? {
        do {
            return (try LaplaceFit(model), nil)
        } catch {
            return (nil, error)
        }
    }

    /// Checks the Laplace fit by importance sampling and records its draws; true when NUTS
    /// must take its place (fallback on, and k-hat above 0.7 or no mode).
    mutating func appendCheckedLaplace(_ laplace: (fit: LaplaceFit?, error: BayesError?)?, _ model: LatentCountModel) -> Bool {
        let fallback = options.laplaceFallback
        guard let fit = laplace?.fit else {
            let reason = laplace?.error?.description ?? "no mode was found"
            laplaceCheck = LaplaceCheckOutcome(
                paretoK: nil, effectiveSampleSize: nil, trusted: false, fellBack: fallback, saddleEscapes: 0)
            warnings.append(
                AnalysisWarning(
                    fallback ? .fallback : .approximationFailed, method: .laplace,
                    fallback ? "\(reason); NUTS estimates are shown in its place" : "\(reason); no Laplace estimates"))
            return fallback
        }
        let checked = CheckedLaplace(fit, model: model, count: options.laplaceDraws, seed: options.sampler.seed)
        laplaceCheck = LaplaceCheckOutcome(
            paretoK: checked.paretoK, effectiveSampleSize: checked.effectiveSampleSize,
            trusted: checked.trusted, fellBack: !checked.trusted && fallback,
            saddleEscapes: fit.saddleEscapes, draws: options.laplaceDraws,
            profileDisagreement: checked.profileDisagreement?.value)
        guard !checked.trusted else {
            var posterior = PosteriorFit(method: .laplace, model: model, draws: [checked.draws], chains: [])
            posterior.paretoK = checked.paretoK
            fits.append(posterior)
            return false
        }
        let why = Self.untrustedReason(checked, model)
        if fallback {
            warnings.append(AnalysisWarning(.fallback, method: .laplace, "\(why); NUTS estimates are shown in its place"))
            return true
        }
        warnings.append(
            AnalysisWarning(.approximationNotTrusted, method: .laplace, "\(why); its estimates are not to be relied on"))
        var posterior = PosteriorFit(method: .laplace, model: model, draws: [checked.draws], chains: [])
        posterior.paretoK = checked.paretoK
        fits.append(posterior)
        return false
    }

    /// Why the checked Laplace answer is not trusted, for people.
    static func untrustedReason(_ checked: CheckedLaplace, _ model: LatentCountModel) -> String {
        // Two decimals, three where two would print the threshold itself.
        let k = String(format: abs(checked.paretoK - CheckedLaplace.threshold) < 0.005 ? "%.3f" : "%.2f", checked.paretoK)
        if checked.paretoK > CheckedLaplace.threshold {
            return "Pareto k-hat \(k) > \(CheckedLaplace.threshold): the Laplace approximation does not fit this posterior"
        }
        if checked.effectiveSampleSize < CheckedLaplace.minimumESS {
            return "importance-sampling ESS \(wholeNumberText(checked.effectiveSampleSize)) < \(Int(CheckedLaplace.minimumESS)) "
                + "(Pareto k-hat \(k)): the Laplace approximation fits this posterior too loosely for precise figures"
        }
        let (d, c) = checked.profileDisagreement ?? (0, 0)
        if !d.isFinite {
            return "the profile approximation of \(model.cells[c]) could not be computed where its tail is heavier than "
                + "a Gaussian's (Pareto k-hat \(k)): the draws cannot be checked there"
        }
        return "the profile approximation of \(model.cells[c]) puts a 90% interval end \(Int((100 * d).rounded()))% away from "
            + "the importance-sampled one (more than \(Int(100 * CheckedLaplace.profileThreshold))%; Pareto k-hat \(k)): "
            + "the draws miss a tail of this posterior"
    }

    /// Tags the NUTS estimates as taking the Laplace method's place: in place when NUTS was
    /// not asked for, else as copies beside the NUTS rows.
    mutating func markFallback() {
        let nutsAsked = options.methods.contains(.nuts)
        for i in quantities.indices {
            guard let j = quantities[i].estimates.firstIndex(where: { $0.method == .nuts && $0.fallbackFrom == nil }) else {
                continue
            }
            if nutsAsked {
                var copy = quantities[i].estimates[j]
                copy.fallbackFrom = .laplace
                quantities[i].estimates.append(copy)
            } else {
                quantities[i].estimates[j].fallbackFrom = .laplace
            }
        }
    }

    /// Runs NUTS on `model` (`NUTS.run(_:from:settings:)`) and records the fit with its
    /// sampler warnings.
    mutating func appendNUTS(_ model: LatentCountModel, laplace: LaplaceFit?, settings: SamplerSettings) {
        let (chains, recipe) = NUTS.run(model, from: laplace, settings: settings)
        nutsFullWarmup = recipe == .fullWarmup
        nutsExtended = recipe == .extended
        let fit = PosteriorFit(method: .nuts, model: model, draws: chains.map(\.draws), chains: chains).truncatedAtFloors()
        fits.append(fit)
        if fit.divergences > 0 {
            warnings.append(
                AnalysisWarning(
                    .divergences, method: .nuts,
                    "\(fit.divergences) divergent transitions after warm-up; estimates may be biased"))
        }
        let saturated = fit.depthSaturations(maxDepth: settings.maxDepth)
        if saturated > 0 {
            warnings.append(
                AnalysisWarning(
                    .treeDepth, method: .nuts,
                    "\(saturated) transitions hit the maximum tree depth \(settings.maxDepth)"))
        }
    }

    /// Adds every fit's estimate of every quantity, its predictive checks and its
    /// convergence warnings.
    mutating func summarisePosteriors() {
        let qs = quantities.map(\.quantity), thresholds = options.thresholds
        for fit in fits {
            // The quantities' summaries and the predictive checks, in parallel.
            let terms = options.predictiveChecks ? fit.model.terms : []
            let box = ResultBox<Estimate>(count: qs.count), checkBox = ResultBox<PredictiveCheck>(count: terms.count)
            let counts = fit.cellCounts()
            DispatchQueue.concurrentPerform(iterations: qs.count + terms.count) { i in
                if i < qs.count {
                    box.set(i, fit.estimate(of: qs[i], thresholds: thresholds, counts: counts))
                } else {
                    checkBox.set(i - qs.count, fit.predictiveCheck(terms[i - qs.count]))
                }
            }
            checks[fit.method] = checkBox.values
            for (i, e) in box.values.enumerated() {
                quantities[i].estimates.append(e)
                if fit.isMCMC, let p = e.posterior { warnings += Self.convergenceWarnings(p, e.quantity) }
            }
            if let w = Self.conflictWarning(fit) { warnings.append(w) }
        }
    }

    /// The warning that `fit`'s claims conflict (`PosteriorFit.conflicts()`), naming the
    /// reports, or nil when none does.
    static func conflictWarning(_ fit: PosteriorFit) -> AnalysisWarning? {
        let flagged = fit.conflicts()
        guard let least = flagged.map(\.probability).min() else { return nil }
        let names = flagged.prefix(5).map(\.report).joined(separator: ", ") + (flagged.count > 5 ? ", ..." : "")
        let sigma0 = String(format: "%.2g", fit.model.settings.sigma0)
        let p = least < 1e-9 ? "below 1e-9" : String(format: "%.1g", least)
        return AnalysisWarning(
            .claimsConflict, method: fit.method,
            "claims conflict: \(flagged.count) report\(flagged.count == 1 ? "" : "s") (\(names)) far outside the consensus "
                + "(posterior predictive p \(p), where 0.001 would be rare if the model held); "
                + "the sources disagree beyond the model's noise (sigma0 \(sigma0)), so these intervals are too "
                + "narrow: check the figures, widen --sigma0, or read meta's intervals, which widen with disagreement")
    }

    /// R-hat above 1.01 and ESS below 400, as warnings.
    static func convergenceWarnings(_ p: PosteriorSummary, _ q: Quantity) -> [AnalysisWarning] {
        var out: [AnalysisWarning] = []
        if let r = p.rhat, r > 1.01 {
            out.append(AnalysisWarning(.rhat, method: .nuts, quantity: q, "R-hat \(String(format: "%.3f", r)) > 1.01"))
        }
        if let b = p.essBulk, let t = p.essTail, min(b, t) < 400 {
            let bulk = b.isFinite ? wholeNumberText(b) : "n/a", tail = t.isFinite ? wholeNumberText(t) : "n/a"
            out.append(AnalysisWarning(.lowESS, method: .nuts, quantity: q, "ESS bulk \(bulk), tail \(tail) (< 400)"))
        }
        return out
    }
}

extension PosteriorFit {
    /// The estimate of `q`: posterior median and central 90% interval, with P(Q > t) for the
    /// thresholds on `q`.
    public func estimate(of q: Quantity, thresholds: [Threshold] = []) -> Estimate {
        estimate(of: q, thresholds: thresholds, counts: cellCounts())
    }

    /// The same, from the fit's `cellCounts()` (computed once for all its quantities).
    func estimate(of q: Quantity, thresholds: [Threshold], counts: [[Double]]) -> Estimate {
        let s = summary(of: q, thresholds: thresholds.filter { $0.quantity == q }.map(\.value), counts: counts)
        let ninety = s.interval(0.9)!
        let used = model.terms.filter { !Set($0.cells.map { model.cells[$0] }).isDisjoint(with: q.cells) }.map(\.report)
        var e = Estimate(
            quantity: q, method: method, best: s.median, low: ninety.low, high: ninety.high,
            level: 0.9, reports: used, rangeMeaning: "90% credible interval")
        e.posterior = s
        e.paretoK = paretoK
        return e
    }
}

extension NUTS {
    /// Runs NUTS on `model` with `settings`, chains started at the Laplace mode of `laplace`
    /// jittered uniformly by one standard deviation (or at the prior without a fit). With the
    /// `laplace` metric the inverse metric is fixed at the Laplace variances and warm-up
    /// tunes the step size only; a run that then fails `converged(_:)` without a divergence
    /// goes on as long again (`extend(_:by:)`), and one that still fails, or diverged, is
    /// redone with the full adaptive warm-up (diagonal metric, at least the default 1,000
    /// warm-up iterations and 1,000 draws per chain); `recipe` says which.
    static func run(
        _ model: LatentCountModel, from laplace: LaplaceFit?, settings: SamplerSettings
    ) -> (chains: [Chain], recipe: RecipeOutcome) {
        var starts: [[Double]]? = nil, metric: [Double]? = nil
        if let fit = laplace {
            let sd = fit.standardDeviations
            var rng = Xoshiro256(seed: settings.seed, stream: 9_999)
            starts = (0..<settings.chains).map { _ in
                fit.mode.enumerated().map { i, m in m + (sd.indices.contains(i) ? sd[i] : 1) * (2 * rng.uniform() - 1) }
            }
            if settings.metric == .laplace, sd.count == model.dimension, sd.allSatisfy({ $0.isFinite && $0 > 0 }) {
                metric = sd.map { $0 * $0 }
            }
        }
        let sampler = NUTS(model: model, settings: settings)
        let chains = sampler.run(starts: starts, inverseMetric: metric)
        guard metric != nil && !converged(chains) else { return (chains, .short) }
        // Short of ESS or R-hat with no divergence: the chains go on as long again first.
        if !chains.contains(where: { $0.divergent.contains(true) }) {
            let longer = sampler.extend(chains, by: settings.draws)
            if converged(longer) { return (longer, .extended) }
        }
        var full = settings
        full.metric = .diagonal
        full.warmup = max(settings.warmup, SamplerSettings().warmup)
        full.draws = max(settings.draws, SamplerSettings().draws)
        return (NUTS(model: model, settings: full).run(starts: starts), .fullWarmup)
    }

    /// How a run of the `laplace`-metric recipe ended.
    public enum RecipeOutcome: Hashable, Sendable {
        /// The short run passed its checks (or the metric was not `laplace`).
        case short
        /// Its chains went on as long again, and then passed.
        case extended
        /// It was redone with the full adaptive warm-up.
        case fullWarmup
    }

    /// Whether `chains` pass the checks a short Laplace-metric run must pass to stand: no
    /// divergent transition, and for every parameter R-hat at most 1.01 and bulk and tail
    /// ESS at least 400 (Vehtari et al. 2021's thresholds, as the quantities' warnings use).
    static func converged(_ chains: [Chain]) -> Bool {
        guard let d = chains.first?.draws.first?.count, !chains.contains(where: { $0.divergent.contains(true) }) else {
            return false
        }
        for i in 0..<d {
            let x = chains.map { c in c.draws.map { $0[i] } }
            let c = Diagnostics.convergence(x)
            guard c.rhat.isFinite, c.rhat <= 1.01, c.essBulk >= 400, c.essTail >= 400 else {
                return false
            }
        }
        return true
    }

}
