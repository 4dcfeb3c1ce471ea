import Foundation

/// Quotes checked against the local texts of their documents.
///
/// Text is compared after `normalised(_:)`: HTML markup dropped (`HTMLTags`), compatibility
/// forms folded (NFKC: non-breaking spaces, ligatures, full-width forms), curly quotes and
/// primes made straight, every dash made a hyphen-minus, invisible characters (soft hyphens,
/// zero-width spaces) dropped, and every run of white space (line breaks included) one space.
/// A word hyphenated across a line break ("casu-\nalties") matches both joined
/// ("casualties") and kept ("pro-government"). An ellipsis ("..." or "[...]") in a quote marks an omission: the
/// fragments must appear in the document in that order. Case is kept: a quote is verbatim.
public enum QuoteCheck {
    /// `text` normalised for comparison (see the type's description).
    public static func normalised(_ text: String) -> String { forms(of: text, hyphenBreaks: .kept).kept }

    /// How a hyphen before a line break is read.
    enum HyphenBreaks { case kept, both }

    /// One pass over `text` (after NFKC where it is not ASCII): quotes, primes and dashes
    /// folded, soft hyphens dropped, white-space runs made one space, and a hyphen followed by
    /// a line break (spaces around it allowed) kept ("pro-government") and, in `joined`,
    /// dropped ("casualties").
    static func forms(of text: String, hyphenBreaks: HyphenBreaks) -> (kept: String, joined: String) {
        let f = byteForms(of: text, hyphenBreaks: hyphenBreaks)
        return (String(decoding: f.kept, as: UTF8.self), String(decoding: f.joined, as: UTF8.self))
    }

    /// `forms(of:hyphenBreaks:)` as UTF-8 bytes (written directly: appending scalars to
    /// strings was the slowest step of reading a case); `joined` is empty unless asked for.
    static func byteForms(of text: String, hyphenBreaks: HyphenBreaks) -> (kept: [UInt8], joined: [UInt8]) {
        let source = needsCompatibilityMapping(text) ? text.precomposedStringWithCompatibilityMapping : text
        let both = hyphenBreaks == .both
        var kept: [UInt8] = [], joined: [UInt8] = []
        kept.reserveCapacity(source.utf8.count)
        if both { joined.reserveCapacity(source.utf8.count) }
        let scalars = Array(source.unicodeScalars)
        var i = 0, pendingSpace = false
        func append(_ u: Unicode.Scalar) {
            if pendingSpace && !kept.isEmpty {
                kept.append(0x20)
                if both { joined.append(0x20) }
            }
            pendingSpace = false
            UTF8.encode(u) { kept.append($0) }
            if both { UTF8.encode(u) { joined.append($0) } }
        }
        while i < scalars.count {
            // A web page's markup is no text; a tag that ends a block parts words as a space does.
            if scalars[i] == "<", let (end, block) = HTMLTags.item(at: i, in: scalars) {
                pendingSpace = pendingSpace || block
                i = end
                continue
            }
            let u = fold(scalars[i])
            i += 1
            guard let u else { continue }
            if isSpace(u) {
                pendingSpace = true
                continue
            }
            if u == "-" {
                var j = i
                while j < scalars.count && (scalars[j] == " " || scalars[j] == "\t") { j += 1 }
                if j < scalars.count && (scalars[j] == "\n" || scalars[j] == "\r") {
                    // A hyphen at a line break: kept in one form, dropped (word joined) in the other.
                    append("-")
                    if both { joined.removeLast() }
                    i = j
                    while i < scalars.count && isSpace(scalars[i]) { i += 1 }
                    continue
                }
            }
            append(u)
        }
        return (kept, joined)
    }

    /// Whether `text` has a character whose compatibility form (NFKC) matters for quotes and
    /// that `fold(_:)` does not handle: the ellipsis and leaders (U+2024-2026), ligatures
    /// (U+FB00-FB06) and full-width ASCII (U+FF01-FF5E). NFKC is skipped otherwise: it is
    /// the slowest step, and other compatibility characters are white space (folded anyway)
    /// or do not occur in news text.
    static func needsCompatibilityMapping(_ text: String) -> Bool {
        text.unicodeScalars.contains { u in
            (0x2024...0x2026).contains(u.value) || (0xFB00...0xFB06).contains(u.value) || (0xFF01...0xFF5E).contains(u.value)
        }
    }

    /// Whether `u` is white space (Unicode's White_Space property, spelled out: the property
    /// lookup was the slowest step of reading a document).
    @inline(__always)
    static func isSpace(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// The folded form of a scalar (nil: dropped).
    @inline(__always)
    static func fold(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        switch u.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x00B4: return "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: return "\""
        case 0x2010...0x2015, 0x2212: return "-"
        // Soft hyphens, zero-width spaces and joiners, word joiners and byte-order marks: unseen
        // in a rendered page, so a quote copied from it has none.
        case 0x00AD, 0x200B...0x200D, 0x2060, 0xFEFF: return nil
        default: return u
        }
    }

    /// A document's text in the forms a quote is looked for in: line-break hyphens joined,
    /// and kept.
    public static func searchForms(of document: String) -> [[UInt8]] {
        let f = byteForms(of: document, hyphenBreaks: .both)
        return [f.joined, f.kept]
    }

    /// Whether `quote` is in one of `forms` (from `searchForms(of:)`), its fragments between
    /// ellipses in order.
    public static func isFound(_ quote: String, in forms: [[UInt8]]) -> Bool {
        let fragments = normalised(quote)
            .replacingOccurrences(of: "[...]", with: "\u{0}").replacingOccurrences(of: "...", with: "\u{0}")
            .split(separator: "\u{0}").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
        guard !fragments.isEmpty else { return true }
        let needles = fragments.map { Array($0.utf8) }
        return forms.contains { text in
            var bytes = text, from = 0
            for needle in needles {
                guard let at = find(needle, in: &bytes, from: from) else { return false }
                from = at + needle.count
            }
            return true
        }
    }

    /// The byte offset of the first `needle` in `haystack` at or after `from` (memchr for the
    /// first byte, memcmp for the rest).
    static func find(_ needle: [UInt8], in haystack: inout [UInt8], from: Int) -> Int? {
        guard let first = needle.first else { return from }
        return haystack.withUnsafeBytes { h -> Int? in
            needle.withUnsafeBytes { n -> Int? in
                guard let base = h.baseAddress, let nb = n.baseAddress else { return nil }
                var at = from
                while at + n.count <= h.count {
                    guard let p = memchr(base + at, Int32(first), h.count - at - n.count + 1) else { return nil }
                    let i = base.distance(to: UnsafeRawPointer(p))
                    if memcmp(base + i, nb, n.count) == 0 { return i }
                    at = i + 1
                }
                return nil
            }
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
        var texts: [String: (raw: String, forms: [[UInt8]])] = [:]
        for d in c.documents {
            guard let path = c.documentPath(d), (try? InputFile.check(path, limit: YAMLInput.maxFileBytes)) != nil,
                let data = FileManager.default.contents(atPath: path)
            else { continue }
            // As `casualty extract` read it; bytes that are no text as they are (a quote will not be found).
            let raw = (try? ArticleText.decode(data).get()) ?? String(decoding: data, as: UTF8.self)
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
        _ quote: String, of what: String, documents: [String], texts: [String: (raw: String, forms: [[UInt8]])],
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
