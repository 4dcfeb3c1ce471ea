import Foundation
import TestSupport

@testable import CasualtyData

/// The hand annotations of `Fixtures/extract-gold.json` and the scoring of an
/// extractor against them (the same rules as `Benchmarks/extract/evaluate.py`).
struct ExtractGold: Decodable {
    struct Figure: Decodable {
        var span: String
        var occurrence: Int
        var kind: String
        var value: Double?
        var low: Double?
        var high: Double?
        var word: String?
        var outcome: [String]
        var source: String?
        var scope: String
    }

    struct Text: Decodable {
        var id: String
        var set: String
        var text: String?
        var file: String?
        var figures: [Figure]

        func body() throws -> String {
            if let text { return text }
            return try String(contentsOf: Repo.shared.appendingPathComponent(file ?? ""), encoding: .utf8)
        }
    }

    /// Precision, recall, source and scope accuracy, and the share of figures the outlet
    /// states itself that were given a source all the same (`madeUp`).
    struct Score: CustomStringConvertible {
        var precision: Double
        var recall: Double
        var source: Double
        var scope: Double
        var madeUp: Double
        var description: String {
            String(
                format: "precision %.2f, recall %.2f, source %.2f, scope %.2f, sources made up %.2f", precision, recall, source,
                scope, madeUp)
        }
    }

    var texts: [Text]

    static func load() throws -> ExtractGold {
        let url = Repo.root.appendingPathComponent("Tests/CasualtyDataTests/Fixtures/extract-gold.json")
        return try JSONDecoder().decode(ExtractGold.self, from: Data(contentsOf: url))
    }

    /// The span's scalar offsets in `body` (its `occurrence`-th appearance).
    static func range(of g: Figure, in body: String) -> Range<Int> {
        let hay = Array(body.unicodeScalars), needle = Array(g.span.unicodeScalars)
        var seen = 0
        for i in 0...(hay.count - needle.count) where Array(hay[i..<(i + needle.count)]) == needle {
            if seen == g.occurrence { return i..<(i + needle.count) }
            seen += 1
        }
        return 0..<0
    }

    static func right(_ p: ExtractedFigure, _ g: Figure) -> Bool {
        guard p.kind.rawValue == g.kind, p.outcome.sorted() == g.outcome.sorted() else { return false }
        switch g.kind {
        case "range": return p.low == g.low && p.high == g.high
        case "vague": return p.claim.lowercased().contains(g.word ?? "\u{0}")
        default: return p.value == g.value
        }
    }

    static func key(_ s: String?) -> String {
        String((s ?? "").lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == " " })
            .trimmingCharacters(in: .whitespaces)
    }

    func score(_ texts: [Text], _ extractor: Extractor) -> Score {
        var gold = 0, found = 0, predicted = 0, tp = 0, srcN = 0, srcOK = 0, scopeN = 0, scopeOK = 0, ownN = 0, ownBad = 0
        for t in texts {
            guard let body = try? t.body() else { continue }
            let preds = extractor.extract(body, file: t.id).figures
            let golds = t.figures.map { ($0, Self.range(of: $0, in: body)) }
            for (g, r) in golds {
                let over = preds.filter { $0.start < r.upperBound && r.lowerBound < $0.end }
                if !over.isEmpty {
                    scopeN += 1
                    scopeOK += over.contains { $0.scope.rawValue == g.scope } ? 1 : 0
                    if let s = g.source {
                        srcN += 1
                        srcOK +=
                            over.contains {
                                let p = Self.key($0.source)
                                return !p.isEmpty && (p.contains(Self.key(s)) || Self.key(s).contains(p))
                            } ? 1 : 0
                    } else {
                        ownN += 1
                        ownBad += over.allSatisfy { $0.source != nil } ? 1 : 0
                    }
                }
                if g.scope == "event" {
                    gold += 1
                    found += over.contains { Self.right($0, g) } ? 1 : 0
                }
            }
            for p in preds {
                let over = golds.filter { p.start < $0.1.upperBound && $0.1.lowerBound < p.end }.map(\.0)
                if !over.isEmpty && over.allSatisfy({ $0.scope != "event" }) { continue }
                predicted += 1
                tp += over.contains { $0.scope == "event" && Self.right(p, $0) } ? 1 : 0
            }
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 1 : Double(a) / Double(b) }
        return Score(
            precision: ratio(tp, predicted), recall: ratio(found, gold), source: ratio(srcOK, srcN),
            scope: ratio(scopeOK, scopeN),
            madeUp: ownN == 0 ? 0 : Double(ownBad) / Double(ownN))
    }
}
