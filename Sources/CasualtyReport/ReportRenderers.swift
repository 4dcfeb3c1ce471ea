import CasualtyData
import CasualtyModel
import Foundation

/// A Markdown table with every cell escaped (pipes, HTML brackets, emphasis marks, newlines).
func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
    var out = "| " + header.map(markdownEscape).joined(separator: " | ") + " |\n"
    out += "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
    for r in rows { out += "| " + r.map(markdownEscape).joined(separator: " | ") + " |\n" }
    return out
}

/// The report as Markdown, for a write-up (charts are in the HTML and notebook formats).
public struct MarkdownReport: ReportRenderer {
    public init() {}

    public func render(_ input: ReportInput) throws -> String {
        let c = ReportContent(input)
        var s = "# \(markdownEscape(c.title)): casualty estimates\n\n"
        if !c.event.isEmpty { s += "\(markdownEscape(c.event))\n\n" }
        s += "## Headline figures\n\n"
        for q in c.quantities { if let h = q.headline { s += "- \(markdownEscape(h))\n" } }
        s += "\n## Estimates by quantity\n\n"
        for q in c.quantities {
            s += "### \(markdownEscape(q.quantity.name)): \(markdownEscape(q.label))\n\n"
            s +=
                q.rows.isEmpty
                ? "No method could estimate this quantity from the claims.\n\n"
                : markdownTable(EstimateRow.header, q.rows.map(\.cells)) + "\n"
            if let c = q.comparison {
                s += "Checked Laplace against NUTS:\n\n" + markdownTable(ComparisonRow.header, c.rows) + "\n"
            }
            if let t = q.timelineSentence { s += "How the count grew: \(markdownEscape(t))\n\n" }
        }
        s += "## Sources\n\n" + markdownTable(SourceRow.header, c.sources.map(\.cells)) + "\n"
        s += "## Claims\n\n" + markdownTable(ClaimRow.header, c.claims.map(\.cells)) + "\n"
        if !c.notes.isEmpty { s += "Notes on the claims:\n\n" + markdownTable(["report", "note"], c.notes.map(\.cells)) + "\n" }
        if !c.exclusions.isEmpty {
            s += "## Figures not pooled\n\n" + markdownTable(ExclusionRow.header, c.exclusions.map(\.cells)) + "\n"
        }
        if input.sensitivity != nil {
            s += "## Sensitivity\n\n"
            for q in c.quantities where !q.drivers.isEmpty {
                s += "### \(markdownEscape(q.quantity.name))\n\n" + markdownTable(DriverRow.header, q.drivers.map(\.cells)) + "\n"
            }
            if !c.verdicts.isEmpty {
                s += "Threshold verdicts:\n\n" + c.verdicts.map { "- \(markdownEscape($0))\n" }.joined() + "\n"
            }
            for t in c.sweep {
                s += "### Weight sweep of \(markdownEscape(t.source)): \(markdownEscape(t.quantity))\n\n"
                s += markdownTable(SweepTable.header, t.rows) + "\n"
            }
        }
        s +=
            "## Diagnostics\n\n"
            + (c.diagnostics.isEmpty
                ? "No Bayesian method was run.\n" : c.diagnostics.map { "- \(markdownEscape($0))\n" }.joined()) + "\n"
        s += "## Assumptions and settings\n\n" + markdownTable(["setting", "value"], c.settings.map(\.cells)) + "\n"
        s += "## Provenance\n\n" + markdownTable(["item", "value"], c.provenance.map(\.cells))
        return s
    }
}

/// The report as one self-contained HTML file: inline CSS and SVG, no script, no external
/// resource; readable on a phone and printable.
public struct HTMLReport: ReportRenderer {
    public init() {}

    static let css = """
        body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.45;color:#1a1a1a;max-width:62rem;margin:0 auto;padding:1rem}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;margin-top:2rem}h3{font-size:1.05rem}
        .event{color:#555;margin-top:0}.headline li{font-size:1.05rem;margin:.2rem 0}
        .wrap{overflow-x:auto}table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1rem}
        th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}th{background:#f2f2f2}
        td.num{text-align:right;font-variant-numeric:tabular-nums}.quote{font-style:italic;max-width:28rem}
        .flag{color:#D55E00;font-weight:bold}svg.chart{max-width:40rem;min-width:500px;display:block;margin:.5rem 0}svg.graph{max-width:48rem;min-width:640px}
        code{background:#f5f5f5;padding:.1rem .3rem;word-break:break-all}footer{color:#666;font-size:.8rem;margin-top:2rem}
        @media print{body{max-width:none;padding:0;font-size:10pt}h2{page-break-after:avoid}svg.chart,table{page-break-inside:avoid}.wrap{overflow:visible}}
        """

