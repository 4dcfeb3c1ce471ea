import CasualtyData
import CasualtyModel
import Foundation

/// A plain-text table for the terminal, at most 80 columns wide: one block per quantity,
/// one row per method (best, low, high and what the range means).
public struct TableRenderer: Renderer {
    public let format = "table"
    /// Largest line width produced (long case titles are wrapped to it).
    public var width = 80

    public init() {}

    public func render(_ result: EstimationResult) throws -> String {
        let c = result.evidence.theCase
        var out: [String] = []
        let place = [c.info.date, c.info.place].compactMap { $0 }.joined(separator: ", ")
        out += wrap("\(c.info.title) (\(c.info.id))" + (place.isEmpty ? "" : ", \(place)"))
        let used = Set(result.quantities.flatMap { $0.claims.map(\.report) })
        out.append("\(c.eventReports.count) event reports from \(c.sources.count) sources in \(c.documents.count) documents; \(used.count) used below.")
        let s = result.evidence.settings
        if !s.weights.isEmpty {
            out += wrap("Weights: " + s.weights.sorted { $0.key < $1.key }.map { "\($0.key)=\(formatCount2($0.value))" }.joined(separator: ", "))
        }
        if !s.excludedSources.isEmpty { out += wrap("Excluded: " + s.excludedSources.sorted().joined(separator: ", ")) }
        for q in result.quantities {
            out.append("")
            let n = q.claims.count
            out += wrap("\(q.quantity.name) - \(label(q.quantity, in: c)) - \(n) claim\(n == 1 ? "" : "s")")
            if q.estimates.isEmpty {
                out += wrap("  no claim is about exactly these cells; report-based methods need one", indent: "  ").map { "  " + $0.drop { $0 == " " } }
                continue
            }
            out.append(row("method", "best", "low", "high", "range"))
            for e in q.estimates {
                out.append(row(e.method, formatCount(e.best), formatCount(e.low), formatCount(e.high),
                                e.level.map { "\(Int(($0 * 100).rounded()))% interval" } ?? e.rangeMeaning))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func formatCount2(_ x: Double) -> String { String(format: "%g", x) }

    private func label(_ q: Quantity, in c: Case) -> String {
        let who: String
        if let a = c.aggregates.first(where: { $0.groups == q.groups }) { who = a.label ?? a.id }
        else { who = q.groups.map { c.group($0)?.label ?? $0 }.joined(separator: " + ") }
        return "\(who), \(q.outcomes.joined(separator: " or "))"
    }

    private func row(_ m: String, _ b: String, _ l: String, _ h: String, _ r: String) -> String {
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            s.count >= n ? s : (left ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
        }
        let line = "  " + pad(m, 18) + pad(b, 7, left: true) + pad(l, 7, left: true) + pad(h, 7, left: true) + "  " + r
        return line.count <= width ? line : String(line.prefix(width - 1)) + "~"
    }

    private func wrap(_ text: String, indent: String = "") -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = indent + word
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
