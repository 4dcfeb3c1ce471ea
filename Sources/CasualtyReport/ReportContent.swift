import CasualtyData
import CasualtyModel
import Foundation

/// Where a report came from, so a reader can reproduce it.
public struct Provenance: Hashable, Sendable {
    /// The tool's version.
    public var toolVersion: String
    /// The git commit of the case's repository, if it is in one.
    public var gitCommit: String?
    /// The random seed.
    public var seed: UInt64
    /// SHA-256 of the case file, hex.
    public var inputSHA256: String
    /// When the report was made (ISO 8601, UTC).
    public var generatedAt: String
    /// The exact command that reproduces the report.
    public var command: String

    /// A provenance record.
    public init(toolVersion: String, gitCommit: String?, seed: UInt64, inputSHA256: String, generatedAt: String, command: String)
    {
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.seed = seed
        self.inputSHA256 = inputSHA256
        self.generatedAt = generatedAt
        self.command = command
    }
}

/// Everything a report shows.
public struct ReportInput: Sendable {
    /// The estimates (every method run).
    public var estimation: EstimationResult
    /// The sensitivity analysis, if run.
    public var sensitivity: SensitivityResult?
    /// Provenance.
    public var provenance: Provenance
    /// The method of the headline figures (and of the sensitivity analysis, when run).
    public var tracked: MethodID
    /// How the consensus moved as claims arrived (`Timeline.run`), if computed.
    public var timeline: Timeline?

    /// A report of `estimation` and `sensitivity` with `provenance`; the headline follows
    /// `tracked` (default: the sensitivity analysis's method, else the checked Laplace
    /// approximation with its NUTS fallback).
    public init(
        estimation: EstimationResult, sensitivity: SensitivityResult?, provenance: Provenance, tracked: MethodID? = nil,
        timeline: Timeline? = nil
    ) {
        self.estimation = estimation
        self.sensitivity = sensitivity
        self.provenance = provenance
        self.tracked = tracked ?? sensitivity?.method ?? .laplace
        self.timeline = timeline
    }
}

/// A report renderer: a pure function from the report input to text.
public protocol ReportRenderer: Sendable {
    /// The rendered report.
    func render(_ input: ReportInput) throws -> String
}

/// The formats of `casualty report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Markdown for a write-up.
    case md
    /// Self-contained HTML with inline SVG charts.
    case html
    /// A Jupyter notebook.
    case ipynb
    /// JSON with provenance and sensitivity.
    case json
    /// One CSV row per quantity and method.
    case csv
    /// The HTML report printed to PDF by headless Chromium (charts kept; print styles avoid
    /// splitting a chart or table across pages). The renderer gives the HTML; `casualty
    /// report` prints it.
    case pdf

    /// The renderer of this format.
    public var renderer: any ReportRenderer {
        switch self {
        case .md: return MarkdownReport()
        case .html, .pdf: return HTMLReport()
        case .ipynb: return NotebookReport()
        case .json: return JSONReport()
        case .csv: return CSVReport()
        }
    }
}

/// One method's row in a quantity's estimate table.
struct EstimateRow {
    var method: String
    var best, low, high: Double
    var range: String

    static let header = ["method", "best", "low", "high", "range"]
    var cells: [String] { [method, formatCount(best), formatCount(low), formatCount(high), range] }
}

/// A source's row: id, name, side, the weight in force and why.
struct SourceRow {
    var id, name, side, kind: String
    var weight: Double
    var rationale: String

    static let header = ["source", "name", "side", "kind", "weight", "rationale"]
    static let weightColumn = 4
    var cells: [String] { [id, name, side, kind, formatSetting(weight), rationale] }
}

/// How a claim fared: left out, out of the event's scope, or its posterior predictive check.
enum ClaimCheck {
    case leftOut
    case outOfScope(String)
    case predictive(PredictiveCheck, method: MethodID)
    case none

    var flagged: Bool {
        if case .predictive(let p, _) = self { return p.flagged }
        return false
    }

    var text: String {
        switch self {
        case .leftOut: return "left out"
        case .outOfScope(let scope): return "scope: \(scope)"
        case let .predictive(p, m):
            return String(format: "p = %.2f", p.probability) + (p.flagged ? " (implausible, \(m.rawValue))" : "")
        case .none: return ""
        }
    }
}

