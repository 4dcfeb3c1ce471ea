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
    public init(toolVersion: String, gitCommit: String?, seed: UInt64, inputSHA256: String, generatedAt: String, command: String) {
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

    /// A report of `estimation` and `sensitivity` with `provenance`.
    public init(estimation: EstimationResult, sensitivity: SensitivityResult?, provenance: Provenance) {
        self.estimation = estimation
        self.sensitivity = sensitivity
        self.provenance = provenance
    }
}

/// A report renderer: a pure function from the report input to text.
public protocol ReportRenderer: Sendable {
    /// `--format` name.
    var format: String { get }
    /// The rendered report.
    func render(_ input: ReportInput) throws -> String
}

/// The report renderers by `--format` name.
public let reportRenderers: [String: any ReportRenderer] = [
    "md": MarkdownReport(), "html": HTMLReport(), "ipynb": NotebookReport(), "json": JSONReport(), "csv": CSVReport(),
]

/// The content every report format shares, computed once from the input: plain strings
/// (unescaped; each renderer escapes for its own format) and SVG charts.
struct ReportContent {
    struct QuantitySection {
        var quantity: Quantity
        var label: String
        var headline: String?
        var rows: [[String]]           // method, best, low, high, range
        var forest: String
        var density: String?
        var tornado: String?
        var drivers: [[String]]        // scenario, what changed, d.best, d.low, d.high
    }

    var title: String
    var event: String
    var quantities: [QuantitySection]
    var sources: [[String]]            // id, name, side, weight, rationale
    var claims: [[String]]             // report, source, quantity, claim, read as, documents, date, quote, check
    var verdicts: [String]
    var diagnostics: [String]
    var settings: [[String]]           // setting, value
    var provenance: [[String]]         // item, value
    var command: String

    /// Methods preferred for the headline sentence, in order.
    static let headlineOrder = ["nuts", "laplace", "meta-reml", "weighted-median", "low-best-high"]

