import Foundation

/// The outcome found after a figure's group (`Extractor.outcomeAfter(_:from:)`).
struct OutcomeAfter {
    /// The outcomes, in the order written.
    var outcomes: [String]
    /// The token after the outcome words.
    var end: Int
    /// Tokens from the group's end to the outcome.
    var gap: Int
    /// Tokens between, not counting parentheticals and "including N ..." breakdowns passed over:
    /// "At least 304 including 41 children killed" has none.
    var words: Int
    /// Whether a comma was crossed on the way.
    var crossedComma: Bool
    /// Whether the outcome is a plural noun ("prisoners", "deaths").
    var isGroupNoun: Bool
    /// Whether a parenthetical between commas was passed over (", and several others, ...,").
    var passedAside: Bool
}

/// The words after a figure that name who was counted.
struct GroupPhrase {
    /// The group's tokens (empty: none named).
    var range: Range<Int>
    /// Whether a word of it names people ("soldiers", "Afghans"), or things ("vehicles").
    var people: Bool
    var things: Bool
    /// Outcomes written as adjectives inside it ("scores of dead Iranian soldiers").
    var outcomes: [String]
}

extension Extractor {
    /// Whether token `i` names people: a word of `people`, or a capitalised demonym plural
    /// ("Afghans", "Pakistanis", "Lebanese").
    func isPeople(_ s: Sentence, _ i: Int) -> Bool {
        guard s.isWord(i) else { return false }
        let w = s.tokens[i].lower
        if rules.people.contains(w) || (w.hasSuffix("'s") && rules.people.contains(String(w.dropLast(2)))) { return true }
        // "28 non-Muslims", "non-combatants": people all the same.
        if w.hasPrefix("non-"), rules.people.contains(String(w.dropFirst(4))) { return true }
        let capital = s.tokens[i].text.first?.isUppercase == true
        return capital && (w.hasSuffix("ans") || w.hasSuffix("is") || w.hasSuffix("ese") || w.hasSuffix("ites"))
    }

    /// The longest outcome phrase of `list` at token `i`.
    func outcomePhrase(_ s: Sentence, at i: Int, in list: OutcomePhrases) -> (outcomes: [String], length: Int)? {
        guard let candidates = list.byFirstWord[s.lower(i)] else { return nil }
        for (phrase, outcomes) in candidates where s.matches(phrase, at: i) {
            // "Airwars' civilian fatality range": a noun of the dead naming a measure of them.
            if phrase.count == 1, ["fatality", "fatalities"].contains(phrase[0]), Self.measures.contains(s.lower(i + 1)) {
                return nil
            }
            return (outcomes, phrase.count)
        }
        return nil
    }

    /// Nouns of a measure of people that a noun of the dead before them qualifies.
    static let measures: Set<String> = [
        "range", "ranges", "rate", "rates", "figure", "figures", "count", "counts", "estimate", "estimates", "data",
    ]

    /// The group after a figure ending at `j`: "of" and "the" skipped, an outcome adjective
    /// taken out ("dead Iranian soldiers"), then up to six words that are not stop words,
    /// outcomes or numbers (a parenthesis such as "(IRGC)" included).
    func groupPhrase(_ s: Sentence, from j: Int) -> GroupPhrase {
        var k = j
        if s.lower(k) == "of" { k += 1 }
        if ["the", "them", "those", "whom", "its", "their", "his", "her", "our"].contains(s.lower(k)) { k += 1 }
        if s.lower(k) == "more" && !s.matches(["more", "than"], at: k) { k += 1 }  // "ten more people"
        // "36 total victims" (but "4,000 total." has no group: "total" is a stop word).
        if ["total", "overall"].contains(s.lower(k)), s.isWord(k + 1), !isStop(s, k + 1) { k += 1 }
        // "three alleged airstrikes", "21 identified civilians": a hedge or a participle before
        // the noun (not "4 Alleged Sicarios Captured").
        if ["alleged", "suspected", "reported", "purported", "apparent", "identified", "named", "confirmed", "documented"]
            .contains(s.lower(k)),
            (k + 1...k + 2).contains(where: { m in isPeople(s, m) || rules.things.contains { s.matches($0, at: m) } })
        {
            k += 1
        }
        while s.isPunct(k, ["\""]) { k += 1 }
        var outcomes: [String] = []
        // The people it qualifies follow straight on: no mark and no other outcome between
        // ("Several killed, wounded in ..." is two outcomes, not killed "wounded").
        if let o = outcomePhrase(s, at: k, in: rules.after),
            let p = (k + o.length..<k + o.length + 3).first(where: { isPeople(s, $0) || !s.isWord($0) }), s.isWord(p),
            outcomePhrase(s, at: p, in: rules.after) == nil
        {
            outcomes = o.outcomes
            k += o.length
        }
        let start = k
        var sawPeople = false
        while k < s.tokens.count && k - start < 7 {
            if s.isPunct(k, ["("]), let close = (k + 1..<min(k + 6, s.tokens.count)).first(where: { s.isPunct($0, [")"]) }) {
                // "Deaths: 12 (unconfirmed).": an aside after the figure, no group.
                if k == start && !s.isWord(close + 1) { break }
                k = close + 1
                continue
            }
            // A quoted word inside (military "advisers"), or the dot of initials ("U.S. troops").
            if k > start
                && (s.isPunct(k, ["\""]) || (isInitialDot(s, k) && s.tokens[k - 1].text.utf8.contains(UInt8(ascii: "."))))
            {
                k += 1
                continue
            }
            // The head noun ends the group, unless more of its name follows ("Guard Corps (IRGC) members").
            if sawPeople && !isPeople(s, k) && !(k + 1...k + 3).contains(where: { isPeople(s, $0) }) { break }
            sawPeople = sawPeople || isPeople(s, k)
            guard s.isWord(k), !isStop(s, k) || (s.lower(k) == "and" && andJoinsNames(s, k)),
                outcomePhrase(s, at: k, in: rules.after) == nil, !rules.said.contains(s.lower(k)), numberPhrase(s, at: k) == nil
            else { break }
            k += 1
        }
        // "fighters from Lebanese Hezbollah and Afghan Shiite groups": a generic noun owned by names
        // (whose words, "Jubal Early's Division", do not make the count one of things).
        let headEnd = k
        if k > start, ["from", "of"].contains(s.lower(k)), Self.genericPeople.contains(s.lower(k - 1)),
            s.tokens.indices.contains(k + 1), s.tokens[k + 1].text.first?.isUppercase == true
        {
            var m = k + 1
            while m < min(s.tokens.count, k + 9) && s.isWord(m)
                && (s.tokens[m].text.first?.isUppercase == true
                    || ["and", "groups", "group", "militia", "forces"].contains(s.lower(m)))
            {
                m += 1
            }
            k = m
        }
        // "members of the security forces": a generic noun and the force it belongs to.
        if k == headEnd, k > start, s.lower(k) == "of", s.lower(k + 1) == "the", Self.genericPeople.contains(s.lower(k - 1)),
            let owner = (k + 2..<min(s.tokens.count, k + 5)).first(where: { isPeople(s, $0) }),
            (k + 2..<owner).allSatisfy({ s.isWord($0) && !isStop(s, $0) && numberPhrase(s, at: $0) == nil })
        {
            k = owner + 1
        }
        while k > start && s.isPunct(k - 1, ["\""]) { k -= 1 }
        let range = start..<k
        // The head noun decides: a thing after the last people word makes a count of things
        // ("in two Afghan mosque attacks"), a people word after it a count of people.
        let lastPeople = range.last { isPeople(s, $0) }
        var lastThing = (start..<headEnd).last { k in rules.things.contains { s.matches($0, at: k) } }
        // A people word used as an adjective ("Afghan", "police") before the noun it qualifies:
        // "two Afghan mosque attacks", "three police vehicles".
        if let p = lastPeople, p == range.upperBound - 1, !s.lower(p).hasSuffix("s") {
            lastThing =
                (k..<min(s.tokens.count, k + 2)).prefix { s.isWord($0) && !isStop(s, $0) }
                .first { m in rules.things.contains { s.matches($0, at: m) } } ?? lastThing
        }
        let things = lastThing.map { t in lastPeople.map { t > $0 } ?? true } ?? false
        // "1 other was injured", "at least four other injured": "other" standing for people,
        // its noun left out, right before their fate.
        let elliptical =
            range.count == 1 && s.lower(start) == "other"
            && (outcomePhrase(s, at: k, in: rules.after) != nil || ["was", "were", "has", "have", "had"].contains(s.lower(k)))
        return GroupPhrase(
            range: range, people: (lastPeople != nil && !things) || elliptical, things: things, outcomes: outcomes)
    }

