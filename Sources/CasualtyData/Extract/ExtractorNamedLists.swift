extension Extractor {
    /// People named in a list under their rank or calling ("Union generals Sedgwick and Rice
    /// were killed"; "Confederate Gen. Bee and Col. Bartow were killed"; "Most surrendered,
    /// including Confederate generals Ewell, Barton and Corse"): the figure of their number.
    /// Either a plural person noun at `i` opens the list of names, or a singular one opens
    /// its first item and every item has one; at least two items; then a fate after the list
    /// (over "were", "both", "all"), or after "including" the sentence's one fate. Names
    /// alone ("Daniel and Perrin") are not counted: no noun says they are people.
    func namedList(_ s: Sentence, at i: Int) -> Found? {
        guard s.isWord(i), s.tokens[i].text.first?.isLowercase == true || isRank(s, i), rules.people.contains(s.lower(i)) else {
            return nil
        }
        let plural = !isSingularPerson(s.lower(i))
        let (items, k) = namedItems(s, from: plural ? i + 1 : i, needsNoun: !plural)
        guard items >= 2 else { return nil }
        var first = i
        while first > max(0, i - 2) && isName(s, first - 1) && !isStop(s, first - 1) { first -= 1 }
        var v = k
        while ["were", "have", "had", "been", "both", "all", "also", "reportedly", "later"].contains(s.lower(v)) { v += 1 }
        let count = NumberPhrase(
            start: i, end: i + 1, kind: .exact, value: Double(items), low: nil, high: nil, text: "\(items)")
        if let o = outcomePhrase(s, at: v, in: rules.after) {
            return Found(
                number: count, first: first, last: v + o.length - 1, kind: .exact, qualifier: nil, group: first..<(i + 1),
                outcomes: Self.ordered(o.outcomes), people: true, adjacent: true, outcomeInGroup: true)
        }
        guard s.lower(first - 1) == "including", let fate = sentenceFate(s) else { return nil }
        return Found(
            number: count, first: first, last: listEnd(s, after: k) - 1, kind: .exact, qualifier: nil,
            group: first..<(i + 1), outcomes: fate, people: true, adjacent: true, outcomeInGroup: true)
    }

    /// The named items from `start` (`namedItem`), separated by ",", "and" or ", and": how many,
    /// and the token after the last separator read.
    func namedItems(_ s: Sentence, from start: Int, needsNoun: Bool) -> (items: Int, end: Int) {
        var k = start, items = 0
        while let end = namedItem(s, at: items > 0 && !needsNoun ? listRank(s, at: k) ?? k : k, needsNoun: needsNoun) {
            items += 1
            k = end
            if s.isPunct(k, [","]) && s.lower(k + 1) == "and" {
                k += 2
            } else if [",", "and"].contains(s.lower(k)) {
                k += 1
            } else {
                break
            }
        }
        return (items, k)
    }

    /// The names after the fate of named people, with a fate of their own and no verb, that
    /// share their rank ("Confederate generals Johnson and Steuart were captured, Daniel and
    /// Perrin mortally wounded"; "Union general Russell was killed, McIntosh, Upton, and
    /// Chapman wounded"): the figure of their number, in the group of `previous`.
    func elidedNames(_ s: Sentence, after previous: Found) -> Found? {
        let first = previous.last + 2
        guard previous.people, !previous.outcomes.isEmpty, s.isPunct(previous.last + 1, [","]),
            previous.group.map({ (g: Range<Int>) in g.contains { rules.people.contains(s.lower($0)) } }) == true
        else { return nil }
        let (items, k) = namedItems(s, from: first, needsNoun: false)
        guard items >= 1, !["and", ","].contains(s.lower(k - 1)), let o = outcomePhrase(s, at: k, in: rules.after) else {
            return nil
        }
        let count = NumberPhrase(start: first, end: k, kind: .exact, value: Double(items), low: nil, high: nil, text: "\(items)")
        return Found(
            number: count, first: first, last: k + o.length - 1, kind: .exact, qualifier: nil, group: previous.group,
            outcomes: Self.ordered(o.outcomes), people: true, adjacent: true, outcomeInGroup: true)
    }

    /// The token after a new rank inside a list of names ("Union generals Jackson and Bayard,
    /// and Confederate generals Cobb and Gregg were killed"): up to two capitalised words and
    /// a person noun (not a fate; a singular one only before a name) at `k`; nil when there is none.
    func listRank(_ s: Sentence, at k: Int) -> Int? {
        var m = k
        while m < k + 2 && isName(s, m) && !isPeople(s, m) { m += 1 }
        // A plural rank ("Confederate generals Cobb and Gregg"), or a singular one before one
        // name ("and Confederate general Paxton").
        let rank = rules.people.contains(s.lower(m)) && (!isSingularPerson(s.lower(m)) || isName(s, m + 1))
        guard s.isWord(m), rank, outcomePhrase(s, at: m, in: rules.after) == nil  // "Wharton wounded": a fate, not a rank
        else { return nil }
        return m + 1
    }

    /// The token after the last item of a list that ended at `k` (a dangling separator).
    func listEnd(_ s: Sentence, after k: Int) -> Int {
        [",", "and"].contains(s.lower(k - 1)) ? k - 1 : k
    }

    /// The end of one named item at `k`: with `needsNoun`, capitalised words then a person
    /// noun ("Union general", "Col." with its dot); then a name of capitalised words and
    /// initials ("Richard S. Ewell"), a suffix (", Jr.") and an aside in parentheses
    /// ("Sedgwick (VI Corps commander)"). Nil when there is no name.
    func namedItem(_ s: Sentence, at start: Int, needsNoun: Bool) -> Int? {
        var k = start
        if needsNoun {
            while k < start + 2 && isName(s, k) && !isPeople(s, k) { k += 1 }
            guard s.isWord(k), isSingularPerson(s.lower(k)) else { return nil }
            k += 1
            if s.isPunct(k, ["."]) { k += 1 }
        }
        let nameStart = k
        // A name ends at a listed person noun ("Custis Lee" is a name, "Iraqis" would not be).
        // An initial may spell a stop word ("Leroy A. Stafford").
        while isName(s, k) && !isStop(s, k) && !rules.people.contains(s.lower(k))
            || (k > nameStart && (isInitialDot(s, k) || isName(s, k) && isInitialDot(s, k + 1)))
        {
            k += 1
        }
        guard k > nameStart else { return nil }
        if s.isPunct(k, [","]) && ["jr", "sr"].contains(s.lower(k + 1)) {
            k += 2
            if s.isPunct(k, ["."]) { k += 1 }
        }
        if s.isPunct(k, ["("]), let close = (k + 1..<min(s.tokens.count, k + 8)).first(where: { s.isPunct($0, [")"]) }) {
            k = close + 1
        }
        return k
    }

    /// Whether token `k` is the dot of an initial or initials ("S." in "Richard S. Ewell",
    /// "C.C." in "John C.C. Sanders", which the tokenizer reads as "C.C" and ".").
    func isInitialDot(_ s: Sentence, _ k: Int) -> Bool {
        guard s.isPunct(k, ["."]), s.isWord(k - 1), s.tokens[k - 1].text.first?.isUppercase == true else { return false }
        return s.tokens[k - 1].text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { $0.count == 1 }
    }

    /// Whether token `k` is a rank written with a capital ("Gen.", "Col."): a person noun that
    /// opens an item even though it looks like a name.
    func isRank(_ s: Sentence, _ k: Int) -> Bool {
        Self.ranks.contains(s.lower(k)) && s.isPunct(k + 1, ["."])
    }

    /// Ranks abbreviated with a dot.
    static let ranks: Set<String> = [
        "gen", "col", "maj", "capt", "lt", "sgt", "cpl", "pvt", "adm", "brig", "cmdr", "comdr", "lieut",
    ]

    /// Whether the outcome verb at `v` is an aim, not a deed: "to" before it and a word of
    /// intent within three tokens before that ("objectives: to capture three generals",
    /// "tried to kill 20 soldiers", "failed to capture", "sent troops to destroy or capture").
    func isIntent(_ s: Sentence, verbAt v: Int) -> Bool {
        var v = v
        if ["or", "and"].contains(s.lower(v - 1)) && s.lower(v - 3) == "to" { v -= 2 }  // "to destroy or capture"
        guard s.lower(v - 1) == "to" else { return false }
        return (v - 4...v - 2).contains { Self.intentWords.contains(s.lower($0)) }
    }

    /// Words of aim, attempt or failure before "to".
    static let intentWords: Set<String> = [
        "objective", "objectives", "aim", "aims", "aimed", "aiming", "goal", "goals", "plan", "plans", "planned", "planning",
        "plot", "plotted", "plotting", "attempt", "attempts", "attempted", "attempting", "try", "tries", "tried", "trying",
        "sought", "seek", "seeks", "seeking", "intended", "intends", "intending", "intention", "hoped", "hoping", "hope",
        "wanted", "wants", "want", "vowed", "vows", "threatened", "threatens", "threatening", "threat", "bid", "effort",
        "efforts", "failed", "fails", "failing", "order", "ordered", "orders", "designed", "meant", "mission", "sent",
        "send", "sends", "dispatched",
    ]
}
