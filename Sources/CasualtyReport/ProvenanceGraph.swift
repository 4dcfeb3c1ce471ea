import CasualtyData
import Foundation

/// Who copied whom: the case's sources, its documents, the `derives_from` links and which
/// report each document carries, as an SVG drawn here (a layered layout, so the HTML report
/// stays self-contained) or as Graphviz DOT (`casualty graph`).
///
/// Layout: three columns. Left, the sources that derive from no one (originals), grouped by
/// side; middle, the sources that derive from another (copies), each drawn with a dashed
/// arrow to its origin; right, the documents. An edge joins a source to each document that carries one of its reports,
/// its width growing with the source's reliability weight. Nodes are coloured by side
/// (Okabe-Ito palette, in the order the sides first appear) and labelled with the source's
/// kind.
public enum ProvenanceGraph {
    struct Node {
        var id, label, detail: String
        var color: String
        var x = 0.0, y = 0.0
    }

    /// The source-to-document edges: (source id, document id, number of reports).
    static func carries(_ c: Case) -> [(String, String, Int)] {
        var count: [String: Int] = [:], order: [String] = []
        for r in c.reports {
            for d in r.documents {
                let key = r.source + "\u{0}" + d
                if count[key] == nil { order.append(key) }
                count[key, default: 0] += 1
            }
        }
        return order.map { key in
            let parts = key.split(separator: "\u{0}").map(String.init)
            return (parts[0], parts[1], count[key]!)
        }
    }

    /// The colour of each side, in the order sides first appear among the sources.
    static func sideColors(_ c: Case) -> [String: String] {
        var colors: [String: String] = [:]
        for s in c.sources where colors[s.side] == nil {
            colors[s.side] = s.side == "neutral" ? "#555555" : Charts.palette[colors.count % Charts.palette.count]
        }
        return colors
    }

    /// The graph as an inline SVG (`class="chart graph"`); nodes are `<g class="node source|document"
    /// data-id="...">`, edges `<line class="edge carries|derives">`.
    public static func svg(_ c: Case) -> String {
        let colors = sideColors(c)
        let copies = c.sources.filter { !$0.derivesFrom.isEmpty }
        let originals = c.sources.filter { $0.derivesFrom.isEmpty }.sorted { ($0.side, $0.id) < ($1.side, $1.id) }
        let rowH = 44.0, top = 40.0, width = 760.0
        let columns: [(x: Double, nodes: [Node])] = [
            (
                20,
                originals.map {
                    Node(id: $0.id, label: $0.name, detail: "\($0.kind.rawValue), \($0.side)", color: colors[$0.side]!)
                }
            ),
            (
                270,
                copies.map { Node(id: $0.id, label: $0.name, detail: "\($0.kind.rawValue), \($0.side)", color: colors[$0.side]!) }
            ),
            (520, c.documents.map { Node(id: $0.id, label: $0.outlet, detail: $0.date ?? "", color: "#999999") }),
        ]
        var placed: [String: Node] = [:]
        for (x, nodes) in columns {
            for (i, n) in nodes.enumerated() {
                var m = n
                (m.x, m.y) = (x, top + Double(i) * rowH)
                placed[(x == 520 ? "d:" : "s:") + n.id] = m
            }
        }
        let rows = columns.map(\.nodes.count).max() ?? 0
        let height = top + Double(max(rows, 1)) * rowH + 20
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" class=\"chart graph\">"
        s += "<title>\(htmlEscape("Provenance of the claims of \(c.info.title): sources, copies and documents"))</title>"
        s += "<style>text{font-family:sans-serif;font-size:13px;fill:#222}.detail{font-size:12px;fill:#555}</style>"
        s +=
            "<text x=\"20\" y=\"22\">sources</text><text x=\"270\" y=\"22\">copies (derive from)</text><text x=\"520\" y=\"22\">documents</text>"
        for (source, document, n) in carries(c) {
            guard let a = placed["s:" + source], let b = placed["d:" + document] else { continue }
            let w = 1 + 3 * (c.source(source)?.reliability ?? 0.5)
            s += "<line class=\"edge carries\" x1=\"\(a.x + 220)\" y1=\"\(a.y + 17)\" x2=\"\(b.x)\" y2=\"\(b.y + 17)\" "
            s += "stroke=\"\(a.color)\" stroke-opacity=\"0.45\" stroke-width=\"\(String(format: "%.1f", w))\">"
            s += "<title>\(htmlEscape("\(source) in \(document): \(plural(n, "report"))"))</title></line>"
        }
        for copy in copies {
            for origin in copy.derivesFrom {
                guard let a = placed["s:" + copy.id], let b = placed["s:" + origin] else { continue }
                let (x1, y1, x2, y2) = (a.x, a.y + 17, b.x + 220, b.y + 17)
                s += "<line class=\"edge derives\" x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" "
                s += "stroke=\"#D55E00\" stroke-width=\"2\" stroke-dasharray=\"6 3\">"
                s += "<title>\(htmlEscape("\(copy.id) derives from \(origin)"))</title></line>"
                s += arrowhead(from: (x1, y1), to: (x2, y2))
            }
        }
        for (key, n) in placed.sorted(by: { $0.key < $1.key }) {
            let kind = key.hasPrefix("d:") ? "document" : "source"
            s += "<g class=\"node \(kind)\" data-id=\"\(htmlEscape(n.id))\">"
            s +=
                "<rect x=\"\(n.x)\" y=\"\(n.y)\" width=\"220\" height=\"34\" rx=\"\(kind == "source" ? 4 : 0)\" fill=\"white\" stroke=\"\(n.color)\" stroke-width=\"2\"/>"
            s += "<text x=\"\(n.x + 6)\" y=\"\(n.y + 14)\">\(htmlEscape(Self.shortened(n.label, 28)))</text>"
            s += "<text class=\"detail\" x=\"\(n.x + 6)\" y=\"\(n.y + 28)\">\(htmlEscape(Self.shortened(n.detail, 34)))</text>"
            s += "<title>\(htmlEscape("\(n.label) (\(n.id))"))</title></g>"
        }
        return s + "</svg>"
    }

