import Foundation

extension Extractor {
    /// Nouns that make the words before a speech verb a speaker even without a capital
    /// ("the ministry said", "security sources said").
    static let speakerNouns: Set<String> = [
        // People who tell what they saw ("aid workers say", "rescuers said").
        "workers", "rescuers", "paramedics", "nurses", "survivors", "relatives", "villagers", "locals", "eyewitnesses",
        "volunteers", "researchers", "monitors", "observers", "investigators", "diplomats", "lawmakers",
        "spokesman", "spokesperson", "spokeswoman", "ministry", "official", "officials", "sources", "source", "police",
        "governor", "statement", "agency", "media", "report", "observatory", "army", "military", "group", "witnesses",
        "witness", "residents", "resident", "doctors", "authorities", "commander", "monitor", "organization",
        "organisation", "outlet", "website", "newspaper", "channel", "television", "tv", "radio", "journalist", "activists",
        "activist", "medics", "hospital", "ministry's", "office", "council", "militants", "rebels", "insurgents",
        "minister", "president", "mayor", "watchdog", "coalition", "government", "gov't", "govt", "envoy", "taliban",
        "hamas", "hezbollah", "pentagon", "kremlin", "militia", "militias", "commissioner", "administrator", "director",
        "coordinator", "prefect", "lawmaker", "legislator", "chairman", "chief", "leader", "elder", "elders", "doctor",
        "nurse", "surgeon", "paramedics", "rescuers", "survivors", "survivor", "relatives", "relative", "eyewitness",
        "eyewitnesses", "villagers", "correspondent", "investigators", "prosecutor", "prosecutors", "coroner", "morgue",
        "mortuary", "committee", "department", "directorate", "administration", "authority", "mission", "commission",
        "monitors", "headman", "service", "services", "locals", "inhabitants", "neighbours", "neighbors", "center",
        "centre", "wing",
    ]

    /// Fates after a participle that make it the counted people's, not a speaker's verb
    /// ("reported missing", "confirmed dead").
    static let fateAdjectives: Set<String> = [
        "missing", "dead", "killed", "wounded", "injured", "captured", "abducted", "kidnapped", "lost",
    ]

    /// Words that end a speaker phrase read backwards from its verb.
    static let clauseWords: Set<String> = [
        "that", "and", "but", "while", "as", "which", "who", "when", "after", "before", "because", "if", "also", "later",
        "earlier", "previously", "has", "have", "had", "reportedly", "then", "it", "he", "she", "they", "we", "though",
        "although", "whereas", "however", "yet", "since",
    ]

    /// Who gave the sentence's figures, each with the token it is at: "according to X" (the
    /// part after a last "by": "a report by Jam News"), "X said" / "said X", and a headline's
    /// "X:" before or "- X" / ": X" after; a pronoun is returned as written for the caller
    /// to resolve.
    func speakers(_ s: Sentence) -> [(name: String, at: Int)] {
        var out: [(name: String, at: Int)] = []
        for k in s.tokens.indices {
            for phrase in rules.according where s.matches(phrase, at: k) {
                var end = k + phrase.count
                while end < s.tokens.count && end - k < 14 && !endsQuotedSource(s, at: end, opening: k + phrase.count) {
                    end += 1
                }
                var start = k + phrase.count
                if let by = (start..<end).last(where: { s.lower($0) == "by" }) { start = by + 1 }
                // "reports by the following afternoon from Church officials": a time, then the speaker.
                if ["following", "next", "day"].contains(s.lower(start + 1)),
                    let from = (start..<end).first(where: { s.lower($0) == "from" })
                {
                    start = from + 1
                }
                // "Quoting residents, the agency said": the figure is the residents'; placed first.
                let quoting = ["quoting", "citing"].contains(s.lower(k))
                // "identified by looking at images": a way of finding out, not a speaker.
                let gerund = s.lower(start).hasSuffix("ing") && s.tokens[start].text.first?.isLowercase == true
                if start < end && !gerund { out.append((text(s, start..<end), quoting ? Int.min : k)) }
                break
            }
        }
        out += saidSpeakers(s)
        // A headline's "X:" or "- X" only where no one is named as the source in words.
        if out.isEmpty, let h = headlineSpeaker(s) { out.append(h) }
        return out.sorted { $0.at < $1.at }
    }

