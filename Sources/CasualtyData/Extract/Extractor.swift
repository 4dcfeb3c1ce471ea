import Foundation

/// Finds the casualty figures in article text: deterministic rules over the word lists of
/// `ExtractRules` and the lexicon's vague words, no model.
///
/// Per sentence, a figure is a number phrase (digits, words, ranges, vague words; `numbers`)
/// that is not a date, age, label or count of things (`isNotACount`), with an outcome after
/// it or its group ("13 Iranian soldiers were killed") or before it ("killing 13"), its
/// qualifier before it ("at least"), its group of people after it, the sentence's speaker
/// (`speaker`) and its scope (`scope`). A singular person with an outcome ("a police officer
/// was killed") is the figure 1.
public struct Extractor: Sendable {
    /// The word lists.
    public var rules: ExtractRules
    /// The vague words and their intervals.
    public var lexicon: Lexicon

    /// An extractor over `rules` and `lexicon`.
    public init(rules: ExtractRules = .builtIn, lexicon: Lexicon = .builtIn) {
        self.rules = rules
        self.lexicon = lexicon
        let all = lexicon.vague.flatMap { v in v.words.map { (ExtractRules.phrase($0), v) } }.sorted { $0.0.count > $1.0.count }
        vague = Dictionary(grouping: all.filter { !$0.0.isEmpty }) { $0.0[0] }
    }

    /// The vague words' phrases by their first word, longest first: a token is tried only
    /// against the phrases it can start.
    let vague: [String: [(ExtractRules.Phrase, Lexicon.VagueWord)]]

    /// The figures of `text`, read from `file`.
    public func extract(_ text: String, file: String) -> ExtractedDocument {
        let t = ExtractText(text, labels: rules.runOnLabels, openers: rules.gluedOpeners)
        var figures: [ExtractedFigure] = []
        var lastSpeaker: String?
        // A web page's title and date are read from its text without the markup.
        let plain = t.hadMarkup ? String(String.UnicodeScalarView(t.scalars)) : text
        let date = Self.firstDate(plain).flatMap(TextDate.init(iso:))
        // A sentence said again word for word (a summary block repeated at a page's end) is
        // the same statement: its figures are read once.
        var seen: Set<String> = []
        for range in Self.sentences(t.scalars) {
            let tokens = ExtractTokenizer.tokens(in: t.scalars, from: range.lowerBound, to: range.upperBound)
            guard !tokens.isEmpty, seen.insert(t.text(range)).inserted else { continue }
            var s = Sentence(tokens: tokens, range: range)
            let found = scan(&s)
            let named = speakers(s).map { c -> (String?, Int) in
                guard rules.pronouns.contains(c.name.lowercased()) else { return (c.name, c.at) }
                // "Jabhat al-Nusra published pictures of what it said were ...": the sentence's own
                // named subject before the pronoun, else the last speaker named.
                // ("The group said ...": the speaker before it, else the group as named.)
                return (sentenceSubject(s, before: c.at) ?? lastSpeaker ?? (c.name.contains(" ") ? c.name : nil), c.at)
            }
            for f in found {
                // Who the sentence quotes, else an "according to" straight after the figure, else the
                // speaker nearest before it, else after it (not across "while": another clause's).
                let adjacent = named.first { $0.1 > f.last && $0.1 <= f.last + 3 && s.matches(["according", "to"], at: $0.1) }
                // "..., while @MahmZozo reported ...": the subject of another clause.
                // ("...; militants say 2 were members": not across a semicolon either.)
                let later = named.first { c in
                    c.1 > f.last && !(c.1 - 2..<c.1).contains { ["while", "whereas", "but", "meanwhile"].contains(s.lower($0)) }
                        && !(f.last..<c.1).contains { s.isPunct($0, [";"]) }
                }
                let who =
                    named.first(where: { $0.1 == Int.min })?.0 ?? adjacent?.0 ?? named.last(where: { $0.1 <= f.first })?.0
                    ?? later?.0
                var next = figure(f, in: s, text: t, source: who, date: date)
                // "Another 25,408 have been wounded" after a cumulative toll: the same count goes on.
                if next.scope == .event, opensWithAnother(s, f), let previous = figures.last, previous.scope == .other {
                    next.scope = .other
                    next.scopeWords = "\(self.text(s, 0..<f.number.start)) (\(previous.scopeWords ?? "the figure before"))"
                }
                figures.append(next)
            }
            if let last = named.last(where: { $0.0 != nil })?.0 { lastSpeaker = last }
        }
        return ExtractedDocument(
            file: file, title: Self.title(plain), date: Self.firstDate(plain), figures: figures)
    }

    /// Whether the sentence opens with "Another", "A further" or "An additional" straight
    /// before figure `f`: a count that goes on from the figure before it.
    func opensWithAnother(_ s: Sentence, _ f: Found) -> Bool {
        (s.lower(0) == "another" && f.number.start == 1)
            || (["a", "an"].contains(s.lower(0)) && ["further", "additional"].contains(s.lower(1)) && f.number.start == 2)
    }

    /// The name a sentence opens with as its subject, when it ends before token `limit`: a run
    /// of capitalised words (after a leading article; "al-Nusra" and "of" inside a name count)
    /// of two words or more, or one speaker word or acronym, not a number, followed by a
    /// lower-case verb that is not an auxiliary ("Yaffa was remembered" is no speaker).
    func sentenceSubject(_ s: Sentence, before limit: Int) -> String? {
        let start = ["the", "a", "an"].contains(s.lower(0)) ? 1 : 0
        func capitalised(_ i: Int) -> Bool {
            guard s.isWord(i), let f = s.tokens[i].text.unicodeScalars.first else { return false }
            if CharacterSet.uppercaseLetters.contains(f) { return true }
            // "al-Nusra", "el-Sisi": a particle joined to a capitalised name.
            let parts = s.tokens[i].text.split(separator: "-", maxSplits: 1)
            return parts.count == 2 && parts[0].count <= 2
                && parts[1].unicodeScalars.first.map(CharacterSet.uppercaseLetters.contains) == true
        }
        var end = start
        while end < limit && end - start < 6 && (capitalised(end) || (s.lower(end) == "of" && capitalised(end + 1))) {
            end += 1
        }
        let auxiliaries: Set<String> = ["of", "and", "was", "were", "is", "are", "had", "has", "have", "been", "be"]
        guard end > start, end < limit, s.isWord(end), !capitalised(end), !auxiliaries.contains(s.lower(end)),
            !rules.pronouns.contains(s.lower(start)), numberPhrase(s, at: start) == nil,
            end - start >= 2 || Self.speakerNouns.contains(s.lower(start)) || isAcronym(s, start)
        else { return nil }
        return text(s, start..<end)
    }

