import Foundation

/// Article text as the extractor reads it: normalised, with each normalised scalar's place in
/// the original file, so every figure and quote points back into the file.
///
/// Normalisation: HTML markup read as no text (a tag that ends a block as a blank line;
/// `HTMLTags`), HTML entities decoded (`&amp;`, `&nbsp;`, `&#8211;`, `&#x2019;`), curly
/// quotes and primes made straight, every dash a hyphen-minus, non-breaking and other
/// spaces a space, soft hyphens dropped, and a word hyphenated across a line break joined
/// ("casu-\nalties" -> "casualties"; "pro-\ngovernment" keeps its hyphen, as after every
/// prefix in `keptPrefixes`). Offsets count Unicode scalars of the original text.
struct ExtractText {
    /// The normalised scalars.
    var scalars: [Unicode.Scalar] = []
    /// For each normalised scalar, the original range it came from (start, end exclusive).
    var origin: [(start: Int, end: Int)] = []
    /// The original text's scalars.
    let original: [Unicode.Scalar]
    /// Normalised offsets of the spaces put around a dash between words ("killed–spanning"),
    /// which are not the file's own and stay out of quotes (`text(_:verbatim:)`).
    var inserted: Set<Int> = []
    /// Whether HTML markup was read out of the text.
    var hadMarkup = false

    /// Prefixes whose hyphen at a line break is kept ("pro-\ngovernment").
    static let keptPrefixes: Set<String> = ["pro", "anti", "non", "ex", "self", "co", "post", "pre", "well", "so", "al", "el"]

    /// Normalises `text`; `labels` are the run-on labels of a summary block
    /// (`ExtractRules.runOnLabels`), `openers` the words that open a sentence glued to the
    /// word before it (`ExtractRules.gluedOpeners`).
    init(_ text: String, labels: [[Unicode.Scalar]] = [], openers: Set<String> = []) {
        original = Array(text.unicodeScalars)
        scalars.reserveCapacity(original.count)
        origin.reserveCapacity(original.count)
        var i = 0, valueEnd = 0
        while i < original.count {
            if let label = runOnLabel(at: i, labels) {
                i = appendLabel(label, at: i)
                valueEnd = i + Self.valueLength
                continue
            }
            // "the aftermathAccording to ...": paragraphs joined without a space part sentences.
            if gluedOpener(at: i, openers) { for _ in 0..<2 { insert("\n", at: i) } }
            // "children4 women9 men" in a label's value: a number glued to the word before it.
            if i < valueEnd, i > 0, ("0"..."9").contains(original[i]), original[i - 1].properties.isAlphabetic {
                insert(" ", at: i)
            }
            if original[i] == "<", let (end, block) = HTMLTags.item(at: i, in: original) {
                if block { for _ in 0..<2 { append("\n", i, end) } }
                hadMarkup = true
                i = end
                continue
            }
            if original[i] == "&", let (u, length) = Self.entity(at: i, in: original) {
                append(Self.fold(u) ?? " ", i, i + length)
                i += length
                continue
            }
            if original[i] == "-" || Self.fold(original[i]) == "-", let next = lineBreakHyphen(at: i) {
                i = next
                continue
            }
            if isDashBetweenWords(at: i) {  // "were killed–spanning three generations–in": an aside
                inserted.formUnion([scalars.count, scalars.count + 2])
                for u: Unicode.Scalar in [" ", "-", " "] { append(u, i, i + 1) }
                i += 1
                continue
            }
            if let u = Self.fold(original[i]) { append(u, i, i + 1) }
            i += 1
        }
    }

    private mutating func append(_ u: Unicode.Scalar, _ start: Int, _ end: Int) {
        scalars.append(u)
        origin.append((start, end))
    }

    /// Appends `u` as a character of the reading only, not of the file (out of verbatim quotes).
    private mutating func insert(_ u: Unicode.Scalar, at i: Int) {
        inserted.insert(scalars.count)
        append(u, i, min(i + 1, original.count))
    }

    /// Whether a word of `openers` starts at `i` glued to two lower-case letters before it
    /// ("forcesThe", "al-BalahAirwars"), not inside a name written so ("LinkedIn").
    private func gluedOpener(at i: Int, _ openers: Set<String>) -> Bool {
        // (ASCII letters only: Unicode properties cost a table look-up per character.)
        guard !openers.isEmpty, i >= 2, Self.isASCIIUpper(original[i]), Self.isASCIILower(original[i - 1]),
            Self.isASCIILower(original[i - 2])
        else { return false }
        var end = i + 1
        while end < original.count && Self.isASCIILower(original[end]) { end += 1 }
        guard end == original.count || !original[end].properties.isAlphabetic,
            openers.contains(String(String.UnicodeScalarView(original[i..<end])))
        else { return false }
        var start = i - 1
        while start > 0 && original[start - 1].properties.isAlphabetic { start -= 1 }
        return !Self.gluedNames.contains(String(String.UnicodeScalarView(original[start..<end])).lowercased())
    }