    /// Whether token `end` ends the source named after "according to" and like phrases, whose
    /// words start at `first`: a clause mark (not a title's dot: "according to Gov. Vadym
    /// Filashkin"), a relative or speech word, a number; after the first word, a time ("reports
    /// by Al Jazeera the day after"), a place ("by Basil Al-Harsh in the house of his uncle"), a
    /// speech verb or "show" ("posted by local citizens on Facebook show the moment"; not the
    /// nouns "reports", "claims": "initial reports by local sources"); after the second, a
    /// lower-case participle ("from Church officials putting the death toll at").
    func endsQuotedSource(_ s: Sentence, at end: Int, opening first: Int) -> Bool {
        if s.isPunct(end, [",", ".", ";", ":", "\"", ")", "("]) && !isTitleDot(s, end) { return true }
        if ["that", "which", "who", "said", "says", "where", "when", "while", "whose", "whom", "because"].contains(s.lower(end)) {
            return true
        }
        if s.tokens[end].kind == .number { return true }
        guard end > first else { return false }
        let w = s.lower(end)
        let time =
            s.lower(end - 1) != "named"
            && (["after", "before", "during", "yesterday", "earlier", "later"].contains(w) || s.matches(["the", "day"], at: end)
                || s.matches(["the", "next"], at: end) || s.matches(["the", "following"], at: end))
        let participle = end > first + 1 && w.hasSuffix("ing") && s.tokens[end].text.first?.isLowercase == true
        let place =
            ["in", "at", "near", "inside", "outside", "during"].contains(w)
            && ["the", "his", "her", "their", "a"].contains(s.lower(end + 1))
            && s.tokens.indices.contains(end + 2) && s.tokens[end + 2].text.first?.isLowercase == true
        let verb = (rules.said.contains(w) || w == "show") && !["reports", "report", "claims", "claim"].contains(w)
        return time || participle || place || verb
    }

    /// The owner of a claim or report written as a possessive before token `k` ("a local
    /// official's claim", "the rebels' claim", "Hamas's report"): back to a determiner or,
    /// for a name, over its capitalised words (at most five words), without the "'s"; nil
    /// when no possessive is there.
    func possessor(_ s: Sentence, before k: Int) -> (name: String, at: Int)? {
        guard ["claim", "claims", "report", "reports"].contains(s.lower(k)) else { return nil }  // nouns, not "posted"
        var end = k
        if s.isPunct(k - 1, ["'"]), s.lower(k - 2).hasSuffix("s") { end = k - 1 }  // "the rebels' claim"
        let last = end - 1
        guard s.isWord(last), end < k || s.lower(last).hasSuffix("'s") else { return nil }
        let capitalised = { (i: Int) in s.tokens[i].text.first?.isUppercase == true }
        let owners: Set<String> = ["a", "an", "the", "its", "their"]
        var start = last
        while start > max(0, last - 4) && s.isWord(start - 1) {
            let w = s.lower(start - 1)
            if owners.contains(w) {
                start -= 1
                break
            }
            guard capitalised(last) ? capitalised(start - 1) : !Self.clauseWords.contains(w) && !rules.said.contains(w) else {
                break
            }
            start -= 1
        }
        // A lower-case owner needs its determiner ("could not verify a local official's").
        guard capitalised(last) || owners.contains(s.lower(start)) else { return nil }
        var name = text(s, start..<end)
        if name.hasSuffix("'s") { name.removeLast(2) }
        return (name, start)
    }