    /// A chart in a box that scrolls sideways on a narrow screen: charts keep a minimum width
    /// (500 px, the graph 640 px) so that their text stays at least 10 px on a phone.
    static func scroll(_ svg: String) -> String { "<div class=\"wrap\">" + svg + "</div>" }

    /// A table; `flagged` marks one column's cell in the rows that are flagged.
    func table(
        _ header: [String], _ rows: [[String]], numeric: Set<Int> = [], quote: Int? = nil,
        flagged: (column: Int, rows: [Bool])? = nil
    ) -> String {
        var s =
            "<div class=\"wrap\"><table><thead><tr>" + header.map { "<th>\(htmlEscape($0))</th>" }.joined()
            + "</tr></thead><tbody>"
        for (k, r) in rows.enumerated() {
            s += "<tr>"
            for (i, cell) in r.enumerated() {
                var cls = numeric.contains(i) ? " class=\"num\"" : (quote == i ? " class=\"quote\"" : "")
                if let f = flagged, f.column == i, f.rows[k] { cls = " class=\"flag\"" }
                s += "<td\(cls)>\(htmlEscape(cell))</td>"
            }
            s += "</tr>"
        }
        return s + "</tbody></table></div>\n"
    }

    public func render(_ input: ReportInput) throws -> String {
        let c = ReportContent(input)
        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<title>\(htmlEscape(c.title)): casualty estimates</title><style>\(Self.css)</style></head><body>\n"
        s += "<h1>\(htmlEscape(c.title)): casualty estimates</h1>\n"
        if !c.event.isEmpty { s += "<p class=\"event\">\(htmlEscape(c.event))</p>\n" }
        s += "<h2>Headline figures</h2><ul class=\"headline\">"
        for q in c.quantities { if let h = q.headline { s += "<li>\(htmlEscape(h))</li>" } }
        s += "</ul>\n<h2>Estimates by quantity</h2>\n"
        for q in c.quantities {
            s += "<section class=\"quantity\"><h3>\(htmlEscape(q.quantity.name)): \(htmlEscape(q.label))</h3>\n"
            s +=
                q.rows.isEmpty
                ? "<p>No method could estimate this quantity from the claims.</p>"
                : table(EstimateRow.header, q.rows.map(\.cells), numeric: [1, 2, 3])
            s += Self.scroll(q.forest) + "\n"
            if let d = q.density { s += Self.scroll(d) + "\n" }
            if let c = q.comparison {
                s += "<h4>Checked Laplace against NUTS</h4>\n" + table(ComparisonRow.header, c.rows, numeric: [1, 3])
            }
            if let rp = q.rankPlot { s += Self.scroll(rp) + "\n" }
            if let sentence = q.timelineSentence {
                s += "<h4>How the count grew</h4>\n<p>\(htmlEscape(sentence))</p>\n"
                if let t = q.timeline { s += Self.scroll(t) + "\n" }
            }
            s += "</section>\n"
        }
        s += "<h2>Sources</h2>\n" + table(SourceRow.header, c.sources.map(\.cells), numeric: [SourceRow.weightColumn])
        s += "<h3>Who copied whom</h3>\n" + Self.scroll(c.graph) + "\n"
        s +=
            "<h2>Claims</h2>\n"
            + table(
                ClaimRow.header, c.claims.map(\.cells), quote: ClaimRow.quoteColumn,
                flagged: (ClaimRow.checkColumn, c.claims.map(\.check.flagged)))
        if !c.notes.isEmpty { s += "<h3>Notes on the claims</h3>\n" + table(["report", "note"], c.notes.map(\.cells)) }
        if !c.exclusions.isEmpty {
            s +=
                "<h2>Figures not pooled</h2>\n"
                + table(ExclusionRow.header, c.exclusions.map(\.cells), quote: ExclusionRow.quoteColumn)
        }
        if input.sensitivity != nil {
            s += "<h2>Sensitivity</h2>\n"
            for q in c.quantities where !q.drivers.isEmpty {
                s +=
                    "<h3>\(htmlEscape(q.quantity.name))</h3>\n"
                    + table(DriverRow.header, q.drivers.map(\.cells), numeric: [2, 3, 4])
                if let t = q.tornado { s += Self.scroll(t) + "\n" }
            }
            if !c.verdicts.isEmpty {
                s += "<h3>Threshold verdicts</h3><ul>" + c.verdicts.map { "<li>\(htmlEscape($0))</li>" }.joined() + "</ul>\n"
            }
            for t in c.sweep {
                s += "<h3>Weight sweep of \(htmlEscape(t.source)): \(htmlEscape(t.quantity))</h3>\n"
                s += table(SweepTable.header, t.rows, numeric: [0, 1, 2, 3])
            }
        }
        s +=
            "<h2>Diagnostics</h2><ul>"
            + (c.diagnostics.isEmpty
                ? "<li>No Bayesian method was run.</li>" : c.diagnostics.map { "<li>\(htmlEscape($0))</li>" }.joined())
            + "</ul>\n"
        s += "<h2>Assumptions and settings</h2>\n" + table(["setting", "value"], c.settings.map(\.cells))
        s += "<h2>Provenance</h2>\n" + table(["item", "value"], c.provenance.map(\.cells))
        s +=
            "<footer>Made by casualty \(htmlEscape(input.provenance.toolVersion)). Reproduce with <code>\(htmlEscape(c.command))</code>.</footer>\n"
        return s + "</body></html>\n"
    }
}