    /// Whether `u` is an ASCII capital, A-Z.
    static func isASCIIUpper(_ u: Unicode.Scalar) -> Bool { (65...90).contains(u.value) }
    /// Whether `u` is an ASCII small letter, a-z.
    static func isASCIILower(_ u: Unicode.Scalar) -> Bool { (97...122).contains(u.value) }

    /// Names written with a capital inside that end in an opener.
    static let gluedNames: Set<String> = ["linkedin", "checkin", "signin", "login", "plugin", "addon"]

    /// How far after a run-on label its value may have numbers glued to words (in scalars).
    static let valueLength = 80

    /// The label of `labels` that starts at `i` and runs into the text before or after it
    /// ("reportedYesCivilians reported killed22"); nil when there is none or it stands apart.
    private func runOnLabel(at i: Int, _ labels: [[Unicode.Scalar]]) -> [Unicode.Scalar]? {
        guard !labels.isEmpty, Self.isASCIIUpper(original[i]) else { return nil }  // labels open with an ASCII capital
        for label in labels where i + label.count <= original.count && original[i..<(i + label.count)].elementsEqual(label) {
            let before = i > 0 && !Self.isSpace(original[i - 1]) && original[i - 1] != "\"" && original[i - 1] != "("
            let end = i + label.count
            // (A capital, digit or bracket straight after it: "Impacts of the war" is a word.)
            let after =
                end < original.count
                && (original[end].properties.isUppercase || ("0"..."9").contains(original[end]) || original[end] == "(")
            return before || after ? label : nil
        }
        return nil
    }

    /// Appends the run-on `label` at `i` as a line of its own ending in a colon ("Civilians
    /// reported killed: 22"), the break and colon out of quotes; returns where to go on.
    private mutating func appendLabel(_ label: [Unicode.Scalar], at i: Int) -> Int {
        if i > 0 && !Self.isSpace(original[i - 1]) { for _ in 0..<2 { insert("\n", at: i) } }
        for (k, u) in label.enumerated() { append(u, i + k, i + k + 1) }
        let end = i + label.count
        if end < original.count && original[end] != ":" {
            insert(":", at: end)
            insert(" ", at: end)
        }
        return end
    }

    /// Whether the scalar at `i` is a dash used as punctuation between two words with no
    /// space: an em dash between letters, or an en dash between lower-case letters (an en
    /// dash between capitals may join a name, "Al–Shifa"). Read as a spaced dash, so the
    /// words stay two.
    private func isDashBetweenWords(at i: Int) -> Bool {
        guard i > 0, i + 1 < original.count else { return false }
        let before = original[i - 1].properties, after = original[i + 1].properties
        switch original[i].value {
        case 0x2014: return before.isAlphabetic && after.isAlphabetic
        case 0x2013: return before.isLowercase && after.isLowercase
        default: return false
        }
    }

    /// At a hyphen followed by a line break and a lower-case letter: appends the hyphen only
    /// after a kept prefix, skips the break, and returns where to go on; nil otherwise.
    private mutating func lineBreakHyphen(at i: Int) -> Int? {
        var j = i + 1
        while j < original.count && (original[j] == " " || original[j] == "\t") { j += 1 }
        guard j < original.count, original[j] == "\n" || original[j] == "\r" else { return nil }
        while j < original.count && ExtractText.isSpace(original[j]) { j += 1 }
        guard j < original.count, original[j].properties.isLowercase else { return nil }
        var k = scalars.count
        while k > 0 && scalars[k - 1].properties.isAlphabetic { k -= 1 }
        guard k < scalars.count else { return nil }
        let prefix = String(String.UnicodeScalarView(scalars[k...])).lowercased()
        if Self.keptPrefixes.contains(prefix) { append("-", i, i + 1) }
        return j
    }

    /// The folded form of a scalar (nil: dropped).
    /// Quotes, primes, dashes and invisible characters as `QuoteCheck.fold` folds them, and
    /// the other spaces made a space.
    static func fold(_ u: Unicode.Scalar) -> Unicode.Scalar? {
        switch u.value {
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return " "
        default: return QuoteCheck.fold(u)
        }
    }