    /// A sentence's tokens and its range in the normalised text.
    struct Sentence {
        var tokens: [ExtractToken]
        var range: Range<Int>
        func lower(_ i: Int) -> String { i >= 0 && i < tokens.count ? tokens[i].lower : "" }
        func isWord(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .word }
        /// Whether token `i` exists and is a number written in digits.
        func isNumber(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .number }
        func isPunct(_ i: Int, _ marks: Set<String>) -> Bool {
            i >= 0 && i < tokens.count && tokens[i].kind == .punct && marks.contains(tokens[i].text)
        }
        /// The token after `phrase` at token `i` when quotation marks between its words are
        /// passed over (a quoted fragment that cuts a phrase: 'a “number of children were
        /// injured”'); nil when the phrase is not there.
        func end(of phrase: ExtractRules.Phrase, at i: Int) -> Int? {
            var k = i
            for (n, w) in phrase.enumerated() {
                if n > 0 { while isPunct(k, ["\"", "'"]) { k += 1 } }
                guard k >= 0, k < tokens.count, tokens[k].lower == w else { return nil }
                k += 1
            }
            return k
        }
        /// Whether `phrase` is at token `i`.
        func matches(_ phrase: ExtractRules.Phrase, at i: Int) -> Bool {
            guard i >= 0, i + phrase.count <= tokens.count else { return false }
            for (k, w) in phrase.enumerated() where tokens[i + k].lower != w { return false }
            return true
        }
    }

    /// A figure found in a sentence, in tokens.
    struct Found {
        var number: NumberPhrase
        var first: Int
        var last: Int
        var kind: ExtractedFigure.Kind
        var qualifier: String?
        var group: Range<Int>?
        var outcomes: [String]
        var people: Bool
        var adjacent: Bool
        /// Whether the figure's words end with its group (outcome before it or inside it), so
        /// the scan may go on after the figure's last token.
        var outcomeInGroup = false
    }

    /// The figures of one sentence. A number of people without an outcome waits for the next
    /// figure when a list joins them ("23 security forces, 31 militants killed"; "two BSF men
    /// among eight killed"); one after "including" takes the outcome of the figure it breaks
    /// down ("163 people died, including 52 members of the regime forces").
    func scan(_ s: inout Sentence) -> [Found] {
        var out: [Found] = [], pending: [Found] = []
        var i = 0
        while i < s.tokens.count {
            if let n = numberPhrase(s, at: i) {
                if var f = figure(s, n) {
                    // "killed six members of the family, five of them civilians": a breakdown of
                    // the figure before, with its outcome whatever follows.
                    // ("and killed 3 of them": a verb of its own before the count says its fate.)
                    // ("two of them were later killed": a fate of its own after "of them".)
                    let ownVerb =
                        (f.first < n.start && Self.deedsOnACount.contains(s.lower(f.first)))
                        || (!f.outcomes.isEmpty && ["were", "was", "had", "have", "later"].contains(s.lower(n.end + 2))
                            && (n.end + 2...n.end + 4).contains { outcomePhrase(s, at: $0, in: rules.after) != nil })
                        // ("62 wounded, 11 of whom died": their own fate straight after "of whom".)
                        || (!f.outcomes.isEmpty && outcomePhrase(s, at: n.end + 2, in: rules.after) != nil)
                    if s.lower(n.end) == "of", ["them", "whom"].contains(s.lower(n.end + 1)), let previous = out.last,
                        previous.last >= f.first - 8, !previous.outcomes.isEmpty, !ownVerb,
                        !(f.group ?? 0..<0).contains(where: { outcomePhrase(s, at: $0, in: rules.after) != nil })
                    {
                        f.outcomes = previous.outcomes
                        f.last = max(n.end, f.group?.upperBound ?? n.end) - 1
                        f.outcomeInGroup = true
                    }
                    // A breakdown ("including 52 members ...", "... and 13 other people") takes the
                    // outcome of the figure it breaks down.
                    // So does one set off by a dash or a parenthesis straight after it ("three
                    // members of the family - two women and a child -").
                    if f.outcomes.isEmpty, let previous = out.last,
                        s.lower(n.start - 1) == "including" || s.lower(f.first - 1) == "including"
                            || (s.lower(f.first - 2) == "among" && ["them", "whom"].contains(s.lower(f.first - 1))
                                && previous.last >= f.first - 4)
                            || (s.lower(f.first - 1) == "and" && previous.last >= f.first - 12)
                            || (s.isPunct(f.first - 1, ["-", "("]) && previous.last >= f.first - 8
                                && previous.last < f.first - 1
                                && (previous.last + 1..<f.first - 1).allSatisfy { s.isWord($0) })
                            || continuesList(s, f, after: previous)
                    {
                        f.outcomes = previous.outcomes
                    }
                    // A waiting figure takes the next one's outcome only across list words ("23
                    // security forces, 31 militants killed"), not across a clause of its own
                    // ("one officer and 27 men went in search of eight men missing").
                    if let p = pending.last, !onlyListWords(s, from: p.last + 1, to: f.first) { pending = [] }
                    if f.outcomes.isEmpty {
                        pending.append(f)
                    } else {
                        out += pending.map { p in
                            var p = p
                            p.outcomes = f.outcomes
                            return p
                        }
                        pending = []
                        // "20 civilian casualties and 43 injuries": casualties set against injuries are the dead.
                        if f.outcomes == ["wounded"], let p = out.indices.last, out[p].outcomes == ["killed", "wounded"],
                            s.lower(out[p].last) == "casualties", out[p].last == f.first - 2, s.lower(f.first - 1) == "and"
                        {
                            out[p].outcomes = ["killed"]
                        }
                        out.append(f)
                    }
                    i = max(n.end, f.group?.upperBound ?? n.end, f.outcomeInGroup ? f.last + 1 : 0)
                } else {
                    i = n.end
                }
                continue
            }
            let people = out.last.map { included(s, at: i, after: $0) } ?? []
            if let last = people.last {
                out += people
                i = last.last + 1
                continue
            }
            if let f = namedList(s, at: i) {  // "Union generals Sedgwick and Rice were killed"
                out.append(f)
                i = f.last + 1
                if let g = elidedNames(s, after: f) {  // ", Daniel and Perrin mortally wounded"
                    out.append(g)
                    i = g.last + 1
                }
                continue
            }
            if let f = singular(s, amongAt: i) {  // "Woman among a dozen killed": the next figure's outcome
                if let p = pending.last, !onlyListWords(s, from: p.last + 1, to: f.first) { pending = [] }
                pending.append(f)
                i = f.last + 1
                continue
            }
            // A name inside a figure already found is that figure's person ("One man, Hamza
            // Abu Daher, was killed"), not another.
            // So is a person inside one ("Six militants and an officer died" counted the officer twice).
            let unnamed = { (f: Found) in out.allSatisfy { f.first > $0.last } ? f : nil }
            let one =
                singular(s, outcomeAt: i).flatMap(unnamed) ?? singular(s, verbAt: i)
                ?? named(s, outcomeAt: i).flatMap(unnamed) ?? named(s, verbAt: i).flatMap(unnamed) ?? zero(s, at: i)
                ?? singular(s, describedAt: i) ?? namedKilling(s, at: i)
            if let f = one {
                out.append(f)
                i = f.last + 1
                if let g = elidedNames(s, after: f) {  // "general Russell was killed, McIntosh and Upton wounded"
                    out.append(g)
                    i = g.last + 1
                }
                continue
            }
            i += 1
        }
        for k in out.indices where out[k].group == nil { out[k].group = partitive(s, before: out[k].first) }
        return out
    }

