/// English cardinal numbers in digits or words, as they appear in casualty reports:
/// "13", "1,200", "1.5 million", "thirteen", "twenty-one", "one hundred and five",
/// "a dozen" (12), "two dozen" (24), "a score" (20), "a hundred".
///
/// Returns nil for anything else (including negative numbers); the claim grammar decides
/// what a nil means.
public enum NumberWords {
    static let units: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
        "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "a": 1, "an": 1,
    ]
    static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    /// Multipliers that scale the group before them ("two dozen", "three hundred").
    static let small: [String: Double] = ["dozen": 12, "score": 20, "hundred": 100]
    static let large: [String: Double] = ["thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000]

    /// The value of `text`, or nil when it is not a number.
    public static func parse(_ text: String) -> Double? {
        if let n = asciiInteger(text) { return n }
        let t = text.trimmedWhitespace.lowercased()
        if t.isEmpty { return nil }
        if let d = digits(t) { return d }
        return words(t)
    }

    /// The value of a plain run of ASCII digits ("13", "0042"; at most 15 of them, so exact),
    /// the common case, without building strings; nil for anything else.
    @inline(__always)
    static func asciiInteger(_ text: String) -> Double? {
        var value = 0, count = 0
        for b in text.utf8 {
            guard b >= 0x30 && b <= 0x39, count < 15 else { return nil }
            value = value * 10 + Int(b - 0x30)
            count += 1
        }
        return count > 0 ? Double(value) : nil
    }

    /// "1,200", "1200", "12.5", "1.5 million", "2 thousand"; commas only as thousands groups.
    static func digits(_ t: String) -> Double? {
        let parts = t.split(separator: " ").map(String.init)
        guard let first = parts.first, first.first?.isNumber == true else { return nil }
        guard var value = plainDigits(first) else { return nil }
        for word in parts.dropFirst() {
            guard let m = large[word] ?? (word == "hundred" ? 100 : nil) else { return nil }
            value *= m
        }
        return value
    }

    private static func plainDigits(_ s: String) -> Double? {
        guard s.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }) else { return nil }
        let pieces = s.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, let intPart = pieces.first, !intPart.isEmpty else { return nil }
        let groups = intPart.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        }
        if pieces.count == 2 && (pieces[1].isEmpty || pieces[1].contains(",")) { return nil }
        return Double(String(s.filter { $0 != "," }))
    }

    /// Word numbers; "and" is allowed between hundreds and the rest.
    static func words(_ t: String) -> Double? {
        // A word number never starts with a digit ("8-14" is a range, not "eight fourteen").
        if let f = t.utf8.first, f >= 0x30 && f <= 0x39 { return nil }
        let tokens = t.split(whereSeparator: { $0 == "-" || $0 == " " }).map(String.init).filter { $0 != "and" }
        guard !tokens.isEmpty else { return nil }
        // What may follow what: a unit after nothing, a tens word or a multiplier
        // ("twenty one", "hundred five"); a tens word after nothing or a multiplier;
        // a multiplier after a number. Anything else ("five six") is not a number.
        enum Last { case none, unit, tens, multiplier }
        var total = 0.0, group = 0.0, last = Last.none
        for (index, tok) in tokens.enumerated() {
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if let u = units[tok] {
                guard last != .unit else { return nil }
                // "a" and "an" count only before a multiplier ("a dozen", "a hundred").
                if tok == "a" || tok == "an" {
                    guard let next, small[next] != nil || large[next] != nil else { return nil }
                }
                group += u
                last = .unit
            } else if let v = tens[tok] {
                guard last == .none || last == .multiplier else { return nil }
                group += v
                last = .tens
            } else if let m = small[tok] {
                group = (group == 0 ? 1 : group) * m
                last = .multiplier
            } else if let m = large[tok] {
                total += (group == 0 ? 1 : group) * m
                group = 0
                last = .multiplier
            } else {
                return nil
            }
        }
        return total + group
    }
}
