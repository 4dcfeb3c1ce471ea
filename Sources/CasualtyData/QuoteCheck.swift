import Foundation

/// Quotes checked against the local texts of their documents.
///
/// Text is compared after `normalised(_:)`: compatibility forms folded (NFKC: non-breaking
/// spaces, ligatures, full-width forms), curly quotes and primes made straight, every dash
/// made a hyphen-minus, and every run of white space (line breaks included) one space. A word
/// hyphenated across a line break ("casu-\nalties") matches both joined ("casualties") and
/// kept ("pro-government"). An ellipsis ("..." or "[...]") in a quote marks an omission: the
/// fragments must appear in the document in that order. Case is kept: a quote is verbatim.
public enum QuoteCheck {
    /// `text` normalised for comparison (see the type's description).
    public static func normalised(_ text: String) -> String {
        var s = text.precomposedStringWithCompatibilityMapping
        for (from, to) in foldings { s = s.replacingOccurrences(of: from, with: to) }
        return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Characters folded before comparison.
    static let foldings: [(String, String)] = [
        ("\u{2018}", "'"), ("\u{2019}", "'"), ("\u{201A}", "'"), ("\u{201B}", "'"), ("\u{2032}", "'"), ("\u{00B4}", "'"),
        ("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{201E}", "\""), ("\u{201F}", "\""), ("\u{2033}", "\""),
        ("\u{00AB}", "\""), ("\u{00BB}", "\""), ("\u{2010}", "-"), ("\u{2011}", "-"), ("\u{2012}", "-"),
        ("\u{2013}", "-"), ("\u{2014}", "-"), ("\u{2015}", "-"), ("\u{2212}", "-"), ("\u{00AD}", ""),
    ]

    /// A document's text in the forms a quote is looked for in: line-break hyphens joined,
    /// and kept.
    public static func searchForms(of document: String) -> [String] {
        let folded = document.replacingOccurrences(of: "\r\n", with: "\n")
        let joined = folded.replacingOccurrences(of: #"-[ \t]*\n\s*"#, with: "", options: .regularExpression)
        let kept = folded.replacingOccurrences(of: #"-[ \t]*\n\s*"#, with: "-", options: .regularExpression)
        return [normalised(joined), normalised(kept)]
    }

    /// Whether `quote` is in one of `forms` (from `searchForms(of:)`), its fragments between
    /// ellipses in order.
    public static func isFound(_ quote: String, in forms: [String]) -> Bool {
        let fragments = normalised(quote)
            .replacingOccurrences(of: "[...]", with: "\u{0}").replacingOccurrences(of: "...", with: "\u{0}")
            .split(separator: "\u{0}").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !fragments.isEmpty else { return true }
        return forms.contains { text in
            var from = text.startIndex
            for f in fragments {
                guard let r = text.range(of: f, range: from..<text.endIndex) else { return false }
                from = r.upperBound
            }
            return true
        }
    }

    /// The passage of `document` (normalised) with the most words of `quote` (ignoring case and
    /// punctuation): a window of as many words as the quote, slid over the document; at most
    /// `limit` characters.
    public static func closestPassage(to quote: String, in document: String, limit: Int = 240) -> String {
        let words = normalised(document).split(separator: " ")
        func key(_ w: Substring) -> String { w.lowercased().trimmingCharacters(in: .punctuationCharacters) }
        let wanted = normalised(quote).split(separator: " ").map(key)
        let n = min(max(wanted.count, 1), words.count)
        guard n > 0 else { return "" }
        var need: [String: Int] = [:]
        for w in wanted { need[w, default: 0] += 1 }
        let lower = words.map(key)
        var have: [String: Int] = [:], score = 0
        func add(_ w: String, _ d: Int) {
            let before = min(have[w, default: 0], need[w, default: 0])
            have[w, default: 0] += d
            score += min(have[w, default: 0], need[w, default: 0]) - before
        }
        for i in 0..<n { add(lower[i], 1) }
        var best = (score: score, start: 0)
        for start in 1..<(words.count - n + 1) {
            add(lower[start - 1], -1)
            add(lower[start + n - 1], 1)
            if score > best.score { best = (score, start) }
        }
        let passage = words[best.start..<(best.start + n)].joined(separator: " ")
        return passage.count <= limit ? passage : String(passage.prefix(limit)) + "..."
    }
}

extension CaseDecoder {
    /// Every quote of a report or exclusion whose documents have local texts is looked for in
    /// them; one not found is an error at its report, with the closest passage as the fix.
    /// Documents whose file is missing were warned about (`documentRoot`) and are skipped.
    func checkQuotes(_ c: Case) {
        var texts: [String: (raw: String, forms: [String])] = [:]
        for d in c.documents {
            guard let path = c.documentPath(d), (try? InputFile.check(path, limit: YAMLInput.maxFileBytes)) != nil,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            let raw = String(decoding: data, as: UTF8.self)
            texts[d.id] = (raw, QuoteCheck.searchForms(of: raw))
        }
        guard !texts.isEmpty else { return }
        for r in c.reports {
            guard let quote = r.quote else { continue }
            check(quote, of: "report '\(r.id)'", documents: r.documents, texts: texts, at: r.location)
        }
        for x in c.exclusions {
            guard let quote = x.quote else { continue }
            check(
                quote, of: "excluded figure '\(x.figure)'", documents: [x.document], texts: texts, at: y.location(top["excluded"])
            )
        }
    }

    private func check(
        _ quote: String, of what: String, documents: [String], texts: [String: (raw: String, forms: [String])],
        at location: SourceLocation
    ) {
        let checkable = documents.compactMap { id in texts[id].map { (id, $0) } }
        guard !checkable.isEmpty, !checkable.contains(where: { QuoteCheck.isFound(quote, in: $0.1.forms) }) else { return }
        let (id, text) = checkable[0]
        y.record(
            Diagnostic(
                location,
                "the quote of \(what) is not in document\(checkable.count == 1 ? "" : "s") "
                    + checkable.map { "'\($0.0)'" }.joined(separator: ", "),
                fix:
                    "quote the text verbatim; the closest passage of '\(id)' is: \"\(QuoteCheck.closestPassage(to: quote, in: text.raw))\""
            ))
    }
}