/// The report as a Jupyter notebook (nbformat 4.4): Markdown cells for prose and tables,
/// `image/svg+xml` outputs for the charts and an `application/json` output with the estimates.
/// It opens without a kernel, with every output in place; "Run All" redraws each output from
/// the data cell near the top, which holds every output's MIME bundle, so a run leaves the
/// outputs as they were (checked with nbclient in the tests). The first cell shows the
/// command that reproduces it.
public struct NotebookReport: ReportRenderer {
    public init() {}

    /// The cells being written and the output bundles their code redraws.
    struct Builder {
        var cells: [[String: Any]] = []
        var bundles: [String: [String: Any]] = [:]

        mutating func markdown(_ text: String) {
            cells.append(["cell_type": "markdown", "metadata": [String: Any](), "source": NotebookReport.lines(text)])
        }

        /// A code cell that displays `bundle` (kept in the data cell under a generated key)
        /// after `comment` and any `code`, with the bundle stored as its output.
        mutating func display(_ comment: String, code: String = "", bundle: [String: Any]) {
            let key = "output-\(bundles.count + 1)"
            bundles[key] = bundle
            let stored = bundle.mapValues { v -> Any in (v as? String).map { NotebookReport.lines($0) } ?? v }
            cells.append([
                "cell_type": "code", "execution_count": NSNull(), "metadata": [String: Any](),
                "source": NotebookReport.lines("# \(neutralised(comment))\n\(code)display(report[\"\(key)\"], raw=True)"),
                "outputs": [["output_type": "display_data", "data": stored, "metadata": [String: Any]()]],
            ])
        }

        /// The code cell that defines `report` (every output bundle, as JSON in a raw string:
        /// JSON escapes every double quote, so the text cannot close the string).
        func dataCell() throws -> [String: Any] {
            let json = try JSONSerialization.data(withJSONObject: bundles, options: [.sortedKeys, .withoutEscapingSlashes])
            let code =
                "# The data every output below is drawn from: \"Run All\" redraws them from it.\n"
                + "import json\nfrom IPython.display import display\n"
                + "report = json.loads(r\"\"\"\(String(decoding: json, as: UTF8.self))\"\"\")"
            return [
                "cell_type": "code", "execution_count": NSNull(), "metadata": [String: Any](),
                "source": NotebookReport.lines(code), "outputs": [[String: Any]](),
            ]
        }
    }

    /// nbformat stores multi-line strings as lists of lines, each but the last ending in "\n".
    static func lines(_ text: String) -> [String] {
        var parts = text.components(separatedBy: "\n")
        if parts.last == "" { parts.removeLast() }
        return parts.enumerated().map { $0.offset < parts.count - 1 ? $0.element + "\n" : $0.element }
    }