    /// The people of one "a"/"an" each that a breakdown at `i` names after figure `previous`,
    /// with its outcome: "18 militants, including an important commander, were killed";
    /// "including a woman and a child"; after a counted item, "including at least five children
    /// and an elderly man". Empty when there are none.
    func included(_ s: Sentence, at i: Int, after previous: Found) -> [Found] {
        let afterGroup = s.lower(i) == "and" && max(previous.number.end, previous.group?.upperBound ?? 0) == i
        let opens =
            (s.lower(i) == "including" && previous.last >= i - 3)
            || (afterGroup && (s.lower(previous.first - 1) == "including" || s.isPunct(previous.first - 1, ["-", "("])))
            // "The attack killed two police officers and a child": a second object of the verb.
            || (afterGroup && outcomePhrase(s, at: previous.first, in: rules.before) != nil)
            // "Two toddlers and a schoolgirl were killed": a second subject before the fate.
            || (afterGroup && previous.last > i && !previous.outcomeInGroup)
        guard opens, !previous.outcomes.isEmpty else { return [] }
        var out: [Found] = [], k = i
        while out.isEmpty || [",", "and"].contains(s.lower(k)), var f = singular(s, articleAt: k + 1) {
            f.outcomes = previous.outcomes
            out.append(f)
            k = f.last + 1
        }
        return out
    }

