import CasualtyData
import CasualtyModel
import Foundation

/// `casualty timeline` as a terminal table, JSON or Markdown: per quantity, the estimate after
/// each arriving claim and how far that claim moved it, and a sentence for a write-up.
public enum TimelineRenderer {
    /// The output formats.
    public enum Format: String, CaseIterable, Sendable {
        /// The terminal table.
        case table
        /// JSON (`TimelineRenderer.json(_:in:)`).
        case json
        /// Markdown for a write-up.
        case md
    }

    /// One quantity's steps: (step, its estimate, the change of best from the step before).
    public static func rows(_ t: Timeline, _ q: Quantity) -> [(step: Timeline.Step, estimate: Estimate?, change: Double?)] {
        var previous: Double?
        return t.steps.map { step in
            let e = step.estimates.first { $0.quantity == q }
            let change = e.flatMap { e in previous.map { e.best - $0 } }
            if let e { previous = e.best }
            return (step, e, change)
        }
    }

    /// "By 2016-05-10 the consensus for Iranian forces, killed was 26 (90% interval 17-38);
    /// the largest change came from kowsari-killed (Kowsari) on 2016-05-08: +12."
    public static func sentence(_ t: Timeline, _ q: Quantity, in c: Case) -> String? {
        let r = rows(t, q)
        guard let last = r.last(where: { $0.estimate != nil }), let e = last.estimate else { return nil }
        var s =
            "By \(last.step.date) the consensus for \(quantityLabel(q, in: c)) was \(formatCount(e.best)) "
            + "(\(rangeLabel(e)) \(formatCount(e.low))-\(formatCount(e.high)); \(answeredBy(e)))"
        if let big = r.filter({ $0.change != nil }).max(by: { abs($0.change!) < abs($1.change!) }), let change = big.change,
            change != 0
        {
            let source = c.reports.first { $0.id == big.step.report }.flatMap { c.source($0.source)?.name } ?? ""
            s += "; the largest change came from \(big.step.report) (\(source)) on \(big.step.date): \(signed(change))"
        }
        return s + "."
    }

    /// The method that computed `e`: "nuts in place of laplace" where the Laplace check
    /// refused the approximation.
    static func answeredBy(_ e: Estimate) -> String {
        e.fallbackFrom.map { "\(e.method.rawValue) in place of \($0.rawValue)" } ?? e.method.rawValue
    }

    /// "; NUTS answered in its place at 3 of 25 steps" when the tracked method was refused at
    /// some steps (its estimates there are another method's), else "".
    static func fallbackNote(_ t: Timeline) -> String {
        let refused = t.steps.indices.filter { k in t.steps[k].estimates.contains { $0.fallbackFrom != nil } }
        guard !refused.isEmpty else { return "" }
        let by = t.steps[refused[0]].estimates.first { $0.fallbackFrom != nil }?.method.rawValue ?? "another method"
        return "; \(by) answered in its place at \(refused.count) of \(t.steps.count) steps"
    }

    /// The terminal table.
    public static func table(_ t: Timeline, in c: Case) -> String {
        var out = [
            "Timeline of \(c.info.title) (\(c.info.id)) - \(t.method.rawValue), \(plural(t.steps.count, "claim")) in order of arrival"
                + fallbackNote(t)
        ]
        for q in t.quantities {
            out += [
                "", "\(q.name) - \(quantityLabel(q, in: c))",
                "  date        claim                          best      low     high   change",
            ]
            for (step, e, change) in rows(t, q) {
                let numbers =
                    e.map { e in
                        formatCount(e.best).leftPad(8) + formatCount(e.low).leftPad(9) + formatCount(e.high).leftPad(9)
                            + (change.map(signed) ?? "").leftPad(9)
                    } ?? "  no estimate yet"
                out.append("  " + step.date.rightPad(12) + String(step.report.prefix(28)).rightPad(29) + numbers)
            }
            if let s = sentence(t, q, in: c) { out += wrapText(s, indent: "  ", width: 80).map { "  " + $0 } }
        }
        if !t.undated.isEmpty { out += ["", "Undated, left out: " + t.undated.joined(separator: ", ")] }
        return terminalSafe(out.joined(separator: "\n") + "\n")
    }

    /// Markdown for a write-up: one table per quantity and its sentence.
    public static func markdown(_ t: Timeline, in c: Case) -> String {
        var out =
            "# Timeline: \(markdownEscape(c.info.title))\n\nMethod `\(t.method.rawValue)`; claims in order of arrival"
            + "\(markdownEscape(fallbackNote(t))).\n"
        for q in t.quantities {
            out += "\n## \(markdownEscape(q.name)): \(markdownEscape(quantityLabel(q, in: c)))\n\n"
            let body = rows(t, q).map { step, e, change in
                [
                    step.date, step.report, e.map { formatCount($0.best) } ?? "", e.map { formatCount($0.low) } ?? "",
                    e.map { formatCount($0.high) } ?? "", change.map(signed) ?? "",
                ]
            }
            out += markdownTable(["date", "claim", "best", "low", "high", "change"], body)
            if let s = sentence(t, q, in: c) { out += "\n" + markdownEscape(s) + "\n" }
        }
        if !t.undated.isEmpty { out += "\nUndated, left out: " + t.undated.map(markdownEscape).joined(separator: ", ") + "\n" }
        return out
    }

    /// JSON: `case`, `method`, `undated`, and per quantity its steps (`date`, `report`,
    /// `best`, `low`, `high`, `level`, `change`; null where there is no estimate yet).
    public static func json(_ t: Timeline, in c: Case) throws -> String {
        struct StepJSON: Encodable {
            var date, report: String
            var best, low, high, level, change: Double?
        }
        struct QuantityJSON: Encodable {
            var quantity, label: String
            var summary: String?
            var steps: [StepJSON]
        }
        struct Document: Encodable {
            var `case`, method: String
            var undated: [String]
            var quantities: [QuantityJSON]
        }
        let doc = Document(
            case: c.info.id, method: t.method.rawValue, undated: t.undated,
            quantities: t.quantities.map { q in
                QuantityJSON(
                    quantity: q.name, label: quantityLabel(q, in: c), summary: sentence(t, q, in: c),
                    steps: rows(t, q).map { step, e, change in
                        StepJSON(
                            date: step.date, report: step.report, best: e?.best, low: e?.low, high: e?.high, level: e?.level,
                            change: change)
                    })
            })
        return try reproducibleJSON(doc)
    }
}
