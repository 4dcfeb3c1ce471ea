import CasualtyData
import Foundation

/// The one change a sensitivity scenario makes to the baseline.
public enum ScenarioChange: Hashable, Sendable {
    /// Leave out every report of a source.
    case dropSource(String)
    /// Leave out a document.
    case dropDocument(String)
    /// Set a source's weight (halved, doubled, or a point of a sweep).
    case weight(source: String, to: Double)
    /// Set sigma0.
    case sigma0(Double)
    /// Set the prior median of each cell.
    case priorMedian(Double)
    /// Set the prior scale of each cell.
    case priorScale(Double)
    /// Turn partisan bias off.
    case noBias
    /// Set the prior bias means.
    case biasMeans(own: Double, enemy: Double)
    /// Set rho.
    case rho(Double)
    /// Scale the vague-word and hedge intervals.
    case vagueScale(Double)
    /// The case's hand weights and bias priors instead of the learned sources (`--sources`).
    case handWeights

    /// The change as the flags of `estimate` that make it, e.g. `["weight": "irgc=0.35"]`.
    public var flags: [String: String] {
        func f(_ x: Double) -> String { String(format: "%g", x) }
        switch self {
        case .dropSource(let s): return ["exclude": s]
        case .dropDocument(let d): return ["exclude-document": d]
        case let .weight(s, w): return ["weight": "\(s)=\(f(w))"]
        case .sigma0(let x): return ["sigma0": f(x)]
        case .handWeights: return ["sources": "(none)"]
        case .priorMedian(let x): return ["prior-median": f(x)]
        case .priorScale(let x): return ["prior-scale": f(x)]
        case .noBias: return ["no-bias": "true"]
        case let .biasMeans(own, enemy): return ["bias-own": f(own), "bias-enemy": f(enemy)]
        case .rho(let x): return ["rho": f(x)]
        case .vagueScale(let x): return ["widen-vague": f(x)]
        }
    }
}

/// The families of scenarios, as written in output.
public enum ScenarioKind: String, Hashable, Sendable, CaseIterable {
    /// One source's reports left out.
    case leaveOneSourceOut = "leave-one-source-out"
    /// One document left out.
    case leaveOneDocumentOut = "leave-one-document-out"
    /// One source's weight halved or doubled.
    case weight
    /// sigma0 halved or doubled.
    case sigma0
    /// The prior median divided or multiplied by 10.
    case priorMedian = "prior-median"
    /// The prior scale halved or doubled.
    case priorScale = "prior-scale"
    /// Bias off, or its means doubled.
    case bias
    /// rho set to 0 or 0.9.
    case rho
    /// Vague-word intervals narrowed or widened.
    case vague
    /// A point of a weight sweep.
    case sweep
    /// The hand weights instead of the learned sources.
    case learned
}

/// One alternative set of assumptions refitted in a sensitivity analysis.
public struct Scenario: Hashable, Sendable {
    /// Stable id, e.g. "drop-source:kowsari", "weight-half:irgc", "sigma0-double".
    public var id: String
    /// The family of the scenario.
    public var kind: ScenarioKind
    /// In words, e.g. "without the reports of kowsari".
    public var description: String
    /// What was changed.
    public var change: ScenarioChange
    /// The evidence settings of the refit.
    public var evidence: EvidenceSettings
    /// The model settings of the refit.
    public var model: ModelSettings
}

/// A refit's estimates for the tracked method.
public struct ScenarioOutcome: Sendable {
    /// The scenario.
    public var scenario: Scenario
    /// The tracked method's estimate per quantity (absent where it has none).
    public var estimates: [Estimate]
    /// Warnings of the refit (convergence, failed approximation).
    public var warnings: [AnalysisWarning]
    /// Quantities no claim speaks about any more in this scenario: their estimate is the
    /// prior's ("no data left"), so the scenario is not ranked as a driver of them.
    public var priorOnly: Set<Quantity> = []
}