    /// The figure at number phrase `n`, or nil when it is not one. A figure of people
    /// without an outcome is returned with none when a list or "including" may give it one.
    func figure(_ s: Sentence, _ number: NumberPhrase) -> Found? {
        var n = number
        var (qualifierStart, qualifierKind, qualifierText) = qualifier(s, before: n.start)
        if isNotACount(s, n, qualified: qualifierKind != nil) { return nil }
        if qualifierKind == .atLeast, let range = upToRange(s, from: n) {  // "at least 30 and up to 50"
            (n, qualifierKind, qualifierText) = (range, nil, nil)
        }
        // "four of the eight bodies": the figure is the eight.
        if s.lower(n.end) == "of" && s.lower(n.end + 1) == "the" && numberPhrase(s, at: n.end + 2) != nil { return nil }
        // "a third of the 300 passengers drowned": the whole a share of whom met the fate.
        // ("half of the 300 people killed were women": the whole's own fate before "were".)
        if s.lower(n.start - 1) == "the", s.lower(n.start - 2) == "of", Self.shareWords.contains(s.lower(n.start - 3)),
            !(n.end..<n.end + 4).contains(where: { k in
                outcomePhrase(s, at: k, in: rules.after).map {
                    ["were", "was", "are", "included"].contains(s.lower(k + $0.length))
                }
                    ?? false
            })
        {
            return nil
        }
        // "a number of the killed civilians were taken to hospital": a vague share of people
        // counted elsewhere, not a count of its own.
        if n.kind == .vague, s.lower(n.end - 1) == "of" || s.lower(n.end) == "of",
            ["the", "those"].contains(s.lower(s.lower(n.end) == "of" ? n.end + 1 : n.end)),
            outcomePhrase(s, at: (s.lower(n.end) == "of" ? n.end + 2 : n.end + 1), in: rules.after) != nil
        {
            return nil
        }
        // "the fort's 12,000-man garrison surrendered": the size of the group after it.
        let sized = s.isPunct(n.end, ["-"]) && Self.sizeWords.contains(s.lower(n.end + 1))
        // "twelve people died, eight of whom were children": the group after the verb.
        let ofWhom =
            s.lower(n.end) == "of" && ["whom", "them"].contains(s.lower(n.end + 1))
            && ["were", "was", "are"].contains(s.lower(n.end + 2))
        let group = groupPhrase(s, from: sized ? n.end + 2 : ofWhom ? n.end + 3 : n.end)
        if group.things || survives(s, after: max(group.range.upperBound, n.end)) { return nil }
        // "fled with her four remaining children": the living, counted apart from the dead.
        if group.range.contains(where: { ["remaining", "surviving"].contains(s.lower($0)) }) { return nil }
        var outcomes: [String] = [], last = max(group.range.upperBound, n.end) - 1, adjacent = false
        var kind =
            n.kind == .exact || (n.kind == .vague && n.value != nil && qualifierKind != nil) ? qualifierKind ?? .exact : n.kind
        let tail = max(group.range.upperBound, n.end)
        var afterOutcome = restatedFate(s, at: tail) ?? outcomeAfter(s, from: tail)
        var first = qualifierStart ?? n.start
        let beforeOutcome = outcomeBefore(s, before: first)
        // "police arrested 45 protesters and injured 10": a count that met a fate that is no
        // casualty is not the casualties of a verb after it.
        if beforeOutcome == nil, group.outcomes.isEmpty, Self.otherFates.contains(s.lower(first - 1)) { return nil }
        // "Taliban free 40 prisoners", "troops freed 60 hostages": captives set free are no
        // captives of this event.
        if beforeOutcome == nil, Self.freeings.contains(s.lower(first - 1)) { return nil }
        // "rescue 20 kidnapped victims": captives rescued, likewise ("rescued 12 injured" are wounded still).
        if beforeOutcome == nil, Self.rescues.contains(s.lower(first - 1)), group.outcomes == ["captured"] { return nil }
        // "5 gunmen killed 3 people", "two brothers shot their father": the count did the deed.
        // ("killed five, including two children, and wounded six": a breakdown takes the fate of
        // the figure it breaks down, in `scan`.)
        if let a = afterOutcome, doesTheDeed(s, a, after: tail) {
            let breakdown =
                ["including", "among"].contains(s.lower(first - 1)) || s.matches(["among", "them"], at: first - 2)
                || (s.lower(first - 1) == "and"
                    && (max(0, first - 8)..<first).contains { ["including", "among"].contains(s.lower($0)) })
            guard beforeOutcome != nil || breakdown else { return nil }
            afterOutcome = nil
        }
        // An outcome verb before the figure wins over one after it that belongs to another clause
        // ("killed 5 policemen and abducted 3") or names the group ("executed 3 prisoners").
        let joined =
            afterOutcome.map { ["and", "or", ","].contains(s.lower(max(group.range.upperBound, n.end) + $0.gap - 1)) } ?? false
        // A list item followed by ", and ..." starts a new clause: the item takes the outcome
        // of the figure it breaks down ("killed five, including one woman and two children, and
        // wounded six"; "five killed, including at least three women, and a number of injuries").
        let afterStart = max(group.range.upperBound, n.end) + (afterOutcome?.gap ?? 0)
        let groupEnd = max(group.range.upperBound, n.end)
        let commaAnd = (groupEnd..<afterStart).contains { s.isPunct($0, [","]) && s.lower($0 + 1) == "and" }
        let newClause =
            afterOutcome.map { $0.crossedComma || $0.passedAside } == true && commaAnd
            && ["and", "including"].contains(s.lower(first - 1))
        // ... or lies more than three words on ("the deaths of several people and a number of missing").
        // A fate inside the group wins over one past a comma ("20 injured victims, as well as seven
        // who had been killed").
        // A fate verb before the figure wins over the state its people are in ("killed dozens of
        // surrendered soldiers", "killed 3 wounded prisoners": killed; "captured 3 wounded
        // soldiers": captured).
        let stateWord =
            !group.outcomes.isEmpty
            || afterOutcome.map {
                $0.gap == 0 && (isPeople(s, $0.end) || outcomePhrase(s, at: $0.end, in: rules.after) != nil)
            } ?? false
        // ("the bodies of three missing hikers": killed.)
        let bodies = s.lower(first - 1) == "of" && ["bodies", "body", "remains", "corpses"].contains(s.lower(first - 2))
        let verbWins =
            stateWord
            && beforeOutcome.map { b in
                (b.start == first - 1 && Self.deedsOnACount.contains(s.lower(first - 1))) || (bodies && b.start < first)
            } ?? false
        let groupFate =
            !group.outcomes.isEmpty && !verbWins && (afterOutcome.map { $0.crossedComma || $0.words > 2 } ?? true)
        if let a = afterOutcome, !newClause, !groupFate, !verbWins,
            beforeOutcome == nil || !(a.crossedComma || a.isGroupNoun || joined || a.words > 3)
        {
            outcomes = a.outcomes
            last = a.end - 1
            adjacent = a.words <= 2
            // "Two Israeli hostages confirmed dead", "30 prisoners were executed": the captives'
            // death after the noun that names them is their fate. So is the death of people a
            // relative clause describes ("Five men who were wounded in the attack died").
            let verb = tail + a.gap
            let relative =
                a.outcomes != ["killed"] && ["who", "that"].contains(s.lower(verb - 2))
                && ["were", "was", "been"].contains(s.lower(verb - 1))
            if (a.isGroupNoun && a.outcomes == ["captured"]) || relative, let d = outcomeAfter(s, from: a.end),
                d.outcomes == ["killed"], d.gap <= (relative ? 6 : 3), !d.crossedComma
            {
                (outcomes, last) = (d.outcomes, d.end - 1)
            }
        } else if let b = beforeOutcome, !groupFate, group.people || !Self.verbsOfPeople.contains(s.lower(b.start)) {
            if isIntent(s, verbAt: b.start) { return nil }  // "objectives: to capture three generals"
            outcomes = b.outcomes
            first = b.start
            adjacent = true
        }
        if let b = beforeOutcome, first == b.start, isFamilyLoss(s, b.start) || isKinLoss(s, b.start, group: group.range) {
            outcomes = ["killed"]
        }
        if !outcomes.isEmpty, outcomes != ["killed"], let death = laterDeath(s, after: last) {
            (outcomes, last) = (["killed"], death - 1)  // "two of the injured later died"
        } else if !outcomes.isEmpty, isConditionShare(s, after: last) {
            return nil  // "four of the injured were in critical condition": a share, not a count
        } else if !outcomes.isEmpty, ["the", "those"].contains(s.lower(last - 1)), s.lower(last - 2) == "of",
            survives(s, after: last + 1)
        {
            return nil  // "five of the captives later escaped"
        }
        if outcomes.isEmpty && !group.outcomes.isEmpty {
            outcomes = group.outcomes  // "Scores of dead Iranian soldiers", "15 deaths from the family"
            adjacent = true
        }
        // "Soldiers burn four local guerrillas alive": burned alive is killed.
        if outcomes.isEmpty, ["burn", "burns", "burned", "burnt", "burning"].contains(s.lower(first - 1)),
            s.lower(groupEnd) == "alive"
        {
            (outcomes, first, last, adjacent) = (["killed"], first - 1, groupEnd, true)
        }
        if (kind == .exact || kind == .vague && n.value != nil) && s.matches(["at", "least"], at: last + 1) {
            kind = .atLeast  // "kill 23 citizens at least"
            last += 2
        }
        if kind == .exact && s.isPunct(n.end, ["+"]) { kind = .atLeast }  // "10+ dead"
        // "Among those killed were Adel Abu Iyada and his two sons, Ahmed ... and Alaa ...": a
        // relative's count in a list takes the sentence's one fate.
        if outcomes.isEmpty, group.people, ["his", "her", "their"].contains(s.lower(first - 1)),
            let end = group.range.last.map({ $0 + 1 }),
            // "his two sons Saeed (12) and Saif (9)"; "and his two bodyguards in an ambush".
            end >= s.tokens.count || s.isPunct(end, [",", ".", ";", "(", "-"]) || s.lower(end) == "and"
                || isName(s, end) || ["in", "on", "at", "near", "during", "when", "after"].contains(s.lower(end)),
            let fate = sentenceFate(s)
        {
            outcomes = fate
        }
        let listed =
            group.people
            && (["including", "among", "and", ",", "-", "("].contains(s.lower((qualifierStart ?? n.start) - 1))
                || gluedInBrackets(s, at: qualifierStart ?? n.start)
                || s.matches(["among", "them"], at: (qualifierStart ?? n.start) - 2)
                || isListed(s, after: group.range.upperBound))
        // "4 VDP, 2 soldiers killed": a force named by its acronym first in a list of counts.
        let listedAcronym =
            group.range.count == 1 && isAcronym(s, group.range.lowerBound)
            && (s.isPunct(groupEnd, [","]) || s.lower(groupEnd) == "and") && qualifiedNumber(s, at: groupEnd + 1) != nil
        if outcomes.isEmpty && !listed && !listedAcronym { return nil }
        // "about 1,300 Union prisoners": the outcome noun right after the group is its head.
        let headNoun = afterOutcome.map { $0.gap == 0 && $0.isGroupNoun && isPeople(s, groupEnd) } ?? false
        // "up to 20 VDP killed": a force named by its acronym right before its fate.
        let acronym = group.range.count == 1 && isAcronym(s, group.range.lowerBound) && adjacent
        // "kill 18 al-Shabaab in Jilib", "6 Boko Haram killed": a force named by its proper name
        // next to a fate (after a verb, only one that kills people).
        let force =
            adjacent && isNamedForce(s, group.range)
            && (first == beforeOutcome?.start
                ? Self.activeKillings.contains(s.lower(first)) : afterOutcome.map { $0.gap == 0 } == true)
        guard group.people || (group.range.isEmpty && adjacent) || headNoun || acronym || force || listedAcronym else {
            return nil
        }
        if isHypothetical(s, before: first) || isProjected(s, from: first, to: n.start) { return nil }
        // "Civilians reported killed: 22": the people of a label are the figure's group.
        let labelled = group.range.isEmpty && first == beforeOutcome?.start && isPeople(s, first) && s.isPunct(n.start - 1, [":"])
        return Found(
            number: n, first: first, last: max(last, n.end - 1), kind: kind, qualifier: qualifierText,
            group: labelled ? first..<(first + 1) : group.range.isEmpty ? nil : group.range, outcomes: Self.ordered(outcomes),
            people: group.people,
            adjacent: adjacent, outcomeInGroup: !group.outcomes.isEmpty || afterOutcome == nil)
    }

