import CasualtyData
import CasualtyModel
import Foundation

/// Renders a sensitivity analysis as text.
public protocol SensitivityRendering: Sendable {
    /// The rendered text.
    func render(_ result: SensitivityResult) throws -> String
}

/// The sensitivity renderers by `--format` name.
public let sensitivityRenderers: [String: any SensitivityRendering] = [
    "table": SensitivityTable(), "json": SensitivityJSON(), "md": SensitivityMarkdown(),
]

/// How many drivers per quantity the table and Markdown show.
let topDrivers = 10

func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + formatCount(x) }

/// Terminal table, at most 80 columns: per quantity the baseline and the top drivers, then the
/// threshold verdicts and the weight sweep.
public struct SensitivityTable: SensitivityRendering {
    public init() {}
    public func render(_ r: SensitivityResult) throws -> String {
        let c = r.baseline.evidence.theCase
        var out = ["Sensitivity of \(c.info.title) (\(c.info.id)) - method \(r.method), \(r.outcomes.count) scenarios"]
        for q in r.baseline.quantities {
            guard let b = q.estimates.first(where: { $0.method == r.method }), let rank = r.ranking[q.quantity.name] else { continue }
            out.append("")
            out.append("\(q.quantity.name): baseline \(formatCount(b.best)) [\(formatCount(b.low))-\(formatCount(b.high))]")
            out.append("  " + "scenario".padding(toLength: 36, withPad: " ", startingAt: 0)
                       + "d.best".leftPad(8) + "d.low".leftPad(8) + "d.high".leftPad(8) + "   new best")
            for e in rank.prefix(topDrivers) {
                let id = e.scenario.count > 36 ? String(e.scenario.prefix(35)) + "~" : e.scenario
                out.append("  " + id.padding(toLength: 36, withPad: " ", startingAt: 0) + signed(e.deltaBest).leftPad(8)
                           + signed(e.deltaLow).leftPad(8) + signed(e.deltaHigh).leftPad(8) + formatCount(b.best + e.deltaBest).leftPad(11))
            }
            if rank.count > topDrivers { out.append("  ... \(rank.count - topDrivers) more scenarios (--format json lists all)") }
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
                for p in s.points where Int((p.weight * 100).rounded()) % 10 == 5 || p.weight == 1 || Int((p.weight * 100).rounded()) % 20 == 0 {
                    if let e = p.estimates.first(where: { $0.quantity == q }) {
                        out.append("    \(String(format: "%.2f", p.weight)): \(formatCount(e.best)) [\(formatCount(e.low))-\(formatCount(e.high))]")
                    }
                }
            }
        }
        let warnings = Set(r.outcomes.flatMap(\.warnings) + r.baseline.warnings)
        if !warnings.isEmpty {
            out.append("")
            for w in warnings.sorted().prefix(10) { out += wrapText("warning: " + w, indent: "  ") }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Markdown for a write-up: a table of drivers per quantity and the verdicts. Case strings
/// are escaped for tables.
public struct SensitivityMarkdown: SensitivityRendering {
    public init() {}
    public func render(_ r: SensitivityResult) throws -> String {
        let c = r.baseline.evidence.theCase
        var out = ["# Sensitivity: \(markdownEscape(c.info.title))", "",
                   "Method `\(r.method)`; \(r.outcomes.count) scenarios, each one change from the baseline.", ""]
        for q in r.baseline.quantities {
            guard let b = q.estimates.first(where: { $0.method == r.method }), let rank = r.ranking[q.quantity.name] else { continue }
            out += ["## \(q.quantity.name)", "",
                    "Baseline: \(formatCount(b.best)) (\(formatCount(b.low))-\(formatCount(b.high))).", "",
                    "| scenario | what changed | change of best | of low | of high |", "|---|---|---:|---:|---:|"]
            let byID = Dictionary(uniqueKeysWithValues: r.outcomes.map { ($0.scenario.id, $0.scenario) })
            for e in rank.prefix(topDrivers) {
                out.append("| `\(e.scenario)` | \(markdownEscape(byID[e.scenario]?.description ?? "")) | \(signed(e.deltaBest)) | \(signed(e.deltaLow)) | \(signed(e.deltaHigh)) |")
            }
            out.append("")
        }
        if !r.verdicts.isEmpty {
            out += ["## Threshold verdicts", ""]
            for v in r.verdicts { out.append("- " + markdownEscape(v.sentence)) }
            out.append("")
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
        var method: String
        var baseline: Baseline
        var scenarios: [ScenarioEntry]
        var ranking: [String: [Rank]]
        var thresholds: [ThresholdEntry]
        var sweep: Sweep?
    }
    struct Baseline: Encodable { var estimates: [JSONRenderer.EstimateEntry]; var warnings: [String] }
    struct ScenarioEntry: Encodable {
        var id, kind, description: String
        var settings: [String: String]
        var estimates: [JSONRenderer.EstimateEntry]
        var warnings: [String]
    }
    struct Rank: Encodable { var scenario: String; var delta_best, delta_low, delta_high: Double }
    struct ThresholdEntry: Encodable {
        var quantity: String
        var threshold, baseline: Double
        var scenarios: [String: Double]
        var flips_0_5, flips_0_9: [String]
        var verdict: String
    }
    struct Sweep: Encodable { var source: String; var points: [Point] }
    struct Point: Encodable { var weight: Double; var estimates: [JSONRenderer.EstimateEntry] }

    public func render(_ r: SensitivityResult) throws -> String {
        let doc = Doc(
            case: r.baseline.evidence.theCase.info.id, method: r.method,
            baseline: Baseline(estimates: r.baseline.estimates.filter { $0.method == r.method }.map(JSONRenderer.entry),
                               warnings: r.baseline.warnings),
            scenarios: r.outcomes.map {
                ScenarioEntry(id: $0.scenario.id, kind: $0.scenario.kind, description: $0.scenario.description,
                              settings: $0.scenario.settings, estimates: $0.estimates.map(JSONRenderer.entry), warnings: $0.warnings)
            },
            ranking: r.ranking.mapValues { $0.map { Rank(scenario: $0.scenario, delta_best: $0.deltaBest, delta_low: $0.deltaLow, delta_high: $0.deltaHigh) } },
            thresholds: r.verdicts.map {
                ThresholdEntry(quantity: $0.threshold.quantity.name, threshold: $0.threshold.value, baseline: $0.baseline,
                               scenarios: $0.byScenario, flips_0_5: $0.flips50, flips_0_9: $0.flips90, verdict: $0.sentence)
            },
            sweep: r.sweep.map { s in Sweep(source: s.source, points: s.points.map { Point(weight: $0.weight, estimates: $0.estimates.map(JSONRenderer.entry)) }) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(doc), as: UTF8.self) + "\n"
    }
}

/// Escapes text for a Markdown table cell or paragraph: pipes, backslashes, HTML angle
/// brackets and line breaks.
public func markdownEscape(_ s: String) -> String {
    var t = s.replacingOccurrences(of: "\\", with: "\\\\")
    for (a, b) in [("|", "\\|"), ("<", "&lt;"), (">", "&gt;"), ("\n", " "), ("\r", " "), ("*", "\\*"), ("_", "\\_"), ("`", "\\`")] {
        t = t.replacingOccurrences(of: a, with: b)
    }
    return t
}

/// Wraps text at 80 columns, continuation lines indented.
func wrapText(_ text: String, indent: String = "", width: Int = 80) -> [String] {
    let lead = String(text.prefix { $0 == " " })
    var lines: [String] = [], current = lead
    for word in text.split(separator: " ") {
        if current.count > lead.count && current.count + 1 + word.count > width {
            lines.append(current)
            current = indent + word
        } else {
            current += (current.count == lead.count ? "" : " ") + word
        }
    }
    if current.count > lead.count { lines.append(current) }
    return lines
}

extension String {
    /// Right-aligned in `n` columns.
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