    static func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\n" || u == "\r" }

    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "-", "mdash": "-",
        "lsquo": "'", "rsquo": "'", "ldquo": "\"", "rdquo": "\"", "hellip": "\u{2026}", "minus": "-", "shy": "\u{AD}",
    ]

    /// The HTML entity at `i` ("&amp;", "&#8211;", "&#x2019;") and its length in scalars.
    static func entity(at i: Int, in s: [Unicode.Scalar]) -> (Unicode.Scalar, Int)? {
        var j = i + 1
        var body = ""
        while j < s.count && j - i <= 10 && s[j] != ";" {
            guard s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "#" else { return nil }
            body.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == ";", !body.isEmpty else { return nil }
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            guard let v = UInt32(body.dropFirst(2), radix: 16), let u = Unicode.Scalar(v) else { return nil }
            return (u, j - i + 1)
        }
        if body.hasPrefix("#") {
            guard let v = UInt32(body.dropFirst()), let u = Unicode.Scalar(v) else { return nil }
            return (u, j - i + 1)
        }
        guard let u = named[body.lowercased()] else { return nil }
        return (u, j - i + 1)
    }

    /// The normalised text of `range`, white space runs made one space; `verbatim`, without
    /// the spaces put around a dash between words (a quote that `QuoteCheck` finds in the file).
    func text(_ range: Range<Int>, verbatim: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var space = false
        for (i, u) in zip(range, scalars[range]) {
            if verbatim && inserted.contains(i) { continue }
            if Self.isSpace(u) {
                space = !out.isEmpty
                continue
            }
            if space { out.append(" ") }
            space = false
            out.append(u)
        }
        return String(out)
    }

    /// The original offsets (scalars) of the normalised `range`.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < origin.count ? origin[range.lowerBound].start : original.count
            return at..<at
        }
        return origin[range.lowerBound].start..<origin[range.upperBound - 1].end
    }

    /// The original text of the normalised `range`.
    func originalText(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(original[originalRange(range)]))
    }
}

/// A word, number or punctuation mark of the normalised text.
struct ExtractToken {
    enum Kind { case word, number, punct }
    var kind: Kind
    /// The token as written and lower-cased.
    var text: String
    var lower: String
    /// Offsets in the normalised text.
    var start: Int
    var end: Int
}

/// Splits normalised text into tokens: words (letters, digits, inner hyphens and
/// apostrophes: "pro-government", "Iran's", "25th"), numbers (digits with thousands commas
/// and a decimal point: "1,200", "1.5") and single punctuation marks.
enum ExtractTokenizer {
    static func tokens(in s: [Unicode.Scalar], from: Int, to: Int) -> [ExtractToken] {
        var out: [ExtractToken] = []
        var i = from
        // (ASCII first: a Unicode property costs a table look-up.)
        func isLetter(_ u: Unicode.Scalar) -> Bool {
            u.value < 128 ? ExtractText.isASCIIUpper(u) || ExtractText.isASCIILower(u) : u.properties.isAlphabetic
        }
        func isDigit(_ u: Unicode.Scalar) -> Bool { ("0"..."9").contains(u) }
        while i < to {
            let u = s[i]
            // Spaces, and the mark of a hashtag or handle ("#Taliban", "@UNAMAnews"): the word is read.
            if ExtractText.isSpace(u) || ((u == "#" || u == "@") && i + 1 < to && isLetter(s[i + 1])) {
                i += 1
                continue
            }
            var j = i + 1
            var kind = ExtractToken.Kind.punct
            if isDigit(u) {
                kind = .number
                while j < to {
                    if isDigit(s[j]) {
                        j += 1
                    } else if (s[j] == "," || s[j] == ".") && j + 1 < to && isDigit(s[j + 1]) {
                        j += 1
                    } else {
                        break
                    }
                }
                if j < to && isLetter(s[j]) {  // "25th", "3rd", "10km": a word
                    kind = .word
                    while j < to && (isLetter(s[j]) || isDigit(s[j])) { j += 1 }
                }
            } else if isLetter(u) {
                kind = .word
                while j < to {
                    if isDigit(s[j]) && isLetter(s[j - 1])
                        && gluedToANumber.contains(String(String.UnicodeScalarView(s[i..<j])).lowercased())
                    {
                        break  // "at least16": a missing space
                    } else if isLetter(s[j]) || isDigit(s[j]) {
                        j += 1
                    } else if (s[j] == "-" || s[j] == "'" || s[j] == ".") && j + 1 < to && isLetter(s[j + 1])
                        && !(s[j] == "." && j + 2 < to && isLetter(s[j + 2]) && !isSingleLetterRun(s, i, j))
                    {
                        j += 1
                    } else {
                        break
                    }
                }
            }
            let text = String(String.UnicodeScalarView(s[i..<j]))
            out.append(ExtractToken(kind: kind, text: text, lower: text.lowercased(), start: i, end: j))
            i = j
        }
        return out
    }

    /// Words that a number may follow with its space lost ("at least16"); other letters
    /// before digits are one word ("F16", "COVID19").
    static let gluedToANumber: Set<String> = [
        "least", "than", "about", "nearly", "over", "some", "around", "to",
    ]

    /// Whether `s[start..<dot]` is one letter (an initial such as "U" in "U.S."), so that the
    /// dot joins it to the next letter.
    private static func isSingleLetterRun(_ s: [Unicode.Scalar], _ start: Int, _ dot: Int) -> Bool {
        var k = dot - 1
        while k > start && s[k] != "." { k -= 1 }
        return dot - (s[k] == "." ? k + 1 : k) == 1
    }
}