    /// People nouns that say nothing of who the people are.
    static let genericPeople: Set<String> = [
        "fighters", "members", "soldiers", "troops", "combatants", "militants", "people", "men",
    ]

    /// Whether token `k` is a stop word. An acronym in capitals in a sentence that is not all
    /// capitals is a name, not the stop word it spells ("kills wanted IS militant", "US troops").
    func isStop(_ s: Sentence, _ k: Int) -> Bool {
        guard rules.stop.contains(s.lower(k)) else { return false }
        let t = s.tokens[k].text
        guard t.count >= 2, t.allSatisfy({ $0.isUppercase }) else { return true }
        return !s.tokens.contains { $0.kind == .word && $0.text.contains { $0.isLowercase } }
    }

    /// Whether "and" at `k` joins two names of one group ("Iranian and Afghan soldiers").
    func andJoinsNames(_ s: Sentence, _ k: Int) -> Bool {
        s.isWord(k - 1) && s.isWord(k + 1) && s.tokens[k - 1].text.first?.isUppercase == true
            && s.tokens[k + 1].text.first?.isUppercase == true && (k + 2..<k + 4).contains { isPeople(s, $0) }
    }

    /// The outcome after a figure's group, starting within ten tokens of `j` (not past
    /// another figure or the end of a clause; over parentheticals between commas or dashes and
    /// an "including N ..." breakdown), with outcomes chained by "or", "and" or a comma
    /// ("killed, wounded"): the outcomes, the token after them, how many tokens came between,
    /// whether a comma was crossed, and whether the outcome is a group noun ("prisoners").
    func outcomeAfter(_ s: Sentence, from j: Int) -> OutcomeAfter? {
        var k = j, counted = 0, crossed = false, aside = false, limit = 10
        while k < s.tokens.count && counted < limit {
            // A relative clause describing the people ("members of the family that had been
            // displaced from the camp were killed") lengthens the way to the main verb.
            // (Not "that" after a verb: "relatives announced that the daughter was killed".)
            if ["that", "who"].contains(s.lower(k)), k > j, s.isWord(k - 1), !s.lower(k - 1).hasSuffix("ing"),
                !(j..<k).contains(where: { rules.said.contains(s.lower($0)) || ["and", "but", "or"].contains(s.lower($0)) })
            {
                limit = 14
            }
            // "eight people - five soldiers and three civilians - and wounded 15": the dash that
            // closes the aside the figure is in ends its words, unless the sentence's verb
            // resumes after it ("children - four daughters and a son - were also killed").
            if closesAnAside(s, dashAt: k, figureAt: j), !Self.resumes.contains(s.lower(k + 1)) { break }
            // A comma straight before "were" ends a list, it opens no parenthetical ("eight
            // children, were killed and dozens ..., were injured").
            if s.isPunct(k, [",", "-"]), !["were", "was", "are", "is", "have", "had", "has"].contains(s.lower(k + 1)),
                let close = parentheticalEnd(s, from: k)
            {
                aside = aside || s.isPunct(k, [","])
                k = close + 1
                continue
            }
            if s.lower(k) == "including", let n = qualifiedNumber(s, at: k + 1) {
                k = max(groupPhrase(s, from: n.end).range.upperBound, n.end)
                // The breakdown's further items: ", four women and at least one young man".
                while true {
                    var m = k
                    if s.isPunct(m, [","]) { m += 1 }
                    if s.lower(m) == "and" { m += 1 }
                    guard m > k, let next = qualifiedNumber(s, at: m) else { break }
                    k = max(groupPhrase(s, from: next.end).range.upperBound, next.end)
                }
                continue
            }
            if s.isPunct(k, ["\"", "'"]) {  // quotation marks around a name are not words
                k += 1
                continue
            }
            // "four of Osama's siblings (Khaled, Muhammad, Ahmed, and Bosli) had also died".
            if s.isPunct(k, ["("]), let close = (k + 1..<min(s.tokens.count, k + 16)).first(where: { s.isPunct($0, [")"]) }) {
                k = close + 1
                continue
            }
            // "members of the Dr. Fakhri Radi family": a title's or an initial's dot ends nothing.
            if s.isPunct(k, ["."]), isTitleDot(s, k) || isInitialDot(s, k) {
                k += 1
                continue
            }
            // "Two brothers aged 10 and 12 were killed": their ages on the way.
            if s.lower(k) == "aged", s.isNumber(k + 1) {
                k += 1
                while s.isNumber(k) || ["and", "to", "or", "-", ","].contains(s.lower(k)) && s.isNumber(k + 1) { k += 1 }
                continue
            }
            counted += 1
            if s.isPunct(k, [".", ";", ":", "?", "!"]) { break }
            // Another clause ("took the lives of two children, ..., while their father was injured").
            if Self.contrasts.contains(s.lower(k)) { break }
            // "One of the colleagues said that the late Hussein foresaw his death": what the
            // people said is another clause, its fate not theirs.
            if k > j, rules.said.contains(s.lower(k)), s.lower(k + 1) == "that" { break }
            // "three suspected militants were arrested and a fourth was shot dead": the count met
            // a fate that is no casualty; a later one is another's.
            // ("22 members of the family that had been displaced from the camp were killed": a
            // relative clause's fate describes the people, the main verb after it is theirs.)
            if Self.otherFates.contains(s.lower(k)) {
                guard (max(j, k - 3)..<k).contains(where: { ["that", "who", "which"].contains(s.lower($0)) }) else { break }
            }
            if s.isPunct(k, [","]) { crossed = true }
            if k > j || s.tokens[k].kind == .number, let other = numberPhrase(s, at: k), !rules.stop.contains(s.lower(k)) {
                // "15 civilians from three generations of the family were killed": a count of
                // things on the way is passed over, and "one family" ("five members of one
                // family were killed"); another count of people ends the search.
                let family = ["family", "household", "clan"].contains(s.lower(other.end)) && !isPeople(s, other.end + 1)
                guard family || rules.things.contains(where: { s.matches($0, at: other.end) }) else { break }
                k = other.end
                continue
            }
            if s.tokens[k].kind == .number { break }
            // "Bodies" names the dead only right after the figure ("12 bodies", "two brothers'
            // bodies"), not as the object of a later verb ("two brothers tried to remove the bodies").
            if ["bodies", "corpses"].contains(s.lower(k)) && k - j > 1 {
                k += 1
                continue
            }
            if isIntransitiveKill(s, k) {
                return OutcomeAfter(
                    outcomes: ["killed"], end: k + 1, gap: k - j, words: counted - 1, crossedComma: crossed, isGroupNoun: false,
                    passedAside: aside)
            }
            // "Killed: 12 / Wounded: 30": a label (capitalised or opening a clause) is the next
            // figure's ("were also killed: 7-year-old Osama ..." is no label).
            if let o = outcomePhrase(s, at: k, in: rules.after), s.isPunct(k + o.length, [":"]),
                s.tokens[k].text.first?.isUppercase == true || s.isPunct(k - 1, ["/", "|", ";", ","])
            {
                break
            }
            // "four men carrying an injured [man]": an outcome after an article names other people.
            // So does a possessive one ("foresaw his death"), but for "met their deaths", "fell
            // to his death".
            let possessive =
                k > j && ["his", "her", "their", "its"].contains(s.lower(k - 1))
                && !["met", "meet", "meets", "meeting", "to"].contains(s.lower(k - 2))
            if let o = outcomePhrase(s, at: k, in: rules.after), !["not", "never", "no"].contains(s.lower(k - 1)),
                !(k > j && ["a", "an", "the"].contains(s.lower(k - 1)) && s.lower(k - 2) != "among"),  // "among the dead"
                !possessive
            {
                // "mauled two brigades ... and captured a battery": a verb after "and" with an
                // object of its own is another clause's deed, not this figure's fate.
                if k > j && s.lower(k - 1) == "and" && Self.objectStarts.contains(s.lower(k + o.length)) { break }
                var outcomes = o.outcomes, end = k + o.length
                while ["or", "and", ","].contains(s.lower(end)) {
                    var next = end + 1
                    if ["and", "or"].contains(s.lower(next)) { next += 1 }
                    // "40 hostages, and killed 3 of them": a verb with an object is another deed.
                    guard let more = outcomePhrase(s, at: next, in: rules.after),
                        numberPhrase(s, at: next + more.length) == nil,
                        !Self.objectStarts.contains(s.lower(next + more.length))
                    else { break }
                    for m in more.outcomes where !outcomes.contains(m) { outcomes.append(m) }
                    end = next + more.length
                }
                return OutcomeAfter(
                    outcomes: outcomes, end: end, gap: k - j, words: counted - 1, crossedComma: crossed,
                    isGroupNoun: Self.pluralOutcomeNouns.contains(s.lower(k)), passedAside: aside)
            }
            k += 1
        }
        return appositionOutcome(s, from: j)
    }