    /// "X said" (X read back to a clause boundary, at most eight words, over auxiliaries and
    /// adverbs before the verb and a relative clause between commas) or ", said X." at the
    /// end of a sentence.
    func saidSpeakers(_ s: Sentence) -> [(name: String, at: Int)] {
        var out: [(name: String, at: Int)] = []
        let skip: Set<String> = [
            "has", "have", "had", "also", "later", "previously", "reportedly", "thus", "far", "then", "earlier", "officially",
            "publicly", "initially", "originally", "first", "subsequently", "eventually", "separately", "again",
        ]
        for k in s.tokens.indices where s.isWord(k) && (rules.said.contains(s.lower(k)) || isStateVerb(s, k)) {
            // "killed in an alleged Israeli airstrike", "the reported deaths", "injured by alleged
            // strikes": an adjective, not a verb.
            if ["a", "an", "the", "by", "in", "of", "from", "after", "with"].contains(s.lower(k - 1)) { continue }
            if isTollOrNoun(s, k) { continue }
            // "two residents reported missing", "three confirmed dead": a participle of the fate.
            if s.lower(k).hasSuffix("ed"), Self.fateAdjectives.contains(s.lower(k + 1)) { continue }
            // "a local official's claim that 50 had died": the claim is its owner's.
            if let owner = possessor(s, before: k) {
                out.append(owner)
                continue
            }
            var end = k
            while end > 0 && skip.contains(s.lower(end - 1)) { end -= 1 }
            // A passive ("were also reported dead") names no speaker before it; "IS claims" does.
            if ["was", "were", "is", "are", "been", "be", "being"].contains(s.lower(end - 1)), !isAcronym(s, end - 1) {
                continue
            }
            if s.isPunct(end - 1, [","]), var open = (max(0, end - 17)..<(end - 1)).last(where: { s.isPunct($0, [","]) }) {
                // "most sources, including Al Jazeera, and the Ministry, agreed": back over the list.
                while ["including", "and"].contains(s.lower(open + 1)),
                    let earlier = (max(0, open - 12)..<open).last(where: { s.isPunct($0, [","]) })
                {
                    open = earlier
                }
                end = open  // "Harakat al-Nujaba, which ..., has announced"
            }
            // "the Palestinian Press Agency (Safa) reported": the name before its short form.
            if s.isPunct(end - 1, [")"]), let open = (max(0, end - 5)..<(end - 1)).last(where: { s.isPunct($0, ["("]) }),
                open > 0, s.isWord(open - 1)
            {
                end = open
            }
            var start = end
            while start > 0 && end - start < 8 {
                if s.isWord(start - 1) && (!Self.clauseWords.contains(s.lower(start - 1)) || joinsNames(s, start - 1))
                    && numberPhrase(s, at: start - 1) == nil
                {
                    start -= 1
                } else if pluralPossessiveInName(s, at: start - 1), start < end {
                    start -= 1  // "The Sudanese Doctors' Network said"
                } else {
                    break
                }
            }
            // "the photos posted on social media by Shehab Agency and Palestine Now showed": the
            // speaker is the part after a last "by".
            if let by = (start..<end).last(where: { s.lower($0) == "by" }), by + 1 < end { start = by + 1 }
            // "many sources including @ShehabAgency, @ArabsEvent and @Alsharawmo tweeted": the
            // head the list is of.
            if start < end, let head = includingHead(s, before: start) { (start, end) = (head.lowerBound, head.upperBound) }
            // "a shell they found near their home": a pronoun's discovery, no report, unless
            // "that" or a count follows ("they found that 12 had died"); "was unable to find",
            // "surprised to find out": an infinitive reports nothing.
            if ["found", "find", "finds"].contains(s.lower(k)),
                s.lower(k - 1) == "to"
                    || rules.pronouns.contains(s.lower(k - 1)) && s.lower(k + 1) != "that" && numberPhrase(s, at: k + 1) == nil
            {
                continue
            }
            if start == end, end == k, rules.pronouns.contains(s.lower(k - 1)) {
                // "quoted Al-Aqsa Radio which reported": the relative pronoun's own noun.
                if let named = relativeSpeaker(s, pronounAt: k - 1) {
                    out.append(named)
                } else {
                    out.append((s.tokens[k - 1].text, k - 1))
                }
                continue
            }
            if start < end, isSpeaker(s, start..<end) {
                out.append((text(s, start..<end), start))
                continue
            }
            // ", says interior ministry" at the end, also after figures a comma set off before it.
            if s.isPunct(k - 1, [",", "\""]) || (k == 0 && start == k),
                ["said", "says", "say", "added", "told", "wrote", "reported"].contains(s.lower(k))
            {
                var stop = k + 1
                while stop < s.tokens.count && stop - k < 9 && s.isWord(stop) { stop += 1 }
                let atEnd = stop == s.tokens.count || s.isPunct(stop, [".", ",", ";", "!", "?"])
                if atEnd, stop > k + 1, isSpeaker(s, (k + 1)..<stop) { out.append((text(s, (k + 1)..<stop), k)) }
            }
        }
        return out
    }

    /// Whether the apostrophe at `k` joins the words of one name ("Doctors' Network",
    /// "Workers' Party", "doctors' union", "Hamas' armed wing"): a plural or a name ending in
    /// "s" straight before it, a word after it that is no speech verb, not a name after a
    /// lowercase word.
    func pluralPossessiveInName(_ s: Sentence, at k: Int) -> Bool {
        s.isPunct(k, ["'"]) && s.isWord(k - 1) && s.lower(k - 1).hasSuffix("s") && s.isWord(k + 1)
            && (isName(s, k - 1) || !isName(s, k + 1)) && !rules.said.contains(s.lower(k + 1))
            && s.tokens[k].start == s.tokens[k - 1].end
    }

    /// Whether the speech verb at `k` is a toll's verb ("Clashes claim 30 lives", "claims the
    /// lives of") or a noun before its preposition ("Final report for 28/7", "a claim of"):
    /// the words before it name no speaker.
    func isTollOrNoun(_ s: Sentence, _ k: Int) -> Bool {
        let w = s.lower(k)
        if ["claim", "claims", "claimed"].contains(w) {
            var m = k + 1
            while m < s.tokens.count && m - k <= 6 && !s.isPunct(m, [",", ".", ";", ":"]) {
                if s.lower(m) == "lives" { return true }
                m += 1
            }
        }
        // "ISIS claims Kabul airport bombing that killed 170": a claim of the act, not of its toll
        // (unless the claimant goes on to give one: "claimed the attack, saying 45 were killed").
        if ["claim", "claims", "claimed"].contains(w),
            let act = (k + 1...k + 4).first(where: { Self.claimedActs.contains(s.lower($0)) }),
            !(k + 1..<act).contains(where: { s.isPunct($0, [",", ".", ";", ":"]) }),
            !(act..<s.tokens.count).contains(where: { ["saying", "adding", "said", "says"].contains(s.lower($0)) })
        {
            return true
        }
        // "The ministry denied reports that 50 ...", "confirmed claims": the object of a speech verb.
        if ["reports", "report", "claims", "claim"].contains(w), rules.said.contains(s.lower(k - 1)) { return true }
        return ["report", "claim", "reports", "claims"].contains(w) && ["for", "of", "on", "from", "by"].contains(s.lower(k + 1))
    }

