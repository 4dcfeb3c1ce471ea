import CasualtyData
import Foundation

/// One alternative set of assumptions refitted in a sensitivity analysis.
public struct Scenario: Hashable, Sendable {
    /// Stable id, e.g. "drop-source:kowsari", "weight-half:irgc", "sigma0-double".
    public var id: String
    /// The family: leave-one-source-out, leave-one-document-out, weight, sigma0,
    /// prior-median, prior-scale, bias, rho, vague, sweep.
    public var kind: String
    /// In words, e.g. "without the reports of kowsari".
    public var description: String
    /// What was changed, as flag-like key/value pairs.
    public var settings: [String: String]
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
    public var warnings: [String]
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
    /// The tracked method id ("laplace", "nuts", "weighted-median", "meta-reml", ...).
    public var method: String
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
}

/// Sensitivity analysis: refits a case under single changes of its sources, documents,
/// weights and model assumptions, and ranks what moves each estimate.
public enum Sensitivity {
    /// The analysis families the tracked `method` needs.
    public static func families(for method: String) -> (Set<MethodFamily>, [TauEstimator])? {
        if method == "laplace" { return ([.laplace], []) }
        if method == "nuts" { return ([.nuts], []) }
        if method.hasPrefix("meta-"), let t = TauEstimator(rawValue: String(method.dropFirst(5))) { return ([.meta], [t]) }
        if standardEstimators.contains(where: { $0.id == method }) { return ([.weighted], []) }
        return nil
    }

    /// The method ids sensitivity can track.
    public static var methodIDs: [String] {
        standardEstimators.map(\.id) + TauEstimator.allCases.map { "meta-\($0.rawValue)" } + ["laplace", "nuts"]
    }

    /// The scenarios of the issue's list, for `evidence` under `options`: leave-one-source-out,
    /// leave-one-document-out, each weight halved and doubled (capped at 1; skipped when that
    /// changes nothing), sigma0 halved and doubled, prior median /10 and x10, prior scale halved
    /// and doubled, bias off and doubled, rho 0 and 0.9, vague intervals narrowed and widened
    /// by half.
    public static func scenarios(_ evidence: Evidence, options: AnalysisOptions) -> [Scenario] {
        let base = evidence.settings, m = options.model
        let pooled = evidence.pooledReports
        let sources = evidence.theCase.sources.map(\.id).filter { id in pooled.contains { $0.source == id } }
        let documents = evidence.theCase.documents.map(\.id).filter { id in pooled.contains { $0.documents.contains(id) } }
        var out: [Scenario] = []
        func add(_ id: String, _ kind: String, _ text: String, _ settings: [String: String],
                 evidence e: EvidenceSettings? = nil, model mm: ModelSettings? = nil) {
            out.append(Scenario(id: id, kind: kind, description: text, settings: settings, evidence: e ?? base, model: mm ?? m))
        }
        for s in sources {
            var e = base; e.excludedSources.insert(s)
            add("drop-source:\(s)", "leave-one-source-out", "without the reports of \(s)", ["exclude": s], evidence: e)
        }
        for d in documents {
            var e = base; e.excludedDocuments.insert(d)
            add("drop-document:\(d)", "leave-one-document-out", "without document \(d)", ["exclude-document": d], evidence: e)
        }
        for s in sources {
            let w = evidence.weight(of: s)
            var half = base; half.weights[s] = w / 2
            add("weight-half:\(s)", "weight", "\(s)'s weight halved to \(fmt(w / 2))", ["weight": "\(s)=\(fmt(w / 2))"], evidence: half)
            if min(1, 2 * w) != w {
                var double = base; double.weights[s] = min(1, 2 * w)
                add("weight-double:\(s)", "weight", "\(s)'s weight doubled to \(fmt(min(1, 2 * w)))",
                    ["weight": "\(s)=\(fmt(min(1, 2 * w)))"], evidence: double)
            }
        }
        func model(_ change: (inout ModelSettings) -> Void) -> ModelSettings { var x = m; change(&x); return x }
        add("sigma0-half", "sigma0", "sigma0 halved to \(fmt(m.sigma0 / 2))", ["sigma0": fmt(m.sigma0 / 2)], model: model { $0.sigma0 /= 2 })
        add("sigma0-double", "sigma0", "sigma0 doubled to \(fmt(m.sigma0 * 2))", ["sigma0": fmt(m.sigma0 * 2)], model: model { $0.sigma0 *= 2 })
        add("prior-median-div10", "prior-median", "prior median / 10 = \(fmt(m.priorMedian / 10))",
            ["prior-median": fmt(m.priorMedian / 10)], model: model { $0.priorMedian /= 10 })
        add("prior-median-x10", "prior-median", "prior median x 10 = \(fmt(m.priorMedian * 10))",
            ["prior-median": fmt(m.priorMedian * 10)], model: model { $0.priorMedian *= 10 })
        add("prior-scale-half", "prior-scale", "prior scale halved to \(fmt(m.priorScale / 2))",
            ["prior-scale": fmt(m.priorScale / 2)], model: model { $0.priorScale /= 2 })
        add("prior-scale-double", "prior-scale", "prior scale doubled to \(fmt(m.priorScale * 2))",
            ["prior-scale": fmt(m.priorScale * 2)], model: model { $0.priorScale *= 2 })
        add("bias-off", "bias", "no partisan bias", ["no-bias": "true"], model: model { $0.useBias = false })
        add("bias-double", "bias", "bias means doubled (own \(fmt(2 * m.biasOwn)), enemy \(fmt(2 * m.biasEnemy)))",
            ["bias-own": fmt(2 * m.biasOwn), "bias-enemy": fmt(2 * m.biasEnemy)],
            model: model { $0.biasOwn *= 2; $0.biasEnemy *= 2 })
        add("rho-0", "rho", "no shared origin (rho 0)", ["rho": "0"], model: model { $0.rho = 0 })
        add("rho-0.9", "rho", "strong shared origin (rho 0.9)", ["rho": "0.9"], model: model { $0.rho = 0.9 })
        var narrow = base; narrow.vagueWidening = base.vagueWidening * 0.5
        add("vague-narrow", "vague", "vague-word intervals narrowed by half", ["widen-vague": fmt(narrow.vagueWidening)], evidence: narrow)
        var wide = base; wide.vagueWidening = base.vagueWidening * 1.5
        add("vague-wide", "vague", "vague-word intervals widened by half", ["widen-vague": fmt(wide.vagueWidening)], evidence: wide)
        return out
    }