    /// Fates of people that are not casualties: a count that meets one first is not a
    /// casualty figure through a fate after it.
    static let otherFates: Set<String> = [
        "arrested", "detained", "freed", "released", "escaped", "fled", "displaced", "deported",
        "expelled", "extradited", "convicted", "sentenced", "charged", "questioned", "interrogated", "jailed", "imprisoned",
        "mourned", "mourns", "mourning",  // "Many of his relatives mourned his death": the living
        // (Not "rescued" or "evacuated": "two children have been rescued, and all of them injured".)
        "deployed", "deploys", "dispatched", "mobilised", "mobilized", "stationed",
    ]

    /// The fate of a count that a clause after it restates: ", the number of" and the people
    /// counted, or "those who", then their outcome within ten tokens ("raise to about 30, the
    /// number of civilians killed by ..."; "It rose to 5 citizens, the number of those who
    /// joined yesterday the convoy of martyrs", the Syrian Observatory's idiom). Read as
    /// adjacent to the count; nil when no such clause follows token `k`.
    func restatedFate(_ s: Sentence, at k: Int) -> OutcomeAfter? {
        guard s.isPunct(k, [","]), s.matches(["the", "number", "of"], at: k + 1) else { return nil }
        let counted = groupPhrase(s, from: k + 4)
        let j = counted.people ? counted.range.upperBound : s.matches(["those", "who"], at: k + 4) ? k + 6 : nil
        guard let j, var o = outcomeAfter(s, from: j), !o.crossedComma else { return nil }
        o.gap += j - k
        o.words = 0
        return o
    }

    /// Whether "kill" at `k` has no object, so it is the counted people's fate: a headline's
    /// "Six Anti-Government Militias Kill During Clashes", "111 Anti-Government Militias
    /// Include Their Local Commanders Kill" (translated copy for "killed"). Standard English
    /// gives "kill" an object ("Herdsmen Kill One in Kogi"); here the sentence ends or a
    /// preposition follows.
    func isIntransitiveKill(_ s: Sentence, _ k: Int) -> Bool {
        guard s.isWord(k), s.lower(k) == "kill" else { return false }
        return k + 1 >= s.tokens.count || s.isPunct(k + 1, [".", ";", ",", ":", "|"])
            || ["during", "in", "across", "at", "on", "near", "after", "while"].contains(s.lower(k + 1))
    }

    /// Words that open a verb's object ("captured a battery", "killed the driver", "wounded
    /// his brother").
    static let objectStarts: Set<String> = ["a", "an", "the", "his", "her", "their", "its", "several", "many", "some"]

    /// The outcome of a figure whose group is followed by a list of the people it counts,
    /// named with their ages ("seven civilians, Jihad Abu Rikab (35 years old), his wife ...
    /// and their five children Nida (11 years old) ... were killed"): from a comma or a name
    /// right after the group, "were"/"was" and an outcome within 150 tokens of the same
    /// sentence, with no speaker verb or clause mark between.
    func appositionOutcome(_ s: Sentence, from j: Int) -> OutcomeAfter? {
        guard s.isPunct(j, [","]) || (s.isWord(j) && s.tokens[j].text.first?.isUppercase == true) else { return nil }
        var k = j + 1, names = 0
        while k < min(s.tokens.count, j + 150) {
            if s.isPunct(k, [".", ";", ":", "?", "!"]) || rules.said.contains(s.lower(k)) { return nil }
            if Self.contrasts.contains(s.lower(k)) { return nil }  // another clause's fate
            if s.isWord(k) && s.tokens[k].text.first?.isUppercase == true { names += 1 }
            // "were killed", "were also reported dead", "both died".
            var v = k + (["were", "was"].contains(s.lower(k)) ? 1 : 0)
            while v < k + 3 && Self.listAdverbs.contains(s.lower(v)) { v += 1 }
            if v > k, ["were", "was", "both", "all"].contains(s.lower(k)), let o = outcomePhrase(s, at: v, in: rules.after) {
                // A list of people names them: at least two capitalised words on the way.
                guard names >= 2 else { return nil }
                return OutcomeAfter(
                    outcomes: o.outcomes, end: v + o.length, gap: k - j, words: k - j, crossedComma: true, isGroupNoun: false,
                    passedAside: false)
            }
            k += 1
        }
        return nil
    }

    /// Words between the end of a list of named people and its outcome ("were also reported dead").
    static let listAdverbs: Set<String> = ["also", "reportedly", "reported", "later", "all", "both", "allegedly"]

    /// The comma or dash that closes a parenthetical opened at `k`: the first within forty
    /// tokens followed by a word that resumes the clause ("18 Iranians, including two
    /// colonels, a major and a cleric, were killed"; "13 defenders - a euphemism for the
    /// IRGC - along with Afghans, were killed").
    func parentheticalEnd(_ s: Sentence, from k: Int) -> Int? {
        var m = k + 1
        while m < min(s.tokens.count, k + 40) {
            if s.isPunct(m, [".", ";", ":", "?", "!"]) { return nil }
            // ", while their father, Ahmed, was injured": another clause, not an aside.
            if Self.contrasts.contains(s.lower(m)) { return nil }
            if s.isPunct(m, [",", "-"]) && Self.resumes.contains(s.lower(m + 1)) { return m }
            m += 1
        }
        return nil
    }

    /// Whether token `k` is a dash set off by spaces that closes an aside opened by such a
    /// dash before `j` (an odd number of them between the sentence's start and `j`).
    func closesAnAside(_ s: Sentence, dashAt k: Int, figureAt j: Int) -> Bool {
        func spaced(_ m: Int) -> Bool {
            s.isPunct(m, ["-"]) && m > 0 && m + 1 < s.tokens.count && s.tokens[m].start > s.tokens[m - 1].end
                && s.tokens[m + 1].start > s.tokens[m].end
        }
        guard spaced(k) else { return false }
        return (0..<j).filter(spaced).count % 2 == 1
    }

    /// Words that resume a clause after a parenthetical ("..., were killed").
    static let resumes: Set<String> = [
        "were", "was", "are", "is", "have", "had", "has", "may", "might", "died", "killed", "wounded", "injured", "captured",
        "reportedly", "all", "most", "many", "being", "perished",
    ]