    /// A quantity's table and its charts, one output cell each.
    func quantityCells(_ q: ReportContent.QuantitySection, into b: inout Builder) {
        b.markdown(
            "## \(markdownEscape(q.quantity.name)): \(markdownEscape(q.label))\n\n"
                + (q.rows.isEmpty
                    ? "No method could estimate this quantity.\n" : markdownTable(EstimateRow.header, q.rows.map(\.cells))))
        let charts: [(String?, String, String)] = [
            (q.forest, "Forest plot of the claims and consensus intervals", "forest plot"),
            (q.density, "Posterior density", "posterior density"), (q.rankPlot, "Rank plot by chain (NUTS)", "rank plot"),
            (q.tornado, "Sensitivity tornado", "tornado"), (q.timeline, "How the consensus moved as claims arrived", "timeline"),
        ]
        for case let (svg?, title, what) in charts {
            b.display(
                "\(title): \(q.quantity.name)",
                bundle: ["image/svg+xml": svg, "text/plain": "<\(what) of \(neutralised(q.quantity.name))>"])
        }
        if let t = q.timelineSentence { b.markdown("How the count grew: \(markdownEscape(t))") }
    }

    /// The estimates as JSON records (with pandas: `pd.DataFrame(records)`).
    func recordsCell(_ r: EstimationResult, into b: inout Builder) {
        let estimates = r.estimates.map { e -> [String: Any] in
            var d: [String: Any] = [
                "quantity": e.quantity.name, "method": e.method.rawValue, "best": e.best, "low": e.low,
                "high": e.high, "level": e.level.map { $0 as Any } ?? NSNull(),
            ]
            if let p = e.posterior {
                d["mean"] = p.mean
                d["sd"] = p.sd
            }
            return d
        }
        let key = "output-\(b.bundles.count + 1)"
        b.display(
            "The estimates as records; with pandas: pd.DataFrame(records)",
            code: "records = report[\"\(key)\"][\"application/json\"][\"records\"]\n",
            bundle: [
                "application/json": ["case": r.evidence.theCase.info.id, "records": estimates],
                "text/plain": "\(estimates.count) estimates",
            ])
    }