    /// What a group claims when it claims an attack rather than a toll.
    static let claimedActs: Set<String> = [
        "responsibility", "bombing", "bombings", "attack", "attacks", "blast", "blasts", "strike", "strikes", "raid",
        "assault", "ambush", "massacre", "explosion",
    ]

    /// Whether "and" at `k` joins two capitalised names in a speaker ("Shehab Agency and
    /// Palestine Now reported") or two speakers' nouns ("police and hospital officials said").
    func joinsNames(_ s: Sentence, _ k: Int) -> Bool {
        guard k > 0, s.lower(k) == "and", s.isWord(k - 1), s.isWord(k + 1) else { return false }
        // "police and hospital officials said": two speakers' nouns.
        if Self.speakerNouns.contains(s.lower(k - 1)),
            (k + 1...k + 2).contains(where: { Self.speakerNouns.contains(s.lower($0)) })
        {
            return true
        }
        return s.tokens[k - 1].text.first?.isUppercase == true && s.tokens[k + 1].text.first?.isUppercase == true
    }

    /// The speaker a list of names ending just before `start` belongs to ("many sources
    /// including A, B and C"): names, commas and "and" back to "including", then up to four
    /// words before it that can name a speaker; nil when there is none.
    func includingHead(_ s: Sentence, before start: Int) -> Range<Int>? {
        var m = start - 1
        while m >= 0 && start - m < 16 && (isName(s, m) || s.isPunct(m, [","]) || s.lower(m) == "and") { m -= 1 }
        guard m >= 0, s.lower(m) == "including" else { return nil }
        var b = m
        while b > 0 && m - b < 4 && s.isWord(b - 1) && !Self.clauseWords.contains(s.lower(b - 1))
            && numberPhrase(s, at: b - 1) == nil
        {
            b -= 1
        }
        return b < m && isSpeaker(s, b..<m) ? b..<m : nil
    }

    /// Whether token `k` is the verb "state" ("A number of sources state there were several
    /// injuries"): lower case and before "that" or "there", so "Islamic State" is a name.
    func isStateVerb(_ s: Sentence, _ k: Int) -> Bool {
        s.tokens[k].text == "state" && ["that", "there"].contains(s.lower(k + 1))
    }

    /// The speaker a relative pronoun at `k` stands for ("quoted Al-Aqsa Radio which
    /// reported", "the health ministry, which said"): the words before it, back to a speech
    /// verb, a clause word or a number (at most six), when they can name a speaker.
    func relativeSpeaker(_ s: Sentence, pronounAt k: Int) -> (name: String, at: Int)? {
        guard ["which", "who"].contains(s.lower(k)) else { return nil }
        let end = s.isPunct(k - 1, [","]) ? k - 1 : k
        var start = end
        while start > 0 && end - start < 6 && s.isWord(start - 1) && !Self.clauseWords.contains(s.lower(start - 1))
            && !rules.said.contains(s.lower(start - 1)) && numberPhrase(s, at: start - 1) == nil
        {
            start -= 1
        }
        guard start < end, isSpeaker(s, start..<end), !(start..<end).contains(where: { isPeople(s, $0) }) else { return nil }
        return (text(s, start..<end), start)
    }

    /// Whether tokens `r` can name a speaker: a capitalised word (not only the sentence's
    /// first), an acronym ("IS claims killing eight soldiers": capitals only, so not the
    /// verb "is") or a speaker noun.
    func isSpeaker(_ s: Sentence, _ r: Range<Int>) -> Bool {
        // "No group claimed the attack": a negated subject speaks for no one.
        if let first = r.first, ["no", "nobody", "none", "neither"].contains(s.lower(first)) { return false }
        return r.contains { i in
            let w = s.tokens[i].lower.replacingOccurrences(of: "'s", with: "")
            return Self.speakerNouns.contains(w)
                || (s.tokens[i].text.first?.isUppercase == true && !rules.stop.contains(w) && !rules.pronouns.contains(w))
                || isAcronym(s, i)
        }
    }

    /// Whether token `i` is a word of two or more capitals only ("IS", "UN", "SOHR").
    func isAcronym(_ s: Sentence, _ i: Int) -> Bool {
        guard i >= 0, i < s.tokens.count, s.isWord(i) else { return false }
        let t = s.tokens[i].text
        return t.count >= 2 && t.allSatisfy { $0.isUppercase }
    }