    /// A filled triangle at `to`, pointing along the line from `from` (drawn, not a marker:
    /// markers need a url() reference).
    static func arrowhead(from a: (Double, Double), to b: (Double, Double)) -> String {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1), length = max((dx * dx + dy * dy).squareRoot(), 1e-9)
        let (ux, uy) = (dx / length, dy / length)
        let base = (b.0 - 10 * ux, b.1 - 10 * uy)
        let points = [(b.0, b.1), (base.0 - 5 * uy, base.1 + 5 * ux), (base.0 + 5 * uy, base.1 - 5 * ux)]
        return "<polygon points=\"" + points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
            + "\" fill=\"#D55E00\"/>"
    }

    /// `text` cut to `n` characters with an ellipsis.
    static func shortened(_ text: String, _ n: Int) -> String { text.count <= n ? text : String(text.prefix(n - 1)) + "\u{2026}" }

    /// The graph in Graphviz's DOT language.
    public static func dot(_ c: Case) -> String {
        func q(_ s: String) -> String {
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"" + escaped.replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        let colors = sideColors(c)
        var out = ["digraph provenance {", "  rankdir=LR;", "  node [fontname=\"sans-serif\", fontsize=11];"]
        for s in c.sources {
            out.append(
                "  \(q("s:" + s.id)) [label=\(q("\(neutralised(s.name))\n\(s.kind.rawValue), \(neutralised(s.side))")), shape=box, style=rounded, color=\(q(colors[s.side]!))];"
            )
        }
        for d in c.documents {
            out.append(
                "  \(q("d:" + d.id)) [label=\(q("\(neutralised(d.outlet))\n\(d.date ?? "")")), shape=note, color=\"#999999\"];")
        }
        for (source, document, n) in carries(c) {
            let w = 1 + 3 * (c.source(source)?.reliability ?? 0.5)
            out.append(
                "  \(q("s:" + source)) -> \(q("d:" + document)) [penwidth=\(String(format: "%.1f", w)), label=\(q(plural(n, "report")))];"
            )
        }
        for s in c.sources {
            for origin in s.derivesFrom {
                out.append(
                    "  \(q("s:" + s.id)) -> \(q("s:" + origin)) [style=dashed, color=\"#D55E00\", label=\"derives from\"];")
            }
        }
        return out.joined(separator: "\n") + "\n}\n"
    }
}