    /// Whether outcome `a`, after a count's words ending at `tail`, is a verb done by the count:
    /// an active verb of killing, wounding or taking people (`deedsOnACount`, `woundings`), not
    /// after an auxiliary or past a comma, with an object of its own: a count whose fate it is
    /// ("5 gunmen killed 3 people", not "5 killed 3 wounded") or one person ("killed a policeman").
    ///
    /// A verb whose object is a count is never the fate of a count before it, whatever lies
    /// between ("deployed 2,000 troops after the attack, which killed 9"), unless it is passive.
    func doesTheDeed(_ s: Sentence, _ a: OutcomeAfter, after tail: Int) -> Bool {
        let verb = tail + a.gap
        guard !a.isGroupNoun, Self.deedsOnACount.contains(s.lower(verb)) || Self.woundings.contains(s.lower(verb)),
            !["was", "were", "is", "are", "been", "being", "be", "got"].contains(s.lower(verb - 1))
        else { return false }
        if let object = qualifiedNumber(s, at: a.end), let f = figure(s, object), f.first <= verb { return true }
        guard !a.crossedComma, a.words <= 3, !Self.auxiliaries.contains(s.lower(verb - 1)),
            !["who", "that", "which"].contains(s.lower(verb - 1))
        else { return false }
        return ["a", "an", "the", "his", "her", "their"].contains(s.lower(a.end)) && takesAnObject(s, at: a.end)
    }

    /// Verbs that set captives free.
    static let freeings: Set<String> = [
        "free", "frees", "freed", "freeing", "release", "releases", "released", "releasing", "liberate", "liberates",
        "liberated", "liberating",  // (not "rescuing four children in varying states of injury")
    ]

    /// Verbs of rescue: captives rescued are no captives of this event (the wounded rescued
    /// are wounded still).
    static let rescues: Set<String> = ["rescue", "rescues", "rescued", "rescuing"]

    /// Active verbs of wounding.
    static let woundings: Set<String> = ["wounded", "wounds", "wound", "injured", "injures", "injure"]

    /// Verbs of killing (`activeKillings`) or taking people that, right before a count, say its
    /// fate: over the state its people are in ("killed 3 wounded prisoners") and over the fate
    /// of a count it breaks down ("held 40 hostages, and killed 3 of them").
    static let deedsOnACount: Set<String> = activeKillings.union([
        "captured", "captures", "capture", "capturing", "abducted", "abducts", "abduct", "kidnapped", "kidnaps", "kidnap",
    ])

    /// Whether the group `r` is a force's proper name: one to three capitalised words (not
    /// a day or a month, nor a thing or a label), then the sentence's end, a mark or a
    /// word that ends a group ("18 al-Shabaab in Jilib", "6 Boko Haram killed").
    func isNamedForce(_ s: Sentence, _ r: Range<Int>) -> Bool {
        // Not a title-case headline's adverb or participle ("11 Officially Sentenced to Death").
        guard (1...3).contains(r.count),
            r.allSatisfy({ isName(s, $0) && !Self.notNames.contains(s.lower($0)) && !s.lower($0).hasSuffix("ly") }),
            !r.contains(where: { s.lower($0).hasSuffix("ed") }),
            !r.contains(where: { rules.things.contains([s.lower($0)]) || rules.labels.contains(s.lower($0)) })
        else { return false }
        return r.upperBound >= s.tokens.count || !s.isWord(r.upperBound) || isStop(s, r.upperBound)
            || outcomePhrase(s, at: r.upperBound, in: rules.after) != nil
    }

    /// The token after a death that a share of people counted by their fate goes on to
    /// ("two of the injured later died", "three of the abducted were killed"): the figure is
    /// of the dead. `last` is the fate word after "of the"/"of those" that ends the figure;
    /// nil when no death follows it (adverbs and auxiliaries between: "later", "have since").
    func laterDeath(_ s: Sentence, after last: Int) -> Int? {
        guard ["the", "those"].contains(s.lower(last - 1)), s.lower(last - 2) == "of" else { return nil }
        var k = last + 1
        let between: Set<String> = [
            "later", "subsequently", "since", "then", "also", "have", "has", "had", "eventually", "were", "was", "found",
        ]
        while between.contains(s.lower(k)) {
            k += 1
        }
        guard let o = outcomePhrase(s, at: k, in: rules.after), o.outcomes == ["killed"] else { return nil }
        return k + o.length
    }

