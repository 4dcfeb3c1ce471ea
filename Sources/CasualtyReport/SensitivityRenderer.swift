import CasualtyData
import CasualtyModel
import Foundation

/// Renders a sensitivity analysis as text.
public protocol SensitivityRendering: Sendable {
    /// The rendered text.
    func render(_ result: SensitivityResult) throws -> String
}

/// The formats of `casualty sensitivity`.
public enum SensitivityFormat: String, CaseIterable, Sendable {
    /// The terminal table.
    case table
    /// JSON, schema `casualty-sensitivity/1`.
    case json
    /// Markdown for a write-up.
    case md

    /// The renderer of this format.
    public var renderer: any SensitivityRendering {
        switch self {
        case .table: return SensitivityTable()
        case .json: return SensitivityJSON()
        case .md: return SensitivityMarkdown()
        }
    }
}

/// How many drivers per quantity the table and Markdown show.
let topDrivers = 10

/// Terminal table, at most 80 columns: per quantity the baseline and the top drivers, then the
/// threshold verdicts and the weight sweep.
public struct SensitivityTable: SensitivityRendering {
    public init() {}
    public func render(_ r: SensitivityResult) throws -> String {
        let c = r.baseline.evidence.theCase
        var out = [
            "Sensitivity of \(c.info.title) (\(c.info.id)) - method \(r.method.rawValue), \(plural(r.outcomes.count, "scenario"))"
        ]
        for q in r.baseline.quantities {
            guard let b = q.estimates.first(where: { $0.answers == r.method }), let rank = r.ranking[q.quantity.name] else {
                continue
            }
            out.append("")
            out.append("\(q.quantity.name): baseline \(formatCount(b.best)) [\(formatCount(b.low))-\(formatCount(b.high))]")
            out.append(
                "  " + "scenario".padding(toLength: 36, withPad: " ", startingAt: 0)
                    + "d.best".leftPad(8) + "d.low".leftPad(8) + "d.high".leftPad(8) + "   new best")
            for e in rank.prefix(topDrivers) {
                let id = e.scenario.count > 36 ? String(e.scenario.prefix(35)) + "~" : e.scenario
                out.append(
                    "  " + id.padding(toLength: 36, withPad: " ", startingAt: 0) + signed(e.deltaBest).leftPad(8)
                        + signed(e.deltaLow).leftPad(8) + signed(e.deltaHigh).leftPad(8)
                        + formatCount(b.best + e.deltaBest).leftPad(11))
            }
            if rank.count > topDrivers { out.append("  ... \(rank.count - topDrivers) more scenarios (--format json lists all)") }
            if let none = r.priorOnly[q.quantity.name] {
                out += wrapText("  no data left, prior only (not ranked): " + none.joined(separator: ", "), indent: "    ")
            }
        }
        if !r.verdicts.isEmpty {
            out.append("")
            out.append("Threshold verdicts")
            for v in r.verdicts { out += wrapText("  " + v.sentence, indent: "    ") }
        }
        if let s = r.sweep {
            out.append("")
            out.append("Weight sweep of \(s.source)")
            for q in r.baseline.quantities.map(\.quantity) {
                out.append("  \(q.name)   weight: best [low-high]")
                for p in s.points {
                    if let e = p.estimates.first(where: { $0.quantity == q }) {
                        out.append(
                            "    \(String(format: "%.2f", p.weight)): \(formatCount(e.best)) [\(formatCount(e.low))-\(formatCount(e.high))]"
                        )
                    }
                }
            }
        }
        let warnings = Set((r.outcomes.flatMap(\.warnings) + r.baseline.warnings).map(\.description))
        if !warnings.isEmpty {
            out.append("")
            for w in warnings.sorted().prefix(10) { out += wrapText("warning: " + w, indent: "  ") }
        }
        return terminalSafe(out.joined(separator: "\n") + "\n")
    }
}

/// Markdown for a write-up: a table of drivers per quantity and the verdicts. Case strings
/// are escaped for tables.
public struct SensitivityMarkdown: SensitivityRendering {
    public init() {}
    public func render(_ r: SensitivityResult) throws -> String {
        let c = r.baseline.evidence.theCase
        var out = [
            "# Sensitivity: \(markdownEscape(c.info.title))", "",
            "Method `\(r.method.rawValue)`; \(plural(r.outcomes.count, "scenario")), each one change from the baseline.", "",
        ]
        for q in r.baseline.quantities {
            guard let b = q.estimates.first(where: { $0.answers == r.method }), let rank = r.ranking[q.quantity.name] else {
                continue
            }
            out += [
                "## \(q.quantity.name)", "",
                "Baseline: \(formatCount(b.best)) (\(formatCount(b.low))-\(formatCount(b.high))).", "",
                "| scenario | what changed | change of best | of low | of high |", "|---|---|---:|---:|---:|",
            ]
            let byID = Dictionary(uniqueKeysWithValues: r.outcomes.map { ($0.scenario.id, $0.scenario) })
            for e in rank.prefix(topDrivers) {
                out.append(
                    "| `\(e.scenario)` | \(markdownEscape(byID[e.scenario]?.description ?? "")) | \(signed(e.deltaBest)) | \(signed(e.deltaLow)) | \(signed(e.deltaHigh)) |"
                )
            }
            if let none = r.priorOnly[q.quantity.name] {
                out += ["", "No data left, prior only (not ranked): " + none.map { "`\($0)`" }.joined(separator: ", ") + "."]
            }
            out.append("")
        }
        if !r.verdicts.isEmpty {
            out += ["## Threshold verdicts", ""]
            for v in r.verdicts { out.append("- " + markdownEscape(v.sentence)) }
            out.append("")
        }
        for table in SweepTable.tables(r) {
            out += ["## Weight sweep of \(markdownEscape(table.source)): \(markdownEscape(table.quantity))", ""]
            out.append(markdownTable(SweepTable.header, table.rows))
        }
        return out.joined(separator: "\n")
    }
}