    /// The outcome before a figure starting at `first` ("killing 13", "the death toll rose
    /// to 45", "killing and capturing about two dozen"), within five tokens: its outcomes and
    /// first token.
    func outcomeBefore(_ s: Sentence, before first: Int) -> (outcomes: [String], start: Int)? {
        // "Death toll in suspected ADF attacks rises to 16": a toll named earlier in the sentence.
        if ["to", "at"].contains(s.lower(first - 1)), Self.tollVerbs.contains(s.lower(first - 2)),
            let toll = (0..<max(0, first - 2)).last(where: { s.lower($0) == "toll" })
        {
            return (tollOutcomes(s, toll), toll)
        }
        if let counted = numberOfFate(s, before: first) { return counted }
        // "Toll in Mali attack on army post reaches 53": a toll taken straight to its figure.
        if Self.transitiveTollVerbs.contains(s.lower(first - 1)),
            let toll = (max(0, first - 14)..<(first - 1)).last(where: { s.lower($0) == "toll" }),
            !(toll..<first).contains(where: { s.isPunct($0, [",", ";", ".", ":"]) || s.tokens[$0].kind == .number })
        {
            return (tollOutcomes(s, toll), toll)
        }
        // "put the toll at 134 before revising it to 160": the toll revised, its fate kept.
        if s.lower(first - 1) == "to", ["it", "that"].contains(s.lower(first - 2)), Self.revisions.contains(s.lower(first - 3)),
            let toll = (max(0, first - 20)..<(first - 3)).last(where: { ["toll", "tally", "count"].contains(s.lower($0)) })
        {
            return (tollOutcomes(s, toll), first - 3)
        }
        // "bringing the death toll from the strike to 89", "bringing the total death toll since
        // Oct. 7 to 21,110": a toll carried to its figure.
        if s.lower(first - 1) == "to",
            let toll = (max(0, first - 12)..<(first - 1)).last(where: { s.lower($0) == "toll" }),
            (max(0, toll - 4)..<toll).contains(where: { Self.tollCarriers.contains(s.lower($0)) }),
            !(toll..<first).contains(where: {
                (s.isPunct($0, [",", ";", ".", ":"]) || s.tokens[$0].kind == .number) && !isInADate(s, $0)
            })
        {
            return (tollOutcomes(s, toll), toll)
        }
        if let losses = lossesCarried(s, to: first) { return (["killed", "wounded"], losses) }
        // "Fatalities: 12", "Deaths: 3", "Killed: 12 / Wounded: 30": an outcome noun as a label,
        // opening its clause; "Soldiers killed: 14": after the people it counts; "Civilians
        // reported killed: 22": a recorder's label with its hedge.
        if s.isPunct(first - 1, [":"]), let o = outcomePhrase(s, at: first - 2, in: rules.after), o.length == 1 {
            let opens = { (k: Int) in k == 0 || s.isPunct(k - 1, [".", ";", "(", ",", "|", "/"]) }
            let hedge = Self.labelHedges.contains(s.lower(first - 3)) ? 1 : 0
            if hedge == 0, opens(first - 2) { return (o.outcomes, first - 2) }
            if hedge == 1, opens(first - 3) { return (o.outcomes, first - 3) }  // "Estimated casualties: 4,000"
            if isPeople(s, first - 3 - hedge), opens(first - 3 - hedge) { return (o.outcomes, first - 3 - hedge) }
        }
        // "The dead included five children", "footage of prisoners shows two Afghan members".
        if Self.linkingVerbs.contains(s.lower(first - 1)), Self.outcomeNounsThatList.contains(s.lower(first - 2)),
            let o = outcomePhrase(s, at: first - 2, in: rules.after)
        {
            return (o.outcomes, first - 2)
        }
        // "Averell captured four pieces of artillery and nearly 300 men": the verb's second
        // object, after a count of things.
        if first >= 3, s.lower(first - 1) == "and",
            let t = (max(1, first - 8)..<(first - 1)).last(where: { outcomePhrase(s, at: $0 - 1, in: rules.before) != nil }),
            let n = numberPhrase(s, at: t), rules.things.contains(where: { s.matches($0, at: n.end) }),
            !(t..<(first - 1)).contains(where: { !s.isWord($0) && !s.isNumber($0) }),
            let o = outcomePhrase(s, at: t - 1, in: rules.before), o.length == 1, Self.deedsOnACount.contains(s.lower(t - 1))
        {
            return (o.outcomes, t - 1)
        }
        var p = first - 1
        while p >= max(0, first - 5) {
            // "Suicide bomber kills self, 3 others": the verb's objects listed after the doer.
            if s.isPunct(p, [","]), ["self", "himself", "herself", "themselves"].contains(s.lower(p - 1)) {
                p -= 2
                continue
            }
            if s.isPunct(p, [".", ";", ":", ","]) || s.tokens[p].kind == .number { return nil }
            // "were killed while Alarabiya Palestine identified 12 members": another clause.
            // ("claims lives of two shepherds": the toll's verb, not a speaker's.)
            let toll = s.lower(p + 1) == "lives" || s.matches(["the", "lives"], at: p + 1)
            if Self.clauseOpeners.contains(s.lower(p)) || (rules.said.contains(s.lower(p)) && !toll) { return nil }
            for (phrase, outcomes) in rules.before where p + phrase.count <= first && s.matches(phrase, at: p) {
                // "massacre 36" is a verb; "the massacre resulted in 26 martyrs", "massacre... 10" a noun.
                if phrase.count == 1, Self.nounsOrVerbs.contains(phrase[0]),
                    p + 1 != first || !s.isWord(p - 1) || Self.determiners.contains(s.lower(p - 1))
                {
                    continue
                }
                // "was killed by 3 gunmen", "mourned by many of his relatives": the agent right
                // after "by", not the victims ("killed by air strikes and 15 under torture" are).
                if s.lower(p + phrase.count) == "by" && first - (p + phrase.count) <= 2 { return nil }
                // "the body of Iyad Matar with one at the front": a noun's "of" takes the count
                // straight after it (past a determiner), not one further on.
                if phrase.last == "of", !(p + phrase.count..<first).allSatisfy({ Self.determiners.contains(s.lower($0)) }) {
                    return nil
                }
                var all = outcomes, start = p
                if ["and", "or"].contains(s.lower(p - 1)) {
                    for (other, more) in rules.before where s.matches(other, at: p - 1 - other.count) {
                        all = more + all.filter { !more.contains($0) }
                        start = p - 1 - other.count
                        break
                    }
                }
                return (all, start)
            }
            p -= 1
        }
        return nil
    }

    /// The token of "losses" carried to the figure at `first` by a verb of amounting ("The
    /// losses of the Ukrainian armed forces in this direction amounted to up to 140
    /// servicemen", "Russian losses over the past day included 1,140 personnel"): within
    /// fourteen tokens, no clause mark or number between. A force's losses are its killed and
    /// wounded, as "lost six men" is.
    func lossesCarried(_ s: Sentence, to first: Int) -> Int? {
        var v = first - 1
        if s.lower(v) == "to" { v -= 1 }
        guard Self.amountVerbs.contains(s.lower(v)),
            let losses = (max(0, v - 14)..<v).last(where: { s.lower($0) == "losses" }),
            !(losses..<first).contains(where: { s.isPunct($0, [",", ";", ".", ":"]) || s.tokens[$0].kind == .number })
        else { return nil }
        return losses
    }

    /// Verbs that carry a sum to its figure ("amounted to", "included").
    static let amountVerbs: Set<String> = [
        "amounted", "amount", "amounts", "totalled", "totaled", "totals", "totalling", "totaling", "included", "include",
        "includes", "numbered", "were", "was", "stood", "comprised",
    ]

    /// Words of killing that are nouns as often as verbs: a verb only straight before a count.
    static let nounsOrVerbs: Set<String> = ["massacre", "massacres", "slaughter", "slaughters"]

    /// "The number of regime soldiers killed in the desert has risen to 187": a count of
    /// people by their fate named earlier in the sentence, carried to the figure at `first` by
    /// a toll verb and "to"/"at" (within twenty tokens, no clause mark or number but a date's
    /// between): the fate's outcomes and the token of "number".
    func numberOfFate(_ s: Sentence, before first: Int) -> (outcomes: [String], start: Int)? {
        // "has risen to 54", "stands at 54"; "had reached 54", "has topped 54".
        let carried = ["to", "at"].contains(s.lower(first - 1)) && Self.tollVerbs.contains(s.lower(first - 2))
        guard carried || Self.transitiveTollVerbs.contains(s.lower(first - 1)) else { return nil }
        var k = first - (carried ? 3 : 2)
        while k >= max(0, first - 20) {
            let date =
                single(s, at: k)?.yearLike == true || Self.months.contains(s.lower(k - 1)) || Self.months.contains(s.lower(k + 1))
            if s.isPunct(k, [".", ";", ":", ","]) || (s.tokens[k].kind == .number && !date) { return nil }
            if s.matches(["number", "of"], at: k) {
                for j in stride(from: k + 2, to: min(first - 2, k + 10), by: 1) {
                    if let o = outcomePhrase(s, at: j, in: rules.after) { return (o.outcomes, k) }
                }
                return nil
            }
            k -= 1
        }
        return nil
    }

    /// Words that open a new clause between an outcome verb and a figure after it.
    static let clauseOpeners: Set<String> = contrasts.union(["because", "when", "meanwhile"])

    /// Words that open a clause set against the one before ("..., while their father was
    /// injured"): a fate or an aside after one is that clause's, not the figure's before it.
    static let contrasts: Set<String> = ["while", "whilst", "whereas", "but", "although", "though"]

    /// Nouns of people by their fate that a linking verb lists ("the dead included ...").
    static let outcomeNounsThatList: Set<String> = [
        "dead", "wounded", "injured", "prisoners", "captives", "hostages", "casualties", "fatalities", "missing",
    ]
    /// Verbs that list who a fate befell.
    static let linkingVerbs: Set<String> = ["included", "include", "includes", "shows", "showed", "show", "comprised"]

    /// Verbs that carry a toll to its figure ("rises to", "stands at").
    static let tollVerbs: Set<String> = [
        "rises", "rose", "risen", "climbed", "climbs", "reached", "reaches", "stands", "stood", "jumped", "increased", "rising",
        "hit", "hits",
    ]