    /// Whether the people of a figure, whose words end before `k`, are said to have lived
    /// ("only sixty-two of the U.S. Colored Troops survived", "three escaped unhurt"): a count
    /// of survivors, not of casualties, whatever fate the sentence names elsewhere.
    func survives(_ s: Sentence, after k: Int) -> Bool {
        var m = k
        while ["had", "have", "has", "were", "was", "all", "only", "also", "later", "narrowly"].contains(s.lower(m)) { m += 1 }
        // Not "rescued": "12 injured were rescued from the rubble" are wounded still.
        return Self.survival.contains(s.lower(m)) && s.lower(m) != "rescued"
    }

    /// Words of a share before "of the N" ("a third of the 300", "most of the 40").
    static let shareWords: Set<String> = [
        "third", "thirds", "half", "quarter", "quarters", "fifth", "fifths", "tenth", "most", "majority", "some", "many",
        "several", "few", "percent", "%", "proportion", "share", "fraction", "part",
    ]

    /// Whether the fate word `last`, after "of the"/"of those", is followed by the state the
    /// share is in ("four of the injured were in critical condition", "two of the wounded
    /// remain in hospital"): how some of a count fare, not a count of their own.
    func isConditionShare(_ s: Sentence, after last: Int) -> Bool {
        guard ["the", "those"].contains(s.lower(last - 1)), s.lower(last - 2) == "of" else { return false }
        var k = last + 1
        let between: Set<String> = ["were", "was", "are", "is", "remain", "remains", "remained", "still", "reportedly", "listed"]
        while between.contains(s.lower(k)) { k += 1 }
        guard k > last + 1 else { return false }
        let states: Set<String> = ["critical", "serious", "grave", "stable", "hospital", "condition", "intensive", "icu"]
        return (k..<min(s.tokens.count, k + 3)).contains { states.contains(s.lower($0)) }
    }

    /// Whether the words before `x` (a figure's first token) make it a possibility, not a
    /// count: a modal straight before it ("will kill 20") or a modal and a bare verb ("could
    /// cause many casualties"); "may have killed 20" is a hedged count and stays one, and so
    /// does a count someone can vouch for ("police could confirm 12 deaths").
    func isHypothetical(_ s: Sentence, before x: Int) -> Bool {
        if isModal(s, x - 1) { return true }
        let verb = s.lower(x - 1)
        return isModal(s, x - 2) && s.isWord(x - 1)
            && !["have", "be", "been", "not", "also", "still", "reportedly", "already"].contains(verb)
            && !rules.said.contains(verb) && !Self.vouchingVerbs.contains(verb)
    }

    /// Whether the words between a toll and its figure project it ("the toll will exceed 100",
    /// "could rise to 50", "is expected to reach 30"): a forecast, not a count. "May" and
    /// "might" hedge today's count ("the death toll may reach up to 34", "might be more than
    /// 70": claims with a bound), as does "could be"; a narrative's "would reach 50" tells
    /// what came.
    func isProjected(_ s: Sentence, from first: Int, to number: Int) -> Bool {
        (first..<number).contains { k in
            (s.lower(k) == "will" || s.lower(k) == "could" && s.lower(k + 1) != "be") && isModal(s, k)
                || ["expected", "likely", "projected", "forecast", "set"].contains(s.lower(k)) && s.lower(k + 1) == "to"
        }
    }

    /// Whether token `i` is a modal verb: a capitalised one inside a sentence is a name or a
    /// month ("a bombing in May killed 50") unless the word before it is capitalised too (a
    /// headline in title case: "Storm May Kill Dozens").
    func isModal(_ s: Sentence, _ i: Int) -> Bool {
        guard Self.modals.contains(s.lower(i)) else { return false }
        func capitalised(_ k: Int) -> Bool { s.tokens[k].text.unicodeScalars.first?.properties.isUppercase == true }
        return i == 0 || !capitalised(i) || (s.isWord(i - 1) && capitalised(i - 1))
    }

    /// Modal verbs: before a count with a bare verb between, they make it a possibility.
    static let modals: Set<String> = ["could", "would", "might", "can", "will", "may", "should", "must", "shall"]

    /// Verbs after a modal that vouch for a count rather than imagine one.
    static let vouchingVerbs: Set<String> = [
        "confirm", "verify", "identify", "count", "document", "list", "name", "see", "say", "tell", "report",
    ]

    /// The one fate a sentence speaks of: the outcomes of every outcome word in it when they
    /// are all the same (not negated), and nobody in it survived or escaped; else nil.
    func sentenceFate(_ s: Sentence) -> [String]? {
        var fates: Set<[String]> = []
        for k in s.tokens.indices where s.isWord(k) {
            if Self.survival.contains(s.lower(k)) { return nil }
            guard !["not", "no", "never"].contains(s.lower(k - 1)) else { continue }
            if isFamilyLoss(s, k) {
                fates.insert(["killed"])
            } else if let o = outcomePhrase(s, at: k, in: rules.after) ?? outcomePhrase(s, at: k, in: rules.before) {
                fates.insert(Self.ordered(o.outcomes))
            }
        }
        return fates.count == 1 ? fates.first : nil
    }

    /// Whether the loss verb at `k` is a family's ("lost his four children", "lost their
    /// cousin"): a possessive after it makes it deaths, where a force's losses ("lost six
    /// men") are casualties.
    func isFamilyLoss(_ s: Sentence, _ k: Int) -> Bool {
        Self.lossVerbs.contains(s.lower(k)) && ["his", "her", "their", "our", "my"].contains(s.lower(k + 1))
    }

    /// Whether the loss verb at `k` counts relatives or colleagues ("lost 17 relatives", "had
    /// lost 220 staff members"): those are deaths, where a force's losses ("lost six men") are
    /// casualties.
    func isKinLoss(_ s: Sentence, _ k: Int, group: Range<Int>) -> Bool {
        Self.lossVerbs.contains(s.lower(k)) && group.contains { Self.kin.contains(s.lower($0)) }
    }

    /// The verbs of a loss ("lost six men", "losing his sons").
    static let lossVerbs: Set<String> = ["lost", "losing", "lose", "loses"]