    public func render(_ input: ReportInput) throws -> String {
        let c = ReportContent(input)
        var b = Builder()
        b.markdown(
            "# \(markdownEscape(c.title)): casualty estimates\n\n\(markdownEscape(c.event))\n\n"
                + "Reproduce this notebook with:\n\n" + codeFence(c.command, language: "sh"))
        b.markdown("## Headline figures\n\n" + c.quantities.compactMap(\.headline).map { "- \(markdownEscape($0))\n" }.joined())
        for q in c.quantities { quantityCells(q, into: &b) }
        recordsCell(input.estimation, into: &b)
        b.markdown("## Sources\n\n" + markdownTable(SourceRow.header, c.sources.map(\.cells)))
        b.display(
            "Provenance: sources, copies (derives_from) and the documents that carry their reports",
            bundle: ["image/svg+xml": c.graph, "text/plain": "<provenance graph>"])
        b.markdown(
            "## Claims\n\n" + markdownTable(ClaimRow.header, c.claims.map(\.cells))
                + (c.notes.isEmpty ? "" : "\nNotes on the claims:\n\n" + markdownTable(["report", "note"], c.notes.map(\.cells))))
        if !c.exclusions.isEmpty {
            b.markdown("## Figures not pooled\n\n" + markdownTable(ExclusionRow.header, c.exclusions.map(\.cells)))
        }
        if input.sensitivity != nil {
            var text = "## Sensitivity\n\n"
            for q in c.quantities where !q.drivers.isEmpty {
                text +=
                    "### \(markdownEscape(q.quantity.name))\n\n" + markdownTable(DriverRow.header, q.drivers.map(\.cells)) + "\n"
            }
            text += c.verdicts.map { "- \(markdownEscape($0))\n" }.joined()
            for t in c.sweep {
                text += "\n### Weight sweep of \(markdownEscape(t.source)): \(markdownEscape(t.quantity))\n\n"
                text += markdownTable(SweepTable.header, t.rows)
            }
            b.markdown(text)
        }
        b.markdown(
            "## Diagnostics\n\n"
                + (c.diagnostics.isEmpty
                    ? "No Bayesian method was run.\n" : c.diagnostics.map { "- \(markdownEscape($0))\n" }.joined()))
        b.markdown("## Assumptions and settings\n\n" + markdownTable(["setting", "value"], c.settings.map(\.cells)))
        b.markdown("## Provenance\n\n" + markdownTable(["item", "value"], c.provenance.map(\.cells)))
        var cells = b.cells
        cells.insert(try b.dataCell(), at: 1)
        let nb: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 4,
            "metadata": [
                "kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"],
                "language_info": ["name": "python"],
            ],
            "cells": cells,
        ]
        let data = try JSONSerialization.data(
            withJSONObject: nb, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// One row per (quantity, method): `case,quantity,method,best,low,high,level` then the
/// Bayesian columns `mean,sd,q50_low,q50_high,q95_low,q95_high,rhat,ess_bulk,ess_tail` and the
/// meta-analysis columns `claims_used,claims_total`; then one row per excluded figure (method
/// `excluded`: document, figure, reason, quote) and per report note (method `note`: the
/// report id as figure, the note as reason). Text cells are quoted as needed and a
/// leading =, +, - or @ is neutralised for spreadsheets.
public struct CSVReport: ReportRenderer {
    public init() {}
    /// The CSV header row.
    public static let header = [
        "case", "quantity", "method", "best", "low", "high", "level", "mean", "sd", "q50_low", "q50_high",
        "q95_low", "q95_high", "rhat", "ess_bulk", "ess_tail", "claims_used", "claims_total", "document", "figure",
        "reason", "quote",
    ]

    public func render(_ input: ReportInput) throws -> String {
        let id = input.estimation.evidence.theCase.info.id
        var out = Self.header.joined(separator: ",") + "\n"
        func n(_ x: Double?) -> String { x.map { $0.isFinite ? $0.description : "" } ?? "" }
        for e in input.estimation.estimates {
            let p = e.posterior
            let cells = [
                csvCell(id), csvCell(e.quantity.name), csvCell(e.method.rawValue),
                n(e.best), n(e.low), n(e.high), n(e.level), n(p?.mean), n(p?.sd),
                n(p?.interval(0.5)?.low), n(p?.interval(0.5)?.high), n(p?.interval(0.95)?.low), n(p?.interval(0.95)?.high),
                n(p?.rhat), n(p?.essBulk), n(p?.essTail), e.claimsUsed.map(String.init) ?? "",
                e.claimsTotal.map(String.init) ?? "", "", "", "", "",
            ]
            out += cells.joined(separator: ",") + "\n"
        }
        // The figures not pooled (method "excluded") and the reports' notes (method "note"):
        // for a recorder they are what makes the figure defensible.
        let c = input.estimation.evidence.theCase
        let blank = Array(repeating: "", count: 15)
        for x in c.exclusions {
            out +=
                ([csvCell(id), "", "excluded"] + blank + [x.document, x.figure, x.reason, x.quote ?? ""].map(csvCell))
                .joined(separator: ",") + "\n"
        }
        for r in c.reports {
            guard let note = r.note else { continue }
            out +=
                ([csvCell(id), "", "note"] + blank + ["", csvCell(r.id), csvCell(note), csvCell(r.quote ?? "")])
                .joined(separator: ",") + "\n"
        }
        return out
    }
}

/// The estimate JSON (`casualty-estimate/1`) with `provenance` and, when run, `sensitivity`
/// (`casualty-sensitivity/1`) added at the top level: one `Encodable` document.
public struct JSONReport: ReportRenderer {
    public init() {}

    struct ProvenanceEntry: Encodable {
        var tool_version: String
        var git_commit: String?
        var seed: UInt64
        var input_sha256, generated_at, command: String

        func encode(to encoder: Encoder) throws {
            enum K: String, CodingKey { case tool_version, git_commit, seed, input_sha256, generated_at, command }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(tool_version, forKey: .tool_version)
            try c.encode(git_commit, forKey: .git_commit)  // null, not absent, outside a repository
            try c.encode(seed, forKey: .seed)
            try c.encode(input_sha256, forKey: .input_sha256)
            try c.encode(generated_at, forKey: .generated_at)
            try c.encode(command, forKey: .command)
        }
    }

    /// The estimate document's keys, then `provenance` and `sensitivity` beside them.
    struct Document: Encodable {
        var estimate: JSONRenderer.Document
        var provenance: ProvenanceEntry
        var sensitivity: SensitivityJSON.Doc?

        enum K: String, CodingKey { case provenance, sensitivity }

        func encode(to encoder: Encoder) throws {
            try estimate.encode(to: encoder)
            var c = encoder.container(keyedBy: K.self)
            try c.encode(provenance, forKey: .provenance)
            try c.encodeIfPresent(sensitivity, forKey: .sensitivity)
        }
    }

    public func render(_ input: ReportInput) throws -> String {
        let p = input.provenance
        return try reproducibleJSON(
            Document(
                estimate: JSONRenderer.document(input.estimation),
                provenance: ProvenanceEntry(
                    tool_version: p.toolVersion, git_commit: p.gitCommit, seed: p.seed,
                    input_sha256: p.inputSHA256, generated_at: p.generatedAt, command: p.command),
                sensitivity: input.sensitivity.map(SensitivityJSON.document)))
    }
}