    /// A headline's source: after a final " - " or ":" ("... killed in 24 hours: MoI"), else
    /// before a colon that follows its first one to three words ("UN: 1 dead, ..."), unless
    /// those words are a wire service's slug ("2nd LD Writethru:", "UPDATE 2:").
    func headlineSpeaker(_ s: Sentence) -> (name: String, at: Int)? {
        func plain(_ r: Range<Int>) -> Bool {
            (1...4).contains(r.count) && r.allSatisfy { s.isWord($0) || s.isPunct($0, [".", "'"]) }
                && !r.contains { rules.said.contains(s.lower($0)) || outcomePhrase(s, at: $0, in: rules.after) != nil }
        }
        var end = s.tokens.count
        while end > 0 && s.isPunct(end - 1, [".", ";", "|", "!"]) { end -= 1 }
        // "... killed in west province - governor"; not "- two women and a child - at their home".
        // A dash joined to the word before it is a name's ("al- Bokamal City"), not a separator.
        if let mark = (0..<end).last(where: { s.isPunct($0, ["-", ":"]) }), mark >= 3, plain((mark + 1)..<end),
            !rules.stop.contains(s.lower(mark + 1)), s.isPunct(mark, [":"]) || s.tokens[mark - 1].end < s.tokens[mark].start
        {
            return (text(s, (mark + 1)..<end), mark + 1)
        }
        guard let colon = (1...3).first(where: { s.isPunct($0, [":"]) }), plain(0..<colon), isLabelSpeaker(s, 0..<colon),
            !(0..<colon).contains(where: { Self.slugWords.contains(s.lower($0)) }),
            numberPhrase(s, at: colon + 1) != nil || s.tokens.count > colon + 3
        else { return nil }
        return (text(s, 0..<colon), 0)
    }

    /// Whether the words before a headline's colon name a speaker ("UN:", "Iraqi officials:",
    /// "AFP:") rather than label the story ("Mali:", "SYRIA:", "Iran Protests:", "Clashes in
    /// Panjshir:", "Tijuana:"): a speaker noun, or else an acronym that is not a place, with no
    /// topic word. A lone capitalised word is most often a place in a headline, so it is not
    /// enough.
    func isLabelSpeaker(_ s: Sentence, _ r: Range<Int>) -> Bool {
        let words = r.map { s.lower($0).replacingOccurrences(of: "'s", with: "") }
        if words.contains(where: { Self.speakerNouns.contains($0) || $0 == "body" }) { return true }  // "Mexico rights body:"
        if rules.places.contains(words.joined(separator: " ")) || words.contains(where: rules.topics.contains) {
            return false
        }
        return r.contains { isAcronym(s, $0) && !rules.places.contains(s.lower($0)) }
    }

    /// Words of wire-service slugs before a headline's colon, which name no source.
    static let slugWords: Set<String> = [
        "writethru", "ld", "update", "urgent", "breaking", "roundup", "factbox", "wrapup", "live", "exclusive", "analysis",
        "corrected", "refile", "flash",
    ]

    /// Verbs that open a period ("since the offensive began"): a toll since then is a period's.
    static let openings: Set<String> = ["began", "begun", "started", "erupted", "broke", "launched", "resumed"]