    /// Nouns of relatives and colleagues, whose loss is their death.
    static let kin: Set<String> = [
        "relatives", "relative", "family", "children", "sons", "daughters", "brothers", "sisters", "cousins",
        "grandchildren", "nephews", "nieces", "colleagues", "staff", "wives", "husbands", "parents", "siblings",
    ]

    /// Words that say someone in the sentence lived through it.
    static let survival: Set<String> = [
        "survived", "survivor", "survivors", "survive", "survives", "unharmed", "unhurt", "unscathed", "escaped",
        "rescued", "spared",
    ]

    /// Verbs before a figure that count dead people only with people named ("destroyed 100
    /// soldiers", never "destroyed Tower 1").
    static let verbsOfPeople: Set<String> = ["destroyed", "eliminated", "eliminating", "eliminate", "eliminates"]

    /// The range of "at least 30 and up to (more than) 50" from the figure `n` after "at
    /// least": 30-50, or nil.
    func upToRange(_ s: Sentence, from n: NumberPhrase) -> NumberPhrase? {
        guard let lo = n.value, s.matches(["and", "up", "to"], at: n.end) else { return nil }
        let at = s.matches(["more", "than"], at: n.end + 3) ? n.end + 5 : n.end + 3
        guard let hi = single(s, at: at), let h = hi.value, h > lo else { return nil }
        return NumberPhrase(
            start: n.start, end: hi.end, kind: .range, value: nil, low: lo, high: h, text: "\(Self.digits(lo))-\(Self.digits(h))")
    }

    /// The group a figure without one is a part of: "of the Iranian defenders of the shrine,
    /// 13 were martyred" (an "of" phrase of people ending in a comma, within fifteen tokens
    /// before the figure).
    func partitive(_ s: Sentence, before first: Int) -> Range<Int>? {
        var k = first - 1
        while k >= max(0, first - 15) {
            if s.lower(k) == "of" {
                let g = groupPhrase(s, from: k)
                if g.people, !g.range.isEmpty, s.isPunct(g.range.upperBound, [","]) || s.isPunct(g.range.upperBound + 3, [","]) {
                    return g.range
                }
            }
            k -= 1
        }
        return nil
    }

    /// Whether figure `f`, of people and without an outcome, goes on the list of `previous`
    /// after a comma ("kills Taliban key commander, 4 others in Kunduz"; "including 55
    /// members of the regime, 78 combat fighters"): within twelve tokens of it, and its
    /// group ends the clause (a mark, the end, or a preposition follows), so that a clause
    /// with a verb of its own ("..., 20 residents fled") is not taken.
    func continuesList(_ s: Sentence, _ f: Found, after previous: Found) -> Bool {
        let glued = previous.last == f.number.start - 1 && gluedInBrackets(s, at: f.number.start)
        guard f.people, s.isPunct(f.number.start - 1, [","]) || s.matches([",", "and"], at: f.number.start - 2) || glued,
            previous.last >= f.number.start - 12
        else { return false }
        let end = max(f.group?.upperBound ?? f.number.end, f.number.end)
        return glued || end >= s.tokens.count || s.tokens[end].kind == .punct
            || ["in", "at", "on", "near", "during", "from", "and", "while"].contains(s.lower(end))
    }

    /// Whether the number at `i` follows a people word inside brackets with no mark between
    /// ("(2-6 children 4 women 9 men)": a breakdown whose commas were lost).
    func gluedInBrackets(_ s: Sentence, at i: Int) -> Bool {
        guard isPeople(s, i - 1), let open = (max(0, i - 8)..<i).last(where: { s.isPunct($0, ["(", ")"]) }) else { return false }
        return s.isPunct(open, ["("])
    }

    /// Whether a list goes on after token `k`: ", 31 militants", "among eight", "and 20 rebels".
    /// The next figure may carry a qualifier ("Over 40 opponents, nearly 10 soldiers killed").
    func isListed(_ s: Sentence, after k: Int) -> Bool {
        // "two daughters were (also) among (the) five people killed".
        var m = k
        while ["were", "was", "are", "is", "also"].contains(s.lower(m)) { m += 1 }
        guard [",", "and", "among"].contains(s.lower(m)), m == k || s.lower(m) == "among" else { return false }
        let n = s.lower(m) == "among" && s.lower(m + 1) == "the" ? m + 2 : m + 1
        // "A father and his four sons were killed": a relative's count after a possessive.
        return qualifiedNumber(s, at: ["his", "her", "their"].contains(s.lower(n)) ? n + 1 : n) != nil
    }

    /// The number phrase at `i`, or after a qualifier there ("at least three").
    func qualifiedNumber(_ s: Sentence, at i: Int) -> NumberPhrase? {
        if let n = numberPhrase(s, at: i) { return n }
        for q in rules.qualifiers where s.matches(q.phrase, at: i) {
            if let n = numberPhrase(s, at: i + q.phrase.count) { return n }
        }
        return nil
    }

    /// Outcomes in the order of a case file.
    static func ordered(_ outcomes: [String]) -> [String] {
        let order = ["killed", "wounded", "captured", "missing"]
        return outcomes.sorted { (order.firstIndex(of: $0) ?? 9) < (order.firstIndex(of: $1) ?? 9) }
    }

    /// Sentence ranges of normalised text: a break after `.`, `!` or `?` (and closing quotes)
    /// before a capital, digit or quote, unless the word before is an abbreviation or an
    /// initial; at a blank line; at `;` or `|` before a capital or digit (headline lists); and
    /// at the line break after a line that stands alone (`standsAlone`: a title or byline).
    static func sentences(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        let wrap = wrapWidth(s)
        var out: [Range<Int>] = []
        var start = 0, i = 0
        func cut(_ end: Int) {
            if end > start { out.append(start..<end) }
            start = end
        }
        while i < s.count {
            let u = s[i]
            if u == "\n" {
                var j = i + 1
                while j < s.count && (s[j] == " " || s[j] == "\t" || s[j] == "\r") { j += 1 }
                if j < s.count && (s[j] == "\n" || standsAlone(s, newline: i, next: j, wrap: wrap)) { cut(i) }
            } else if u == "." || u == "!" || u == "?" || u == ";" || u == "|" {
                var j = i + 1
                while j < s.count && (s[j] == "\"" || s[j] == "'" || s[j] == ")") { j += 1 }
                let end = j
                if j < s.count, !ExtractText.isSpace(s[j]) {
                    // "Misrata;Four dead", "Gaza Strip.Both paramedics", "officials said.;18 militants":
                    // a break without a space (before a digit only at a headline list's mark or
                    // after a word's dot: "on social media.62-year-old grandfather").
                    let digit =
                        ("0"..."9").contains(s[j]) && (u == ";" || u == "|" || (u == "." && Self.endsAWord(s, dot: i)))
                    if s[j].properties.isUppercase || digit, u != "." || Self.endsAWord(s, dot: i) || Self.endsAYear(s, dot: i) {
                        cut(end)
                    }
                    i += 1
                    continue
                }
                while j < s.count && ExtractText.isSpace(s[j]) { j += 1 }
                let next = j < s.count ? s[j] : "A"
                let opens = next.properties.isUppercase || ("0"..."9").contains(next) || next == "\"" || next == "'"
                if opens && (u != "." || !isAbbreviation(s, dot: i)) { cut(end) }
            }
            i += 1
        }
        cut(s.count)
        return out
    }

