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
                out += wrap("  no claim is about exactly these cells; report-based methods need one", indent: "  ")
                continue
            }
            out.append(row("method", "best", "low", "high", "range"))
            for e in q.estimates {
                out.append(row(e.method, formatCount(e.best), formatCount(e.low), formatCount(e.high),
                                e.claimsUsed != nil ? e.rangeMeaning
                                    : e.level.map { "\(Int(($0 * 100).rounded()))% interval" } ?? e.rangeMeaning))
            }
        }
        let o = result.options
        if !o.thresholds.isEmpty {
            out.append("")
            out.append("Threshold questions")
            for t in o.thresholds {
                let probs = result.estimates.filter { $0.quantity == t.quantity }
                    .compactMap { e in e.posterior?.exceedance[t.value].map { "\(e.method) \(String(format: "%.3f", $0))" } }
                out += wrap("  P(\(t.description.replacingOccurrences(of: ">", with: " > "))): \(probs.joined(separator: ", "))", indent: "    ")
            }
        }
        for fit in result.fits {
            let flagged = (result.checks[fit.method] ?? []).filter(\.flagged)
            guard !flagged.isEmpty else { continue }
            out.append("")
            out.append("Claims \(fit.method) finds implausible (posterior predictive p < 0.05)")
            for f in flagged {
                let claim = c.reports.first { $0.id == f.report }.map { "\($0.quantity.name) \"\($0.claim.text)\"" } ?? ""
                out += wrap("  \(f.report): \(claim), p = \(String(format: "%.3f", f.probability))", indent: "    ")
            }
        }
        if o.methods.contains(.laplace) || o.methods.contains(.nuts) {
            let m = o.model
            out.append("")
            out += wrap("Model: sigma0 \(fmt(m.sigma0)), prior median \(fmt(m.priorMedian)), prior scale \(fmt(m.priorScale)), "
                        + (m.useBias ? "bias own \(fmt(m.biasOwn)) enemy \(fmt(m.biasEnemy)) sd \(fmt(m.biasSD))" : "no bias")
                        + ", rho \(fmt(m.rho))"
                        + (o.methods.contains(.nuts) ? "; NUTS \(o.sampler.chains) chains x \(o.sampler.draws) draws "
                           + "(\(o.sampler.warmup) warm-up), seed \(o.sampler.seed)" : ""))
            for fit in result.fits where fit.isMCMC {
                let rhats = fit.isMCMC ? result.estimates.filter { $0.method == fit.method }.compactMap { $0.posterior?.rhat } : []
                let ess = result.estimates.filter { $0.method == fit.method }.compactMap { e in e.posterior.flatMap { p in
                    p.essBulk.flatMap { b in p.essTail.map { min(b, $0) } } } }
                out += wrap("NUTS diagnostics: \(fit.divergences) divergences, max R-hat \(String(format: "%.3f", rhats.max() ?? .nan)), "
                            + "min ESS \(Int(ess.min() ?? 0))")
            }
        }
        if !result.warnings.isEmpty {
            out.append("")
            for w in result.warnings { out += wrap("warning: " + w, indent: "  ") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func fmt(_ x: Double) -> String { String(format: "%g", x) }

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

    private func wrap(_ text: String, indent: String = "") -> [String] { wrapText(text, indent: indent, width: width) }
}