/// A report's row in the claims table.
struct ClaimRow {
    var report, source, quantity, claim, readAs, biasPrior, documents, date, quote: String
    var check: ClaimCheck

    static let header = [
        "report", "source", "quantity", "claim", "read as", "bias prior", "documents", "date", "quote",
        "consistency with consensus",
    ]
    /// Columns of the quote and the consistency check.
    static let quoteColumn = 8, checkColumn = 9
    var cells: [String] { [report, source, quantity, claim, readAs, biasPrior, documents, date, quote, check.text] }
}

/// A figure read but deliberately not pooled (`excluded:`), with why: what makes the
/// consensus defensible to a recorder.
struct ExclusionRow {
    var document, figure, reason, quote: String

    static let header = ["document", "figure", "why it is not pooled", "quote"]
    static let quoteColumn = 3
    var cells: [String] { [document, figure, reason, quote] }
}

/// A sensitivity driver's row.
struct DriverRow {
    var scenario, change: String
    var deltaBest, deltaLow, deltaHigh: Double

    static let header = ["scenario", "what changed", "change of best", "of low", "of high"]
    var cells: [String] { [scenario, change, signed(deltaBest), signed(deltaLow), signed(deltaHigh)] }
}

/// A name and value (settings, provenance).
/// The checked Laplace answer against NUTS for one quantity.
struct ComparisonRow {
    var laplace: Estimate
    var nuts: Estimate

    static let header = ["method", "median", "90% interval", "median vs NUTS"]
    var rows: [[String]] {
        let d = (laplace.best - nuts.best) / max(nuts.best, 1)
        return [
            [
                "laplace (checked)", formatCount(laplace.best), "\(formatCount(laplace.low))-\(formatCount(laplace.high))",
                (d >= 0 ? "+" : "") + String(format: "%.1f%%", 100 * d),
            ],
            ["nuts", formatCount(nuts.best), "\(formatCount(nuts.low))-\(formatCount(nuts.high))", ""],
        ]
    }
}

struct NamedValue {
    var name, value: String
    var cells: [String] { [name, value] }
}

/// The content every report format shares, computed once from the input: typed rows of
/// unescaped strings and numbers (each renderer formats and escapes for its own format)
/// and SVG charts.
struct ReportContent {
    struct QuantitySection {
        var quantity: Quantity
        var label: String
        var headline: String?
        var rows: [EstimateRow]
        var forest: String
        var density: String?
        var tornado: String?
        var drivers: [DriverRow]
        /// NUTS rank plot by chain, when NUTS ran.
        var rankPlot: String?
        /// The step chart of the consensus over time and its sentence, with a timeline.
        var timeline: String?
        var timelineSentence: String?
        /// Laplace against NUTS, when both ran.
        var comparison: ComparisonRow?
    }

    var title: String
    var event: String
    var quantities: [QuantitySection]
    var sources: [SourceRow]
    var claims: [ClaimRow]
    /// The analyst's notes on reports, as (report, note).
    var notes: [NamedValue]
    var exclusions: [ExclusionRow]
    /// The provenance graph (sources, copies, documents) as SVG.
    var graph: String
    /// The weight sweep's tables (with `--sweep`).
    var sweep: [SweepTable]
    var verdicts: [String]
    var diagnostics: [String]
    var settings: [NamedValue]
    var provenance: [NamedValue]
    var command: String

    /// Methods for the headline sentence when the tracked method has no estimate, in order.
    static let headlineOrder: [MethodID] = [.laplace, .nuts, .meta(.reml), .weightedMedian, .lowBestHigh]

