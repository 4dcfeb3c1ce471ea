import Foundation

/// Why a claim's wording could not be read, with a fix.
public struct ClaimError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var fix: String
    public var description: String { "\(message) (\(fix))" }
}

/// The claim grammar: turns wording into a `Claim`, using a lexicon for hedges and vague
/// words.
///
/// Accepted forms (case-insensitive; digits or words; typographic dashes allowed):
/// - exact: `13`, `thirteen`, `1,200`, `1.5 million`, `none`, `zero`
/// - lower bound: `at least N`, `at the very least N`, `no fewer than N`, `a minimum of N`,
///   `N or more`, `N+`; strict: `over N`, `more than N`, `in excess of N`, `upwards of N`,
///   `above N`, `exceeding N` (mean at least N + 1)
/// - upper bound: `at most N`, `as many as N`, `up to N`, `no more than N`, `a maximum of N`,
///   `N or fewer`; strict: `fewer than N`, `less than N`, `under N`, `below N` (at most N - 1)
/// - range: `N-M`, `N to M`, `N or M`, `between N and M`, `from N to M`
/// - approximate: any hedge in the lexicon (`about N`, `nearly N`, `some N`, `~N`)
/// - vague: any word in the lexicon (`dozens`, `a score`, `several`), also after a bound
///   (`at least dozens` takes the word's low end, `up to hundreds` its high end).
public struct ClaimGrammar: Sendable {
    /// The lexicon for hedges and vague words.
    public let lexicon: Lexicon

    /// A grammar over `lexicon`.
    public init(lexicon: Lexicon) { self.lexicon = lexicon }

    /// The bound phrases, each list longest first, with whether the bound is strict and lower.
    static let boundPhrases: [([String], strict: Bool, isLower: Bool)] = [
        (lowerInclusive, false, true), (lowerStrict, true, true), (upperInclusive, false, false), (upperStrict, true, false),
    ].map { ($0.0.sorted { $0.count > $1.count }, $0.1, $0.2) }

    static let lowerInclusive = [
        "at the very least", "at the least", "at least", "no fewer than", "no less than",
        "not fewer than", "not less than", "a minimum of", "minimum of", "a minimum",
        "minimum", "at minimum",
    ]
    static let lowerStrict = [
        "more than", "over", "in excess of", "upwards of", "upward of", "above",
        "exceeding", "greater than", "just over", "well over",
    ]
    static let upperInclusive = [
        "at the very most", "at the most", "at most", "as many as", "up to", "no more than",
        "not more than", "a maximum of", "maximum of", "a maximum", "maximum",
        "at maximum", "as much as",
    ]
    static let upperStrict = ["fewer than", "less than", "under", "below", "just under"]
    static let zeroWords = ["none", "no one", "nobody", "zero", "no", "nil"]

    /// Parses `text` (as written) into a claim, or explains why it cannot.
    public func parse(_ text: String) -> Result<Claim, ClaimError> {
        // The commonest claim in a recorder's table, a bare count in digits, read directly.
        if let value = NumberWords.asciiInteger(text) { return exact(value, text) }
        let t = normalizeClaimText(text)
        if t.isEmpty {
            return .failure(ClaimError(message: "the claim is empty", fix: "write a figure such as '13' or 'at least 18'"))
        }
        if t.hasPrefix("-") && NumberWords.parse(String(t.dropFirst())) != nil {
            return .failure(ClaimError(message: "negative figure '\(text)'", fix: "casualty counts are 0 or more"))
        }
        // Lexicon words first: "a score" and "two dozen" standing alone are vague, although
        // after a bound ("at least two dozen") they are the figures 20 and 24.
        if let v = lexicon.vagueWord(t) {
            return .success(Claim(kind: .vague, text: text, figure: nil, lower: v.low, upper: v.high))
        }
        if let value = NumberWords.parse(t) { return exact(value, text) }
        if Self.zeroWords.contains(t) { return exact(0, text) }
        // Bounds written as prefixes.
        for (phrases, strict, isLower) in Self.boundPhrases {
            for p in phrases where t.hasPrefix(p + " ") {
                let rest = String(t.dropFirst(p.count + 1))
                return bound(rest, strict: strict, isLower: isLower, text: text)
            }
        }
        // Bounds written as suffixes.
        for (suffix, isLower) in [
            (" or more", true), (" and more", true), ("+", true), (" plus", true),
            (" or fewer", false), (" or less", false),
        ] where t.hasSuffix(suffix) {
            return bound(String(t.dropLast(suffix.count)), strict: false, isLower: isLower, text: text)
        }
        // Hedges from the lexicon, longest first ("close to" before "close").
        for (word, a) in lexicon.hedges {
            let rest: String
            if t.hasPrefix(word + " ") {
                rest = String(t.dropFirst(word.count + 1))
            } else if !word.first!.isLetter && t.hasPrefix(word) {
                rest = String(t.dropFirst(word.count))
            } else {
                continue
            }
            if let n = NumberWords.parse(rest) {
                if let e = Self.tooLarge(n * a.high, text) { return .failure(e) }
                return .success(Claim(kind: .approximate, text: text, figure: n, lower: n * a.low, upper: n * a.high))
            }
            if let v = lexicon.vagueWord(rest) {
                return .success(Claim(kind: .vague, text: text, figure: nil, lower: v.low, upper: v.high))
            }
            return .failure(ClaimError(message: "no figure after '\(word)' in '\(text)'", fix: "write e.g. '\(word) 24'"))
        }
        if let r = range(t, text) { return r }
        return .failure(
            ClaimError(
                message: "cannot read the claim '\(text)'",
                fix: "write the figure only: '13', 'thirteen', 'at least 18', 'over 34', 'as many as 30', "
                    + "'5-6', 'five or six', 'between 400 and 700', 'about 24', or a lexicon word such as 'dozens'"))
    }