    /// Whether token `k` is the dot or day of a date after a month ("since Oct. 7", "since
    /// October 7"), which a toll's words may hold.
    func isInADate(_ s: Sentence, _ k: Int) -> Bool {
        if s.isPunct(k, ["."]) { return Self.months.contains(s.lower(k - 1)) }
        guard s.isNumber(k) else { return false }
        return Self.months.contains(s.lower(k - 1)) || (s.isPunct(k - 1, ["."]) && Self.months.contains(s.lower(k - 2)))
    }

    /// Words between the people and the outcome of a label ("Civilians reported killed: 22").
    static let labelHedges: Set<String> = ["reported", "confirmed", "estimated", "total", "alleged"]

    /// Verbs that carry a toll, their object, to a figure ("bringing the death toll to 89").
    static let tollCarriers: Set<String> = [
        "bringing", "brings", "brought", "bring", "raising", "raises", "raised", "raise", "pushing", "pushed", "taking",
        "took", "putting", "puts", "put", "lifting", "lifted",
    ]

    /// The outcomes of the toll at `toll`: the dead, or the dead and wounded of a "casualty
    /// toll".
    func tollOutcomes(_ s: Sentence, _ toll: Int) -> [String] {
        s.lower(toll - 1) == "casualty" ? ["killed", "wounded"] : ["killed"]
    }

    /// Verbs that revise a toll named before them ("revising it to 160").
    static let revisions: Set<String> = [
        "revising", "revised", "revise", "revises", "raising", "raised", "raise", "raises", "updating", "updated", "update",
        "lowering", "lowered", "lower", "increasing", "increased", "correcting", "corrected", "adjusting", "adjusted",
        "amending", "amended",
    ]

    /// Toll verbs that take the figure straight after them ("had reached 54").
    static let transitiveTollVerbs: Set<String> = [
        "reached", "reaches", "hit", "hits", "topped", "tops", "passed", "exceeded", "exceeds", "surpassed",
    ]

    /// Outcome words that are singular nouns ("the former prisoner"): a status, not one
    /// person's fate in the event.
    static let singularOutcomeNouns: Set<String> = ["prisoner", "captive", "hostage", "martyr", "death"]

    /// Outcome words that are plural nouns ("captives", "deaths"): never one person's fate.
    static let pluralOutcomeNouns: Set<String> = [
        "captives", "prisoners", "hostages", "deaths", "fatalities", "bodies", "corpses", "martyrs", "casualties",
        "injuries", "wounds",
    ]

    /// One person after an outcome verb with no figure ("Gunmen kill civilian", "kills a
    /// doctor"): the figure 1.
    func singular(_ s: Sentence, verbAt i: Int) -> Found? {
        guard s.isWord(i), let o = outcomePhrase(s, at: i, in: rules.before), Self.verbsOfOnePerson.contains(s.lower(i)),
            !isIntent(s, verbAt: i),
            // "an injured man" is a description; "injured a child" a deed.
            !(["injured", "wounded"].contains(s.lower(i)) && ["a", "an", "the", "one"].contains(s.lower(i - 1)))
        else { return nil }
        var k = i + o.length
        // "kills a doctor"; "the capture of their ranking colonel", "the death of the commander";
        // "killed the district police chief" (an active verb's object).
        if ["a", "an", "one"].contains(s.lower(k)) || (s.lower(k - 1) == "of" && Self.determiners.contains(s.lower(k)))
            || (s.lower(k) == "the" && Self.activeKillings.contains(s.lower(k - 1)))
        {
            k += 1
        }
        // "the killing of 32-year-old Palestinian journalist ...", "killing a 9-year-old girl":
        // an age before the person.
        if ["of", "a", "an", "the"].contains(s.lower(k - 1)), let after = ageEnd(s, at: k) { k = after }
        let start = k
        // "captured some Rebel advance troops": a word of many people is no one person.
        if Self.manyWords.contains(s.lower(start)) { return nil }
        // Up to three words before the person, and a rank's dot ("Union Brig. Gen. G.W. Taylor").
        while k < min(s.tokens.count, start + 4)
            && (s.isWord(k) && !isSingularPerson(s.lower(k)) && !isStop(s, k)
                || s.isPunct(k, ["."]) && isTitleDot(s, k) && k > start)
        {
            k += 1
        }
        // "killed three Syrian men": a count before the adjective; a plural noun after it
        // ("Syrian militants", "Syrian men").
        let plural =
            rules.people.contains(s.lower(k + 1)) && !isSingularPerson(s.lower(k + 1)) && !isSingularPerson(s.lower(k + 2))
        guard k < s.tokens.count, s.isWord(k), isSingularPerson(s.lower(k)),
            !(s.lower(k + 1).hasSuffix("s") && rules.people.contains(s.lower(k + 1))), !plural,
            !(start..<k).contains(where: { numberPhrase(s, at: $0) != nil }), !startsAList(s, after: k)
        else { return nil }
        // "Palestinian journalist", "Iraqi police officer": people words as adjectives before the noun.
        while s.isWord(k + 1) && k + 1 - start < 4
            && (isSingularPerson(s.lower(k + 1))
                || (rules.people.contains(s.lower(k + 1)) && s.isWord(k + 2) && isSingularPerson(s.lower(k + 2))))
        {
            k += 1
        }
        // A name after the noun, then a list ("journalist Yasser Abu Namous and his mother"):
        // named people without a count are not a figure.
        var named = k
        while named < k + 7 && isName(s, named + 1) && !isStop(s, named + 1) { named += 1 }
        if named > k && startsAList(s, after: named) { return nil }
        return Self.onePerson(start..<(k + 1), first: i, last: k, outcomes: o.outcomes)
    }

    /// Active verbs of killing whose object after "the" is one person killed.
    static let activeKillings: Set<String> = [
        "killed", "kills", "kill", "killing", "assassinated", "assassinates", "murdered", "murders", "executed", "executes",
        "beheaded", "shot", "lynched", "lynches",
    ]

    /// Words that make the people after them more than one.
    static let manyWords: Set<String> = ["some", "several", "many", "most", "all", "numerous", "other", "more", "few"]

    /// The token after an age that starts at `k` ("32-year-old", "32 year old",
    /// "19-year old"): a whole number of years up to 130; nil when there is none.
    func ageEnd(_ s: Sentence, at k: Int) -> Int? {
        guard s.isNumber(k), let v = Int(s.tokens[k].text), (0...130).contains(v) else { return nil }
        var m = k + 1
        if s.isPunct(m, ["-"]) { m += 1 }
        if s.lower(m).hasSuffix("year-old") { return m + 1 }
        if ["year", "years"].contains(s.lower(m)) && s.lower(m + 1) == "old" { return m + 2 }
        return nil
    }

    /// The first words of the outcome phrases before one person that `singular(_:verbAt:)`
    /// reads: verbs ("kills", "injured"), nouns ("body", "remains") and "the" of "the death
    /// of", "the capture of".
    static let verbsOfOnePerson: Set<String> = [
        "kill", "kills", "killing", "killed", "wound", "wounds", "wounding", "abduct", "abducts", "abducting", "kidnap",
        "kidnaps", "injure", "injures", "injuring", "assassinate", "assassinates", "assassinating", "assassinated",
        "execute", "executes", "murder", "murders", "murdering", "murdered", "behead", "beheads", "beheading", "body",
        "remains", "gun", "guns", "gunned", "shoot", "shoots", "shot", "slain", "capture", "captures", "capturing",
        "captured", "kidnapped", "abducted", "the", "injured", "wounded", "mortally", "fatally", "lynch", "lynches",
        "lynched", "lynching",
    ]

    /// Words that may open the person after "the death of" or "the killing of" ("the death of
    /// their commander").
    static let determiners: Set<String> = ["a", "an", "one", "the", "their", "his", "her", "its", "our"]