    /// The figure's scope: another when a phrase of `otherScope` (or "since" and a year) is
    /// within twelve tokens of it, with the words found.
    func scope(_ s: Sentence, first: Int, last: Int, date: TextDate? = nil) -> (ExtractedFigure.Scope, String?) {
        // Twelve tokens each way, not across a semicolon ("killed 6 and wounded 9; two of the
        // wounded later died": the later deaths are not the first clause's).
        // Nor across ", but" ("were injured in the strike, but Marwan and Montaser were later
        // killed in another incident").
        var from = max(0, first - 12), to = min(s.tokens.count, last + 13)
        // Nor across ", bringing the toll ... to" ("3 soldiers killed, bringing the toll since the
        // offensive began to 245": the period is the toll's, not the three's).
        let ends = { (k: Int) in
            s.isPunct(k, [";"]) || (s.isPunct(k - 1, [","]) && (s.lower(k) == "but" || Self.tollCarriers.contains(s.lower(k))))
        }
        if let semi = (from..<first).last(where: ends) { from = semi + 1 }
        if let semi = (last..<to).first(where: ends) { to = semi }
        let window = from..<to
        // "Separately, four children were killed ...": a sentence that opens on another incident.
        if s.lower(0) == "separately" && s.isPunct(1, [","]) { return (.other, text(s, 0..<1)) }
        for k in window {
            if s.lower(k) == "since", k + 1 < s.tokens.count, let n = single(s, at: k + 1), n.yearLike {
                return (.other, text(s, k..<(k + 2)))
            }
            // "since the 2021 coup", "since the February 2022 invasion": a year a few words on.
            // "since a ceasefire collapsed in 2015": up to six words on, within the clause.
            // "since Russia's full-scale invasion in February 2022": any words before the year.
            if s.lower(k) == "since", s.isWord(k + 1),
                let y = (k + 2..<min(s.tokens.count, k + 9)).first(where: { single(s, at: $0)?.yearLike == true }),
                !(k + 2..<y).contains(where: { !s.isWord($0) && !s.isPunct($0, ["'", "-"]) })
            {
                return (.other, text(s, k..<(y + 1)))
            }
            // "since the ground offensive began", "since fighting erupted": a toll since a
            // period opened, within the clause.
            if s.lower(k) == "since", s.isWord(k + 1),
                let v = (k + 2..<min(s.tokens.count, k + 8)).first(where: { Self.openings.contains(s.lower($0)) }),
                (k + 1..<v).allSatisfy({ s.isWord($0) || s.isPunct($0, ["'", "-"]) })
            {
                return (.other, text(s, k..<(v + 1)))
            }
            // "Since 24 February 2022": a day and its month.
            if s.lower(k) == "since", let n = single(s, at: k + 1), (1...31).contains(n.value ?? 0),
                Self.months.contains(s.lower(n.end))
            {
                return (.other, text(s, k..<(n.end + 1)))
            }
            // "since early 2024", "since late March": a toll over a period.
            if s.lower(k) == "since", ["early", "late", "mid"].contains(s.lower(k + 1)),
                Self.months.contains(s.lower(k + 2)) || single(s, at: k + 2)?.yearLike == true
            {
                return (.other, text(s, k..<(k + 3)))
            }
            // "since Sunday", "since mid-April", "since April 22": a toll over days or months.
            if s.lower(k) == "since", k + 1 < s.tokens.count,
                Self.days.contains(s.lower(k + 1)) || Self.months.contains(s.lower(k + 1))
                    || (s.lower(k + 1).hasPrefix("mid-") && Self.months.contains(String(s.lower(k + 1).dropFirst(4))))
            {
                return (.other, text(s, k..<(k + 2)))
            }
            // "last October": an earlier month's fighting.
            if s.lower(k) == "last", Self.months.contains(s.lower(k + 1)) { return (.other, text(s, k..<(k + 2))) }
            // "in 13 days", "over the past three weeks": a toll over a period.
            if ["in", "over", "past", "last"].contains(s.lower(k)), let n = single(s, at: k + 1), (n.value ?? 0) > 1,
                ["days", "weeks", "months", "years"].contains(s.lower(n.end))
            {
                return (.other, text(s, k..<(n.end + 1)))
            }
            if let end = longPeriod(s, at: k) { return (.other, text(s, k..<end)) }
            if let date, let end = earlierYear(s, at: k, before: date.year) ?? earlierMonth(s, at: k, before: date) {
                return (.other, text(s, k..<end))
            }
        }
        for k in window {
            for phrase in rules.otherScope where s.matches(phrase, at: k) && k + phrase.count <= window.upperBound {
                // "died of his injuries later the same day": later, but the same event.
                if phrase == ["later"], Self.sameDay.contains(where: { s.matches($0, at: k + 1) }) { continue }
                // "In the past 24 hours, the enemy lost ...": a daily report's day is its event.
                if ["past", "last"].contains(phrase.last ?? ""),
                    Self.aDay.contains(where: { s.matches($0, at: k + phrase.count) })
                {
                    continue
                }
                // "about an hour later", "minutes later": the same attack going on.
                if phrase == ["later"], ["hour", "hours", "minutes", "minute", "moments", "seconds"].contains(s.lower(k - 1)) {
                    continue
                }
                // "two of the injured later died": the event's wounded dying of it; "the agency
                // later said": a later report of the same event; "the 4 assailants were later
                // shot dead": the event's end.
                if phrase == ["later"],
                    ["died", "succumbed", "updated", "updating", "revised"].contains(s.lower(k + 1))
                        || rules.said.contains(s.lower(k + 1))
                        || (["were", "was"].contains(s.lower(k - 1)) && outcomePhrase(s, at: k + 1, in: rules.after) != nil)
                {
                    continue
                }
                return (.other, text(s, k..<(k + phrase.count)))
            }
        }
        return (.event, nil)
    }

    /// The end of a period of more than two weeks opening at `k` ("between 1 January and 30
    /// June", "from March to June", "between 24 March and 2 April" is ten days: nil): a toll
    /// over months, not one event's.
    func longPeriod(_ s: Sentence, at k: Int) -> Int? {
        guard ["between", "from"].contains(s.lower(k)) else { return nil }
        // A date at `i`: an optional day (1-31), then a month; its day of the year and end.
        func date(_ i: Int) -> (day: Int, end: Int)? {
            var m = i, day = 1
            if s.isNumber(i), let d = Int(s.tokens[i].text), (1...31).contains(d) {
                day = d
                m += 1
            }
            guard let month = Self.monthNumbers[s.lower(m)] else { return nil }
            return ((month - 1) * 30 + day, m + 1)
        }
        guard let a = date(k + 1), ["and", "to", "until", "-"].contains(s.lower(a.end)), let b = date(a.end + 1),
            b.day - a.day > 14
        else { return nil }
        return b.end
    }