/// JSON, schema `casualty-sensitivity/1`: `case`, `method`, `baseline` (`estimates` as in
/// `estimate`), `scenarios` (`id`, `kind`, `description`, `settings`, `estimates`, `warnings`),
/// `ranking` (per quantity: `scenario`, `delta_best`, `delta_low`, `delta_high`), `thresholds`
/// (`quantity`, `threshold`, `baseline`, `scenarios`, `flips_0_5`, `flips_0_9`, `verdict`) and,
/// with a sweep, `sweep` (`source`, `points`: `weight`, `estimates`).
public struct SensitivityJSON: SensitivityRendering {
    public init() {}
    struct Doc: Encodable {
        var schema = "casualty-sensitivity/1"
        var `case`: String
        var method: MethodID
        var baseline: Baseline
        var scenarios: [ScenarioEntry]
        var ranking: [String: [Rank]]
        var thresholds: [ThresholdEntry]
        var sweep: Sweep?
        var prior_only: [String: [String]]
    }
    struct Baseline: Encodable {
        var estimates: [JSONRenderer.EstimateEntry]
        var warnings: [String]
    }
    struct ScenarioEntry: Encodable {
        var id, kind, description: String
        var settings: [String: String]
        var estimates: [JSONRenderer.EstimateEntry]
        var warnings: [String]
    }
    struct Rank: Encodable {
        var scenario: String
        var delta_best, delta_low, delta_high: Double
    }
    struct ThresholdEntry: Encodable {
        var quantity: String
        var threshold, baseline: Double
        var scenarios: [String: Double]
        var flips_0_5, flips_0_9: [String]
        var verdict: String
    }
    struct Sweep: Encodable {
        var source: String
        var points: [Point]
    }
    struct Point: Encodable {
        var weight: Double
        var estimates: [JSONRenderer.EstimateEntry]
    }

    public func render(_ r: SensitivityResult) throws -> String {
        try reproducibleJSON(Self.document(r))
    }

    /// The document `render` writes.
    static func document(_ r: SensitivityResult) -> Doc {
        Doc(
            case: r.baseline.evidence.theCase.info.id, method: r.method,
            baseline: Baseline(
                estimates: r.baseline.estimates.filter { $0.answers == r.method }.map(JSONRenderer.entry),
                warnings: r.baseline.warnings.map(\.description)),
            scenarios: r.outcomes.map {
                ScenarioEntry(
                    id: $0.scenario.id, kind: $0.scenario.kind.rawValue, description: $0.scenario.description,
                    settings: $0.scenario.change.flags, estimates: $0.estimates.map(JSONRenderer.entry),
                    warnings: $0.warnings.map(\.description))
            },
            ranking: r.ranking.mapValues {
                $0.map { Rank(scenario: $0.scenario, delta_best: $0.deltaBest, delta_low: $0.deltaLow, delta_high: $0.deltaHigh) }
            },
            thresholds: r.verdicts.map {
                ThresholdEntry(
                    quantity: $0.threshold.quantity.name, threshold: $0.threshold.value, baseline: $0.baseline,
                    scenarios: $0.byScenario, flips_0_5: $0.flips50, flips_0_9: $0.flips90, verdict: $0.sentence)
            },
            sweep: r.sweep.map { s in
                Sweep(
                    source: s.source,
                    points: s.points.map { Point(weight: $0.weight, estimates: $0.estimates.map(JSONRenderer.entry)) })
            },
            prior_only: r.priorOnly)
    }
}

/// A weight sweep (`--sweep SRC`) as one table per quantity: the tracked method's estimate at
/// every weight of the source, for Markdown and HTML.
struct SweepTable {
    var source, quantity: String
    var rows: [[String]]

    static let header = ["weight", "best", "low", "high"]

    static func tables(_ r: SensitivityResult) -> [SweepTable] {
        guard let s = r.sweep else { return [] }
        return r.baseline.quantities.map(\.quantity).map { q in
            SweepTable(
                source: s.source, quantity: q.name,
                rows: s.points.compactMap { p in
                    p.estimates.first { $0.quantity == q }.map {
                        [String(format: "%.2f", p.weight), formatCount($0.best), formatCount($0.low), formatCount($0.high)]
                    }
                })
        }
    }
}