    /// One person among or beside a counted list ("Woman among a dozen killed", "Farm director
    /// and eight Russian troops killed", "Policeman, 3 civilians killed"): the figure 1,
    /// without an outcome, which the counted figure after it gives it.
    func singular(_ s: Sentence, amongAt i: Int) -> Found? {
        guard s.isWord(i), isSingularPerson(s.lower(i)), !Self.singularLooking.contains(s.lower(i)),
            outcomePhrase(s, at: i, in: rules.after) == nil,  // "one martyr and one wounded": a fate, not a person
            // "Policeman, 3 civilians killed"; not an age set off by commas ("A policeman, 35, was").
            ["among", "and"].contains(s.lower(i + 1)) || (s.isPunct(i + 1, [","]) && !s.isPunct(i + 3, [",", ")"])),
            isListed(s, after: i + 1)
        else { return nil }
        var start = i
        // (Not back over the verb whose object the person is: "Gunmen kill village chief and ...".)
        while start > max(0, i - 3) && s.isWord(start - 1) && !isStop(s, start - 1) && numberPhrase(s, at: start - 1) == nil
            && outcomePhrase(s, at: start - 1, in: rules.before) == nil
        {
            start -= 1
        }
        // Not after "no" or "every", nor the last of an uncounted list ("Baby, 7-year-old girl among six killed").
        if ["no", "any", "every", "each", "not", "none", ",", "and", "&"].contains(s.lower(start - 1)) { return nil }
        // Before a comma the person opens the headline or a clause of it; "..., a former senior
        // Guard commander, five or six Iranians were captured" describes a speaker.
        if s.isPunct(i + 1, [","]), start > 0, !s.isPunct(start - 1, [":", ";", "|", "(", "-"]) { return nil }
        if s.tokens[start..<i].contains(where: { $0.lower.utf8.contains(UInt8(ascii: "-")) }) { return nil }
        return Self.onePerson(start..<(i + 1), first: start, last: i, outcomes: [])
    }

    /// One person after "a" or "an" at `j` ("an important commander"), up to three words
    /// before the noun: the figure 1, without an outcome.
    func singular(_ s: Sentence, articleAt j: Int) -> Found? {
        guard ["a", "an", "his", "her", "their"].contains(s.lower(j)) else { return nil }
        var k = j + 1
        while k < min(s.tokens.count, j + 4) && s.isWord(k) && !isSingularPerson(s.lower(k)) && !isStop(s, k) { k += 1 }
        guard s.isWord(k), isSingularPerson(s.lower(k)), !Self.singularLooking.contains(s.lower(k)),
            !(s.lower(k + 1).hasSuffix("s") && rules.people.contains(s.lower(k + 1)))
        else { return nil }
        return Self.onePerson(j..<(k + 1), group: (j + 1)..<(k + 1), first: j, last: k, outcomes: [])
    }

    /// People nouns that look singular but count many ("police", "staff", "personnel", "the
    /// garrison"): never one person.
    static let singularLooking: Set<String> = [
        "police", "staff", "personnel", "militia", "crew", "taliban", "hezbollah", "garrison", "battalion", "brigade",
        "faction", "force", "local", "national",  // "locals", "nationals": the singular is an adjective
    ]

    /// The person of "brother of Afghan opposition figure" or "A major in the regime forces"
    /// ending just before `end`: a relative before "of", or one person after "a"/"an" (or
    /// opening the sentence) before "of", "in", "from" or "with", then up to five words that
    /// are not stop words (an article or a possessive allowed), none a number but one right
    /// after "of" ("father of five"). One person, whoever the relative is of.
    func personOf(_ s: Sentence, before end: Int) -> Int? {
        var k = end - 1
        while k > max(0, end - 7) && (s.isWord(k) || s.tokens[k].kind == .number) && !Self.personLinks.contains(s.lower(k)) {
            let w = s.lower(k)
            // A number right after "of" is the relative's family, not a count ("mother of three").
            let family =
                s.lower(k - 1) == "of" && s.tokens[k].kind == .number || NumberWords.parse(w) != nil && s.lower(k - 1) == "of"
            guard !isStop(s, k) || ["a", "an", "the", "his", "her", "their"].contains(w), family || numberPhrase(s, at: k) == nil
            else {
                return nil
            }
            k -= 1
        }
        guard k < end - 1, k > 0, Self.personLinks.contains(s.lower(k)) else { return nil }
        let noun = s.lower(k - 1)
        if s.lower(k) == "of" && Self.kinNouns.contains(noun) { return k - 1 }
        let opens = k - 1 == 0 || ["a", "an"].contains(s.lower(k - 2)) || s.isPunct(k - 2, [";", ":", "|"])
        return opens && isSingularPerson(noun) && !Self.singularLooking.contains(noun) ? k - 1 : nil
    }

    /// Words between one person and what describes them ("A major in the regime forces").
    static let personLinks: Set<String> = ["of", "in", "from", "with"]

    /// Whether token `k` is part of a personal name: a capitalised word, or a particle of
    /// Arabic, Dutch or Romance names ("al-Durra", "bin", "van").
    func isName(_ s: Sentence, _ k: Int) -> Bool {
        guard s.isWord(k) else { return false }
        let t = s.tokens[k]
        if t.text.first?.isUppercase == true { return true }
        return ["al-", "el-", "ad-", "as-", "ash-", "at-", "az-"].contains { t.lower.hasPrefix($0) && t.lower.count > 4 }
            || ["bin", "ibn", "bint", "abu", "van", "von", "de", "da", "del", "al", "el"].contains(t.lower)
    }

    /// Relatives named as one person ("brother of ...", "wife of ...").
    static let kinNouns: Set<String> = [
        "brother", "sister", "son", "daughter", "father", "mother", "husband", "wife", "nephew", "niece", "cousin", "uncle",
        "aunt", "grandson", "granddaughter", "grandfather", "grandmother", "relative", "widow", "fiance", "fiancee",
        "grandchild", "stepson", "stepdaughter", "stepfather", "stepmother", "sibling",
    ]

    /// The figure 1 of one person named by the tokens `words` (its group, unless `group` says
    /// otherwise), spanning `first...last`, with `outcomes` (empty: another figure gives them).
    static func onePerson(
        _ words: Range<Int>, group: Range<Int>? = nil, first: Int, last: Int, outcomes: [String]
    ) -> Found {
        let one = NumberPhrase(
            start: words.lowerBound, end: words.upperBound, kind: .exact, value: 1, low: nil, high: nil, text: "1")
        return Found(
            number: one, first: first, last: last, kind: .exact, qualifier: nil, group: group ?? words,
            outcomes: ordered(outcomes), people: true, adjacent: true, outcomeInGroup: true)
    }

    /// Whether the tokens `from..<to` are only words and marks that join the items of a list
    /// (",", "and", "among", "including", "as well as", "plus", "besides").
    /// A colon between them introduces the members of the waiting group ("11 members of the
    /// family were named by local sources: X and his wife were both killed"), so anything goes.
    func onlyListWords(_ s: Sentence, from: Int, to: Int) -> Bool {
        guard from < to else { return true }
        return (from..<to).allSatisfy { Self.listWords.contains(s.lower($0)) } || (from..<to).contains { s.isPunct($0, [":"]) }
    }

    /// Words and marks between the items of a list.
    static let listWords: Set<String> = [
        ",", "and", "or", "&", "among", "amongst", "including", "as", "well", "plus", "besides", "with", "along", "alongside",
        "beside", "in", "addition", "to", "of", "them", "whom", "(", ")", "-", "his", "her", "their",
        // "her two daughters were (also) among (the) five people killed".
        "were", "was", "are", "is", "also", "the",
    ]

    /// Whether the person at `k` is the first of a list ("kill doctor, his associate"): a
    /// comma or "and", then within three tokens another person or a possessive.
    func startsAList(_ s: Sentence, after k: Int) -> Bool {
        guard [",", "and", "&"].contains(s.lower(k + 1)) else { return false }
        // "killed a government employee and his driver": one more person, read by `included`
        // (not after a name: "journalist Yasser Abu Namous and his mother" is a list of names).
        if s.lower(k + 1) == "and", isSingularPerson(s.lower(k)), ["his", "her", "their"].contains(s.lower(k + 2)),
            isSingularPerson(s.lower(k + 3))
        {
            return false
        }
        // A counted item is a figure of its own ("kills Taliban key commander, 4 others"), and a
        // fate verb starts a clause of its own ("wounded a child and killed two women").
        if numberPhrase(s, at: k + 2) != nil || outcomePhrase(s, at: k + 2, in: rules.before) != nil { return false }
        // ", police said": the speaker after the comma is no second person.
        return (k + 2...k + 4).contains {
            isPeople(s, $0) && !rules.said.contains(s.lower($0 + 1)) || ["his", "her", "their"].contains(s.lower($0))
        }
    }

    static let singularNouns: Set<String> = [
        "child", "person", "baby", "infant", "woman", "man", "policeman", "policewoman", "gunman", "militiaman",
        "serviceman", "girl", "boy", "teenager", "youth", "brother", "sister", "son", "daughter", "father", "mother",
        "husband", "wife", "nephew", "cousin", "uncle", "elder", "chieftain",
    ]

    /// Whether `w` is one person ("soldier", "policeman"), not a plural or a collective.
    func isSingularPerson(_ w: String) -> Bool {
        // "other" is no person though "others" counts people ("while rescuing other injured civilians").
        guard rules.people.contains(w) || rules.people.contains(w + "s"), !Self.singularLooking.contains(w), w != "other"
        else { return false }
        return Self.singularNouns.contains(w) || rules.people.contains(w + "s") || rules.people.contains(w + "es")
            || w.hasSuffix("man")
    }