    /// Whether the line that ends at the line break `newline` is a sentence of its own (a
    /// headline, a title or a byline, "Iranian defeat in Khan Tuman unsettles regime" then
    /// "Ali Alfoneh"): it ends in a letter, digit, closing quote or bracket with no space
    /// before the break (a PDF's wrapped lines end in a space), its last word does not join
    /// it to the next line ("according to", "in", "and"), the next line (first character at
    /// `next`) opens with a capital, digit or quote, and in hard-wrapped text (`wrap`, the
    /// usual line length) it is shorter than 60% of a full line.
    static func standsAlone(_ s: [Unicode.Scalar], newline: Int, next: Int, wrap: Int?) -> Bool {
        var end = newline
        while end > 0 && s[end - 1] == "\r" { end -= 1 }
        guard end > 0, next < s.count else { return false }
        let last = s[end - 1], first = s[next]
        let closes = last.properties.isAlphabetic || ("0"..."9").contains(last) || "\"')”’".unicodeScalars.contains(last)
        let opens = first.properties.isUppercase || ("0"..."9").contains(first) || "\"'“‘".unicodeScalars.contains(first)
        guard closes, opens else { return false }
        var start = end
        while start > 0 && s[start - 1] != "\n" { start -= 1 }
        if let wrap, Double(end - start) >= 0.6 * Double(wrap) { return false }
        var k = end
        while k > start && s[k - 1].properties.isAlphabetic { k -= 1 }
        return !joiningWords.contains(String(String.UnicodeScalarView(s[k..<end])).lowercased())
    }

    /// Last words of a line that continue on the next one.
    static let joiningWords: Set<String> = [
        "to", "of", "in", "on", "at", "by", "for", "from", "with", "the", "a", "an", "and", "or", "but", "as", "than",
        "that", "who", "which", "said", "says", "say", "told", "according", "including", "near", "into", "after",
        "before", "during", "between", "among", "against", "while", "when", "where", "is", "are", "was", "were",
        "has", "have", "had", "be", "been", "their", "his", "her", "its", "our", "this", "these", "those", "over",
        "under", "about", "around", "per", "some", "least", "most", "than", "not", "no", "all", "both", "also",
    ]

    /// The usual length of a full line when `s` is hard-wrapped (at least 4 lines, the 90th
    /// percentile of their lengths at most 120 characters, and at least 60% of the lines
    /// within 15% of it: wrapping fills lines to nearly the same length, where a list of
    /// headlines varies), else nil: lines are paragraphs, and every break may end a sentence.
    static func wrapWidth(_ s: [Unicode.Scalar]) -> Int? {
        var lengths: [Int] = [], current = 0
        for u in s {
            if u == "\n" {
                if current > 0 { lengths.append(current) }
                current = 0
            } else if u != "\r" {
                current += 1
            }
        }
        if current > 0 { lengths.append(current) }
        guard lengths.count >= 4 else { return nil }
        let sorted = lengths.sorted(), p90 = sorted[Int(0.9 * Double(sorted.count - 1))]
        let full = lengths.filter { Double($0) >= 0.85 * Double(p90) }.count
        return p90 <= 120 && 10 * full >= 6 * lengths.count ? p90 : nil
    }

    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "gen", "col", "lt", "maj", "capt", "sgt", "st", "jr", "sr", "prof", "rev", "brig",
        "no", "vs", "etc", "inc", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "gov", "sen", "rep", "u.s", "u.n", "u.k", "e.g", "i.e", "approx", "est", "cpl", "pvt", "adm", "cmdr",
        "comdr", "lieut", "ca", "c",  // "c. 25 dead", "ca. 40": circa
    ]

    /// Whether the dot at `dot` ends a lower-case word of three letters or more ("Strip.Both"
    /// but not "U.S." or "Mrs.Yasmine").
    static func endsAWord(_ s: [Unicode.Scalar], dot: Int) -> Bool {
        var k = dot
        while k > 0 && s[k - 1].properties.isLowercase { k -= 1 }
        return dot - k >= 3 && !isAbbreviation(s, dot: dot)
    }

    /// Whether the dot at `dot` ends a year of four digits after a space ("on October 15,
    /// 2023.A Facebook post": paragraphs run together).
    static func endsAYear(_ s: [Unicode.Scalar], dot: Int) -> Bool {
        guard dot >= 5 else { return false }
        return (dot - 4..<dot).allSatisfy { ("0"..."9").contains(s[$0]) } && ExtractText.isSpace(s[dot - 5])
    }

    /// Whether the word before the dot at `dot` is an abbreviation, a one-letter initial or
    /// initials ("C.C." in "John C.C. Sanders", "R.R.").
    static func isAbbreviation(_ s: [Unicode.Scalar], dot: Int) -> Bool {
        var k = dot
        while k > 0 && (s[k - 1].properties.isAlphabetic || s[k - 1] == ".") { k -= 1 }
        let word = String(String.UnicodeScalarView(s[k..<dot])).lowercased()
        let initials =
            s[k].properties.isUppercase
            && word.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { $0.count == 1 }
        return initials || abbreviations.contains(word)
    }
}

extension Extractor {
    /// The largest article accepted (64 MiB).
    public static let maxFileBytes = 64 << 20

    /// The text of `path` (`-`: standard input) as `ArticleText` reads it (UTF-8, UTF-16
    /// with its mark, else Windows-1252; a PDF or binary data is an error), checked to be a
    /// readable regular file of at most `maxFileBytes`.
    public static func readText(path: String) throws(DataError) -> String {
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return try ArticleText.decode(data.prefix(maxFileBytes), path: "standard input")
        }
        _ = try InputFile.check(path, limit: maxFileBytes)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingFile(path: path, reason: "cannot be read")
        }
        return try ArticleText.decode(data, path: path)
    }
}
