import CasualtyData
import Foundation

/// `casualty extract` output: the figures as JSON (schema `casualty-extract/1`,
/// `schemas/casualty-extract-1.schema.json`) and the draft case as YAML.
public enum ExtractRenderer {
    /// The JSON document: `{"schema": "casualty-extract/1", "documents": [...]}`.
    public static func json(_ documents: [ExtractedDocument]) throws -> String {
        struct Output: Encodable {
            let schema = "casualty-extract/1"
            let documents: [ExtractedDocument]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Output(documents: documents)), as: UTF8.self) + "\n"
    }
}

extension ExtractRenderer {
    /// The draft case as YAML (schema `casualty-case/1`), every judgement marked TODO.
    public static func yaml(_ d: DraftCase) -> String {
        var out = """
            # Draft case written by `casualty extract`. Every TODO is a decision for the analyst:
            # the side, kind and reliability of each source, the group each phrase stands for
            # (merge or split groups), each figure's reading, and the excluded figures' scope.
            # Check it with `casualty validate`, then estimate it.
            schema: casualty-case/1
            case:
              id: \(q(d.id))
              title: \(q(d.title))

            """
        if let date = d.date { out += "  date: \(date)\n" }
        // No figure found: empty sections that `casualty validate` names as the work left.
        let none = "  # TODO: no casualty figure was found in the text; add them by hand\n"
        out += "\noutcomes: [\(d.outcomes.joined(separator: ", "))]\n\ngroups:" + (d.groups.isEmpty ? " {}" + none : "\n")
        for g in d.groups {
            if let side = g.side {
                out += "  \(g.id): {side: \(side), kind: \(g.kind), label: \(q(g.label))}\n"
            } else {
                out += "  \(g.id): {side: unknown, kind: \(g.kind), label: \(q(g.label))}  # TODO: side; merge with others?\n"
            }
        }
        if !d.aggregates.isEmpty {
            out += "\naggregates:\n"
            for a in d.aggregates {
                out += "  \(a.id): {groups: [\(a.groups.joined(separator: ", "))]"
                out += (a.label.map { ", label: \(q($0))" } ?? "") + "}\n"
            }
        }
        if let root = d.documentRoot { out += "\ndocument_root: \(q(root))\n" }
        out += "\ndocuments:\n"
        for doc in d.documents {
            out += "  \(doc.id):\n    outlet: \(q("TODO: outlet of \(doc.title ?? doc.id)"))\n"
            if let t = doc.title { out += "    title: \(q(t))\n" }
            if let date = doc.date { out += "    date: \(date)  # TODO: check (the first date in the text)\n" }
            if let f = doc.file { out += "    file: \(q(f))\n" }
        }
        out += "\nsources:" + (d.sources.isEmpty ? " {}" + none : "\n")
        for s in d.sources {
            out += "  \(s.id):\n    name: \(q(s.name))\n    side: neutral  # TODO: the side it belongs to\n"
            out += "    kind: \(s.kind)  # TODO: party, official, monitor, media or witness\n"
            out += "    reliability: 0.5  # TODO\n"
            out += "    rationale: \(q(s.isOutlet ? "TODO: the outlet states these figures itself" : "TODO: why this weight"))\n"
        }
        out += "\nreports:" + (d.reports.isEmpty ? " []" + none : "\n")
        for r in d.reports {
            out += "  - id: \(r.id)\n    source: \(r.source)\n    documents: [\(r.documents.joined(separator: ", "))]\n"
            out += "    what: " + (r.what.count == 1 ? r.what[0] : "[\(r.what.joined(separator: ", "))]") + "\n"
            out += "    who: " + (r.who.count == 1 ? r.who[0] : "[\(r.who.joined(separator: ", "))]") + "\n"
            out += "    claim: \(q(r.claim))\n    quote: \(q(r.quote))\n    note: \(q(r.note))\n"
        }
        if !d.exclusions.isEmpty {
            out += "\nexcluded:\n"
            for x in d.exclusions {
                out +=
                    "  - document: \(x.document)\n    figure: \(q(x.figure))\n    quote: \(q(x.quote))\n    reason: \(q(x.reason))\n"
            }
        }
        return out
    }

    /// `text` as a double-quoted YAML scalar.
    static func q(_ text: String) -> String {
        var out = "\""
        for u in text.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
                {
                    out += String(format: "\\u%04X", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