    /// The end of a mention of a year before `year` (the text's date) opening at `k`: "in
    /// 2014", "the 1982 massacre", "the 2014 Gaza war": an earlier event, not the text's.
    func earlierYear(_ s: Sentence, at k: Int, before year: Int) -> Int? {
        guard ["in", "the"].contains(s.lower(k)), let n = single(s, at: k + 1), n.yearLike, let v = n.value, Int(v) < year else {
            return nil
        }
        if s.lower(k) == "in" { return n.end }
        let noun = isName(s, n.end) && Self.pastEvents.contains(s.lower(n.end + 1)) ? n.end + 1 : n.end
        return Self.pastEvents.contains(s.lower(noun)) ? noun + 1 : nil
    }

    /// The end of "in" and a month other than the text's opening at `k` ("In April, 45
    /// civilians were killed" in a text of 15 May 2024; "in early March", "in mid-April", "in
    /// April 2023"): another month's toll. A month after the text's without a year is last
    /// year's; the text's own month, or a later one with a later year, is nil.
    func earlierMonth(_ s: Sentence, at k: Int, before date: TextDate) -> Int? {
        // "died of her injuries in November": the event's wounded dying later, still its dead.
        guard s.lower(k) == "in", !(max(0, k - 3)..<k).contains(where: { Self.laterDeathWords.contains(s.lower($0)) })
        else { return nil }
        var m = k + 1
        if ["early", "late", "mid"].contains(s.lower(m)) { m += 1 }
        let word = s.lower(m).hasPrefix("mid-") ? String(s.lower(m).dropFirst(4)) : s.lower(m)
        guard let month = Self.monthNumbers[word], s.tokens[m].text.first?.isUppercase == true else { return nil }
        if let n = single(s, at: m + 1), n.yearLike, let y = n.value.map(Int.init) {
            return (y, month) < (date.year, date.month) ? n.end : nil
        }
        return month != date.month ? m + 1 : nil
    }

    /// A day after "in the past" or "over the last": a daily report's period.
    static let aDay: [ExtractRules.Phrase] = [
        ["24", "hours"], ["day"], ["night"], ["few", "hours"], ["hours"], ["twenty-four", "hours"],
    ]

    /// Words of a death from the event's wounds ("died of his wounds in May").
    static let laterDeathWords: Set<String> = ["injuries", "wounds", "injury", "succumbed"]

    /// Nouns of events a year can label ("the 1994 genocide").
    static let pastEvents: Set<String> = [
        "attack", "attacks", "massacre", "massacres", "genocide", "war", "wars", "bombing", "bombings", "offensive", "siege",
        "battle", "uprising", "invasion", "conflict", "coup", "crackdown", "earthquake", "intifada", "operation", "clashes",
        "riots", "insurgency", "campaign", "raid", "strike", "strikes", "shelling", "escalation", "fighting",
    ]

    /// Month names and their numbers (1-12), from the one list of month names (`ImportDate.months`).
    static let monthNumbers: [String: Int] = Dictionary(
        uniqueKeysWithValues: ImportDate.months.enumerated().map { ($1, $0 + 1) })

    /// Words after "later" that keep a figure in its event ("later that day", "later in hospital").
    static let sameDay: [ExtractRules.Phrase] = [
        ["that", "day"], ["the", "same", "day"], ["on", "the", "same", "day"], ["that", "night"], ["that", "evening"],
        ["that", "morning"], ["that", "afternoon"], ["in", "hospital"],
        ["in", "the", "hospital"], ["at", "the", "hospital"], ["at", "hospital"],
    ]

    static let days: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday"]

    /// The normalised text of tokens `r`.
    func text(_ s: Sentence, _ r: Range<Int>) -> String {
        var out = ""
        for i in r {
            let t = s.tokens[i]
            let glue =
                i == r.lowerBound || t.kind == .punct && [",", ".", ")", ":", ";", "'s"].contains(t.text)
                || i > r.lowerBound && s.tokens[i - 1].text == "(" || i > r.lowerBound && s.tokens[i - 1].end == t.start
            out += (glue ? "" : " ") + t.text
        }
        return out
    }

    /// A group's words without quotation marks (`military "advisers"` -> `military advisers`)
    /// nor the end of an age before them ("A 19-year-old Palestinian" -> `Palestinian`).
    func groupText(_ s: Sentence, _ r: Range<Int>) -> String {
        var r = r
        while r.count > 1, s.isPunct(r.lowerBound, ["-"]) || s.lower(r.lowerBound).hasSuffix("-old") {
            r = (r.lowerBound + 1)..<r.upperBound
        }
        return text(s, r).replacingOccurrences(of: "\"", with: "").split(separator: " ").joined(separator: " ")
    }

