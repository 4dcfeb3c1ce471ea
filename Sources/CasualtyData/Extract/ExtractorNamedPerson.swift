import Foundation

extension Extractor {
    /// One person named without a person noun, a fate only people meet after the name:
    /// "Hatem Awad died", "67 year old Hosni Salha was killed", "A preacher affiliated with
    /// Hamas, Dr. Wael Mohieddin Sayed al-Zard, died". The name is two capitalised words or
    /// more (one is enough after a title or an age), none a people noun or a stop word, read
    /// back from the fate over "was"-like auxiliaries, an aside between commas (", from the
    /// North Gaza Governorate,") and an age in parentheses; it opens a clause (the
    /// sentence's start, a comma or dash, "that", "and", "while"), so a count or "of" before
    /// it makes it something else. The figure 1.
    func named(_ s: Sentence, outcomeAt i: Int) -> Found? {
        guard s.isWord(i), Self.fatesOfPeople.contains(s.lower(i)), let o = outcomePhrase(s, at: i, in: rules.after),
            !["not", "never"].contains(s.lower(i - 1))
        else { return nil }
        var k = i - 1
        while Self.auxiliaries.contains(s.lower(k)) { k -= 1 }
        if s.isPunct(k, [","]) {
            k -= 1
            if let comma = asideOpening(s, endingAt: k) { k = comma - 1 }  // ", from the North Gaza Governorate,"
        }
        if let open = ageInParentheses(s, endingAt: k) { k = open - 1 }  // "(36 years old)", "(aged 28)"
        guard let start = nameStart(s, endingAt: k), opensAClause(s, before: start) else { return nil }
        return Self.onePerson(start..<(k + 1), first: start, last: i + o.length - 1, outcomes: o.outcomes)
    }

    /// The comma that opens an aside ending at token `k` (", from the North Gaza Governorate"):
    /// up to eight words back to a comma whose next word is "from", "of", "a", "an", "the" or
    /// "aged"; nil when there is none.
    func asideOpening(_ s: Sentence, endingAt k: Int) -> Int? {
        var m = k
        while m > max(0, k - 8) && s.isWord(m) { m -= 1 }
        guard m < k, s.isPunct(m, [","]), ["from", "of", "a", "an", "the", "aged"].contains(s.lower(m + 1)) else { return nil }
        return m
    }

    /// The "(" of an age in parentheses closing at token `k` ("(36 years old)", "(aged 28)",
    /// "(72)"): at most five tokens, one a number; nil when there is none.
    func ageInParentheses(_ s: Sentence, endingAt k: Int) -> Int? {
        guard s.isPunct(k, [")"]), let open = (max(0, k - 5)..<k).last(where: { s.isPunct($0, ["("]) }),
            (open + 1..<k).contains(where: { s.isNumber($0) })
        else { return nil }
        return open
    }

    /// One person named right after a fate verb, without a person noun: "The strike killed
    /// Dr. Azo Ismail Salim Afana, 69", "killing Mohamed Abu Sunima". The name as in
    /// `named(_:outcomeAt:)`, and no people noun right after it ("killed Gaza City residents"
    /// counts residents).
    func named(_ s: Sentence, verbAt i: Int) -> Found? {
        guard s.isWord(i), Self.fateVerbsOfPeople.contains(s.lower(i)), let o = outcomePhrase(s, at: i, in: rules.before),
            !isIntent(s, verbAt: i)
        else { return nil }
        var end = i + o.length
        while end < s.tokens.count && end - i < 9 && (isName(s, end) || isInitialDot(s, end) || isTitleDot(s, end)) {
            end += 1
        }
        let last = end - 1
        // "capture McNeil's force": a possessive names the owner of what follows, not a person taken.
        guard last >= i + o.length, s.isWord(last), !isPeople(s, end), nameStart(s, endingAt: last) == i + o.length,
            !(s.lower(last).hasSuffix("'s") || s.lower(last).hasSuffix("’s"))
        else { return nil }
        return Self.onePerson((i + o.length)..<end, first: i, last: last, outcomes: o.outcomes)
    }

