import Foundation

/// A number phrase in tokens: `start..<end`, its kind (exact, range or vague) and values.
struct NumberPhrase {
    var start: Int
    var end: Int
    var kind: ExtractedFigure.Kind
    /// The figure (exact; a vague word that is also a number, "two dozen": 24).
    var value: Double?
    var low: Double?
    var high: Double?
    /// The phrase as the claim grammar reads it ("13", "5-6", "dozens").
    var text: String
    /// Four digits that read as a year (1800-2100, no thousands comma).
    var yearLike = false
}

extension Extractor {
    /// Words that may be part of a number written in words.
    static let numberWords: Set<String> = Set(NumberWords.units.keys).union(NumberWords.tens.keys)
        .union(NumberWords.small.keys).union(NumberWords.large.keys).union(["and"])

    /// The number phrase starting at token `i`: "between N and M", "from N to M", a vague
    /// word of the lexicon, or a number (digits or words) possibly followed by "-", "to" or
    /// "or" and a larger one (a range).
    func numberPhrase(_ s: Sentence, at i: Int) -> NumberPhrase? {
        // "between 80 and (more than) 100": the upper end's own qualifier is read past.
        if s.lower(i) == "between" || s.lower(i) == "from", let a = single(s, at: i + 1),
            s.lower(a.end) == (s.lower(i) == "between" ? "and" : "to"),
            let b = single(s, at: a.end + (s.matches(["more", "than"], at: a.end + 1) ? 3 : 1)),
            let hi = b.value, let lo = a.value.map({ scaled($0, to: b, in: s) }), hi > lo,
            !(s.lower(i) == "from" && followsARise(s, i))
        {
            return NumberPhrase(
                start: i, end: b.end, kind: .range, value: nil, low: lo, high: hi, text: "\(Self.digits(lo))-\(Self.digits(hi))")
        }
        if let two = pair(s, at: i) { return two }
        if let one = anotherOne(s, at: i) { return one }
        if let dozens = digitDozens(s, at: i) { return dozens }
        // "how many", "too many", "so many", "this many": a question or a judgement, not a count
        // ("as many as 165": the hedge of the figure after it); a word with no upper end
        // standing alone at a clause's end ("and killed many.") says too little to be a figure.
        let judged = ["how", "too", "so"].contains(s.lower(i - 1)) || (s.lower(i - 1) == "as" && s.lower(i + 1) == "as")
        let pointed = ["this", "that"].contains(s.lower(i - 1)) && ["many", "few"].contains(s.lower(i))
        for (phrase, v) in vague[s.lower(i)] ?? [] where !judged && !pointed {
            guard let end = s.end(of: phrase, at: i) else { continue }
            if v.high == nil && (end >= s.tokens.count || s.tokens[end].kind == .punct) { continue }
            let text = (phrase.last == "of" ? phrase.dropLast() : phrase[...]).joined(separator: " ")  // "dozens of" -> "dozens"
            // "a dozen or so": the hedge the word's interval already holds.
            let hedged = s.matches(["or", "so"], at: end) ? end + 2 : end
            return NumberPhrase(
                start: i, end: hedged, kind: .vague, value: NumberWords.parse(text), low: v.low, high: v.high,
                text: text)
        }
        guard var a = single(s, at: i) else { return nil }
        let joiner = s.lower(a.end)
        if ["-", "to", "or"].contains(joiner), let b = single(s, at: a.end + 1), let hi = b.value,
            let lo = a.value.map({ scaled($0, to: b, in: s) }), hi > lo,
            !(joiner == "to" && s.lower(i - 1) == "from"),
            !(isInADate(s, i) && hi > 31)  // "since Oct. 7 to 21,110": a day, then the count ("May 12-13": days)
        {
            a = NumberPhrase(
                start: i, end: b.end, kind: .range, value: nil, low: lo, high: hi, text: "\(Self.digits(lo))-\(Self.digits(hi))")
        }
        // "40-odd militants", "40-plus": about and at least 40; "20 or so": about 20.
        if a.kind == .exact, s.isPunct(a.end, ["-"]), ["odd", "plus"].contains(s.lower(a.end + 1)),
            s.tokens[a.end].start == s.tokens[a.end - 1].end
        {
            a.kind = s.lower(a.end + 1) == "odd" ? .about : .atLeast
            a.end += 2
        } else if a.kind == .exact, s.matches(["or", "so"], at: a.end) {
            a.kind = .about
            a.end += 2
        }
        // "Two (2) soldiers": the digits in parentheses restate the words.
        if let v = a.value, s.isPunct(a.end, ["("]), s.isNumber(a.end + 1), s.isPunct(a.end + 2, [")"]),
            Double(s.tokens[a.end + 1].text) == v
        {
            a.end += 3
        }
        return a
    }