    /// One person with an outcome at `i` ("a police officer was killed", "Civilian killed in
    /// ...", "commander Mustafa Badreddine was killed"): the figure 1.
    func singular(_ s: Sentence, outcomeAt i: Int) -> Found? {
        guard s.isWord(i), let o = outcomePhrase(s, at: i, in: rules.after), !["not", "never"].contains(s.lower(i - 1)),
            !Self.pluralOutcomeNouns.contains(s.lower(i)), !Self.singularOutcomeNouns.contains(s.lower(i)),
            !["the", "a", "an"].contains(s.lower(i - 1)),  // "brother of the injured": the injured are others
            s.lower(i) != "surrendered"  // "Col. Harding surrendered": a force, not one person's fate
        else { return nil }
        // "the attacker had shot dead two police guards": the person before is the agent.
        if takesAnObject(s, at: i + o.length) { return nil }
        guard let (k, named) = person(s, before: i) else { return nil }
        var start = k
        while start > max(0, k - 3) && s.isWord(start - 1) && !rules.stop.contains(s.lower(start - 1))
            && numberPhrase(s, at: start - 1) == nil && outcomePhrase(s, at: start - 1, in: rules.after) == nil
        {
            start -= 1
        }
        let before = s.lower(start - 1)
        if ["no", "any", "every", "each", "not", "none"].contains(before) || numberPhrase(s, at: start - 1) != nil { return nil }
        // "the fifth journalist to have been killed that day": a rank among people counted elsewhere.
        // "A fourth soldier is missing" after three counted: one more person, not a rank.
        if let r = (start - 1...k).first(where: { Self.ordinals.contains(s.lower($0)) }), !["a", "an"].contains(s.lower(r - 1)) {
            return nil
        }
        if before == "-" && Self.sizeWords.contains(s.lower(start)) { return nil }  // "the 12,000-man garrison surrendered"
        // The last of a list of people ("Prayer leader, ANA official gunned down"; "Husband,
        // wife and baby killed"): more than one, and the list gives no count. After another
        // figure's outcome it is a figure of its own ("ASG member killed, soldier wounded").
        // Titles before one name are one person ("the comedian, blogger and activist Ali
        // Nisman was killed").
        if !named, [",", "and", "&"].contains(before), s.isWord(start - 2),
            outcomePhrase(s, at: start - 2, in: rules.after) == nil
        {
            return nil
        }
        return Self.onePerson(start..<(k + 1), first: start, last: i + o.length - 1, outcomes: o.outcomes)
    }

    /// Whether the words at `k`, right after an outcome verb, are its object: a count or a
    /// determiner with people within three words ("shot dead two police guards", "killed the
    /// driver"), so the verb is active and the person before it did the deed.
    func takesAnObject(_ s: Sentence, at k: Int) -> Bool {
        let opensObject = numberPhrase(s, at: k) != nil || ["a", "an", "the", "his", "her", "their"].contains(s.lower(k))
        return opensObject && (k + 1...k + 3).contains { isPeople(s, $0) }
    }