    init(_ input: ReportInput) {
        let r = input.estimation
        let c = r.evidence.theCase
        title = c.info.title
        event = [c.info.date, c.info.place].compactMap { $0 }.joined(separator: ", ")
        command = input.provenance.command
        let sens = input.sensitivity
        let checks = r.checks["nuts"] ?? r.checks["laplace"] ?? []
        let checkMethod = r.checks["nuts"] != nil ? "nuts" : "laplace"

        quantities = r.quantities.map { q in
            let label = Self.label(q.quantity, in: c)
            var headline: String?
            // Cells no pooled claim speaks about are estimated from the prior alone.
            let covered = Set(r.evidence.pooledReports.flatMap(\.quantity.cells))
            let uncovered = q.quantity.cells.filter { !covered.contains($0) }
            for m in Self.headlineOrder {
                guard let e = q.estimates.first(where: { $0.method == m }) else { continue }
                let interval = e.level.map { "\(Int(($0 * 100).rounded()))% interval" } ?? e.rangeMeaning
                headline = "\(label): \(Self.headlineCount(e.best)) (\(interval) \(Self.headlineCount(e.low))-\(Self.headlineCount(e.high)); \(m))"
                if !uncovered.isEmpty && (m == "nuts" || m == "laplace") {
                    headline! += uncovered.count == q.quantity.cells.count
                        ? " - no claim speaks about it: the figure is the prior's"
                        : " - no claim about \(uncovered.map(\.description).joined(separator: ", ")): that part is the prior's"
                }
                break
            }
            let rows = q.estimates.map { e in
                [e.method, formatCount(e.best), formatCount(e.low), formatCount(e.high),
                 e.claimsUsed != nil ? e.rangeMeaning : (e.level.map { "\(Int(($0 * 100).rounded()))% interval" } ?? e.rangeMeaning)]
            }
            let names = Dictionary(uniqueKeysWithValues: c.sources.map { ($0.id, $0.id) })
            let forest = Charts.forest(quantity: q.quantity, claims: q.claims, estimates: q.estimates, sourceNames: names)
            var density: String?
            if let fit = r.fits.first(where: { $0.method == "nuts" }) ?? r.fits.first {
                density = Charts.density(quantity: q.quantity, method: fit.method, draws: fit.values(of: q.quantity).flatMap { $0 })
                if density?.isEmpty == true { density = nil }
            }
            var tornado: String?, drivers: [[String]] = []
            if let s = sens, let rank = s.ranking[q.quantity.name],
               let b = s.baseline.estimates.first(where: { $0.quantity == q.quantity && $0.method == s.method }) {
                tornado = Charts.tornado(quantity: q.quantity, baseline: b.best, ranking: rank)
                let byID = Dictionary(uniqueKeysWithValues: s.outcomes.map { ($0.scenario.id, $0.scenario.description) })
                drivers = rank.prefix(5).map { [$0.scenario, byID[$0.scenario] ?? "", signed($0.deltaBest), signed($0.deltaLow), signed($0.deltaHigh)] }
            }
            return QuantitySection(quantity: q.quantity, label: label, headline: headline, rows: rows, forest: forest,
                                   density: density, tornado: tornado, drivers: drivers)
        }
        sources = c.sources.map { s in
            [s.id, s.name, s.side, String(format: "%g", r.evidence.weight(of: s.id)), s.rationale ?? ""]
        }
        let pooled = Set(r.evidence.pooledReports.map(\.id))
        claims = c.reports.map { rep in
            let docs = rep.documents.compactMap { c.document($0) }.map { "\($0.outlet)\($0.date.map { " (\($0))" } ?? "")" }
            let check: String
            if !pooled.contains(rep.id) { check = rep.isEventScope ? "left out" : "scope: \(rep.scope)" }
            else if let p = checks.first(where: { $0.report == rep.id }) {
                check = String(format: "p = %.2f", p.probability) + (p.flagged ? " (implausible, \(checkMethod))" : "")
            } else { check = "" }
            return [rep.id, rep.source, rep.quantity.name, rep.claim.text, rep.claim.intervalDescription,
                    docs.joined(separator: "; "), rep.date ?? "", rep.quote ?? "", check]
        }
        verdicts = sens?.verdicts.map(\.sentence) ?? []
        var diag: [String] = []
        for fit in r.fits where fit.isMCMC {
            let rh = r.estimates.filter { $0.method == fit.method }.compactMap { $0.posterior?.rhat }
            let ess = r.estimates.filter { $0.method == fit.method }.compactMap { e in e.posterior.flatMap { p in p.essBulk.flatMap { b in p.essTail.map { min(b, $0) } } } }
            diag.append("NUTS: \(fit.chains.count) chains x \(fit.draws.first?.count ?? 0) draws; \(fit.divergences) divergent transitions; "
                        + "\(fit.depthSaturations(maxDepth: r.options.sampler.maxDepth)) at maximum tree depth; "
                        + "max R-hat \(String(format: "%.3f", rh.max() ?? .nan)); min ESS \(Int(ess.min() ?? 0)).")
        }
        if r.fits.contains(where: { $0.method == "laplace" }) {
            diag.append("Laplace: Gaussian approximation at the posterior mode, \(r.options.laplaceDraws) draws.")
        }
        diag += r.warnings.map { "Warning: " + $0 }
        diag += (sens?.outcomes.flatMap(\.warnings) ?? []).map { "Sensitivity warning: " + $0 }
        diagnostics = diag
        let m = r.options.model, o = r.options
        settings = [
            ["methods", MethodFamily.allCases.filter(o.methods.contains).map(\.rawValue).joined(separator: ", ")],
            ["noise sd of a reliability-1 source (sigma0, log1p scale)", String(format: "%g", m.sigma0)],
            ["prior median and scale of each cell", "\(String(format: "%g", m.priorMedian)), \(String(format: "%g", m.priorScale))"],
            ["partisan bias", m.useBias ? "own \(String(format: "%g", m.biasOwn)), enemy \(String(format: "%g", m.biasEnemy)), sd \(String(format: "%g", m.biasSD))" : "off"],
            ["shared origin of derived sources (rho)", String(format: "%g", m.rho)],
            ["meta-analysis", "\(o.metaMethods.map(\.rawValue).joined(separator: ", ")), \(o.metaTest.rawValue) test"],
            ["NUTS", "\(o.sampler.chains) chains, \(o.sampler.warmup) warm-up, \(o.sampler.draws) draws, seed \(o.sampler.seed)"],
            ["lexicon", c.lexicon.origin],
            ["weights overridden", r.evidence.settings.weights.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%g", $0.value))" }.joined(separator: ", ")],
            ["sources left out", r.evidence.settings.excludedSources.sorted().joined(separator: ", ")],
            ["documents left out", r.evidence.settings.excludedDocuments.sorted().joined(separator: ", ")],
            ["only sources", r.evidence.settings.onlySources.sorted().joined(separator: ", ")],
            ["vague-interval scale", String(format: "%g", r.evidence.settings.vagueWidening)],
        ].filter { !$0[1].isEmpty }
        if let s = sens { settings.append(["sensitivity", "method \(s.method), \(s.outcomes.count) scenarios"]) }
        let p = input.provenance
        provenance = [
            ["tool", "casualty \(p.toolVersion)"], ["git commit", p.gitCommit ?? "none"], ["seed", String(p.seed)],
            ["case file SHA-256", p.inputSHA256], ["generated", p.generatedAt], ["command", p.command],
        ]
    }

    /// A count for a headline: whole numbers from 10 up, one decimal below.
    static func headlineCount(_ x: Double) -> String {
        abs(x) >= 10 ? String(Int(x.rounded())) : formatCount(x)
    }

    static func label(_ q: Quantity, in c: Case) -> String {
        let who: String
        if let a = c.aggregates.first(where: { $0.groups == q.groups }) { who = a.label ?? a.id }
        else { who = q.groups.map { c.group($0)?.label ?? $0 }.joined(separator: " + ") }
        return "\(who), \(q.outcomes.joined(separator: " or "))"
    }

    static let estimateHeader = ["method", "best", "low", "high", "range"]
    static let sourceHeader = ["source", "name", "side", "weight", "rationale"]
    static let claimHeader = ["report", "source", "quantity", "claim", "read as", "documents", "date", "quote", "consistency with consensus"]
    static let driverHeader = ["scenario", "what changed", "change of best", "of low", "of high"]
}