    /// The lower end `lo` of a range whose upper end `b` closes on a multiple the lower end
    /// shares: "between two and three dozen" is 24-36, "five or six hundred" 500-600, "2 to 3
    /// thousand" 2,000-3,000 (the lower end times the multiple is at most the upper end);
    /// `lo` itself otherwise ("between 2 and 300").
    func scaled(_ lo: Double, to b: NumberPhrase, in s: Sentence) -> Double {
        let multiples: [String: Double] = ["dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000]
        guard b.end - b.start >= 2, let m = multiples[s.lower(b.end - 1)], let hi = b.value, lo * m <= hi, lo < m else {
            return lo
        }
        return lo * m
    }

    /// Digits before "dozen" read as the words would: "2 dozen" as the lexicon's "two
    /// dozen" (20-28), a multiple it has no word for exactly ("5 dozen": 60).
    func digitDozens(_ s: Sentence, at i: Int) -> NumberPhrase? {
        guard s.isNumber(i), s.lower(i + 1) == "dozen", let n = Int(s.tokens[i].text), (1...19).contains(n) else { return nil }
        let word = NumberWords.units.first { $0.value == Double(n) && $0.key.count > 2 }?.key ?? ""
        if let (_, v) = vague[word]?.first(where: { $0.0 == [word, "dozen"] }) {
            return NumberPhrase(
                start: i, end: i + 2, kind: .vague, value: Double(12 * n), low: v.low, high: v.high, text: "\(word) dozen")
        }
        return NumberPhrase(
            start: i, end: i + 2, kind: .exact, value: Double(12 * n), low: nil, high: nil, text: String(12 * n))
    }

    /// Two people named as a pair: "both" before people ("both men", "both of these men") and
    /// "a couple" as a noun, not "a couple of" ("a couple executed": two, exactly; "a couple
    /// of" stays the lexicon's vague word).
    func pair(_ s: Sentence, at i: Int) -> NumberPhrase? {
        var end = i + 1
        switch s.lower(i) {
        case "both"
        where ["were", "are", "have", "had", "been"].contains(s.lower(i - 1)) && outcomePhrase(s, at: end, in: rules.after) != nil:
            break  // "were both killed"
        case "both" where s.lower(i + 1) == "of" && s.lower(i + 2) == "them":
            // "both of them were killed": the outcome follows within three words.
            guard (i + 3..<i + 6).contains(where: { outcomePhrase(s, at: $0, in: rules.after) != nil }) else { return nil }
            end = i + 3
        case "both"
        where s.isPunct(i - 1, [","]) && !(i + 1..<i + 3).contains(where: { outcomePhrase(s, at: $0, in: rules.after) != nil }):
            return nil  // "X and Y, both PRCS members": a description of people already counted
        case "both":
            if s.lower(end) == "of" { end += 1 }
            if ["the", "these", "those", "their", "its"].contains(s.lower(end)) { end += 1 }
            guard isPeople(s, end) || (1...2).contains(where: { isPeople(s, end + $0) && s.isWord(end + $0 - 1) }) else {
                return nil
            }
        case "a" where s.lower(i + 1) == "couple" && s.lower(i + 2) != "of":
            end = i + 2
        default:
            return nil
        }
        return NumberPhrase(start: i, end: end, kind: .exact, value: 2, low: nil, high: nil, text: "2")
    }

    /// One more person whose noun is left out: "three soldiers were killed and another
    /// (seriously) wounded", "one died, another was injured", "and a fourth was shot dead"
    /// (after "and" or a comma; the fate right after, an adverb or "was" between): the figure 1.
    func anotherOne(_ s: Sentence, at i: Int) -> NumberPhrase? {
        // "three were arrested and a fourth was shot dead": "a fourth" is another one too.
        let ordinal = ["a", "an"].contains(s.lower(i - 1)) && Self.ordinals.contains(s.lower(i)) && s.lower(i) != "first"
        let opens = { (k: Int) in s.lower(k) == "and" || s.isPunct(k, [","]) }
        guard s.lower(i) == "another" && opens(i - 1) || ordinal && opens(i - 2) else { return nil }
        var k = i + 1
        while s.lower(k) == "was" || Self.severity.contains(s.lower(k)) { k += 1 }
        guard k <= i + 3, outcomePhrase(s, at: k, in: rules.after) != nil else { return nil }
        return NumberPhrase(start: i, end: i + 1, kind: .exact, value: 1, low: nil, high: nil, text: "1")
    }

    /// Words after a number and a hyphen that make it the size of the group after them
    /// ("a 1,000-man garrison", "a 300-strong force").
    static let sizeWords: Set<String> = ["man", "strong"]

    /// Whether "from" at `i` follows a verb of change ("rose from 13 to 17": two figures).
    func followsARise(_ s: Sentence, _ i: Int) -> Bool {
        let rises: Set<String> = ["rose", "risen", "rising", "increased", "climbed", "jumped", "grew", "up", "revised", "raised"]
        return (1...3).contains { rises.contains(s.lower(i - $0)) }
    }

    /// A single number at `i`: digits ("1,200", "1.5 million") or words ("thirteen",
    /// "twenty-one", "a hundred and five").
    func single(_ s: Sentence, at i: Int) -> NumberPhrase? {
        guard i >= 0 && i < s.tokens.count else { return nil }
        let t = s.tokens[i]
        if t.kind == .number {
            guard var v = Double(t.text.filter { $0 != "," }) else { return nil }
            var end = i + 1
            if let m = NumberWords.large[s.lower(end)] ?? (s.lower(end) == "hundred" ? 100 : nil) {
                v *= m
                end += 1
            }
            guard v < 1e10 else { return nil }  // no count of people; also beyond what a claim's digits carry
            let year = t.text.count == 4 && !t.text.utf8.contains(UInt8(ascii: ",")) && (1800...2100).contains(v) && end == i + 1
            return NumberPhrase(start: i, end: end, kind: .exact, value: v, low: nil, high: nil, text: t.text, yearLike: year)
        }
        // "and" joins the parts of a number ("a hundred and five") but never starts one.
        guard t.kind == .word, t.lower != "and" else { return nil }
        // "thirty-odd", "forty-plus": about and at least, as "40-odd" and "40-plus" are.
        for (suffix, kind) in [("-odd", ExtractedFigure.Kind.about), ("-plus", .atLeast)] where t.lower.hasSuffix(suffix) {
            guard let v = NumberWords.parse(String(t.lower.dropLast(suffix.count))) else { continue }
            return NumberPhrase(start: i, end: i + 1, kind: kind, value: v, low: nil, high: nil, text: Self.digits(v))
        }
        var j = i
        while j < s.tokens.count && s.tokens[j].kind == .word && j - i < 8
            && (Self.numberWords.contains(s.tokens[j].lower)
                || (s.tokens[j].lower.utf8.contains(UInt8(ascii: "-")) && NumberWords.parse(s.tokens[j].lower) != nil))
        {
            j += 1
        }
        // The longest run that reads as a number ("a hundred and five"; "one" of "one and").
        while j > i {
            let words = s.tokens[i..<j].map(\.lower)
            if words.last != "and", let v = NumberWords.parse(words.joined(separator: " ")), v < 1e10 {
                return NumberPhrase(
                    start: i, end: j, kind: .exact, value: v, low: nil, high: nil, text: words.joined(separator: " "))
            }
            j -= 1
        }
        return nil
    }

    /// A count written in digits ("13", "1.5" stays "1.5").
    static func digits(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    /// The qualifier phrase ending just before token `start`: its first token, kind and text.
    func qualifier(_ s: Sentence, before start: Int) -> (Int?, ExtractedFigure.Kind?, String?) {
        var end = start
        if s.isPunct(end - 1, [","]) { end -= 1 }  // "At the very least, 18 Iranians"
        if s.isPunct(end - 1, ["\""]) { end -= 1 }  // "\"at least\" six"
        if s.isPunct(end - 1, ["\""]) { end -= 1 }
        for (phrase, kind) in rules.qualifiers where s.matches(phrase, at: end - phrase.count) {
            // "wrote about one martyr": "about" after a verb of speech is a preposition.
            let verb = s.lower(end - phrase.count - 1)
            if phrase == ["about"] && (rules.said.contains(verb) || Self.talkVerbs.contains(verb)) { continue }
            return (end - phrase.count, kind, phrase.joined(separator: " "))
        }
        return (nil, nil, nil)
    }

    /// Verbs after which "about" is a preposition, not a hedge.
    static let talkVerbs: Set<String> = [
        "wrote", "talked", "spoke", "asked", "learned", "heard", "know", "knew", "tweeted", "posting", "writing", "reporting",
        "talking", "speaking", "asking", "tweeting", "complained", "warned", "worried",
    ]

    /// Whether `n` is an age after a name: "Hikmat al-Maqousi (72)", "Amin al-Agha, 61, and
    /// his wife" (a whole number under 120, in parentheses or between commas, after a name
    /// that is not a people word).
    func isAge(_ s: Sentence, _ n: NumberPhrase) -> Bool {
        // "aged 12 and 15", "aged between 20 and 30", "at the age of 9": ages, the last of a list too.
        var k = n.start - 1
        while k >= 0 && n.start - k <= 8
            && (s.isNumber(k) || s.isPunct(k, [",", "-"]) || ["and", "to", "or", "between"].contains(s.lower(k)))
        {
            k -= 1
        }
        if ["aged", "ages"].contains(s.lower(k)) || (s.lower(k) == "of" && s.lower(k - 1) == "age") { return true }
        // "Munawar Laban (identified as either 65 or 66) was killed": a parenthesis after a name.
        if let high = n.high ?? n.value, high < 120, s.isPunct(n.end, [")"]),
            let open = (max(0, n.start - 5)..<n.start).last(where: { s.isPunct($0, ["(", ")"]) }), s.isPunct(open, ["("]),
            isName(s, open - 1) && !isPeople(s, open - 1)
        {
            return true
        }
        // "A policeman, 35, was killed": one person's age.
        let person = s.isWord(n.start - 2) && isSingularPerson(s.lower(n.start - 2))
        guard n.kind == .exact, let v = n.value, v < 120, n.end == n.start + 1, s.tokens[n.start].kind == .number,
            (isName(s, n.start - 2) && !isPeople(s, n.start - 2)) || s.isPunct(n.start - 2, [")"])  // "(Abu Ayesh) (78)"
                || person
        else { return false }
        return (s.isPunct(n.start - 1, ["("]) && s.isPunct(n.end, [")"]))
            || (s.isPunct(n.start - 1, [","]) && s.isPunct(n.end, [","]))
    }

    /// Whether the word at `k` and a number joined to it by a hyphen name a model of
    /// weapon or machine ("AK-47", "F-16s", "Su-24").
    func isModelName(_ s: Sentence, _ k: Int) -> Bool {
        guard s.isWord(k), s.isPunct(k + 1, ["-"]), s.isNumber(k + 2) else { return false }
        return s.tokens[k + 1].start == s.tokens[k].end && s.tokens[k + 2].start == s.tokens[k + 1].end
    }

    static let months: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// Whether number phrase `n` is a date, time, age, label, amount of money, fraction or
    /// count of things rather than a count of people.
    func isNotACount(_ s: Sentence, _ n: NumberPhrase, qualified: Bool) -> Bool {
        let before = n.start - 1
        func isMonth(_ i: Int) -> Bool {
            i >= 0 && i < s.tokens.count && Self.months.contains(s.tokens[i].lower)
                && s.tokens[i].text.first?.isUppercase == true
        }
        if isAge(s, n) { return true }
        if n.kind == .vague { return rules.things.contains { s.matches($0, at: n.end) } }
        // "mother of three": the relative's family, not a count.
        if !qualified && s.lower(before) == "of" && Self.kinNouns.contains(s.lower(before - 1)) { return true }
        if !qualified && (rules.labels.contains(s.lower(before)) || ["$", "£", "€", "#"].contains(s.lower(before))) {
            return true
        }
        if isMonth(before) || isMonth(n.end) || (s.lower(n.end) == "of" && isMonth(n.end + 1)) { return true }
        if s.isPunct(n.end, [":", "/"]) && s.isNumber(n.end + 1) {
            return true
        }
        if s.isPunct(before, ["/", ":"]) && s.isNumber(before - 1) {
            return true
        }
        // "12-year-old", "25-member"; "12,000-man" is the size of the group after it; a dash set
        // off by spaces ("kills 12 - residents") joins nothing.
        if s.isPunct(n.end, ["-"]) && s.isWord(n.end + 1) && !Self.sizeWords.contains(s.lower(n.end + 1))
            && s.tokens[n.end].start == s.tokens[n.end - 1].end
        {
            return true
        }
        if let v = n.value, v != v.rounded() { return true }
        // "one of which killed a man": "which" stands for things (rockets) that killed; "133 of
        // which were killed" counts the people before it.
        if s.matches(["of", "which"], at: n.end), outcomePhrase(s, at: n.end + 2, in: rules.before) != nil,
            takesAnObject(s, at: n.end + 3)
        {
            return true
        }
        // "three AK-47 rifles", "two F-16s": a model's name, things; "an AR-15": the name itself.
        if isModelName(s, n.end) || isModelName(s, n.start - 2) && s.tokens[n.start - 2].text.first?.isUppercase == true {
            return true
        }
        if n.yearLike && !rules.people.contains(s.lower(n.end)) { return true }
        return rules.things.contains { s.matches($0, at: n.end) }
    }
}
