import CasualtyData
import CasualtyModel
import Foundation

/// The machine-readable estimate (`schema: "casualty-estimate/1"`), documented in README.md.
///
/// Top level: `schema`, `case` (id), `title`, `settings` (`weights`, `excluded_sources`,
/// `methods`, `model`, `sampler`), `quantities` (each `quantity`, `cells`, `claims`: the report
/// ids about it, and `no_estimate`: the methods asked for that gave none though claims are
/// about it, each `method` and `reason`), `estimates`: one object per quantity and method with `quantity`, `method`,
/// `best`, `low`, `high`, `level` (null when the range is not a probability interval),
/// `reports` and `range`, plus for the Bayesian methods `mean`, `sd`, `intervals`
/// (`{"0.5": [lo, hi], "0.9": ..., "0.95": ...}`), `exceedance` and, for NUTS, `rhat`,
/// `ess_bulk`, `ess_tail`; `thresholds` (P(Q > t) per method), `checks` (posterior predictive
/// probability of each report's claim, `flagged` below 0.05), `diagnostics` (NUTS:
/// divergences, tree-depth hits, step sizes), `warnings` and, when the Laplace method ran,
/// `floors` (named counts: `report`, `quantity`, `floor`: a hard lower bound), `bias_priors`
/// (per report with a bias term: `rule`, `mean`, `sd`, `rationale`, `citation`),
/// `laplace_check` (`pareto_k`, `ess`, `trusted`, `fallback`, `saddle_escapes`, `draws` per round and the
/// thresholds). Estimates carry `pareto_k` (Laplace) and `fallback_from` (an estimate by
/// NUTS in the place of an untrusted Laplace approximation).
/// Keys are sorted so output is byte-for-byte reproducible.
public struct JSONRenderer: Renderer {
    /// The schema id written in every document.
    public static let schema = "casualty-estimate/1"

    public init() {}

    struct Document: Encodable {
        var schema = JSONRenderer.schema
        var `case`: String
        var title: String
        var settings: Settings
        var quantities: [QuantityEntry]
        var estimates: [EstimateEntry]
        var thresholds: [ThresholdEntry]
        var checks: [CheckEntry]
        var diagnostics: [MethodID.RawValue: SamplerDiagnostics]
        var warnings: [String]
        var floors: [FloorEntry]
        var laplace_check: LaplaceCheckEntry?
        var bias_priors: [BiasPriorEntry]
        var exclusions: [ExclusionEntry]
        var notes: [NoteEntry]
    }
    /// A figure read in a document but deliberately not pooled, with the reason.
    struct ExclusionEntry: Encodable {
        var document, figure, reason: String
        var quote: String?
    }
    /// An analyst's note on a report.
    struct NoteEntry: Encodable {
        var report, note: String
    }
    /// The bias prior that applied to a report (absent: no bias term).
    struct BiasPriorEntry: Encodable {
        var report: String
        var rule: String
        var mean, sd: Double
        var rationale: String
        var citation: String?
    }
    /// A named count: the sum of `cells` is at least `floor` for certain.
    struct FloorEntry: Encodable {
        var report: String
        var quantity: String
        var floor: Double
    }
    struct LaplaceCheckEntry: Encodable {
        var pareto_k: Double?
        var ess: Double?
        var trusted: Bool
        var fallback: Bool
        var saddle_escapes: Int
        var draws: Int?
        var threshold_k = CheckedLaplace.threshold
        var minimum_ess = CheckedLaplace.minimumESS
        var profile_disagreement: Double?
        var threshold_profile = CheckedLaplace.profileThreshold