    /// Words that rank a person among others ("the fifth journalist killed that day").
    static let ordinals: Set<String> = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "latest", "last",
    ]

    /// The one person an outcome at `i` is said of, read back over auxiliaries ("was also
    /// reported"), an age in parentheses ("(72)"), an appositive ("Abu Bakr, a shopkeeper,"),
    /// a name (with "named", an age and a comma before it: "wife, 56-year-old Dalal Awad";
    /// "a young man named Odai Bakri"; other spellings in parentheses, "Omar (Umar) Fares",
    /// and an age after it, ", aged 35,") and a relative or a described person ("brother of
    /// ...", "A major in the regime forces"): the person noun's token, and whether a name
    /// came between it and the outcome; or nil.
    func person(_ s: Sentence, before i: Int) -> (Int, named: Bool)? {
        var k = i - 1
        while Self.auxiliaries.contains(s.lower(k)) { k -= 1 }
        if s.isPunct(k, [","]), s.isNumber(k - 1), s.lower(k - 2) == "aged", s.isPunct(k - 3, [","]) {
            k -= 4
        } else if s.isPunct(k, [","]), s.isNumber(k - 1), s.isPunct(k - 2, [","]), s.isWord(k - 3),
            isSingularPerson(s.lower(k - 3))
        {
            k -= 3  // "A policeman, 35, was killed"
        }
        // "Col. James Mulligan commanding Crook's 3rd Division was mortally wounded": his command
        // after the name.
        if k >= 1, let c = (max(1, k - 5)...k).last(where: { ["commanding", "leading", "heading"].contains(s.lower($0)) }),
            isName(s, c - 1), !(c...k).contains(where: { s.isPunct($0, [",", ";", ".", ":"]) })
        {
            k = c - 1
        }
        // "Khalil Daoud, 61, was also killed": an age set off after a name.
        var ageAfterName = false
        if s.isPunct(k, [","]), s.isNumber(k - 1), (Int(s.tokens[k - 1].text) ?? 999) <= 130, s.isPunct(k - 2, [","]),
            isName(s, k - 3)
        {
            k -= 2
            ageAfterName = true
        }
        if let noun = appositiveName(s, endingAt: k) { return (noun, true) }
        // "rebel leader 'Cmdr. Parago' killed": a name in quotation marks after the noun.
        var quoted = false
        if s.isPunct(k, ["'", "\""]), let open = (max(0, k - 6)..<k).last(where: { s.isPunct($0, ["'", "\""]) }),
            open + 1 < k, (open + 1..<k).allSatisfy({ isName(s, $0) || isTitleDot(s, $0) })
        {
            k = open - 1
            quoted = true
        }
        if let name = nameBeforeBelonging(s, endingAt: k) { k = name }
        // An aside in parentheses: an age ("(72)"), a calling ("(a U.S. Senator)").
        if s.isPunct(k, [")"]), let open = (max(0, k - 9)..<k).last(where: { s.isPunct($0, ["("]) }) { k = open - 1 }
        if s.isPunct(k, [","]), s.isWord(k - 1), isSingularPerson(s.lower(k - 1)),
            let article = (max(0, k - 5)..<(k - 1)).last(where: { ["a", "an"].contains(s.lower($0)) }),
            s.isPunct(article - 1, [","]), isName(s, article - 2)
        {
            k -= 1
        }
        // "Morton, chief engineer of the IX Corps, was killed"; "Pegram, beloved Confederate
        // artillery officer, was mortally wounded": a description after the name.
        var described: Int?
        if let aside = descriptionAside(s, endingAt: k), isName(s, aside.open - 1) {
            described = aside.noun
            k = aside.open - 1
        }
        // "Col. J.T. Hughes, killed earlier": a participle after the name.
        if described == nil, s.isPunct(k, [","]), isName(s, k - 1), k == i - 1 || ageAfterName { k -= 1 }
        var names = 0
        // Words of the name and the dots of its initials ("John C.C. Sanders").
        while names < 8 && (isName(s, k) && !isSingularPerson(s.lower(k)) || names > 0 && isNameDot(s, k)) {
            names += s.isWord(k) ? 1 : 0
            k -= 1
            // Another spelling inside the name: "Omar (Umar) Fares".
            if s.isPunct(k, [")"]), let open = (max(0, k - 4)..<k).last(where: { s.isPunct($0, ["("]) }),
                open + 1 < k, (open + 1..<k).allSatisfy({ isName(s, $0) })
            {
                k = open - 1
            }
        }
        if names > 0 && ["named", "called"].contains(s.lower(k)) { k -= 1 }
        // "journalist of Al-Aqsa TV Ahmed Abu Mahadi": the person's employer before the name.
        if names > 1 && ["of", "from", "with"].contains(s.lower(k)) && s.isWord(k - 1) && isSingularPerson(s.lower(k - 1)) {
            k -= 1
        }
        if names > 0 && s.isPunct(k, ["."]) && Self.ranks.contains(s.lower(k - 1)) {  // "Gen. Rufus Barringer"
            k -= 1
            if s.isWord(k - 1) && isSingularPerson(s.lower(k - 1)) { k -= 1 }  // "rebel leader Cmdr. Parago"
        }
        if names > 0 && s.lower(k).hasSuffix("year-old") {  // "56-year-old" is "56", "-", "year-old"
            k -= 1
            if s.isPunct(k, ["-"]) && s.isNumber(k - 1) { k -= 2 }
        }
        if names > 0 && s.isPunct(k, [","]) && s.isWord(k - 1) && isSingularPerson(s.lower(k - 1)) { k -= 1 }
        let kin = s.isWord(k) && isSingularPerson(s.lower(k)) ? nil : personOf(s, before: k + 1)
        k = kin ?? k
        if s.isWord(k) && (kin != nil || isSingularPerson(s.lower(k)) || isRank(s, k)) && k < i {
            return (k, names > 0 || quoted)
        }
        return described.map { ($0, true) }
    }

    /// Whether token `k` is a dot inside a name: an initial's ("John C.C. Sanders") or
    /// "St." ("James St. Clair Morton").
    func isNameDot(_ s: Sentence, _ k: Int) -> Bool {
        isInitialDot(s, k) || (s.isPunct(k, ["."]) && s.tokens.indices.contains(k - 1) && s.tokens[k - 1].text == "St")
    }

    /// A description set off by commas that ends at the comma `k` ("chief engineer of the IX
    /// Corps", "beloved Confederate artillery officer"): its opening comma and a person noun in
    /// it; two to eight words with a singular person noun and no speech or fate word among them;
    /// nil otherwise.
    func descriptionAside(_ s: Sentence, endingAt k: Int) -> (open: Int, noun: Int)? {
        guard s.isPunct(k, [","]) else { return nil }
        var m = k - 1
        while m > max(0, k - 9) && s.isWord(m) { m -= 1 }
        let words = (m + 1)..<k
        guard words.count >= 2, s.isPunct(m, [","]),
            let noun = words.first(where: { isSingularPerson(s.lower($0)) }),
            !words.contains(where: { rules.said.contains(s.lower($0)) || outcomePhrase(s, at: $0, in: rules.after) != nil })
        else { return nil }
        return (m, noun)
    }

    /// The person noun before a name set off by commas, the comma after it at `k`: "the Union
    /// commander, Brig. Gen. Thomas Williams, was killed"; "The unit's colonel, Robert Gould
    /// Shaw, was killed". The name is capitalised words, ranks and initials with their dots.
    func appositiveName(_ s: Sentence, endingAt k: Int) -> Int? {
        guard s.isPunct(k, [","]) else { return nil }
        var m = k - 1, names = 0
        while m > max(0, k - 9), isName(s, m) || isInitialDot(s, m) || (s.isPunct(m, ["."]) && isRank(s, m - 1)) {
            names += s.isWord(m) ? 1 : 0
            m -= 1
        }
        guard names > 0, s.isPunct(m, [","]), s.isWord(m - 1), isSingularPerson(s.lower(m - 1)),
            !Self.singularLooking.contains(s.lower(m - 1))
        else { return nil }
        return m - 1
    }

    /// The last word of a name before a phrase of belonging that ends at `k` ("Gen. John Gregg
    /// of the Texas brigade was killed": "Gregg"): "of" or "from" after a capitalised word,
    /// then one to five words, none a stop word but "the" or "a"; nil when there is none.
    func nameBeforeBelonging(_ s: Sentence, endingAt k: Int) -> Int? {
        var m = k
        while m > max(0, k - 6), s.isWord(m), !["of", "from"].contains(s.lower(m)),
            !isStop(s, m) || ["the", "a"].contains(s.lower(m))
        {
            m -= 1
        }
        guard m < k, ["of", "from"].contains(s.lower(m)), isName(s, m - 1) else { return nil }
        return m - 1
    }

    /// Words between a person and their fate ("was also reportedly killed").
    static let auxiliaries: Set<String> = Set([
        "was", "has", "been", "had", "is", "reportedly", "also", "allegedly", "later", "being", "got", "reported", "confirmed",
        "likely", "to", "have", "said", "believed", "thought", "understood", "known",  // "was reported to have been killed"
        "as",  // "was also reported as being killed"
    ]).union(severity)  // "was seriously wounded"

    /// Adverbs of how badly people were hurt ("seriously wounded", "critically injured").
    static let severity: Set<String> = ["seriously", "severely", "critically", "badly", "slightly", "lightly", "gravely"]

    /// A figure of none at token `i`: "no soldiers were killed", "no one was hurt", "nobody
    /// was captured", "there were no casualties", "no deaths"; and after a denial in the
    /// sentence, "any of its members were captured" ("Hezbollah has denied that any of its
    /// members were captured"). The figure 0, exact. "No fewer than 10" is a qualifier, not
    /// this: the words after "no" must be people (up to three words) and an outcome, or the
    /// outcome noun itself.
    func zero(_ s: Sentence, at i: Int) -> Found? {
        let w = s.lower(i)
        var k = i + 1
        switch w {
        case "no":
            if s.lower(k) == "one" { k += 1 }
        case "nobody", "none":
            break
        case "any":
            guard (0..<i).contains(where: { Self.denials.contains(s.lower($0)) }) else { return nil }
        default:
            return nil
        }
        if w == "any" || w == "none", s.lower(k) == "of" { k += 1 }
        if ["its", "their", "his", "her", "the", "our"].contains(s.lower(k)) { k += 1 }
        let groupStart = k
        var people = w == "nobody" || s.lower(i + 1) == "one" || w == "none"
        while k < min(s.tokens.count, groupStart + 4) && s.isWord(k) && isPeople(s, k) {
            people = true
            k += 1
        }
        let groupEnd = k
        while ["were", "was", "been", "have", "has", "had", "being", "reportedly"].contains(s.lower(k)) { k += 1 }
        guard let o = outcomePhrase(s, at: k, in: rules.after) else { return nil }
        // Without people, only an outcome noun straight after "no" ("no casualties", "no deaths").
        guard people || (k == i + 1 && Self.pluralOutcomeNouns.union(["death", "injury"]).contains(s.lower(k))) else {
            return nil
        }
        let none = NumberPhrase(start: i, end: i + 1, kind: .exact, value: 0, low: nil, high: nil, text: "0")
        return Found(
            number: none, first: i, last: k + o.length - 1, kind: .exact, qualifier: nil,
            group: groupEnd > groupStart ? groupStart..<groupEnd : nil, outcomes: Self.ordered(o.outcomes),
            people: people, adjacent: true, outcomeInGroup: true)
    }

    /// A killing counted by its name at token `i`: "Double homicide is registered in Zamora",
    /// "a triple murder": the figure 2 (3, 4, 5), killed.
    func namedKilling(_ s: Sentence, at i: Int) -> Found? {
        guard let v = Self.multiples[s.lower(i)], Self.killingNouns.contains(s.lower(i + 1)) else { return nil }
        let n = NumberPhrase(start: i, end: i + 1, kind: .exact, value: v, low: nil, high: nil, text: String(Int(v)))
        return Found(
            number: n, first: i, last: i + 1, kind: .exact, qualifier: nil, group: nil, outcomes: ["killed"], people: true,
            adjacent: true, outcomeInGroup: true)
    }

    /// Words that count a killing's victims by its name ("double homicide": 2).
    static let multiples: [String: Double] = ["double": 2, "triple": 3, "quadruple": 4, "quintuple": 5]
    /// Nouns of a killing that `multiples` count ("a double agent" is no one killed).
    static let killingNouns: Set<String> = ["homicide", "murder", "killing", "slaying", "execution"]

    /// One person described by the death they met (the figure 1, killed): "a"/"an", a
    /// participle of killing, up to two words and a singular person noun ("They locate an
    /// executed man in a ravine", "a slain soldier"). Wounds are left out: "an injured man"
    /// describes someone a text often counts elsewhere.
    func singular(_ s: Sentence, describedAt j: Int) -> Found? {
        guard ["a", "an"].contains(s.lower(j)), Self.deathParticiples.contains(s.lower(j + 1)) else { return nil }
        var k = j + 2
        while k < min(s.tokens.count, j + 4) && s.isWord(k) && !isSingularPerson(s.lower(k)) && !isStop(s, k) { k += 1 }
        guard s.isWord(k), isSingularPerson(s.lower(k)),
            !(s.lower(k + 1).hasSuffix("s") && rules.people.contains(s.lower(k + 1)))
        else { return nil }
        return Self.onePerson(j..<(k + 1), group: (j + 2)..<(k + 1), first: j, last: k, outcomes: ["killed"])
    }

    /// Participles of killing that describe one person after "a"/"an" ("an executed man").
    static let deathParticiples: Set<String> = ["executed", "murdered", "slain", "assassinated", "beheaded", "dead"]

    /// Verbs of denial that make "any ... were killed" a figure of none.
    static let denials: Set<String> = ["denied", "denies", "deny", "denying", "rejected", "refuted"]
}