    init(_ input: ReportInput) {
        let r = input.estimation
        let c = r.evidence.theCase
        title = c.info.title
        event = [c.info.date, c.info.place].compactMap { $0 }.joined(separator: ", ")
        command = input.provenance.command
        quantities = r.quantities.map { Self.section($0, r, input.sensitivity, tracked: input.tracked) }
        if let t = input.timeline {
            for k in quantities.indices where t.quantities.contains(quantities[k].quantity) {
                let q = quantities[k].quantity
                let points = TimelineRenderer.rows(t, q).map {
                    Charts.TimelinePoint(date: $0.step.date, report: $0.step.report, estimate: $0.estimate)
                }
                let svg = Charts.timeline(quantity: q, points: points)
                quantities[k].timeline = svg.isEmpty ? nil : svg
                quantities[k].timelineSentence = TimelineRenderer.sentence(t, q, in: c)
            }
        }
        let learned = r.evidence.settings.learned
        sources = c.sources.map { s in
            var rationale = s.rationale ?? ""
            if let l = learned?.sources[s.id], r.evidence.settings.weights[s.id] == nil {
                let strays = l.gross.map { String(format: ", strays in %.0f%% of figures", 100 * $0.share) } ?? ""
                rationale =
                    String(
                        format: "learned from %d claims (%@): sigma %.3f%@, bias %+.3f; hand weight %g",
                        l.claims, learned!.origin, l.sigma, strays, l.bias, s.reliability)
                    + (rationale.isEmpty ? "" : "; " + rationale)
            }
            return SourceRow(
                id: s.id, name: s.name, side: s.side, kind: s.kind.rawValue, weight: r.evidence.weight(of: s.id),
                rationale: rationale)
        }
        claims = Self.claimRows(r)
        graph = ProvenanceGraph.svg(c)
        sweep = input.sensitivity.map(SweepTable.tables) ?? []
        notes = c.reports.compactMap { rep in rep.note.map { NamedValue(name: rep.id, value: $0) } }
        exclusions = c.exclusions.map { x in
            ExclusionRow(
                document: c.document(x.document).map { "\($0.outlet)\($0.date.map { " (\($0))" } ?? "")" } ?? x.document,
                figure: x.figure, reason: x.reason, quote: x.quote ?? "")
        }
        verdicts = input.sensitivity?.verdicts.map(\.sentence) ?? []
        diagnostics = Self.diagnostics(r, input.sensitivity)
        settings = Self.settings(r, input.sensitivity)
        let p = input.provenance
        provenance = [
            NamedValue(name: "tool", value: "casualty \(p.toolVersion)"),
            NamedValue(name: "git commit", value: p.gitCommit ?? "none"),
            NamedValue(name: "seed", value: String(p.seed)), NamedValue(name: "case file SHA-256", value: p.inputSHA256),
            NamedValue(name: "generated", value: p.generatedAt), NamedValue(name: "command", value: p.command),
        ]
    }

    /// One quantity's headline, table, charts and drivers.
    static func section(
        _ q: QuantityEstimates, _ r: EstimationResult, _ sens: SensitivityResult?, tracked: MethodID
    ) -> QuantitySection {
        let c = r.evidence.theCase
        let label = quantityLabel(q.quantity, in: c)
        let rows = q.estimates.map {
            EstimateRow(method: methodLabel($0), best: $0.best, low: $0.low, high: $0.high, range: rangeLabel($0))
        }
        let names = Dictionary(uniqueKeysWithValues: c.sources.map { ($0.id, $0.id) })
        let forest = Charts.forest(quantity: q.quantity, claims: q.claims, estimates: q.estimates, sourceNames: names)
        var density: String?
        if let fit = r.fits.first(where: { $0.method == .nuts }) ?? r.fits.first {
            density = Charts.density(
                quantity: q.quantity, method: fit.method, draws: fit.values(of: q.quantity).flatMap { $0 },
                restsOnPrior: q.estimates.contains { $0.method == fit.method && $0.posterior?.restsOnPrior == true })
            if density?.isEmpty == true { density = nil }
        }
        var tornado: String?, drivers: [DriverRow] = []
        if let s = sens, let rank = s.ranking[q.quantity.name],
            let b = s.baseline.estimates.first(where: { $0.quantity == q.quantity && $0.answers == s.method })
        {
            tornado = Charts.tornado(quantity: q.quantity, baseline: b.best, ranking: rank)
            let byID = Dictionary(uniqueKeysWithValues: s.outcomes.map { ($0.scenario.id, $0.scenario.description) })
            drivers = rank.prefix(5).map {
                DriverRow(
                    scenario: $0.scenario, change: byID[$0.scenario] ?? "", deltaBest: $0.deltaBest,
                    deltaLow: $0.deltaLow, deltaHigh: $0.deltaHigh)
            }
        }
        var section = QuantitySection(
            quantity: q.quantity, label: label, headline: headline(q, label, r, tracked: tracked), rows: rows, forest: forest,
            density: density, tornado: tornado, drivers: drivers)
        if let nuts = r.fits.first(where: { $0.method == .nuts }) {
            let plot = Charts.rankPlot(quantity: q.quantity, perChain: nuts.values(of: q.quantity))
            section.rankPlot = plot.isEmpty ? nil : plot
        }
        if let l = q.estimates.first(where: { $0.method == .laplace }), let n = q.estimates.first(where: { $0.method == .nuts }) {
            section.comparison = ComparisonRow(laplace: l, nuts: n)
        }
        return section
    }