        func encode(to encoder: Encoder) throws {
            enum K: String, CodingKey {
                case pareto_k, ess, trusted, fallback, saddle_escapes, draws, threshold_k, minimum_ess, profile_disagreement,
                    threshold_profile
            }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(pareto_k.flatMap { $0.isFinite ? $0 : nil }, forKey: .pareto_k)  // null: no mode, or k-hat not estimable
            try c.encode(ess, forKey: .ess)
            try c.encode(trusted, forKey: .trusted)
            try c.encode(fallback, forKey: .fallback)
            try c.encode(saddle_escapes, forKey: .saddle_escapes)
            try c.encode(draws, forKey: .draws)  // null: no mode to check
            try c.encode(threshold_k, forKey: .threshold_k)
            try c.encode(minimum_ess, forKey: .minimum_ess)
            // null: not computed (k-hat or ESS failed first).
            try c.encode(profile_disagreement.flatMap { $0.isFinite ? $0 : nil }, forKey: .profile_disagreement)
            try c.encode(threshold_profile, forKey: .threshold_profile)
        }
    }
    struct Settings: Encodable {
        var weights: [String: Double]
        var excluded_sources: [String]
        var methods: [String]
        var model: ModelEntry?
        var sampler: SamplerEntry?
    }
    struct ModelEntry: Encodable {
        var sigma0, prior_median, prior_scale, bias_own, bias_enemy, bias_sd, rho: Double
        var bias: Bool
    }
    struct SamplerEntry: Encodable {
        var chains, warmup, draws: Int
        var seed: UInt64
    }
    struct ThresholdEntry: Encodable {
        var quantity: String
        var threshold: Double
        var method: MethodID
        var probability: Double
    }
    struct CheckEntry: Encodable {
        var method: MethodID
        var report: String
        var probability: Double
        var flagged: Bool
    }
    struct SamplerDiagnostics: Encodable {
        var divergences: Int
        var max_treedepth_hits: Int
        var step_sizes: [Double]
        var mean_accept_stat: [Double]
        var leapfrog_steps: Int
    }
    struct QuantityEntry: Encodable {
        var quantity: String
        var cells: [String]
        var claims: [String]
        /// Methods asked for that gave no estimate though claims are about the quantity
        /// (absent when none).
        var no_estimate: [NoEstimateEntry]?
    }
    /// A method with no estimate of a quantity, and why (`MissingEstimate.Reason`).
    struct NoEstimateEntry: Encodable {
        var method: MethodID
        var reason: String
    }
    /// The methods without an estimate of `q` though claims are about it; nil when none.
    static func noEstimate(_ q: QuantityEstimates) -> [NoEstimateEntry]? {
        let entries = q.explainedMissing.map { NoEstimateEntry(method: $0.method, reason: $0.reason.rawValue) }
        return entries.isEmpty ? nil : entries
    }
    struct EstimateEntry: Encodable {
        var quantity: String
        var method: MethodID
        var best: Double
        var low: Double
        var high: Double
        var level: Double?
        var reports: [String]
        var range: String
        var posterior: PosteriorSummary?
        var meta: MetaFit?
        var claimsUsed: Int?
        var claimsTotal: Int?
        var paretoK: Double?
        var fallbackFrom: MethodID?

        func encode(to encoder: Encoder) throws {
            enum K: String, CodingKey {
                case quantity, method, best, low, high, level, reports, range
                case mean, sd, intervals, exceedance, rhat, ess_bulk, ess_tail
                case claims_used, claims_total, meta, pareto_k, fallback_from, contraction, rests_on_prior
            }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(method, forKey: .method)
            try c.encode(best, forKey: .best)
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
            try c.encode(level, forKey: .level)  // null, not absent, when nil
            try c.encode(reports, forKey: .reports)
            try c.encode(range, forKey: .range)
            if let u = claimsUsed { try c.encode(u, forKey: .claims_used) }
            if let k = paretoK { try c.encode(k.isFinite ? k : nil, forKey: .pareto_k) }
            if let f = fallbackFrom { try c.encode(f, forKey: .fallback_from) }
            if let t = claimsTotal { try c.encode(t, forKey: .claims_total) }
            if let m = meta {
                // The fit on the log1p scale, with metafor's names.
                try c.encode(
                    [
                        "tau2": m.tau2, "estimate": m.estimate, "se": m.se, "ci_lb": m.ciLower, "ci_ub": m.ciUpper,
                        "pi_lb": m.piLower, "pi_ub": m.piUpper, "i2": m.i2, "h2": m.h2, "q": m.q,
                        "q_pval": m.qPValue, "k": Double(m.k),
                    ], forKey: .meta)
            }
            guard let p = posterior else { return }
            try c.encode(p.mean, forKey: .mean)
            try c.encode(p.sd, forKey: .sd)
            var intervals: [String: [Double]] = [:]
            for i in p.intervals { intervals[String(i.level)] = [i.low, i.high] }
            try c.encode(intervals, forKey: .intervals)
            if !p.exceedance.isEmpty {
                try c.encode(
                    Dictionary(uniqueKeysWithValues: p.exceedance.map { (String(format: "%g", $0.key), $0.value) }),
                    forKey: .exceedance)
            }
            if let k = p.contraction {
                try c.encode(k.isFinite ? k : nil, forKey: .contraction)
                try c.encode(p.restsOnPrior, forKey: .rests_on_prior)
            }
            if let r = p.rhat { try c.encode(r.isFinite ? r : nil, forKey: .rhat) }
            if let e = p.essBulk { try c.encode(e.isFinite ? e : nil, forKey: .ess_bulk) }
            if let e = p.essTail { try c.encode(e.isFinite ? e : nil, forKey: .ess_tail) }
        }
    }