    private func exact(_ value: Double, _ text: String) -> Result<Claim, ClaimError> {
        guard value.isFinite else {
            return .failure(ClaimError(message: "figure '\(text)' is not finite", fix: "write a finite count"))
        }
        if let e = Self.tooLarge(value, text) { return .failure(e) }
        return .success(Claim(kind: .exact, text: text, figure: value, lower: value, upper: value))
    }

    /// The largest count a claim may give: 10^10 people, more than live on Earth (about 8.2
    /// billion in 2024, UN World Population Prospects), so a larger one is a misprint or a
    /// unit error, never a count of casualties.
    public static let largestCount = 1e10

    /// Why `value` cannot be a count, when it is above `largestCount`.
    static func tooLarge(_ value: Double, _ text: String) -> ClaimError? {
        guard value > largestCount else { return nil }
        return ClaimError(
            message: "the claim '\(text)' counts more people than live on Earth",
            fix: "check the figure for a misprint or a unit (counts of people are at most 10,000,000,000)")
    }

    private func bound(_ rest: String, strict: Bool, isLower: Bool, text: String) -> Result<Claim, ClaimError> {
        let value: Double
        if let n = NumberWords.parse(rest) {
            value = n
        } else if let v = lexicon.vagueWord(rest), let end = isLower ? v.low : v.high {
            value = end
        } else {
            return .failure(
                ClaimError(
                    message: "no figure in the bound '\(text)'",
                    fix: "write e.g. 'at least 18' or 'as many as 30'"))
        }
        guard value.isFinite else {
            return .failure(ClaimError(message: "figure '\(text)' is not finite", fix: "write a finite count"))
        }
        if let e = Self.tooLarge(value, text) { return .failure(e) }
        if isLower {
            let lower = strict ? value.rounded(.down) + 1 : value
            return .success(Claim(kind: .lowerBound, text: text, figure: value, lower: lower, upper: nil))
        }
        let upper = strict ? value.rounded(.up) - 1 : value
        guard upper >= 0 else {
            return .failure(ClaimError(message: "the bound '\(text)' leaves no possible count", fix: "check the figure"))
        }
        return .success(Claim(kind: .upperBound, text: text, figure: value, lower: 0, upper: upper))
    }

    private func range(_ t: String, _ text: String) -> Result<Claim, ClaimError>? {
        var pairs: [(String, String)] = []
        for (open, mid) in [("between ", " and "), ("from ", " to ")] where t.hasPrefix(open) {
            let body = t.dropFirst(open.count)
            if let r = body.range(of: mid) { pairs.append((String(body[..<r.lowerBound]), String(body[r.upperBound...]))) }
        }
        for sep in [" to ", " or ", " - ", "-", " and "] {
            if let r = t.range(of: sep) { pairs.append((String(t[..<r.lowerBound]), String(t[r.upperBound...]))) }
        }
        for (a, b) in pairs {
            let lo = NumberWords.parse(a) ?? lexicon.vagueWord(a)?.low
            let hi = NumberWords.parse(b) ?? lexicon.vagueWord(b)?.high
            guard let lo, let hi else { continue }
            guard lo.isFinite, hi.isFinite else {
                return .failure(ClaimError(message: "range '\(text)' is not finite", fix: "write finite counts"))
            }
            if let e = Self.tooLarge(hi, text) { return .failure(e) }
            guard lo <= hi else {
                return .failure(
                    ClaimError(
                        message: "the range '\(text)' is inverted (\(lo) > \(hi))",
                        fix: "write the smaller figure first, e.g. '\(fmt(hi))-\(fmt(lo))'"))
            }
            return .success(Claim(kind: .range, text: text, figure: nil, lower: lo, upper: hi))
        }
        return nil
    }

    private func fmt(_ x: Double) -> String { x == x.rounded() ? wholeNumberText(x) : String(x) }
}