    /// "Iranian forces (IRGC and others), killed: 26 (90% interval 17-38; nuts)", flagged
    /// when part of the quantity has no claim and is the prior's.
    static func headline(_ q: QuantityEstimates, _ label: String, _ r: EstimationResult, tracked: MethodID) -> String? {
        let own = q.estimates.first { $0.answers == tracked }
        guard let e = own ?? headlineOrder.lazy.compactMap({ m in q.estimates.first { $0.answers == m } }).first else {
            return nil
        }
        let interval = e.level.map(intervalLabel) ?? e.rangeMeaning
        let by = e.fallbackFrom.map { "\(e.method.rawValue), in place of \($0.rawValue)" } ?? e.method.rawValue
        var text = "\(label): \(headlineCount(e.best)) (\(interval) \(headlineCount(e.low))-\(headlineCount(e.high)); \(by))"
        if own == nil { text += " - \(tracked.rawValue), the tracked method, has no estimate here" }
        // Cells no pooled claim speaks about are estimated from the prior alone; a quantity the
        // claims do not pin down (the split of a total) rests largely on it.
        let covered = Set(r.evidence.pooledReports.flatMap(\.quantity.cells))
        let uncovered = q.quantity.cells.filter { !covered.contains($0) }
        if !uncovered.isEmpty && e.method.isBayesian {
            text +=
                uncovered.count == q.quantity.cells.count
                ? " - no claim speaks about it: the figure is the prior's"
                : " - no claim about \(uncovered.map(\.description).joined(separator: ", ")): that part is the prior's"
        } else if e.method.isBayesian, let p = e.posterior, p.restsOnPrior {
            text += " - rests largely on the prior (posterior contraction \(String(format: "%.2f", p.contraction ?? 0)))"
        }
        if e.method.isBayesian, r.warnings.contains(where: { $0.kind == .claimsConflict && $0.method == e.method }) {
            text += " - claims conflict beyond the model's noise: this interval is too narrow (see the warnings)"
        }
        return text
    }

    /// Every report of the case with how it fared.
    static func claimRows(_ r: EstimationResult) -> [ClaimRow] {
        let c = r.evidence.theCase
        let checkMethod: MethodID = r.checks[.nuts] != nil ? .nuts : .laplace
        let checks = r.checks[checkMethod] ?? []
        let pooled = Set(r.evidence.pooledReports.map(\.id))
        return c.reports.map { rep in
            let docs = rep.documents.compactMap { c.document($0) }.map { "\($0.outlet)\($0.date.map { " (\($0))" } ?? "")" }
            let check: ClaimCheck
            if !pooled.contains(rep.id) {
                check = rep.isEventScope ? .leftOut : .outOfScope(rep.scope)
            } else if let p = checks.first(where: { $0.report == rep.id }) {
                check = .predictive(p, method: checkMethod)
            } else {
                check = .none
            }
            return ClaimRow(
                report: rep.id, source: rep.source, quantity: rep.quantity.name, claim: rep.claim.text,
                readAs: rep.basis == .named
                    ? "at least \(formatCount(rep.claim.lower)) (named: a hard floor)" : rep.claim.intervalDescription,
                biasPrior: biasPriorText(rep, r),
                documents: docs.joined(separator: "; "),
                date: rep.date ?? "", quote: rep.quote ?? "", check: check)
        }
    }