/// How much one scenario moves one quantity's estimate.
public struct RankEntry: Hashable, Sendable {
    /// Scenario id.
    public var scenario: String
    /// best - baseline best.
    public var deltaBest: Double
    /// low - baseline low.
    public var deltaLow: Double
    /// high - baseline high.
    public var deltaHigh: Double
}

/// Whether a threshold conclusion survives each single change.
public struct ThresholdVerdict: Sendable {
    /// The question.
    public var threshold: Threshold
    /// P(Q > t) at baseline (for non-Bayesian methods: 1 if best > t, else 0).
    public var baseline: Double
    /// P(Q > t) under each scenario, by scenario id.
    public var byScenario: [String: Double]
    /// Scenarios that put the probability on the other side of 0.5.
    public var flips50: [String]
    /// Scenarios that put the probability on the other side of 0.9.
    public var flips90: [String]
    /// The verdict in plain language.
    public var sentence: String
}

/// A source's weight traced from 0.05 to 1.
public struct WeightSweep: Sendable {
    /// The source.
    public var source: String
    /// (weight, the tracked method's estimates) pairs, ascending in weight.
    public var points: [(weight: Double, estimates: [Estimate])]
}

/// The whole analysis: baseline, every scenario, rankings and verdicts.
public struct SensitivityResult: Sendable {
    /// The tracked method.
    public var method: MethodID
    /// The baseline estimation (all families that the method needs).
    public var baseline: EstimationResult
    /// Every scenario's refit.
    public var outcomes: [ScenarioOutcome]
    /// Per quantity name, the scenarios in tornado order (largest |delta best| first, ties
    /// broken by the larger change of either interval end).
    public var ranking: [String: [RankEntry]]
    /// One verdict per threshold.
    public var verdicts: [ThresholdVerdict]
    /// The weight sweep, when asked for.
    public var sweep: WeightSweep?
    /// Per quantity name, the scenarios that leave it with no claim (prior only), in order.
    public var priorOnly: [String: [String]] = [:]
}

/// Sensitivity analysis: refits a case under single changes of its sources, documents,
/// weights and model assumptions, and ranks what moves each estimate.
public enum Sensitivity {
    /// The options that run `method` (and nothing else) on top of `options`.
    public static func options(tracking method: MethodID, _ options: AnalysisOptions) -> AnalysisOptions {
        var o = options
        o.select([.method(method)])
        return o
    }

    /// The scenarios of the issue's list, for `evidence` under `options`: leave-one-source-out,
    /// leave-one-document-out, each weight halved and doubled (capped at 1; skipped when that
    /// changes nothing), sigma0 halved and doubled, prior median /10 and x10, prior scale halved
    /// and doubled, bias off and doubled, rho 0 and 0.9, vague intervals narrowed and widened
    /// by half.
    public static func scenarios(_ evidence: Evidence, options: AnalysisOptions) -> [Scenario] {
        let pooled = evidence.pooledReports
        let sources = evidence.theCase.sources.map(\.id).filter { id in pooled.contains { $0.source == id } }
        let documents = evidence.theCase.documents.map(\.id).filter { id in pooled.contains { $0.documents.contains(id) } }
        var b = ScenarioBuilder(evidence: evidence.settings, model: options.model)
        for s in sources { b.add("drop-source:\(s)", .leaveOneSourceOut, "without the reports of \(s)", .dropSource(s)) }
        for d in documents { b.add("drop-document:\(d)", .leaveOneDocumentOut, "without document \(d)", .dropDocument(d)) }
        for s in sources {
            let w = evidence.weight(of: s)
            b.add("weight-half:\(s)", .weight, "\(s)'s weight halved to \(fmt(w / 2))", .weight(source: s, to: w / 2))
            if min(1, 2 * w) != w {
                b.add(
                    "weight-double:\(s)", .weight, "\(s)'s weight doubled to \(fmt(min(1, 2 * w)))",
                    .weight(source: s, to: min(1, 2 * w)))
            }
        }
        b.addModelScenarios()
        if evidence.settings.learned != nil {
            b.add(
                "hand-weights", .learned, "the case's hand weights and bias priors instead of the learned sources", .handWeights)
        }
        let v = evidence.settings.vagueWidening
        b.add("vague-narrow", .vague, "vague-word intervals narrowed by half", .vagueScale(v * 0.5))
        b.add("vague-wide", .vague, "vague-word intervals widened by half", .vagueScale(v * 1.5))
        return b.scenarios
    }