    static func fmt(_ x: Double) -> String { String(format: "%g", x) }

    /// Runs the baseline and every scenario (in parallel, `progress(done, total)` after each),
    /// tracking `method` on `queries` (default: the case's default quantities and thresholds).
    public static func run(_ evidence: Evidence, method: String, queries: [Quantity]?, options: AnalysisOptions,
                           sweepSource: String? = nil,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws(SettingsError) -> SensitivityResult {
        guard let (families, taus) = families(for: method) else {
            throw SettingsError(message: "unknown method '\(method)' for sensitivity",
                                fix: "use one of: \(methodIDs.joined(separator: ", "))")
        }
        var opts = options
        opts.methods = families
        if !taus.isEmpty { opts.metaMethods = taus }
        let baseline = evidence.estimate(queries, options: opts)
        let qs = baseline.quantities.map(\.quantity)
        // NUTS refits start from the baseline's adaptation where the parameters are the same.
        if families.contains(.nuts), let fit = baseline.fits.first(where: { $0.method == "nuts" }) {
            opts.sampler.warmStart = fit.chains.map {
                SamplerSettings.WarmStart(parameterNames: fit.model.parameterNames, stepSize: $0.stepSize,
                                          inverseMetric: $0.inverseMetric, position: $0.draws.last ?? fit.model.priorMean)
            }
        }
        var list = scenarios(evidence, options: opts)
        if let s = sweepSource {
            guard evidence.theCase.source(s) != nil else {
                throw SettingsError(message: "unknown source '\(s)' in --sweep",
                                    fix: nearestName(to: s, in: evidence.theCase.sources.map(\.id)).map { "did you mean '\($0)'?" }
                                        ?? "name a source of the case")
            }
            for i in 1...20 {
                let w = Double(i) * 0.05
                var e = evidence.settings
                e.weights[s] = w
                e.excludedSources.remove(s)
                list.append(Scenario(id: "sweep:\(s)=\(fmt(w))", kind: "sweep", description: "\(s)'s weight set to \(fmt(w))",
                                     settings: ["weight": "\(s)=\(fmt(w))"], evidence: e, model: opts.model))
            }
        }
        let scenarioList = list  // immutable for the workers
        let total = scenarioList.count
        let box = ResultBox<ScenarioOutcome>(count: total)
        let counter = Counter()
        let theCase = evidence.theCase
        let frozen = opts
        DispatchQueue.concurrentPerform(iterations: total) { i in
            let sc = scenarioList[i]
            var o = frozen
            o.model = sc.model
            var outcome = ScenarioOutcome(scenario: sc, estimates: [], warnings: [])
            if let ev = try? Evidence(theCase, settings: sc.evidence) {
                let r = ev.estimate(qs, options: o)
                outcome.estimates = r.estimates.filter { $0.method == method }
                outcome.warnings = r.warnings
            } else {
                outcome.warnings = ["the scenario's settings do not fit the case"]
            }
            box.set(i, outcome)
            progress?(counter.increment(), total)
        }
        let all = box.values
        let outcomes = all.filter { $0.scenario.kind != "sweep" }
        let sweep = sweepSource.map { s in
            WeightSweep(source: s, points: all.filter { $0.scenario.kind == "sweep" }.map {
                (Double($0.scenario.settings["weight"]!.split(separator: "=")[1]) ?? 0, $0.estimates)
            })
        }
        let base = baseline.estimates.filter { $0.method == method }
        var ranking: [String: [RankEntry]] = [:]
        for q in qs {
            guard let b = base.first(where: { $0.quantity == q }) else { continue }
            ranking[q.name] = outcomes.compactMap { o in
                o.estimates.first { $0.quantity == q }.map {
                    RankEntry(scenario: o.scenario.id, deltaBest: $0.best - b.best, deltaLow: $0.low - b.low, deltaHigh: $0.high - b.high)
                }
            }.sorted {
                let a = (abs($0.deltaBest), max(abs($0.deltaLow), abs($0.deltaHigh)))
                let c = (abs($1.deltaBest), max(abs($1.deltaLow), abs($1.deltaHigh)))
                return a != c ? a > c : $0.scenario < $1.scenario
            }
        }
        let verdicts = options.thresholds.compactMap { t -> ThresholdVerdict? in
            guard let b = base.first(where: { $0.quantity == t.quantity }) else { return nil }
            func probability(_ e: Estimate) -> Double { e.posterior?.exceedance[t.value] ?? (e.best > t.value ? 1 : 0) }
            let p0 = probability(b)
            var by: [String: Double] = [:]
            for o in outcomes { if let e = o.estimates.first(where: { $0.quantity == t.quantity }) { by[o.scenario.id] = probability(e) } }
            let order = outcomes.map(\.scenario.id).filter { by[$0] != nil }
            let f50 = order.filter { (by[$0]! > 0.5) != (p0 > 0.5) }
            let f90 = order.filter { (by[$0]! > 0.9) != (p0 > 0.9) }
            return ThresholdVerdict(threshold: t, baseline: p0, byScenario: by, flips50: f50, flips90: f90,
                                    sentence: sentence(t, p0: p0, by: by, f50: f50, f90: f90, bayes: b.posterior != nil))
        }
        return SensitivityResult(method: method, baseline: baseline, outcomes: outcomes, ranking: ranking,
                                 verdicts: verdicts, sweep: sweep)
    }

    static func sentence(_ t: Threshold, p0: Double, by: [String: Double], f50: [String], f90: [String], bayes: Bool) -> String {
        let q = "\(t.quantity.name) > \(fmt(t.value))"
        func list(_ ids: [String]) -> String {
            ids.prefix(5).map { "\($0) (\(String(format: "%.2f", by[$0]!)))" }.joined(separator: ", ") + (ids.count > 5 ? ", and \(ids.count - 5) more" : "")
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

/// A thread-safe counter for progress reports.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