    /// The bias prior of every pooled report that has one.
    static func biasPriors(_ result: EstimationResult) -> [BiasPriorEntry] {
        let c = result.evidence.theCase, m = result.options.model
        return result.evidence.pooledReports.compactMap { r in
            guard r.basis == .estimate, let s = c.source(r.source), let (_, rule) = c.biasRule(of: s, to: r.quantity) else {
                return nil
            }
            return BiasPriorEntry(
                report: r.id, rule: rule.label, mean: LatentCountModel.biasMean(rule.mean, m), sd: rule.sd ?? m.biasSD,
                rationale: rule.rationale, citation: rule.citation)
        }
    }

    /// One estimate in the JSON form shared by `estimate` and `sensitivity`.
    static func entry(_ e: Estimate) -> EstimateEntry {
        EstimateEntry(
            quantity: e.quantity.name, method: e.method, best: e.best, low: e.low, high: e.high, level: e.level,
            reports: e.reports, range: e.rangeMeaning, posterior: e.posterior, meta: e.meta,
            claimsUsed: e.claimsUsed, claimsTotal: e.claimsTotal, paretoK: e.paretoK, fallbackFrom: e.fallbackFrom)
    }

    public func render(_ result: EstimationResult) throws -> String {
        try reproducibleJSON(Self.document(result))
    }

    /// The document `render` writes.
    static func document(_ result: EstimationResult) -> Document {
        let c = result.evidence.theCase
        let o = result.options
        let bayes = o.methods.contains(.laplace) || o.methods.contains(.nuts)
        let m = o.model
        return Document(
            case: c.info.id, title: c.info.title,
            settings: Settings(
                weights: result.evidence.settings.weights,
                excluded_sources: result.evidence.settings.excludedSources.sorted(),
                methods: MethodFamily.allCases.filter(o.methods.contains).map(\.rawValue),
                model: bayes
                    ? ModelEntry(
                        sigma0: m.sigma0, prior_median: m.priorMedian, prior_scale: m.priorScale,
                        bias_own: m.biasOwn, bias_enemy: m.biasEnemy, bias_sd: m.biasSD,
                        rho: m.rho, bias: m.useBias) : nil,
                sampler: o.methods.contains(.nuts)
                    ? SamplerEntry(
                        chains: o.sampler.chains, warmup: o.sampler.warmup,
                        draws: o.sampler.draws, seed: o.sampler.seed) : nil),
            quantities: result.quantities.map {
                QuantityEntry(
                    quantity: $0.quantity.name, cells: $0.quantity.cells.map(\.description),
                    claims: $0.claims.map(\.report),
                    no_estimate: Self.noEstimate($0))
            },
            estimates: result.estimates.map(Self.entry),
            thresholds: o.thresholds.flatMap { t in
                result.estimates.filter { $0.quantity == t.quantity }.compactMap { e in
                    e.posterior?.exceedance[t.value].map {
                        ThresholdEntry(quantity: t.quantity.name, threshold: t.value, method: e.method, probability: $0)
                    }
                }
            },
            checks: result.fits.flatMap { fit in
                (result.checks[fit.method] ?? []).map {
                    CheckEntry(method: fit.method, report: $0.report, probability: $0.probability, flagged: $0.flagged)
                }
            },
            diagnostics: Dictionary(
                uniqueKeysWithValues: result.fits.filter(\.isMCMC).map { fit in
                    (
                        fit.method.rawValue,
                        SamplerDiagnostics(
                            divergences: fit.divergences, max_treedepth_hits: fit.depthSaturations(maxDepth: o.sampler.maxDepth),
                            step_sizes: fit.chains.map(\.stepSize), mean_accept_stat: fit.chains.map(\.meanAcceptStat),
                            leapfrog_steps: fit.chains.reduce(0) { $0 + $1.leapfrogSteps })
                    )
                }),
            warnings: result.warnings.map(\.description),
            floors: result.evidence.pooledReports.filter { $0.basis == .named }.map {
                FloorEntry(report: $0.id, quantity: $0.quantity.name, floor: $0.claim.lower)
            },
            laplace_check: result.laplaceCheck.map {
                LaplaceCheckEntry(
                    pareto_k: $0.paretoK, ess: $0.effectiveSampleSize, trusted: $0.trusted, fallback: $0.fellBack,
                    saddle_escapes: $0.saddleEscapes, draws: $0.draws, profile_disagreement: $0.profileDisagreement)
            },
            bias_priors: bayes && m.useBias ? Self.biasPriors(result) : [],
            exclusions: c.exclusions.map {
                ExclusionEntry(document: $0.document, figure: $0.figure, reason: $0.reason, quote: $0.quote)
            },
            notes: c.reports.compactMap { r in r.note.map { NoteEntry(report: r.id, note: $0) } })
    }
}
