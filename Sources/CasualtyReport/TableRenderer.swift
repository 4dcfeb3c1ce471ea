import CasualtyData
import CasualtyModel
import Foundation

/// A plain-text table for the terminal, at most 80 columns wide: one block per quantity,
/// one row per method (best, low, high and what the range means).
public struct TableRenderer: Renderer {
    /// Largest line width produced (long case titles are wrapped to it).
    public var width = 80

    public init() {}

    public func render(_ result: EstimationResult) throws -> String {
        var out = header(result)
        for q in result.quantities { out += quantityBlock(q, in: result.evidence.theCase) }
        out += thresholds(result) + implausibleClaims(result) + modelLines(result)
        if !result.warnings.isEmpty {
            out.append("")
            for w in result.warnings { out += wrap("warning: \(w)", indent: "  ") }
        }
        return terminalSafe(out.joined(separator: "\n") + "\n")
    }

    /// Title, counts, overridden weights and exclusions.
    func header(_ result: EstimationResult) -> [String] {
        let c = result.evidence.theCase
        var out: [String] = []
        let place = [c.info.date, c.info.place].compactMap { $0 }.joined(separator: ", ")
        out += wrap("\(c.info.title) (\(c.info.id))" + (place.isEmpty ? "" : ", \(place)"))
        let used = Set(result.quantities.flatMap { $0.claims.map(\.report) })
        out.append(
            "\(plural(c.eventReports.count, "event report")) from \(plural(c.sources.count, "source")) in "
                + "\(plural(c.documents.count, "document")); \(used.count) used below."
        )
        let s = result.evidence.settings
        if !s.weights.isEmpty {
            out += wrap(
                "Weights: "
                    + s.weights.sorted { $0.key < $1.key }.map { "\($0.key)=\(formatSetting($0.value))" }.joined(separator: ", "))
        }
        if !s.excludedSources.isEmpty { out += wrap("Excluded: " + s.excludedSources.sorted().joined(separator: ", ")) }
        let floors = namedFloors(result.evidence)
        if !floors.isEmpty {
            out += wrap(
                "Named floors (counts of identified people; the truth cannot be lower): " + floors.joined(separator: ", "))
        }
        return out
    }

    /// One quantity: its name, label and claim count, then a row per method.
    func quantityBlock(_ q: QuantityEstimates, in c: Case) -> [String] {
        var out = [""]
        out += wrap("\(q.quantity.name) - \(quantityLabel(q.quantity, in: c)) - \(plural(q.claims.count, "claim"))")
        let none = q.explainedMissing
        if q.estimates.isEmpty && none.isEmpty {
            return out + wrap("  no claim is about exactly these cells; report-based methods need one", indent: "  ")
        }
        let rows =
            [["method", "best", "low", "high", "range"]]
            + q.estimates.map {
                [methodLabel($0), formatCount($0.best), formatCount($0.low), formatCount($0.high), rangeLabel($0)]
            }
            + none.map { [$0.method.rawValue, "-", "-", "-", "no estimate: \($0.reason.label)"] }
        // Column widths from the content (at least the usual 18 and 7), so that numbers never run together.
        let widths = [18, 7, 7, 7].enumerated().map { i, least in
            max(least, (rows.map { $0[i].count }.max() ?? 0) + (i == 0 ? 0 : 1))
        }
        for r in rows { out.append(row(r, widths)) }
        if let note = priorNote(q.estimates) { out += wrap("  ! \(note)", indent: "    ") }
        return out
    }

    /// P(Q > t) by every method that has it.
    func thresholds(_ result: EstimationResult) -> [String] {
        let o = result.options
        guard !o.thresholds.isEmpty else { return [] }
        var out = ["", "Threshold questions"]
        for t in o.thresholds {
            let probs = result.estimates.filter { $0.quantity == t.quantity }
                .compactMap { e in e.posterior?.exceedance[t.value].map { "\(methodLabel(e)) \(String(format: "%.3f", $0))" } }
            out += wrap(
                "  P(\(t.description.replacingOccurrences(of: ">", with: " > "))): \(probs.joined(separator: ", "))",
                indent: "    ")
        }
        return out
    }

    /// Claims each Bayesian fit finds implausible.
    func implausibleClaims(_ result: EstimationResult) -> [String] {
        var out: [String] = []
        for fit in result.fits {
            let flagged = (result.checks[fit.method] ?? []).filter(\.flagged)
            guard !flagged.isEmpty else { continue }
            out += ["", "Claims \(fit.method.rawValue) finds implausible (posterior predictive p < 0.05)"]
            for f in flagged {
                let claim =
                    result.evidence.theCase.reports.first { $0.id == f.report }
                    .map { "\($0.quantity.name) \"\($0.claim.text)\"" } ?? ""
                out += wrap("  \(f.report): \(claim), p = \(String(format: "%.3f", f.probability))", indent: "    ")
            }
        }
        return out
    }

    /// The model's settings and the sampler's diagnostics, when a Bayesian method ran.
    func modelLines(_ result: EstimationResult) -> [String] {
        let o = result.options, m = o.model, f = formatSetting
        guard o.methods.contains(.laplace) || o.methods.contains(.nuts) else { return [] }
        var out = [""]
        out += wrap(
            "Model: sigma0 \(f(m.sigma0)), prior median \(f(m.priorMedian)), prior scale \(f(m.priorScale)), "
                + (m.useBias ? "bias own \(f(m.biasOwn)) enemy \(f(m.biasEnemy)) sd \(f(m.biasSD))" : "no bias")
                + ", rho \(f(m.rho))"
                + (o.methods.contains(.nuts)
                    ? "; NUTS \(o.sampler.chains) chains x \(o.sampler.draws) draws "
                        + "(\(o.sampler.warmup) warm-up), seed \(o.sampler.seed)" : ""))
        if let check = result.laplaceCheck { out += wrap(laplaceCheckSentence(check)) }
        if let metric = nutsMetricSentence(result) { out += wrap(metric) }
        for fit in result.fits where fit.isMCMC {
            let posteriors = result.estimates.filter { $0.method == fit.method }.compactMap(\.posterior)
            let ess = posteriors.compactMap { p in p.essBulk.flatMap { b in p.essTail.map { min(b, $0) } } }
            out += wrap(
                "NUTS diagnostics: \(fit.divergences) divergences, max R-hat \(String(format: "%.3f", posteriors.compactMap(\.rhat).max() ?? .nan)), "
                    + "min ESS \(Int(ess.min() ?? 0))")
        }
        return out
    }

    /// A row of method, best, low, high (right-aligned in `widths`) and the range's meaning,
    /// cut at the table width with "~".
    private func row(_ cells: [String], _ widths: [Int]) -> String {
        let line =
            "  " + cells[0].rightPad(widths[0]) + cells[1].leftPad(widths[1]) + cells[2].leftPad(widths[2])
            + cells[3].leftPad(widths[3]) + "  " + cells[4]
        return line.count <= width ? line : String(line.prefix(width - 1)) + "~"
    }

    private func wrap(_ text: String, indent: String = "") -> [String] { wrapText(text, indent: indent, width: width) }
}