    /// The first token of a name ending at token `k` (see `named(_:outcomeAt:)`): its words
    /// and initials read back, then a title ("Dr.", "Gen.") or an age ("67 year old",
    /// "19-year old", "56-year-old") before them; nil unless two words or more, or one after
    /// a title or an age.
    func nameStart(_ s: Sentence, endingAt k: Int) -> Int? {
        var m = k, words = 0
        while m >= 0 && k - m < 8 && (isName(s, m) || isInitialDot(s, m)) {
            if s.isWord(m) {
                let w = s.lower(m)
                // An initial may spell a stop word ("Leroy A. Stafford").
                // A count is not a name ("Nine Taleban killed": nine of an unlisted group).
                if !isInitialDot(s, m + 1),
                    isPeople(s, m) || rules.stop.contains(w) || rules.pronouns.contains(w) || Self.notNames.contains(w)
                        || Self.numberWords.contains(w)
                {
                    return nil
                }
                words += 1
            }
            m -= 1
        }
        guard words > 0 else { return nil }
        var start = m + 1, marked = false
        if s.isPunct(m, ["."]) && (isRank(s, m - 1) || Self.titles.contains(s.lower(m - 1))) {
            start = m - 1
            marked = true
        } else if let age = ageStart(s, endingAt: m) {
            start = age
            marked = true
        }
        return words >= 2 || marked ? start : nil
    }

    /// The first token of an age ending at `k` ("67 year old", "19-year old", "56-year-old"):
    /// a whole number of years up to 130.
    func ageStart(_ s: Sentence, endingAt k: Int) -> Int? {
        func age(_ j: Int) -> Bool {
            guard s.isNumber(j), let v = Int(s.tokens[j].text) else { return false }
            return (0...130).contains(v)
        }
        if s.lower(k) == "old", ["year", "years"].contains(s.lower(k - 1)) {
            if age(k - 2) { return k - 2 }
            if s.isPunct(k - 2, ["-"]) && age(k - 3) { return k - 3 }
        }
        if s.lower(k).hasSuffix("year-old") {
            if s.isPunct(k - 1, ["-"]) && age(k - 2) { return k - 2 }
            if age(k - 1) { return k - 1 }
        }
        return nil
    }

    /// Whether the tokens before `start` let a name open a clause there.
    func opensAClause(_ s: Sentence, before start: Int) -> Bool {
        start == 0 || s.isPunct(start - 1, [",", "-", "–", "—", ";", ":", "\"", "“", "("])
            || ["that", "and", "while", "as", "when", "after", "but", "whereas"].contains(s.lower(start - 1))
    }

    /// Whether token `k` is a title's dot or a title before one ("Dr", ".").
    func isTitleDot(_ s: Sentence, _ k: Int) -> Bool {
        (s.isPunct(k, ["."]) && (Self.titles.contains(s.lower(k - 1)) || isRank(s, k - 1)))
            || ((Self.titles.contains(s.lower(k)) || Self.ranks.contains(s.lower(k))) && s.isPunct(k + 1, ["."]))
    }

    /// Fate verbs before a bare name: those only a person meets ("capturing Fort Henry" takes
    /// a place).
    static let fateVerbsOfPeople: Set<String> = [
        "kill", "kills", "killing", "killed", "wound", "wounds", "wounding", "injure", "injures", "injuring", "assassinate",
        "assassinates", "assassinating", "assassinated", "execute", "executes", "executed", "murder", "murders",
        "murdering", "murdered", "behead", "beheads", "beheaded", "beheading", "abduct", "abducts", "abducted",
        "abducting", "kidnap", "kidnaps", "kidnapped", "kidnapping", "lynch", "lynches", "lynched", "lynching",
    ]

    /// Fates only a person meets, which a bare name before them can take ("captured" and
    /// "missing" are said of towns and convoys too).
    static let fatesOfPeople: Set<String> = ["killed", "died", "wounded", "injured", "martyred", "slain", "dies"]

    /// Civil titles before a name, written with a dot.
    static let titles: Set<String> = ["dr", "mr", "mrs", "ms", "prof", "sheikh", "rev", "gov", "sen", "rep", "amb", "pres"]

    /// Capitalised words that are not a person's name: days, months, and words that head a
    /// headline in title case.
    static let notNames: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "june", "july", "august", "september", "october", "november", "december", "israeli", "palestinian",
        "american", "russian", "ukrainian", "syrian", "iraqi", "iranian", "afghan", "gaza", "hamas", "hezbollah", "idf",
        "un", "city", "camp", "hospital", "street", "road", "mosque", "school", "strip", "province", "district",
        "village", "town", "army", "forces", "police", "ministry", "government", "state",
    ]
}