    /// The weight sweep of `source` from 0.05 to 1 in 20 steps.
    static func sweepScenarios(_ source: String, _ evidence: EvidenceSettings, _ model: ModelSettings) -> [Scenario] {
        var b = ScenarioBuilder(evidence: evidence, model: model)
        for i in 1...20 {
            let w = Double(i) * 0.05
            b.add("sweep:\(source)=\(fmt(w))", .sweep, "\(source)'s weight set to \(fmt(w))", .weight(source: source, to: w))
        }
        return b.scenarios
    }

    static func fmt(_ x: Double) -> String { String(format: "%g", x) }

    /// Runs the baseline and every scenario (in parallel, `progress(done, total)` after each),
    /// tracking `method` on `queries` (default: the case's default quantities and thresholds).
    public static func run(
        _ evidence: Evidence, method: MethodID, queries: [Quantity]?, options: AnalysisOptions,
        sweepSource: String? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(SettingsError) -> SensitivityResult {
        var opts = Self.options(tracking: method, options)
        let baseline = evidence.estimate(queries, options: opts)
        let qs = baseline.quantities.map(\.quantity)
        if method == .nuts, let fit = baseline.fits.first(where: { $0.method == .nuts }) {
            opts.sampler.warmStart = warmStart(fit)
        }
        var list = scenarios(evidence, options: opts)
        if let s = sweepSource {
            guard evidence.theCase.source(s) != nil else {
                throw SettingsError(
                    message: "unknown source '\(s)' in --sweep",
                    fix: nearestName(to: s, in: evidence.theCase.sources.map(\.id)).map { "did you mean '\($0)'?" }
                        ?? "name a source of the case")
            }
            list += sweepScenarios(s, evidence.settings, opts.model)
        }
        let all = refit(list, of: evidence.theCase, qs, method: method, options: opts, progress: progress)
        let outcomes = all.filter { $0.scenario.kind != .sweep }
        let sweep = sweepSource.map { s in
            WeightSweep(
                source: s,
                points: all.filter { $0.scenario.kind == .sweep }.map { o in
                    guard case let .weight(_, w) = o.scenario.change else { return (0, o.estimates) }
                    return (w, o.estimates)
                })
        }
        let base = baseline.estimates.filter { $0.answers == method }
        var priorOnly: [String: [String]] = [:]
        for q in qs {
            let ids = outcomes.filter { $0.priorOnly.contains(q) }.map(\.scenario.id)
            if !ids.isEmpty { priorOnly[q.name] = ids }
        }
        var result = SensitivityResult(
            method: method, baseline: baseline, outcomes: outcomes,
            ranking: ranking(qs, base: base, outcomes: outcomes),
            verdicts: options.thresholds.compactMap { verdict($0, base: base, outcomes: outcomes) },
            sweep: sweep)
        result.priorOnly = priorOnly
        return result
    }

    /// NUTS refits start from the baseline's adaptation where the parameters are the same.
    static func warmStart(_ fit: PosteriorFit) -> [SamplerSettings.WarmStart] {
        fit.chains.map {
            SamplerSettings.WarmStart(
                parameterNames: fit.model.parameterNames, stepSize: $0.stepSize,
                inverseMetric: $0.inverseMetric, position: $0.draws.last ?? fit.model.priorMean)
        }
    }

    /// Every scenario's refit, in parallel, in the order of `list`.
    static func refit(
        _ list: [Scenario], of theCase: Case, _ qs: [Quantity], method: MethodID, options: AnalysisOptions,
        progress: (@Sendable (Int, Int) -> Void)?
    ) -> [ScenarioOutcome] {
        let box = ResultBox<ScenarioOutcome>(count: list.count)
        let counter = Counter()
        DispatchQueue.concurrentPerform(iterations: list.count) { i in
            let sc = list[i]
            var o = options
            o.model = sc.model
            var outcome = ScenarioOutcome(scenario: sc, estimates: [], warnings: [])
            if let ev = try? Evidence(theCase, settings: sc.evidence) {
                let r = ev.estimate(qs, options: o)
                outcome.estimates = r.estimates.filter { $0.answers == method }
                outcome.warnings = r.warnings
                let covered = Set(ev.pooledReports.flatMap(\.quantity.cells))
                outcome.priorOnly = Set(qs.filter { q in q.cells.allSatisfy { !covered.contains($0) } })
            } else {
                outcome.warnings = [
                    AnalysisWarning(.scenarioNotApplicable, method: method, "the scenario's settings do not fit the case")
                ]
            }
            box.set(i, outcome)
            progress?(counter.increment(), list.count)
        }
        return box.values
    }

    /// Per quantity, the scenarios in tornado order (largest |delta best| first, ties broken
    /// by the larger change of either interval end, then by id).
    static func ranking(_ qs: [Quantity], base: [Estimate], outcomes: [ScenarioOutcome]) -> [String: [RankEntry]] {
        var ranking: [String: [RankEntry]] = [:]
        for q in qs {
            guard let b = base.first(where: { $0.quantity == q }) else { continue }
            ranking[q.name] = outcomes.filter { !$0.priorOnly.contains(q) }.compactMap { o in
                o.estimates.first { $0.quantity == q }.map {
                    RankEntry(
                        scenario: o.scenario.id, deltaBest: $0.best - b.best, deltaLow: $0.low - b.low,
                        deltaHigh: $0.high - b.high)
                }
            }.sorted {
                let a = (abs($0.deltaBest), max(abs($0.deltaLow), abs($0.deltaHigh)))
                let c = (abs($1.deltaBest), max(abs($1.deltaLow), abs($1.deltaHigh)))
                return a != c ? a > c : $0.scenario < $1.scenario
            }
        }
        return ranking
    }

    /// Whether the answer to threshold `t` survives each scenario.
    static func verdict(_ t: Threshold, base: [Estimate], outcomes: [ScenarioOutcome]) -> ThresholdVerdict? {
        guard let b = base.first(where: { $0.quantity == t.quantity }) else { return nil }
        func probability(_ e: Estimate) -> Double { e.posterior?.exceedance[t.value] ?? (e.best > t.value ? 1 : 0) }
        let p0 = probability(b)
        var by: [String: Double] = [:]
        for o in outcomes where !o.priorOnly.contains(t.quantity) {
            if let e = o.estimates.first(where: { $0.quantity == t.quantity }) { by[o.scenario.id] = probability(e) }
        }
        let order = outcomes.map(\.scenario.id).filter { by[$0] != nil }
        let f50 = order.filter { (by[$0]! > 0.5) != (p0 > 0.5) }
        let f90 = order.filter { (by[$0]! > 0.9) != (p0 > 0.9) }
        return ThresholdVerdict(
            threshold: t, baseline: p0, byScenario: by, flips50: f50, flips90: f90,
            sentence: sentence(t, p0: p0, by: by, f50: f50, f90: f90, bayes: b.posterior != nil))
    }

    static func sentence(_ t: Threshold, p0: Double, by: [String: Double], f50: [String], f90: [String], bayes: Bool) -> String {
        let q = "\(t.quantity.name) > \(fmt(t.value))"
        func list(_ ids: [String]) -> String {
            ids.prefix(5).map { "\($0) (\(String(format: "%.2f", by[$0]!)))" }.joined(separator: ", ")
                + (ids.count > 5 ? ", and \(ids.count - 5) more" : "")
        }
        guard bayes else {
            let holds = p0 > 0.5
            return "The best figure is \(holds ? "above" : "not above") \(fmt(t.value)) at baseline; "
                + (f50.isEmpty ? "no single change reverses that." : "it reverses under \(list(f50)).")
        }
        var s = "P(\(q)) = \(String(format: "%.2f", p0)) at baseline. "
        let side50 = p0 > 0.5 ? "below" : "above", side90 = p0 > 0.9 ? "below" : "above"
        s += f50.isEmpty ? "No single change takes it \(side50) 0.5. " : "It goes \(side50) 0.5 under \(list(f50)). "
        s += f90.isEmpty ? "No single change takes it \(side90) 0.9." : "It goes \(side90) 0.9 under \(list(f90))."
        return s
    }
}

/// Builds scenarios from one baseline: each change is applied to a copy of the baseline's
/// evidence and model settings.
struct ScenarioBuilder {
    let evidence: EvidenceSettings
    let model: ModelSettings
    private(set) var scenarios: [Scenario] = []