    /// The sampler's diagnostics and every warning, as sentences.
    static func diagnostics(_ r: EstimationResult, _ sens: SensitivityResult?) -> [String] {
        var diag: [String] = []
        for fit in r.fits where fit.isMCMC {
            let posteriors = r.estimates.filter { $0.method == fit.method }.compactMap(\.posterior)
            let rh = posteriors.compactMap(\.rhat)
            let ess = posteriors.compactMap { p in p.essBulk.flatMap { b in p.essTail.map { min(b, $0) } } }
            diag.append(
                "NUTS: \(fit.chains.count) chains x \(fit.draws.first?.count ?? 0) draws; \(fit.divergences) divergent transitions; "
                    + "\(fit.depthSaturations(maxDepth: r.options.sampler.maxDepth)) at maximum tree depth; "
                    + "max R-hat \(String(format: "%.3f", rh.max() ?? .nan)); min ESS \(Int(ess.min() ?? 0)).")
        }
        if let check = r.laplaceCheck {
            diag.append(
                "Laplace: Gaussian approximation at the posterior mode, checked by Pareto-smoothed importance sampling "
                    + "from a defensive mixture of Student-t(\(Int(CheckedLaplace.degreesOfFreedom))) distributions centred on it "
                    + "(\(Int((100 * (1 - CheckedLaplace.defensiveWeight)).rounded()))% at its scale, "
                    + "\(Int((100 * CheckedLaplace.defensiveWeight).rounded()))% at \(formatSetting(CheckedLaplace.defensiveScale)) times it) "
                    + (check.draws.map {
                        "with \($0) draws per round, and against the profile approximation of each cell's marginal. "
                    } ?? "")
                    + laplaceCheckSentence(check))
        }
        if let metric = nutsMetricSentence(r) { diag.append(metric) }
        diag += r.warnings.map { "Warning: \($0)" }
        diag += (sens?.outcomes.flatMap(\.warnings) ?? []).map { "Sensitivity warning: \($0)" }
        return diag
    }

    /// Every assumption and setting in force, leaving out the empty ones.
    static func settings(_ r: EstimationResult, _ sens: SensitivityResult?) -> [NamedValue] {
        let m = r.options.model, o = r.options, e = r.evidence.settings, f = formatSetting
        var rows: [(String, String)] = [
            ("methods", MethodFamily.allCases.filter(o.methods.contains).map(\.rawValue).joined(separator: ", ")),
            ("noise sd of a reliability-1 source (sigma0, log1p scale)", f(m.sigma0)),
            ("prior median and scale of each cell", "\(f(m.priorMedian)), \(f(m.priorScale))"),
            ("partisan bias", m.useBias ? "own \(f(m.biasOwn)), enemy \(f(m.biasEnemy)), sd \(f(m.biasSD))" : "off"),
            ("shared origin of derived sources (rho)", f(m.rho)),
            ("meta-analysis", "\(o.metaMethods.map(\.rawValue).joined(separator: ", ")), \(o.metaTest.rawValue) test"),
            ("NUTS", "\(o.sampler.chains) chains, \(o.sampler.warmup) warm-up, \(o.sampler.draws) draws, seed \(o.sampler.seed)"),
            ("lexicon", r.evidence.theCase.lexicon.origin),
            (
                "weights overridden",
                e.weights.sorted { $0.key < $1.key }.map { "\($0.key)=\(f($0.value))" }.joined(separator: ", ")
            ),
            ("sources left out", e.excludedSources.sorted().joined(separator: ", ")),
            ("documents left out", e.excludedDocuments.sorted().joined(separator: ", ")),
            ("only sources", e.onlySources.sorted().joined(separator: ", ")),
            ("vague-interval scale", f(e.vagueWidening)),
        ]
        if let s = sens { rows.append(("sensitivity", "method \(s.method.rawValue), \(plural(s.outcomes.count, "scenario"))")) }
        return rows.filter { !$0.1.isEmpty }.map { NamedValue(name: $0.0, value: $0.1) }
    }
}