    /// `found` as an `ExtractedFigure`, offsets mapped back to the file; `date` is the year and
    /// month of the text's first date, if it has one.
    func figure(_ f: Found, in s: Sentence, text t: ExtractText, source: String?, date: TextDate? = nil) -> ExtractedFigure {
        let range = s.tokens[f.first].start..<s.tokens[f.last].end
        let original = t.originalRange(range)
        let sentence = s.tokens[0].start..<s.tokens[s.tokens.count - 1].end
        let quoteRange = t.originalRange(sentence)
        let (scope, words) = scope(s, first: f.first, last: f.last, date: date)
        let n = f.number
        let value: Double? = f.kind == .range ? nil : n.value
        var confidence = 0.5 + (f.people ? 0.2 : 0) + (f.adjacent ? 0.15 : 0) + (source != nil ? 0.1 : 0)
        if f.kind == .vague { confidence -= 0.2 }
        return ExtractedFigure(
            start: original.lowerBound, end: original.upperBound, span: t.originalText(range), kind: f.kind, value: value,
            low: f.kind == .range || f.kind == .vague ? n.low : nil, high: f.kind == .range || f.kind == .vague ? n.high : nil,
            claim: claim(f), outcome: f.outcomes, who: f.group.map { groupText(s, $0) }, source: source, scope: scope,
            scopeWords: words, quote: t.text(sentence, verbatim: true), quoteStart: quoteRange.lowerBound,
            quoteEnd: quoteRange.upperBound,
            confidence: min(0.99, max(0.05, confidence)))
    }

    /// The figure in the claim grammar: the qualifier as written when the grammar reads it
    /// ("over 34" is strict, "at least 34" is not), else its canonical form.
    func claim(_ f: Found) -> String {
        let n = f.number
        let core = [.exact, .about, .atLeast].contains(n.kind) ? Self.digits(n.value ?? 0) : n.text
        guard let q = f.qualifier else {
            // A hedge written after the digits ("40-odd", "40-plus", "20 or so", "10+", "23
            // citizens at least").
            let kind = n.kind == .about || n.kind == .atLeast ? n.kind : f.kind
            return kind == .about ? "about \(core)" : kind == .atLeast ? "at least \(core)" : core
        }
        let grammar = ClaimGrammar(lexicon: lexicon)
        if case .success = grammar.parse("\(q) \(core)") { return "\(q) \(core)" }
        switch f.kind {
        case .atLeast: return "at least \(core)"
        case .atMost: return "at most \(core)"
        case .about: return "about \(core)"
        default: return core
        }
    }

    /// The text's first line that reads as a title: three to thirty words, at most 160
    /// characters, starting with a letter or digit (not a bullet or menu item).
    static func title(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).lazy.map { $0.trimmedWhitespace }.first { line in
            let words = line.split(separator: " ").count
            return (3...30).contains(words) && line.count <= 160 && (line.first?.isLetter == true || line.first?.isNumber == true)
        }
    }

    /// The year and month of a text's date (`firstDate(_:)`), which other years and months
    /// are measured against.
    struct TextDate: Sendable {
        let year: Int
        let month: Int

        /// The date of "YYYY-MM-DD", or nil.
        init?(iso: String) {
            let parts = iso.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            (year, month) = (parts[0], parts[1])
        }
    }

    /// The first full date in the text's first 5,000 characters ("May 10, 2016",
    /// "10 May 2016", "2016-05-10"), as YYYY-MM-DD.
    static func firstDate(_ text: String) -> String? {
        let head = String(text.prefix(5000))
        let month = "(January|February|March|April|May|June|July|August|September|October|November|December)"
        let patterns = [
            ("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b", [1, 2, 3]), ("\\b\(month) (\\d{1,2}),? (\\d{4})\\b", [3, 1, 2]),
            ("\\b(\\d{1,2}) \(month),? (\\d{4})\\b", [3, 2, 1]),
        ]
        var best: (Int, String)?
        for (pattern, order) in patterns {
            guard let re = try? NSRegularExpression(pattern: pattern),
                let m = re.firstMatch(in: head, range: NSRange(head.startIndex..., in: head))
            else { continue }
            let parts = order.map { String(head[Range(m.range(at: $0), in: head)!]) }
            let names = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
                "December",
            ]
            let mm = Int(parts[1]) ?? ((names.firstIndex(of: parts[1]) ?? -1) + 1)
            guard let y = Int(parts[0]), let d = Int(parts[2]), (1...12).contains(mm), (1...31).contains(d) else { continue }
            let iso = String(format: "%04d-%02d-%02d", y, mm, d)
            if best == nil || m.range.location < best!.0 { best = (m.range.location, iso) }
        }
        return best?.1
    }
}