    init(evidence: EvidenceSettings, model: ModelSettings) {
        self.evidence = evidence
        self.model = model
    }

    mutating func add(_ id: String, _ kind: ScenarioKind, _ text: String, _ change: ScenarioChange) {
        var e = evidence, m = model
        switch change {
        case .dropSource(let s): e.excludedSources.insert(s)
        case .dropDocument(let d): e.excludedDocuments.insert(d)
        case let .weight(s, w):
            e.weights[s] = w
            e.excludedSources.remove(s)
        case .sigma0(let x): m.sigma0 = x
        case .priorMedian(let x): m.priorMedian = x
        case .priorScale(let x): m.priorScale = x
        case .noBias: m.useBias = false
        case let .biasMeans(own, enemy):
            m.biasOwn = own
            m.biasEnemy = enemy
        case .rho(let x): m.rho = x
        case .vagueScale(let x): e.vagueWidening = x
        case .handWeights: e.learned = nil
        }
        scenarios.append(Scenario(id: id, kind: kind, description: text, change: change, evidence: e, model: m))
    }

    /// sigma0, prior median and scale, bias and rho scenarios.
    mutating func addModelScenarios() {
        let m = model, f = Sensitivity.fmt
        add("sigma0-half", .sigma0, "sigma0 halved to \(f(m.sigma0 / 2))", .sigma0(m.sigma0 / 2))
        add("sigma0-double", .sigma0, "sigma0 doubled to \(f(m.sigma0 * 2))", .sigma0(m.sigma0 * 2))
        add("prior-median-div10", .priorMedian, "prior median / 10 = \(f(m.priorMedian / 10))", .priorMedian(m.priorMedian / 10))
        add("prior-median-x10", .priorMedian, "prior median x 10 = \(f(m.priorMedian * 10))", .priorMedian(m.priorMedian * 10))
        add("prior-scale-half", .priorScale, "prior scale halved to \(f(m.priorScale / 2))", .priorScale(m.priorScale / 2))
        add("prior-scale-double", .priorScale, "prior scale doubled to \(f(m.priorScale * 2))", .priorScale(m.priorScale * 2))
        add("bias-off", .bias, "no partisan bias", .noBias)
        add(
            "bias-double", .bias, "bias means doubled (own \(f(2 * m.biasOwn)), enemy \(f(2 * m.biasEnemy)))",
            .biasMeans(own: 2 * m.biasOwn, enemy: 2 * m.biasEnemy))
        add("rho-0", .rho, "no shared origin (rho 0)", .rho(0))
        add("rho-0.9", .rho, "strong shared origin (rho 0.9)", .rho(0.9))
    }
}
