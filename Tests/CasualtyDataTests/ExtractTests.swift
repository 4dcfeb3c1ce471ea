import Foundation
import TestSupport
import Testing

@testable import CasualtyData

/// `Extractor`: every form of figure the issue names, the numbers that are not figures, who
/// gave a figure, its scope, text as it comes (PDF line breaks, curly quotes, dashes,
/// entities), offsets into the file, and hostile input.
@Suite struct ExtractTests {
    let extractor = Extractor()

    func figures(_ text: String) -> [ExtractedFigure] { extractor.extract(text, file: "t.txt").figures }

    func one(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> ExtractedFigure? {
        let f = figures(text)
        #expect(f.count == 1, "\(text): \(f.map(\.span))", sourceLocation: sourceLocation)
        return f.first
    }

    @Test func theBuiltInRulesAreModelsExtractRules() throws {
        let file = try String(contentsOf: Repo.root.appendingPathComponent("Models/extract-rules.yaml"), encoding: .utf8)
        #expect(
            file.trimmingCharacters(in: .newlines) == ExtractRules.builtInYAML.trimmingCharacters(in: .newlines),
            "run `make extract-rules` after editing Models/extract-rules.yaml")
        let loaded = try ExtractRules.load(path: Repo.root.appendingPathComponent("Models/extract-rules.yaml").path)
        #expect(loaded.people.count == ExtractRules.builtIn.people.count && !loaded.after.all.isEmpty)
    }

    /// Each row: text, kind, claim, outcomes. The figure's number in digits or words, its
    /// qualifier, ranges and vague words, as the case-file claim grammar reads them.
    @Test func figuresInEveryForm() throws {
        let rows: [(String, ExtractedFigure.Kind, String, [String])] = [
            ("13 soldiers were killed.", .exact, "13", ["killed"]),
            ("Thirteen soldiers were killed.", .exact, "13", ["killed"]),
            ("1,200 Iranian fighters have died.", .exact, "1200", ["killed"]),
            ("A dozen civilians were wounded.", .vague, "a dozen", ["wounded"]),
            ("At least two dozen civilians were killed.", .atLeast, "at least two dozen", ["killed"]),
            ("Scores of insurgents were killed.", .vague, "scores", ["killed"]),
            ("Hundreds of people were injured.", .vague, "hundreds", ["wounded"]),
            ("Five or six Iranians were captured.", .range, "5-6", ["captured"]),
            ("Between 3 \u{2013} 7 civilians were killed.", .range, "3-7", ["killed"]),
            ("Between 10 and 20 villagers were killed.", .range, "10-20", ["killed"]),
            ("At least 18 Iranians were killed.", .atLeast, "at least 18", ["killed"]),
            ("More than 30 people died.", .atLeast, "more than 30", ["killed"]),
            ("Over 34 IRGC members were killed.", .atLeast, "over 34", ["killed"]),
            ("At the very least, 18 Iranians were killed.", .atLeast, "at the very least 18", ["killed"]),
            ("As many as 30 Afghan Shias may have been killed.", .atMost, "as many as 30", ["killed"]),
            ("Up to 80 fighters were killed.", .atMost, "up to 80", ["killed"]),
            ("About 24 civilians were killed.", .about, "about 24", ["killed"]),
            ("Nearly 50 children were wounded.", .about, "nearly 50", ["wounded"]),
            ("Some 30 troops were taken prisoner.", .about, "some 30", ["captured"]),
            ("Around 12 soldiers went missing.", .about, "around 12", ["missing"]),
            ("34 Iranian soldiers were killed or wounded.", .exact, "34", ["killed", "wounded"]),
            ("The attack caused 40 casualties.", .exact, "40", ["killed", "wounded"]),
            ("The airstrike killed 13 civilians.", .exact, "13", ["killed"]),
            ("Gunmen killed 5 policemen and abducted 3 others.", .exact, "5", ["killed"]),
            ("A police officer was killed.", .exact, "1", ["killed"]),
            ("The bodies of 12 soldiers were found.", .exact, "12", ["killed"]),
            ("Nine people lost their lives.", .exact, "9", ["killed"]),
            ("No soldiers were killed in the raid.", .exact, "0", ["killed"]),
            ("No one was hurt.", .exact, "0", ["wounded"]),
            ("There were no casualties.", .exact, "0", ["killed", "wounded"]),
            ("The group denied that any of its members were captured.", .exact, "0", ["captured"]),
            ("Kill two #Taliban fighters.", .exact, "2", ["killed"]),
        ]
        for (text, kind, claim, outcomes) in rows {
            let f = try #require(figures(text).first, "\(text)")
            #expect(f.kind == kind && f.claim == claim && f.outcome == outcomes, "\(text): \(f.kind) \(f.claim) \(f.outcome)")
            if case .success = ClaimGrammar(lexicon: .builtIn).parse(f.claim) {
            } else {
                Issue.record("\(f.claim) does not parse")
            }
        }
    }

    /// A breakdown keeps its figure's outcome when a new clause follows (", and wounded six");
    /// a count of families is not a count of people; "two brothers tried to remove the
    /// bodies" is not two dead.
    @Test func breakdownsFamiliesAndBodies() {
        let parts = figures("The strike killed five civilians, including one woman and two children, and wounded six others.")
        #expect(parts.map(\.claim) == ["5", "1", "2", "6"], "\(parts.map(\.span))")
        #expect(parts.map(\.outcome) == [["killed"], ["killed"], ["killed"], ["wounded"]])
        #expect(figures("An airstrike killed five civilians belonging to one family.").map(\.claim) == ["5"])
        #expect(figures("Her two brothers tried to remove the bodies from the rubble.").isEmpty)
    }

    /// Forms from articles written to probe the rules: a breakdown after "among them", the
    /// loss of relatives or colleagues (deaths), hostages taken, bandits "neutralised", the
    /// dead buried, a second blast "an hour later" (the same attack) and an assault "a week
    /// earlier" or a toll of "the first half of the year" (other scope).
    @Test func formsOfProbeArticles() {
        let among = figures("The strike killed at least 30 people, among them 12 children, the agency said.")
        #expect(among.map(\.claim) == ["at least 30", "12"] && among.allSatisfy { $0.outcome == ["killed"] })
        #expect(one("The family said they had lost 17 relatives in the strike.")?.outcome == ["killed"])
        #expect(one("Syrian forces lost 35 men in the assault.")?.outcome == ["killed", "wounded"])
        #expect(one("The gunmen took at least seven people hostage.")?.outcome == ["captured"])
        #expect(one("The army said its troops had neutralised 15 bandits.")?.outcome == ["killed"])
        #expect(one("\"We buried 41 people today,\" said the village head.")?.claim == "41")
        #expect(one("A second blast, about an hour later, injured two journalists.")?.scope == .event)
        #expect(one("A week earlier, 12 soldiers died in a similar assault in Helmand.")?.scope == .other)
        #expect(one("At least 1,126 people had been killed in the first half of the year.")?.scope == .other)
        // "Half a dozen" is six, loosely, never the dozen inside it.
        let half = one("Half a dozen soldiers were wounded when their convoy hit a mine.")
        #expect(half?.claim == "half a dozen" && half?.low == 5 && half?.high == 7, "\(String(describing: half))")
        #expect(one("The militia said it had captured 45 government soldiers.")?.source == "The militia")
        // A force's losses "were" or "totaled" a number: casualties; a military's idioms of death.
        let losses = figures("Union losses were 13,047, while Confederate losses totaled 10,699.")
        #expect(losses.map(\.claim) == ["13047", "10699"] && losses.allSatisfy { $0.outcome == ["killed", "wounded"] })
        // Ages in a list are ages ("aged 12 and 15"); a clause after a semicolon keeps its scope words.
        #expect(figures("Two brothers, aged 12 and 15, were killed by sniper fire.").map(\.claim) == ["2"])
        let clauses = figures("The attack killed 6 and wounded 9; two of the wounded later died.")
        #expect(clauses.prefix(2).allSatisfy { $0.scope == .event }, "\(clauses.map(\.span))")
        let hospital = figures("At least 2 people died and 7 were hospitalised.")
        #expect(hospital.map(\.claim) == ["at least 2", "7"] && hospital.last?.outcome == ["wounded"])
        // A pronoun speaker is the sentence's own named subject before the last one named.
        let own = figures(
            "Tasnim news agency reported that 13 advisers were killed. Jabhat al-Nusra published pictures of what it said were the bodies of 20 Iranian fighters."
        )
        #expect(own.map { $0.source ?? "nil" } == ["Tasnim news agency", "Jabhat al-Nusra"])
        // The number of prisoners "reached"; a commander killed "last October" is another scope.
        #expect(one("The number of prisoners reached 12, opposition sources said.")?.outcome == ["captured"])
        #expect(one("General Hossein Hamadani, a commander, was killed near Aleppo last October.")?.scope == .other)
        let idioms = figures("The ISPR said four terrorists were sent to hell, while a soldier embraced martyrdom.")
        #expect(idioms.map(\.claim) == ["4", "1"] && idioms.allSatisfy { $0.outcome == ["killed"] }, "\(idioms.map(\.span))")
    }

    /// A share of the wounded or the abducted who then died is a count of the dead, of the
    /// event ("later died" is the event's toll growing, not another scope); "May" after "in"
    /// is the month, not a modal that makes the figure a possibility.
    @Test func laterDeathsAndTheMonthOfMay() {
        let died = figures("The attack killed 6 and wounded 9; two of the wounded later died.")
        #expect(died.map(\.claim) == ["6", "9", "2"] && died.last?.outcome == ["killed"] && died.last?.scope == .event)
        #expect(one("Three of the wounded succumbed to their injuries.")?.outcome == ["killed"])
        #expect(one("Two of the abducted were killed.")?.outcome == ["killed"])
        // How a share of the wounded fares is no count of the wounded (see initialsSharesAndSurvivors).
        #expect(one("Two of the injured were taken to Cairo.")?.outcome == ["wounded"])
        let may = one("The attack was the deadliest since a bombing in May that killed more than 50 worshippers.")
        #expect(may?.claim == "more than 50", "\(String(describing: may))")
        #expect(figures("The strike may kill 50 people.").isEmpty && figures("Storm May Kill Dozens").isEmpty)
    }

    /// "And another (seriously) wounded": one more person, the noun left out; an adverb of
    /// severity between a figure and its fate ("3 seriously wounded") ends no group.
    @Test func anotherOneAndAdverbsOfSeverity() {
        let another = figures("One civilian was killed and another seriously wounded.")
        #expect(another.map(\.claim) == ["1", "1"] && another.last?.outcome == ["wounded"], "\(another.map(\.span))")
        #expect(figures("One died, another was injured in the blast.").map(\.claim) == ["1", "1"])
        #expect(figures("Two died and 3 seriously wounded.").map(\.claim) == ["2", "3"])
        #expect(figures("5 critically injured in blast").map(\.claim) == ["5"])
        #expect(figures("Another attack killed 5 people.").map(\.claim) == ["5"])  // "another" before a noun: no figure
    }

    /// Forms of a third round of probes: "1 other was injured" ("other" standing for people
    /// before their fate, never before a noun: "several other news outlets reported people
    /// killed" is no count of outlets), military shorthand (KIA, WIA, MIA, POWs), "liquidated";
    /// "identified by looking at images" names no source, "a local official's claim" names
    /// the official; "Another N" continues the scope of the figure before it.
    @Test func otherShorthandAndGerundAgents() {
        #expect(figures("Gunmen killed 3 civilians. 1 other was injured.").map(\.claim) == ["3", "1"])
        #expect(figures("Several other news outlets reported people killed and wounded.").allSatisfy { $0.claim != "several" })
        let shorthand = figures("Casualties: 7 KIA, 14 WIA, 2 MIA. Enemy: est. 30-40 KIA.")
        #expect(shorthand.map(\.claim) == ["7", "14", "2", "30-40"], "\(shorthand.map(\.span))")
        #expect(shorthand.map(\.outcome) == [["killed"], ["wounded"], ["missing"], ["killed"]])
        #expect(one("The battalion liquidated up to 50 militants.")?.outcome == ["killed"])
        // "Another N" goes on from the figure before it: after a cumulative toll, another scope.
        let more = figures("The death toll has risen to 10,022 since October 7. Another 25,408 have been wounded.")
        #expect(more.map(\.scope) == [.other, .other] && more.last?.scopeWords?.hasPrefix("Another") == true)
        #expect(figures("Police said 5 people were killed. Another 12 were wounded.").map(\.scope) == [.event, .event])
        // A claim written as a possessive is its owner's, not the sentence's subject's.
        #expect(one("HRW could not verify a local official's claim that 50 people had died.")?.source == "a local official")
        #expect(one("The army rejected the rebels' claim that 30 soldiers were killed.")?.source == "the rebels")
        #expect(one("Police dismissed Hamas's claim that it killed 20 soldiers.")?.source == "Hamas")
        let seen = one("At least four other injured civilians were identified by looking at images of the incident.")
        #expect(seen?.claim == "at least 4" && seen?.source == nil, "\(String(describing: seen))")
    }

    /// Forms of a fourth round of probes (wire stories and headlines written for it): initials
    /// inside a group ("four U.S. troops"); "tens of thousands" as one vague figure; a share
    /// of the wounded in some condition is no count; "five members of one family were killed";
    /// a count before a demonym and a plural ("three Syrian men") is not one person; a fate
    /// after a participle ("two residents reported missing") and an adjective after a
    /// preposition ("injured by alleged strikes") name no speaker; survivors are no casualties.
    @Test func initialsSharesAndSurvivors() {
        #expect(one("Roadside bomb wounds four U.S. troops in Syria")?.who == "U.S. troops")
        #expect(one("A bomb killed 3 U.N. peacekeepers on Monday.")?.claim == "3")
        let war = figures("The United Nations says the war has killed tens of thousands of people.")
        #expect(war.map(\.claim) == ["tens of thousands"], "\(war.map(\.span))")
        #expect(figures("Police said four of the injured were in critical condition.").isEmpty)
        #expect(figures("Two of the wounded remain in serious condition, the hospital said.").isEmpty)
        #expect(one("Five members of one family were killed.")?.claim == "5")
        let syrians = one("Troops killed three Syrian men.")
        #expect(syrians?.claim == "3" && syrians?.who == "Syrian men", "\(String(describing: syrians))")
        #expect(one("Gunmen kill Iraqi police officer")?.who == "Iraqi police officer")
        let missing = figures("Eight people were wounded and two residents were reported missing, Kiper wrote on Telegram.")
        #expect(missing.map(\.source) == ["Kiper", "Kiper"], "\(missing.map(\.source))")
        #expect(one("Two paramedics were injured by alleged Israeli strikes.")?.source == nil)
        #expect(one("Ten people were killed, a local commissioner said.")?.source == "a local commissioner")
        #expect(figures("Casualties were high and only sixty-two of the U.S. Colored Troops survived the fight.").isEmpty)
    }

    /// "as many as N" is one hedged figure (its "many" no vague one of its own); "the number of
    /// people killed ... had reached 54" carries its fate to a toll verb with no "to"; an
    /// adverb of time before a speech verb is no part of the speaker ("The Pentagon initially
    /// said"); the one person before an outcome verb with an object did the deed ("the
    /// attacker had shot dead two police guards").
    @Test func hedgesTollsAndAgents() {
        let many = figures("Air strikes killed as many as 165 people, a local defence force member said.")
        #expect(many.map(\.claim) == ["as many as 165"], "\(many.map(\.span))")
        let toll = figures("The monitor said the number of people killed in the bombardment had reached 54.")
        #expect(toll.map(\.claim) == ["54"] && toll.first?.outcome == ["killed"], "\(toll.map(\.span))")
        #expect(one("The Pentagon initially said the strike had killed 10 civilians.")?.source == "The Pentagon")
        let guards = figures("A police official said the attacker had shot dead two police guards.")
        #expect(guards.map(\.claim) == ["2"] && guards.first?.who == "police guards", "\(guards.map(\.span))")
        #expect(one("The driver was shot dead by the gunmen.")?.claim == "1")
    }

    /// Recorders' notes (ACLED-style): an outcome noun as a label ("Fatalities: 12", an aside
    /// after it no group), a force by its acronym before its fate ("up to 20 VDP killed");
    /// "Since 24 February 2022" is a toll over a period; a share of captives who escaped is
    /// no count.
    @Test func recordersNotes() {
        let note = figures("Fatalities: 12 (unconfirmed; local sources report up to 20 VDP killed).")
        #expect(note.map(\.claim) == ["12", "up to 20"] && note.allSatisfy { $0.outcome == ["killed"] }, "\(note.map(\.span))")
        #expect(one("Deaths: 12 (unconfirmed).")?.who == nil)
        let since = one("Since 24 February 2022, HRMMU has verified 10,582 civilian deaths.")
        #expect(since?.scope == .other && since?.source == "HRMMU", "\(String(describing: since))")
        #expect(
            figures("Gunmen abducted more than 80 people. Five of the captives later escaped.").map(\.claim) == ["more than 80"])
    }

    /// A fifth round: "neutralised" and "drowned" after the people are deaths; "remain" ends
    /// a group ("three remain unaccounted for"); the whole a share is taken of is no count ("a
    /// third of the 300 passengers drowned"; "all of the 300" is); "since the 2021 coup" is a
    /// toll over a period.
    @Test func euphemismsSharesAndCoups() {
        #expect(one("The ministry said 13 militants were \"neutralised\" in retaliatory strikes.")?.outcome == ["killed"])
        #expect(one("At least 20 migrants drowned off Lampedusa.")?.claim == "at least 20")
        #expect(one("Three remain unaccounted for, the ministry said.")?.outcome == ["missing"])
        #expect(figures("Nearly a third of the 300 passengers aboard were believed to have drowned.").isEmpty)
        #expect(one("All of the 300 passengers drowned.")?.claim == "300")
        let coup = one("The group says more than 4,000 civilians have been killed by the junta since the 2021 coup.")
        #expect(coup?.scope == .other && coup?.scopeWords == "since the 2021", "\(String(describing: coup))")
        #expect(one("Cameroon: Separatists behead two gendarmes in Northwest region")?.who == "gendarmes")
        #expect(one("Hostage crisis ends with 23 foreigners dead, Algerian state media says")?.who == "foreigners")
        #expect(one("Sri Lanka: Army shells kill 67 civilians in 'safe zone', say doctors")?.source == "doctors")
    }

    /// A breakdown set off by dashes keeps the fate of the figure it breaks down, and the dash
    /// that closes it ends its words ("eight people - five soldiers and three civilians - and
    /// wounded at least 15"), unless the sentence's verb resumes after it; "bringing the death
    /// toll from the strike to 89" carries the toll to its figure.
    @Test func asidesPeriodsAndCarriedTolls() {
        let blast = figures("The blast killed eight people — five soldiers and three civilians — and wounded at least 15.")
        #expect(blast.map(\.claim) == ["8", "5", "3", "at least 15"], "\(blast.map(\.span))")
        #expect(blast.map(\.outcome) == [["killed"], ["killed"], ["killed"], ["wounded"]])
        let kids = figures("Nassim's children – four daughters and a son – were also killed.")
        #expect(kids.first?.claim == "4" && kids.first?.outcome == ["killed"], "\(kids.map(\.span))")
        let toll = figures("Rescuers pulled 37 bodies from the rubble, bringing the death toll from the strike to 89.")
        #expect(toll.map(\.claim) == ["37", "89"] && toll.last?.outcome == ["killed"], "\(toll.map(\.span))")
        // One person after an active verb and "the"; relatives listed before a preposition;
        // a generic noun with its force ("members of the security forces") waits for the fate.
        let chief = figures("Gunmen killed the district police chief and his two bodyguards in an ambush.")
        #expect(chief.map(\.claim) == ["1", "2"] && chief.allSatisfy { $0.outcome == ["killed"] }, "\(chief.map(\.span))")
        let niger = figures("Eleven members of the security forces and four civilians were killed on Saturday.")
        #expect(niger.map(\.claim) == ["11", "4"] && niger.first?.who == "members of the security forces")
        #expect(figures("Their two grandchildren, sons of their surviving son Nidal, were killed.").map(\.claim) == ["2"])
        // People "were among" a count take its fate, as "Two journalists among 11 killed" does.
        let among = figures("A woman and her two daughters were among five people killed when a shell hit their home.")
        #expect(among.map(\.claim) == ["1", "2", "5"] && among.allSatisfy { $0.outcome == ["killed"] }, "\(among.map(\.span))")
        #expect(figures("Two journalists were among 11 killed in the siege.").map(\.claim) == ["2", "11"])
    }

    /// Probe round of 2026-12-01 (my own headlines and wire copy, read before the run): digits
    /// before "dozen", "claims lives of", lynching, "non-" people, outlaws as a group, a plural
    /// possessive inside a speaker's name, an age after "a", "a fourth soldier", "losses at"
    /// and "Separately" opening another incident.
    @Test func dozensLynchingsAndPossessiveNames() {
        let dozen = one("Village attack kills at least 2 dozen, locals say")
        #expect(dozen?.claim == "at least two dozen" && dozen?.source == "locals", "\(String(describing: dozen))")
        #expect(figures("The raid killed 5 dozen fighters.").map(\.claim) == ["60"])
        #expect(one("Landmine claims lives of two shepherds in Kandahar")?.claim == "2")
        #expect(one("Mob lynches man accused of blasphemy in Punjab")?.claim == "1")
        #expect(one("Bus ambush in Mandera leaves 28 non-Muslims dead")?.who == "non-Muslims")
        #expect(one("Security forces gun down 3 suspected robbers in Lagos")?.who == "robbers")
        let network = one("The Sudanese Doctors' Network said fighters killed 124 civilians in the village.")
        #expect(network?.source == "The Sudanese Doctors' Network", "\(String(describing: network))")
        #expect(
            figures("A guided bomb struck a block, killing a 9-year-old girl and injuring 14 people.").map(\.claim) == [
                "1", "14",
            ])
        let fourth = figures("Three soldiers were shot dead by rebels on Saturday. A fourth soldier is missing.")
        #expect(fourth.map(\.claim) == ["3", "1"] && fourth.last?.outcome == ["missing"], "\(fourth.map(\.span))")
        #expect(figures("The fifth journalist to be killed that day was buried.").isEmpty)
        let losses = figures("The monitor said nine SDF members were killed, while the SDF put its own losses at six fighters.")
        #expect(losses.last?.claim == "6" && losses.last?.outcome == ["killed", "wounded"], "\(losses.map(\.span))")
        let apart = figures("The strike killed 82 detainees. Separately, four children were killed in Hodeidah.")
        #expect(apart.map(\.scope) == [.event, .other], "\(apart.map(\.span))")
    }

    /// The second probe set of 2026-12-01: a force by its proper name next to its fate, a
    /// day after the figure, a toll that "reaches" its figure words later, and ", says X"
    /// after two figures; a title-case participle is no force.
    @Test func namedForcesDaysAndTrailingSpeakers() {
        #expect(one("Somali troops, AMISOM kill 18 al-Shabaab in Lower Shabelle operation")?.who == "al-Shabaab")
        #expect(one("18 al-Shabaab killed in Jilib")?.claim == "18")
        #expect(figures("Soldiers destroyed 3 Abrams in Avdiivka").isEmpty)
        let sentenced = figures("Iran Protests: 11 Officially Sentenced to Death")
        #expect(sentenced.isEmpty, "\(sentenced.map(\.span))")
        #expect(one("Gunman kills 5 Friday at a mall")?.claim == "5")
        #expect(one("Toll in Mali attack on army post reaches 53")?.outcome == ["killed"])
        let said = figures("Explosion at Kabul wedding hall: 63 dead, 182 wounded, says interior ministry")
        #expect(said.map(\.source) == ["interior ministry", "interior ministry"], "\(said.map(\.span))")
        let ranger = figures("Thai deep south: Ranger killed, two villagers injured in bomb attack")
        #expect(ranger.map(\.claim) == ["1", "2"] && ranger.first?.who == "Ranger", "\(ranger.map(\.span))")
    }

    /// The third probe set of 2026-12-01 (a communiqué, a half-year report, a live blog, a
    /// wire story): digits in parentheses restating words, "sustained injuries", a model's
    /// name ("AK-47") is a thing, "one of which killed" is a rocket's deed, a period of months
    /// is another scope, "since a ceasefire collapsed in 2015" too, and "Police confirm".
    @Test func communiquesPeriodsAndModels() {
        let patrol = figures(
            "Two (2) soldiers were killed in action and five (5) sustained injuries. Eight assailants were neutralised "
                + "and three AK-47 rifles recovered.")
        #expect(patrol.map(\.claim) == ["2", "5", "8"], "\(patrol.map(\.span))")
        #expect(patrol.map(\.outcome) == [["killed"], ["wounded"], ["killed"]] && patrol.first?.who == "soldiers")
        let report = figures("At least 1,076 civilians were killed and 2,431 injured between 1 January and 30 June.")
        #expect(report.map(\.scope) == [.other, .other], "\(report.map(\.span))")
        #expect(one("At least 44 people were killed between 24 and 26 April.")?.scope == .event)
        #expect(one("Police confirm two dead after the shooting at the station.")?.source == "Police")
        let rockets = figures("Hezbollah fired about 100 rockets, one of which killed a man in Kiryat Shmona.")
        #expect(rockets.map(\.claim) == ["1"] && rockets.first?.who == "man", "\(rockets.map(\.span))")
        #expect(one("The names of 139 civilians were shared - 133 of which were killed in the strike.")?.claim == "133")
        let pkk = one(
            "Officials blamed the PKK, which has killed hundreds of security personnel since a ceasefire collapsed in 2015.")
        #expect(pkk?.scope == .other, "\(String(describing: pkk))")
    }

    /// The fourth probe set of 2026-12-01: ages after "aged" on the way to the fate, a
    /// count that was arrested is no casualty (the "fourth" shot dead is one), a pronoun's
    /// or an infinitive's "found" reports nothing, and a "center" speaks.
    @Test func agesArrestsAndDiscoveries() {
        let mine = figures(
            "Two brothers aged 10 and 12 were killed and their mother was seriously injured when an unexploded shell "
                + "they found near their home detonated, the local mine action center said.")
        #expect(mine.map(\.claim) == ["2", "1"], "\(mine.map(\.span))")
        #expect(mine.allSatisfy { $0.source == "the local mine action center" }, "\(mine.map(\.source))")
        let arrests = figures(
            "Police said three suspected militants were arrested and a fourth was shot dead while trying to flee.")
        #expect(arrests.map(\.claim) == ["1"] && arrests.first?.outcome == ["killed"], "\(arrests.map(\.span))")
        #expect(figures("Two children have been rescued, and all of them injured.").map(\.claim) == ["2"])
        let unable = one("Airwars was unable to find the names of two patients who were killed.")
        #expect(unable?.claim == "2" && unable?.source == nil, "\(String(describing: unable))")
        #expect(one("Airwars found the names of at least seven children among the dead.")?.source == "Airwars")
    }

    /// The fifth probe set of 2026-12-01, numbers that count no casualty beside a few that
    /// do: ", police said" after one person is the speaker, not a second person; "the
    /// massacre of 8,000"; "believed to be dead"; an attack that "came a day after" another.
    @Test func speakersAfterOnePersonAndEarlierAttacks() {
        let bus = figures(
            "Gunmen opened fire on a minibus carrying 18 passengers, killing the driver, police said. The attack came a "
                + "day after 4 soldiers were killed in a roadside bombing nearby.")
        #expect(bus.map(\.claim) == ["1", "4"] && bus.first?.source == "police", "\(bus.map(\.span))")
        #expect(bus.map(\.scope) == [.event, .other])
        #expect(one("The court sentenced 12 former officers for the massacre of 8,000 Muslim men and boys.")?.claim == "8000")
        #expect(one("The 101 include at least 35 who are believed to be dead.")?.outcome == ["killed"])
        let numbers = figures(
            "More than 2 million people have been displaced, and 300 homes were destroyed. The UN adopted Resolution 2728 "
                + "by 14 votes. Some 40 T-72 tanks and 12 BMP-2 vehicles were seen. The hospital received 60 patients.")
        #expect(numbers.isEmpty, "\(numbers.map(\.span))")
    }

    /// Hedges of the sixth probe set of 2026-12-01: "Approx.", "c.", "~", "40-odd",
    /// "40-plus", "20 or so", "a dozen or so" (the last was missed, the others read exact).
    @Test func writtenHedges() {
        #expect(one("Approx. 40 people killed in the raid, residents say")?.claim == "about 40")
        #expect(one("Attack on convoy: c. 25 dead")?.kind == .about)
        #expect(one("Fire at detention centre kills ~40 migrants")?.kind == .about)
        #expect(one("Clashes leave 40-odd militants dead")?.claim == "about 40")
        #expect(one("Strike kills 40-plus at displacement camp")?.claim == "at least 40")
        #expect(one("Some 20 or so people were killed.")?.kind == .about)
        #expect(one("20 or so people were killed.")?.claim == "about 20")
        let dozen = one("A dozen or so soldiers were wounded in the assault")
        #expect(dozen?.kind == .vague && dozen?.outcome == ["wounded"], "\(String(describing: dozen))")
        #expect(figures("Twelve were killed, c. 30 wounded.").map(\.claim) == ["12", "about 30"])
    }

    /// The seventh probe set of 2026-12-01 (wire copy and a witness's account): two false
    /// figures, "her four remaining children" counted killed and "40 others were treated for
    /// smoke inhalation" counted killed; and a ringleader and his associates missed.
    @Test func survivorsTreatmentAndAssociates() {
        let witness = figures(
            "\"They killed my husband and my two sons,\" said Fatima, who fled to Chad with her four remaining children.")
        #expect(witness.map(\.claim) == ["2"], "\(witness.map(\.span))")
        let fire = figures("At least seven people died and 40 others were treated for smoke inhalation, the IOM said.")
        #expect(fire.map(\.outcome) == [["killed"], ["wounded"]], "\(fire.map(\.span))")
        let raid = figures(
            "Security forces killed the alleged mastermind of the bombing, Abu Khalid, and two of his associates in a raid.")
        #expect(raid.map(\.claim) == ["1", "2"] && raid.allSatisfy { $0.outcome == ["killed"] }, "\(raid.map(\.span))")
        #expect(one("Images show a man being treated for a head injury.")?.outcome == ["wounded"])
    }

    /// Left from the session of 2026-11-30, mended: people "also among the 20 killed", and a
    /// toll revised ("revising it to 160"), whose fate a "casualty toll" makes killed and
    /// wounded wherever the toll is carried.
    @Test func revisedTollsAndTheListedAmongTheDead() {
        let among = figures("Three soldiers were also among the 20 people killed in the attack.")
        #expect(among.map(\.claim) == ["3", "20"] && among.allSatisfy { $0.outcome == ["killed"] }, "\(among.map(\.span))")
        let revised = figures("Authorities initially put the toll at 134 before revising it to 160.")
        #expect(revised.map(\.claim) == ["134", "160"] && revised.last?.outcome == ["killed"], "\(revised.map(\.span))")
        let casualties = figures("The ministry raised the casualty toll to 45 and later revised it to 52.")
        #expect(casualties.map(\.outcome) == [["killed", "wounded"], ["killed", "wounded"]], "\(casualties.map(\.span))")
    }

    /// A toll's forecast is no count ("Officials fear the toll will exceed 100" gave 100
    /// killed); "may" and "might" hedge today's count, as the Airwars assessments use them.
    @Test func forecastTollsAndHedgedOnes() {
        #expect(figures("Officials fear the toll will exceed 100.").isEmpty)
        #expect(figures("The toll is expected to rise to 30.").isEmpty)
        #expect(figures("The death toll could rise to 50, officials said.").isEmpty)
        #expect(one("The toll would eventually reach 61.")?.claim == "61")
        #expect(
            one("Taking the unnamed children into account, the death toll may reach up to 34 civilians.")?.claim == "up to 34")
        #expect(one("Some reports said the number of civilians killed might be more than 70.")?.claim == "more than 70")
    }

    /// The agent of a passive fate is no victim ("was killed by 3 gunmen" counted three
    /// gunmen killed, "mourned by many of his relatives" many relatives killed); mourners
    /// are the living, the mourned the dead; "posted by X where ..." ends the speaker at "where".
    @Test func agentsMournersAndTheMourned() {
        #expect(figures("The farmer was killed by 3 gunmen on Monday.").map(\.claim) == ["1"])
        #expect(figures("Two soldiers were wounded by 5 militants in the ambush.").map(\.claim) == ["2"])
        #expect(figures("He was mourned by many of his relatives.").isEmpty)
        #expect(figures("Many of Abu Shamala's relatives mourned his death.").isEmpty)
        #expect(one("Hezbollah mourned five of its fighters on Monday.")?.outcome == ["killed"])
        let torture = figures(
            "199 were killed, including 78 civilians, 37 of whom were killed by air strikes and 15 under torture")
        #expect(torture.map(\.claim) == ["199", "78", "37", "15"], "\(torture.map(\.span))")
        let video = one(
            "The figure was given in a video posted by al-Arabiya Jordan where a woman mourns the passing of 11 relatives.")
        #expect(video?.source == "al-Arabiya Jordan" && video?.claim == "11", "\(String(describing: video))")
    }

    /// A fate verb right before a count wins over the state its people are in ("killed dozens
    /// of surrendered soldiers" read as captured, "killed 3 wounded prisoners" as wounded);
    /// a fate further back, another item's, does not ("Two were killed and three injured
    /// people ..."); a lower-case plural possessive is part of a speaker ("doctors' union").
    @Test func verbsOverStatesAndUnionSpeakers() {
        let taliban = one("Taliban fighters killed dozens of surrendered soldiers, report says")
        #expect(taliban?.outcome == ["killed"], "\(String(describing: taliban))")
        #expect(one("The army killed 3 wounded prisoners.")?.outcome == ["killed"])
        #expect(one("Rebels captured 3 wounded soldiers.")?.outcome == ["captured"])
        let pair = figures("Two were killed and three injured people were taken to hospital.")
        #expect(pair.map(\.outcome) == [["killed"], ["wounded"]], "\(pair.map(\.span))")
        #expect(one("Scores of dead Iranian soldiers were found.")?.outcome == ["killed"])
        let union = one("Clashes between army and RSF kill at least 56 civilians, doctors' union says")
        #expect(union?.source == "doctors' union", "\(String(describing: union))")
    }

    /// Whose figure it is across clauses: "according to X" straight after a figure is its
    /// source even with another speaker before it; the subject of a "while X reported" clause
    /// after a figure is not its source; "still in hospital" counts the wounded.
    @Test func sourcesAcrossClauses() {
        let strikes = figures(
            "Israeli strikes killed 4 people, while Hezbollah said it had targeted a base with drones, wounding 3 soldiers "
                + "according to the Israeli army.")
        #expect(strikes.last?.source == "the Israeli army", "\(strikes.map(\.source))")
        let tweets = figures(
            "A tweet from @Almeqdad initially placed the toll at five killed and eight injured, while @MahmZozo reported "
                + "\"six martyrs\".")
        #expect(tweets.prefix(2).allSatisfy { $0.source != "MahmZozo" }, "\(tweets.map(\.source))")
        let hospital = figures("The number of dead has climbed to 92, with 140 still in hospital, the health minister said.")
        #expect(hospital.map(\.outcome) == [["killed"], ["wounded"]], "\(hospital.map(\.span))")
    }

    /// A year before the text's date labels an earlier event ("the 1982 massacre", "In 2012",
    /// "The 1994 genocide"); without a date the text may be about that year, and stays event.
    @Test func earlierYearsAreAnotherScope() {
        let dated = figures(
            "BEIRUT, March 3, 2024 - Unlike the 1982 massacre, in which an estimated 20,000 people died, the current "
                + "crackdown has killed dozens, according to activists. In 2012, 300 were killed in the city. The 1994 "
                + "genocide killed 800,000 people.")
        #expect(dated.map(\.scope) == [.other, .event, .other, .other], "\(dated.map(\.span))")
        #expect(one("The 1994 genocide killed 800,000 people.")?.scope == .event)
        #expect(one("March 3, 2024 - In 2024, 12 were killed in the town.")?.scope == .event)
    }

    /// Captives' later fate: "Two Israeli hostages confirmed dead" read as captured;
    /// "held 40 hostages, and killed 3 of them" made the 40 killed too (the verb with its own
    /// object joined the noun's outcomes) and the 3 captured.
    @Test func captivesWhoDied() {
        #expect(one("Two Israeli hostages confirmed dead, military says")?.outcome == ["killed"])
        #expect(one("30 prisoners were executed.")?.outcome == ["killed"])
        #expect(one("12 hostages were freed on Sunday.")?.outcome == ["captured"])
        let held = figures("The rebels held 40 hostages, and killed 3 of them.")
        #expect(held.map(\.outcome) == [["captured"], ["killed"]], "\(held.map(\.span))")
        #expect(one("Five soldiers were killed, wounded or captured.")?.outcome == ["killed", "wounded", "captured"])
        let family = figures("Militants killed six members of the family, five of them civilians.")
        #expect(family.map(\.outcome) == [["killed"], ["killed"]])
    }

    /// "The number of <people> <fate> ... has risen to N" names its count before the toll
    /// verb; a source that "later said" or "later reported" updates the same event, and so
    /// does a toll "later that evening"; "since early 2024" is a toll over a period.
    @Test func theNumberOfTheDeadAndLaterReports() {
        let later = one("Shehab Agency later stated that the number of civilians killed in the bombing had risen to six.")
        #expect(later?.claim == "6" && later?.outcome == ["killed"] && later?.scope == .event, "\(String(describing: later))")
        #expect(later?.source == "Shehab Agency")
        let evening = one("Later that evening, the agency reported that the number of martyrs has risen to eight.")
        #expect(evening?.claim == "8" && evening?.scope == .event, "\(String(describing: evening))")
        let period = one(
            "The number of regime soldiers and militiamen killed in the Syrian desert since early 2024 has risen to 187.")
        #expect(period?.claim == "187" && period?.scope == .other, "\(String(describing: period))")
        #expect(one("The number of people injured in the attack rose to 45, the ministry said.")?.outcome == ["wounded"])
        #expect(figures("The number of displaced people rose to 3,000.").isEmpty)
        #expect(figures("The number of people killed in the 3 attacks has risen to 30.").map(\.claim) != ["3"])
    }

    /// An input the fuzzer found (Fuzz/seeds/extract/regression-dash-after-figure.txt): a
    /// dash straight after a figure that overlaps the one before it made an empty range
    /// (a crash); every figure it gives must lie inside the text.
    @Test func aDashRightAfterAnOverlappingFigure() {
        let text =
            "According he shrine, 13 were mas-artyred ,18 were wounded and#five to s very least,(18 Ira-\n\rians, in-\nclto Kowsari, ver eaylst, 9 of the “Iranian defenders of the shrine, 13 were martyry least,(18 Ira-\n\rians, in-\nclto Kowsari, ver eaylsed ,18 were wounded and#five tg two colol,esn were killded since 2012.\n"
        let found = figures(text)
        #expect(found.allSatisfy { $0.start <= $0.end && $0.end <= text.unicodeScalars.count }, "\(found.map(\.span))")
    }

    /// A headline's fear of deaths is a figure of the dead ("Dozens feared dead").
    @Test func fearedDead() {
        let f = figures("Dozens feared dead after army shells village\nHundreds feared killed in Darfur massacre\n")
        #expect(f.map(\.claim) == ["dozens", "hundreds"], "\(f.map(\.span))")
        #expect(f.allSatisfy { $0.outcome == ["killed"] && $0.scope == .event })
    }

    @Test func numbersThatAreNotCountsOfPeople() {
        for text in [
            "On 6 May 2016 the village fell.", "A 12-year-old boy was killed.", "The 25th Karbala Division lost the village.",
            "Rebels destroyed two BMB armored vehicles.", "See page 12 for the list of those killed.",
            "The war has lasted 13 years and killed many.", "At 10:30 the shelling began.",
            "The strike killed two people in 2016.",
            "The ministry spent $40 million.", "Police said 3 rockets hit the town.",
            "No fewer than 3 rockets hit the town.", "No group claimed the attack.",
        ] {
            let f = figures(text).filter { $0.value != 1 && $0.value != 2 }
            #expect(f.isEmpty, "\(text): \(f.map(\.span))")
        }
        #expect(one("A 12-year-old boy was killed.")?.value == 1)
    }

    @Test func whoGaveTheFigure() {
        let rows: [(String, String?)] = [
            ("According to the health ministry, 13 people were killed.", "the health ministry"),
            (
                "According to an unconfirmed report by Iranian outlet Jam News, 80 combatants were killed.",
                "Iranian outlet Jam News"
            ),
            ("The governor said 12 soldiers were killed.", "The governor"),
            ("\"Twelve soldiers were killed,\" said the governor.", "the governor"),
            ("Quoting local residents, the agency said 5 civilians died.", "local residents"),
            ("Hezbollah confirmed that 4 of its fighters were killed.", "Hezbollah"),
            ("The IRGC acknowledged 17 fighters killed.", "The IRGC"),
            ("15 Afghan Taliban killed in 24 hours: MoI", "MoI"),
            ("At least 30 Taliban killed in west province - governor", "governor"),
            ("UN: 1 dead, at least 20 injured in Central African Republic", "UN"),
            ("Iraqi officials: 2 suicide attacks kill at least 12 Iraqi troops", "Iraqi officials"),
            ("Mexico rights body: Army killings of 6 civilians unjustified", "Mexico rights body"),
            // A place or topic before a headline's colon labels the story; a toll's "claim" has no speaker.
            ("Kenya: Al-Shabaab kills 6 in Lamu", nil),
            ("SYRIA: Kurdish forces suffer dozens of deaths", nil),
            ("Burkina Faso: two dead in a terrorist attack", nil),
            ("Iran Protests: at Least 458 People Killed", nil),
            ("Tijuana: 18 Dead Since Sunday", nil),
            ("Clashes in Panjshir: NFR Forces Kill Nine Taliban Fighters", nil),
            ("Roundup: Conflicts claim more than 150 lives in Afghanistan", nil),
            ("Violence in Iraq claims 14 lives.", nil),
            // A claim of the attack is not a claim of its toll, unless the claimant gives one.
            ("ISIS claims Kabul airport bombing that killed 170", nil),
            ("The Taliban claimed responsibility for the attack, saying 45 \"enemy soldiers\" had been killed.", "The Taliban"),
            ("Final report for 28/7/2012: More than 190 Syrians have been reported killed", nil),
            ("Unknown gunmen kill 2 IS militants in al- Bokamal City", nil),
            ("2nd LD Writethru: At least 30 killed in two Afghan mosque attacks: official", "official"),
            (
                "Yirgou Massacre: 210 dead to date, according to the Collective Against Impunity",
                "the Collective Against Impunity"
            ),
            ("Mokkah Abasan shared that 5 citizens were injured.", "Mokkah Abasan"),
            ("Most sources, including Al Jazeera, and the Ministry, agreed that 10 civilians had been killed.", "Most sources"),
            ("Airwars researchers have identified the names of 12 of those killed.", "Airwars researchers"),
            ("Thirteen soldiers were killed in the ambush.", nil),
            ("IS claims killing eight soldiers in north Cameroon", "IS"),
            ("UN troops find 8 bodies after bloodshed in eastern DR Congo", "UN troops"),
            ("Police found the bodies of 5 men.", "Police"),
            ("The bodies of 5 men were found near the road.", nil),
            // A relative pronoun's own noun, a verb "state", "by" inside the subject.
            ("Al Watan Voice quoted Al-Aqsa Radio which reported that 4 people were injured.", "Al-Aqsa Radio"),
            ("Local sources state that 3 civilians were killed.", "Local sources"),
            (
                "The photos posted on social media by Shehab Agency and Palestine Now showed at least four injured men.",
                "Shehab Agency and Palestine Now"
            ),
            ("Islamic State fighters killed 5 soldiers, the army said.", "the army"),
            ("Many sources including @ShehabAgency, @ArabsEvent and @Alsharawmo tweeted that 2 people were injured.", "sources"),
        ]
        for (text, source) in rows {
            let f = figures(text)
            #expect(!f.isEmpty && f.allSatisfy { $0.source == source }, "\(text): \(f.map { $0.source ?? "nil" })")
        }
        let pronoun = figures("Kowsari told reporters on Monday that the toll was rising. He said 13 were martyred.")
        #expect(pronoun.first?.source == "Kowsari")
        // A second speaker in a clause after "while" gives the figure after it.
        let two = figures(
            "Safa News reported that more than 10 civilians were killed while Alarabiya Palestine identified 12 members of the family killed."
        )
        #expect(two.map(\.source) == ["Safa News", "Alarabiya Palestine"], "\(two.map(\.span))")
        #expect(two.last?.span == "12 members of the family killed")
    }

    /// One person named without a person noun, before a fate only people meet or after a
    /// fate verb, is the figure 1; a place after "capture", a day, a count before the name
    /// and a plural are not.
    @Test func namedPeopleWithoutAPersonNoun() {
        let ones = [
            (
                "Multiple sources reported that 67 year old Hosni Salha was killed when shrapnel hit him.",
                "67 year old Hosni Salha was killed"
            ),
            ("Nader AlBuhaisy wrote that Hatem Awad died after a direct attack.", "Hatem Awad died"),
            (
                "A preacher affiliated with Hamas, Dr. Wael Mohieddin Sayed al-Zard, died of his injuries.",
                "Dr. Wael Mohieddin Sayed al-Zard, died"
            ),
            ("The strike killed Dr. Azo Ismail Salim Afana, 69, alongside his wife.", "killed Dr. Azo Ismail Salim Afana"),
            ("The strike hit the house, killing Mohamed Abu Sunima.", "killing Mohamed Abu Sunima"),
        ]
        for (text, span) in ones {
            let f = figures(text)
            #expect(
                f.count == 1 && f.first?.value == 1 && f.first?.outcome == ["killed"] && f.first?.span == span,
                "\(text): \(f.map(\.span))")
        }
        // A name set off after a counted group is that group's person, not a second figure.
        for text in [
            "One man, Hamza Abu Daher, was killed.", "one adult male – 19-year old Hamza Tawfiq Abu Daher – was killed.",
            "One adult male was killed.",
        ] {
            let f = figures(text)
            #expect(f.count == 1 && f.first?.value == 1 && f.first?.outcome == ["killed"], "\(text): \(f.map(\.span))")
        }
        for text in [
            "Union forces succeeded in capturing Fort Henry.", "Fighting killed Monday Ahmed.",
            "The army killed Gaza City residents.",
            "Hamas Leaders were killed.", "Aleppo City was captured.", "2023.11-year-old Aryam was killed.",
        ] {
            #expect(
                figures(text).allSatisfy { $0.value != 1 || $0.outcome != ["killed"] && $0.outcome != ["captured"] },
                "\(text): \(figures(text).map(\.span))")
        }
    }

    /// A title, a byline or a headline on a line of its own is a sentence of its own, so its
    /// words do not run into the next line's speaker or group; the wrapped lines of a PDF
    /// (ending in a space) and of hard-wrapped text (lines of nearly equal length) are not.
    @Test func linesThatStandAloneEndTheirSentence() {
        let headlines = figures("IS claims killing eight soldiers in north Cameroon\nRebels say they killed 12 soldiers\n")
        #expect(headlines.map(\.source) == ["IS", "Rebels"], "\(headlines.map { $0.source ?? "nil" })")
        let titled = figures(
            "Iranian defeat in Khan Tuman unsettles regime\nAli Alfoneh\nThe army said 30 militants were killed.")
        #expect(titled.map(\.source) == ["The army"])
        let pdf = figures("Thirteen soldiers were killed, according to \nIranian media.\n")
        #expect(pdf.map(\.source) == ["Iranian media"])
        let wrapped = [
            "The strike on the market in the north of the city on Tuesday killed at least",
            "twelve civilians and wounded many more, local officials told the press later",
            "that evening, and the health ministry said the number of dead was likely to",
            "rise as rescuers searched the rubble of the buildings hit by the attack for",
            "Survivors.",
        ]
        let prose = figures(wrapped.joined(separator: "\n"))
        #expect(prose.first?.value == 12 && prose.first?.kind == .atLeast, "\(prose.map(\.span))")
        #expect(Extractor.wrapWidth(Array(wrapped.joined(separator: "\n").unicodeScalars)) != nil)
        #expect(
            Extractor.wrapWidth(
                Array("IS claims killing\nRebels say\nA much longer headline about the attack\nShort".unicodeScalars)) == nil)
    }

    @Test func figuresOfAnotherScopeSayWhy() {
        for (text, words) in [
            ("1,200 Iranian fighters have been killed in Syria since 2012.", "since 2012"),
            ("Some 500,000 people have died throughout the war.", "throughout the war"),
            ("The death toll rose to 270 in 13 days of bombardment.", "in 13 days"),
        ] {
            let f = one(text)
            #expect(f?.scope == .other && f?.scopeWords == words, "\(text): \(String(describing: f?.scopeWords))")
        }
        #expect(one("Thirteen soldiers were killed in the ambush.")?.scope == .event)
        // The war's toll ("in the conflict"), and a month before the text's date: "In April" in
        // a flash update of 15 May 2024 (but not a wounded victim dying of the event later).
        let dated =
            "Flash update, 15 May 2024. On 13 May, shelling killed at least 12 people. In April, 45 civilians were killed."
        #expect(figures(dated).map(\.scope) == [.event, .other] && figures(dated).last?.scopeWords == "In April")
        #expect(one("More than 40,000 people have been killed in the conflict.")?.scope == .other)
        let later = "Gaza, October 23, 2023. Bayan al-Saafin died of her injuries in November, weeks after the strike."
        #expect(one(later)?.scope == .event)
        #expect(one("Report of 2 June 2024. In May 2024, 45 civilians were killed.")?.scope == .other)
        #expect(one("Report of 2 June 2024. In June, 45 civilians were killed.")?.scope == .event)
        // "since" and any words before a year; a governor's title dot inside "according to".
        let since = one("More than 10,500 civilians have been killed since Russia's full-scale invasion in February 2022.")
        #expect(since?.scope == .other && since?.scopeWords == "since Russia's full-scale invasion in February 2022")
        #expect(one("Three civilians were killed, according to Gov. Vadym Filashkin.")?.source == "Gov. Vadym Filashkin")
        // "were later shot dead": the event's end; a ", but" clause's words are not the figure's.
        #expect(one("The 4 assailants were later shot dead by troops.")?.scope == .event)
        let but = figures(
            "Three sons were injured in the strike, but two of them were later killed in another incident on December 1st.")
        #expect(but.map(\.scope) == [.event, .other] && but.map(\.outcome) == [["wounded"], ["killed"]], "\(but.map(\.span))")
        #expect(
            one("Initially Amad news reported that one civilian had been killed, but later sources reported two.")?.scope
                == .event)
    }

    /// PDF text with hyphenated line breaks, curly quotes, en dashes, non-breaking spaces and
    /// HTML entities; the span is the file's own text between the offsets.
    @Test func textAsItComesWithOffsetsIntoTheFile() throws {
        let text =
            "Iranian defeat\n\nAt the very least, 18 Ira-\nnians were killed. As many as 30 Afghan Shias, re-\ncruited by Tehran, were killed.\n"
            + "Officials said \u{201C}13\u{00A0}were martyred\u{201D}. Police reported 3&#8211;7 civilians killed &amp; 2 wounded."
        let f = figures(text)
        #expect(f.map(\.claim) == ["at the very least 18", "as many as 30", "13", "3-7", "2"], "\(f.map(\.claim))")
        let scalars = Array(text.unicodeScalars)
        for x in f {
            #expect(String(String.UnicodeScalarView(scalars[x.start..<x.end])) == x.span)
            #expect(String(String.UnicodeScalarView(scalars[x.quoteStart..<x.quoteEnd])).contains(x.span))
        }
        #expect(f[0].who == "Iranians" && f[0].quote.contains("18 Iranians were killed"))
        #expect(f[3].source == "Police")
    }

    @Test func breakdownsAndListsShareTheirOutcome() {
        let a = figures("163 people died yesterday, including 52 members of the regime forces.")
        #expect(a.map(\.claim) == ["163", "52"] && a.allSatisfy { $0.outcome == ["killed"] })
        let b = figures("23 security forces, 31 militants killed in overnight clashes")
        #expect(b.map(\.claim) == ["23", "31"] && b.allSatisfy { $0.outcome == ["killed"] })
        let c = figures("Seven members of the family, including two children, were killed and four others were wounded.")
        #expect(c.map(\.claim) == ["7", "2", "4"] && c.map(\.outcome) == [["killed"], ["killed"], ["wounded"]])
    }

    /// The forms the held-out sets showed (Benchmarks/extract/RESULTS.md), one row each with
    /// the claims and outcomes expected: pairs and relatives ("both men", "a couple" as a noun,
    /// "brother of ...", "mother of three" is one), one person among or beside a count,
    /// breakdowns, ages after names, head nouns that are things, ranges ("at least 30 and up
    /// to 50"), lists of named victims; then sentences that must give no figure of 1 or 2.
    @Test func formsFoundOnHeldOutText() {
        let rows: [(String, [String], [[String]])] = [
            ("Both of these men were extrajudicially executed.", ["2"], [["killed"]]),
            ("Both the soldier and the civilian were killed.", ["2"], [["killed"]]),
            ("Both of them were killed in the strike.", ["2"], [["killed"]]),
            ("Find a couple executed in Los Espinos.", ["2"], [["killed"]]),
            ("A couple of soldiers were killed.", ["a couple"], [["killed"]]),
            ("Brother of Afghan opposition figure executed by Taliban.", ["1"], [["killed"]]),
            ("Mother of three killed in airstrike.", ["1"], [["killed"]]),
            ("Woman among a dozen killed in Kano.", ["1", "a dozen"], [["killed"], ["killed"]]),
            ("Drone strike kills Taliban key commander, 4 others in Kunduz.", ["1", "4"], [["killed"], ["killed"]]),
            ("At least 30 killed, 45 injured in two Afghan mosque attacks.", ["at least 30", "45"], [["killed"], ["wounded"]]),
            ("At least 304 Including 41 Children Killed.", ["at least 304", "41"], [["killed"], ["killed"]]),
            ("Farm director and eight Russian troops killed in Chechnya.", ["1", "8"], [["killed"], ["killed"]]),
            ("Slain foreign terrorist an explosive expert.", ["1"], [["killed"]]),
            ("There are 12 homicides during December.", ["12"], [["killed"]]),
            ("Casualties estimated at 449 deaths.", ["about 449"], [["killed"]]),
            ("Mexican army to probe killings of six in their home.", ["6"], [["killed"]]),
            ("Forces destroyed more than 100 Ukrainian soldiers.", ["more than 100"], [["killed"]]),
            ("A major in the regime forces killed, while shelling leaves casualties.", ["1"], [["killed"]]),
            ("Gunmen kill vaccinator in NW Pakistan.", ["1"], [["killed"]]),
            ("They find the charred remains of a person in the neighborhood.", ["1"], [["killed"]]),
            ("Several killed, wounded in attacks in Afghan north.", ["several"], [["killed", "wounded"]]),
            ("Airstrikes kill dozen Houthi rebels.", ["dozen"], [["killed"]]),
            ("18 militants, including an important commander named Edres, were killed.", ["18", "1"], [["killed"], ["killed"]]),
            ("Four people, including a woman and a child, were killed.", ["4", "1", "1"], [["killed"], ["killed"], ["killed"]]),
            (
                "Strikes killed up to 20 civilians, including at least 14 members of the family.", ["up to 20", "at least 14"],
                [["killed"], ["killed"]]
            ),
            ("Grandmother Hikmat al-Maqousi (72) was killed.", ["1"], [["killed"]]),
            ("Amin al-Agha, 61, and his wife were both killed.", ["2"], [["killed"]]),
            ("Iyad's brother Nael al-Durra was also killed.", ["1"], [["killed"]]),
            ("It helped to identify 22 deceased family members by name.", ["22"], [["killed"]]),
            ("This resulted in the deaths of at least 30 and up to more than 50 family members.", ["30-50"], [["killed"]]),
            ("On June 7th 2024, a civilian was reported killed in an airstrike.", ["1"], [["killed"]]),
            ("Maha Awad's wife, 56-year-old Dalal al-Shaer Awad was reportedly killed.", ["1"], [["killed"]]),
            ("On Sunday, at least16 members of the family were killed.", ["at least 16"], [["killed"]]),
            (
                "The agency reported on the deaths of several people and a number of missing persons.", ["several", "a number"],
                [["killed"], ["missing"]]
            ),
            ("The dead included five children.", ["5"], [["killed"]]),
            ("The strike injured between 80 and more than 100 people.", ["80-100"], [["wounded"]]),
            (
                "There were more than 20 injured victims, as well as seven who had been killed.", ["more than 20"],
                [["wounded"]]
            ),
            ("Five neighbours of the al-Masry family were reportedly killed.", ["5"], [["killed"]]),
            (
                "At least 21 civilians, including seven women and eight named children, were killed and dozens, among them "
                    + "many children, were injured in three alleged Israeli airstrikes.",
                ["at least 21", "7", "8", "dozens", "many"], [["killed"], ["killed"], ["killed"], ["wounded"], ["wounded"]]
            ),
            (
                "Between 12 and 25 civilians, including at least five children and an elderly man, were injured.",
                ["12-25", "at least 5", "1"], [["wounded"], ["wounded"], ["wounded"]]
            ),
            ("Ayman Ismail Abu Bakr, a shopkeeper, was killed.", ["1"], [["killed"]]),
            ("At dawn, 17 civilians across three generations of the same family were killed.", ["17"], [["killed"]]),
            ("Three sources corroborated that two government employees were injured.", ["2"], [["wounded"]]),
            ("Four of Osama's siblings (Khaled, Muhammad, Ahmed, and Bosli) had also died.", ["4"], [["killed"]]),
            ("Airwars ranged the number of injured to be between two and ten based on references.", ["2-10"], [["wounded"]]),
            ("A user wrote about one martyr and one wounded.", ["1", "1"], [["killed"], ["wounded"]]),
            (
                "The bombing resulted in five civilians killed, including at least three women, and a number of injuries.",
                ["5", "at least 3", "a number"], [["killed"], ["killed"], ["wounded"]]
            ),
            ("Their four children were listed among the dead.", ["4"], [["killed"]]),
            (
                "Seven civilians were killed, including a journalist, two women and four children, and several others, "
                    + "including an infant, were injured.",
                ["7", "1", "2", "4", "several", "1"], [["killed"], ["killed"], ["killed"], ["killed"], ["wounded"], ["wounded"]]
            ),
            ("A correspondent reported that a young man named Odai Bakri was injured.", ["1"], [["wounded"]]),
            ("Sources tweeted that there was also one injury.", ["1"], [["wounded"]]),
            ("Among those killed were Adel Abu Iyada and his two sons, Ahmed and Alaa.", ["2"], [["killed"]]),
            (
                "Killing 21 members, and up to 30 civilians, and wounding at least two civilians.",
                ["21", "up to 30", "at least 2"],
                [["killed"], ["killed"], ["wounded"]]
            ),
            ("Safa News was the first to report, posting about six members of the family being killed.", ["6"], [["killed"]]),
            ("On that day, at least 21 identified civilians were killed.", ["at least 21"], [["killed"]]),
            ("At least one source put the death toll as high as 35.", ["at most 35"], [["killed"]]),
            ("Tijuana: 4 Alleged Sicarios Captured After a Homicide", ["4"], [["captured"]]),
            (
                "Wael Tammos's three sons, 18-year-old Khalil Wael Tammos, 14-year-old Muhammad Wael Tammos, and 12-year-old "
                    + "Hamza Wael Tammos were also reported dead.", ["3"], [["killed"]]
            ),
            ("Other footage of prisoners shows two Afghan Fatemiyoun Division members.", ["2"], [["captured"]]),
        ]
        expectFigures(rows)
        for text in [
            "Both sides suffered heavy losses.", "Baby, 7-year-old girl among six killed.",
            "According to Kowsari, a former senior Guard commander, five or six Iranians were captured.",
            "Forces destroyed 3 tanks and 12 houses.", "A member of parliament said the bill was killed.",
            "Two F16 jets and a COVID19 ward were hit.", "He was killed together with his 71 year-old wife.",
            "Haji Muslim Qadeeh (Abu Ayesh) (78) was injured in his home.", "Forces destroyed Tower 1 and Tower 2.",
            "The wife of the former prisoner spoke to reporters.", "Fares, the brother of the injured, said so.",
            "Photos show four men carrying an injured man.",
            "The PRCS named the paramedics as Mahmoud Al-Masry and Nour Mansour, both PRCS members.",
            "He was killed; his two sons survived.", "Munawar Laban (identified as either 65 or 66) was killed.",
        ] {
            #expect(!figures(text).contains { $0.value == 1 || $0.value == 2 }, "\(text)")
        }
    }

    /// Expects each text's figures to have exactly these claims and outcomes, in order.
    func expectFigures(_ rows: [(String, [String], [[String]])], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for (text, claims, outcomes) in rows {
            let f = figures(text)
            #expect(
                f.map(\.claim) == claims && f.map(\.outcome) == outcomes, "\(text): \(f.map(\.span)) \(f.map(\.claim))",
                sourceLocation: sourceLocation)
        }
    }

    /// Forms of military history (the CWSAC battle descriptions, held out as another genre):
    /// officers named in a list under their rank, ranks abbreviated with a dot, surrender as
    /// capture, "mortally wounded" as killed, "the capture of" one person, a garrison's size.
    @Test func formsOfMilitaryHistory() {
        let rows: [(String, [String], [[String]])] = [
            ("Union generals Sedgwick (VI Corps commander) and Rice were killed.", ["2"], [["killed"]]),
            ("Union general Jesse Reno and Confederate general Samuel Garland, Jr., were killed.", ["2"], [["killed"]]),
            ("Confederate Gen. Bee and Col. Bartow were killed.", ["2"], [["killed"]]),
            (
                "Most surrendered, including Confederate generals Richard S. Ewell, Barton, Simms, Kershaw, Custis Lee, "
                    + "Dubose, Hunton, and Corse.", ["8"], [["captured"]]
            ),
            ("Confederate Gen. Rufus Barringer was captured nearby.", ["1"], [["captured"]]),
            ("Nearly 900 Federals surrendered.", ["nearly 900"], [["captured"]]),
            ("The fort's 12,000-man garrison surrendered unconditionally.", ["12000"], [["captured"]]),
            ("Col. H.M. Shaw surrendered about 2,500 soldiers and 32 guns.", ["about 2500"], [["captured"]]),
            ("Three soldiers were mortally wounded.", ["3"], [["killed"]]),
            (
                "The killing of the general and the capture of their ranking colonel halted the attack.", ["1", "1"],
                [["killed"], ["captured"]]
            ),
            ("They killed two generals and captured a colonel.", ["2", "1"], [["killed"], ["captured"]]),
            (
                "One officer and 27 men went in search of a surgeon and eight men missing since the battle.", ["1", "8"],
                [["missing"], ["missing"]]
            ),
        ]
        expectFigures(rows)
        for text in [
            "They approached Dalton and demanded the surrender of the garrison.",
            "Beauregard, having suffered too many casualties, retired from the field.",
            "No one said how many people were killed.", "Many historians consider this the most important battle.",
            "The raid had three objectives: to capture three Union generals posted there.",
            "The militants tried to kill 20 soldiers but failed.", "A 1,000-man Union garrison held the town.",
            "Col. Chester Harding surrendered around 1:30 pm.", "Bloodgood held Brentwood with 400 men.",
            "Daniel and Perrin were killed.",
        ] {
            #expect(figures(text).isEmpty, "\(text): \(figures(text).map(\.span))")
        }
    }

    /// Forms the later blind history sets showed (held-out-history-3 to -5): officers named
    /// with initials, asides and descriptions, ranks inside lists, losses as casualties, vague
    /// words with no upper end; and what is not a figure there (aims, possibilities).
    @Test func formsOfTheLaterHistorySets() {
        // Officers named with initials or an aside, a second rank inside a list, a force's
        // losses as casualties, and vague words with no upper end.
        expectFigures([
            ("Confederate general John C.C. Sanders was killed on August 21.", ["1"], [["killed"]]),
            ("Col. Edward D. Baker (a U.S. Senator) was killed.", ["1"], [["killed"]]),
            ("Confederate Gen. John Gregg of the Texas brigade was killed.", ["1"], [["killed"]]),
            (
                "Union generals C. Feger Jackson and George Bayard, and Confederate generals Thomas R.R. Cobb and "
                    + "Maxey Gregg were killed.", ["4"], [["killed"]]
            ),
            ("They returned to camp after losing six men in the skirmish.", ["6"], [["killed", "wounded"]]),
            ("The Guard acknowledged the loss of 17 military advisers.", ["17"], [["killed"]]),
            ("The Confederates suffered many casualties.", ["many"], [["killed", "wounded"]]),
            (
                "Two civilians were killed and a number of civilians were injured.", ["2", "a number"],
                [["killed"], ["wounded"]]
            ),
            ("Multiple civilians were injured in the strike.", ["multiple"], [["wounded"]]),
        ])
        // From the fourth blind history set: a description between a name and its fate, a
        // participle after a name, "St." inside a name, ranks with dots after a fate verb,
        // teamsters, a division owning the men.
        expectFigures([
            (
                "Union Gen. James St. Clair Morton, chief engineer of the IX Corps, was killed on June 17.", ["1"],
                [["killed"]]
            ),
            ("\"Willie\" Pegram, beloved Confederate artillery officer, was mortally wounded.", ["1"], [["killed"]]),
            ("Thompson had replaced Col. J.T. Hughes, killed earlier.", ["1"], [["killed"]]),
            ("Jackson attacked, mortally wounding Union Brig. Gen. G.W. Taylor.", ["1"], [["killed"]]),
            ("They captured and killed two Union teamsters.", ["2"], [["killed", "captured"]]),
            (
                "The attack overran the bridgehead, capturing more than 1,600 men of Jubal Early's Division.", ["more than 1600"],
                [["captured"]]
            ),
            ("The strike may have killed 20 people.", ["20"], [["killed"]]),
            ("Police said they could confirm 12 deaths.", ["12"], [["killed"]]),
            ("Soldiers burn four local guerrillas alive in Sagaing's Ye-U township", ["4"], [["killed"]]),
            ("Two toddlers and a schoolgirl were killed.", ["2", "1"], [["killed"], ["killed"]]),
            ("UPDATE 1-Teen killed as Iran town protests for third day.", ["1"], [["killed"]]),
            // From the fifth blind history set: an initial spelling a stop word, a singular rank
            // inside a list, an adverb before the fate, an outcome noun as the group's head.
            (
                "Confederate generals John M. Jones, Micah Jenkins, and Leroy A. Stafford were killed.", ["3"],
                [["killed"]]
            ),
            ("Union generals Berry and Whipple and Confederate general Paxton were killed.", ["3"], [["killed"]]),
            ("Gen. Johnston was seriously wounded during the action.", ["1"], [["wounded"]]),
            ("One Union artillerist was killed and three wounded.", ["1", "3"], [["killed"], ["wounded"]]),
            ("Morgan had about 1,300 Union prisoners of war camping with him.", ["about 1300"], [["captured"]]),
        ])
        for text in ["Having lost this many men, the army was doomed.", "The Union force fell back to the river."] {
            #expect(figures(text).isEmpty, "\(text): \(figures(text).map(\.span))")
        }
        for text in [
            "He hoped his artillery could cause many casualties.", "He sent troops to destroy or capture McNeil's force.",
            "Chivington's men captured some Rebel advance troops.", "The militants will kill 20 hostages, a spokesman said.",
        ] {
            #expect(figures(text).isEmpty, "\(text): \(figures(text).map(\.span))")
        }
    }

    /// Forms read from Airwars assessments whose coded count no figure matched, from the eighth
    /// blind Airwars set and from translated headlines.
    @Test func formsFromAirwarsCountsAndTheEighthSet() {
        // Forms from Airwars assessments whose coded count no figure matched: a title's dot
        // inside a group, an age or an aside between a name and its fate, "reported to have
        // been", an age before the person after "the killing of".
        expectFigures([
            (
                "At least five civilian members of the Dr. Fakhri Radi family, including two women and three children, were "
                    + "killed.", ["at least 5", "2", "3"], [["killed"], ["killed"], ["killed"]]
            ),
            ("On October 8th, Hamid Kamal Abu Aoun (36 years old) was killed.", ["1"], [["killed"]]),
            (
                "On October 12, Safaa Jamil Mahmoud Musa (aged 28), from the North Gaza Governorate, was reportedly killed.",
                ["1"], [["killed"]]
            ),
            ("A civilian was reported to have been killed in the strike.", ["1"], [["killed"]]),
            ("The bombing resulted in the killing of 32-year-old Palestinian journalist Yasser Abu Namous.", ["1"], [["killed"]]),
        ])
        // From the eighth blind set: a breakdown between dashes, "reported as being killed",
        // firefighters; a vague share of people counted elsewhere is no figure.
        expectFigures([
            (
                "The strike resulted in the death of three members of the Al-Ghouti family – two women and a child – at their "
                    + "home.", ["3", "2", "1"], [["killed"], ["killed"], ["killed"]]
            ),
            ("An unknown female was also reported as being killed in the strike.", ["1"], [["killed"]]),
            ("At least four firefighters were reportedly injured.", ["at least 4"], [["wounded"]]),
            ("Bomb kills 12 - residents", ["12"], [["killed"]]),
        ])
        #expect(figures("A number of the killed civilians were taken to the Indonesian Hospital.").isEmpty)
        #expect(one("The strike resulted in the death of two women – at their home.")?.source == nil)
        #expect(
            one("At 16:10, the Palestinian Press Agency (Safa) reported that one person was killed.")?.source
                == "the Palestinian Press Agency")
        // Translated headlines' "kill" without an object is the counted people's fate.
        expectFigures([
            ("Six Anti-Government Militias Kill During Clashes with ANDSF", ["6"], [["killed"]]),
            ("111 Anti-Government Militias Include Their Local Commanders Kill", ["111"], [["killed"]]),
            ("Again, Herdsmen Kill One in Kogi", ["1"], [["killed"]]),
        ])
        // Named people in a list without a count are not a figure; "later the same day" is the same event.
        #expect(figures("The strike resulted in the killing of journalist Yasser Abu Namous and his mother Nima.").isEmpty)
        #expect(one("The father Bilal Al-Ashram reportedly died of his injuries later the same day.")?.scope == .event)
        #expect(one("Three more people died later.")?.scope == .other)
    }

    /// Forms from the fifth blind set of headlines: a person described by their death, a count
    /// that is not a name, a name in quotation marks or under a rank after the noun, one
    /// person before a counted list after a comma, casualties set against injuries, a count
    /// restated by ", the number of", a killing counted by its name.
    @Test func formsOfTheFifthHeadlineSet() {
        expectFigures([
            ("They locate an executed man in a ravine", ["1"], [["killed"]]),
            ("Nine Taleban killed in clashes with security forces in Afghan south", ["9"], [["killed"]]),
            ("Nine Xyzians killed in clashes", ["9"], [["killed"]]),
            ("Notorious rebel leader 'Cmdr. Parago' killed in Davao City operation", ["1"], [["killed"]]),
            ("Rebel leader Cmdr. Parago killed in Davao", ["1"], [["killed"]]),
            ("1st LD Writethru: NATO soldier, 6 militants killed in attack", ["1", "6"], [["killed"], ["killed"]]),
            (
                "20 civilian casualties and 43 injuries are the outcome of the bombardment", ["20", "43"],
                [["killed"], ["wounded"]]
            ),
            ("10 casualties in the shelling of the town", ["10"], [["killed", "wounded"]]),
            (
                "It rose to 5 citizens, the number of those who joined yesterday the convoy of martyrs", ["5"],
                [["killed"]]
            ),
            ("Double homicide is registered in the streets of Zamora", ["2"], [["killed"]]),
        ])
        let toll = one("More casualties raise to about 30, the number of civilians killed since the start of the operation")
        #expect(toll?.claim == "about 30" && toll?.scope == .other)
        // An appositive describing a speaker is not a person in a list; an age between commas is no count.
        expectFigures([
            (
                "According to parliamentarian Kowsari, a former senior Guard commander, five or six Iranians were captured.",
                ["5-6"], [["captured"]]
            ),
            ("A policeman, 35, was killed in the blast.", ["1"], [["killed"]]),
        ])
        #expect(figures("A double agent was arrested.").isEmpty)
        #expect(figures("Soldier, local chief killed in Boko Haram attacks").isEmpty)
    }

    /// Forms from the ninth blind article set: a vague phrase cut by a quotation mark, "other"
    /// as no person, a family's loss as deaths, a long name after the person's employer, an
    /// ordinal as no new person, a relative's count before names, a noun's "of" taking only
    /// the count straight after it, and "an alleged" as no speaker.
    @Test func formsOfTheNinthArticleSet() {
        expectFigures([
            ("Mahmud Ziad reported on Twitter/X that a “number of children were injured”.", ["a number"], [["wounded"]]),
            (
                "At least 14 people were killed and “a large number” of others, including children, were injured.",
                ["at least 14", "a large number"], [["killed"], ["wounded"]]
            ),
            ("A male paramedic was injured while rescuing other injured civilians.", ["1"], [["wounded"]]),
            ("Khalil Khader lost his four children: Ibrahim, aged nine; Amal, aged five.", ["4"], [["killed"]]),
            ("The regiment lost 300 men.", ["300"], [["killed", "wounded"]]),
            (
                "Ayman Kuhail posted that they had lost their son Muhammad (38) and his two sons Saeed (12) and Saif (9).",
                ["2"], [["killed"]]
            ),
            ("Photos showed the body of a journalist with one at the front.", ["1"], [["killed"]]),
        ])
        let journalist = one(
            "On Wednesday, 35-year-old journalist of Al-Aqsa TV Ahmed Abdul Hay Abdullah Abu Mahadi was killed in an "
                + "alleged Israeli airstrike.")
        #expect(journalist?.claim == "1" && journalist?.source == nil)
        #expect(one("Mahmud Ziad reported that a “number of children were injured”.")?.source == "Mahmud Ziad")
        #expect(figures("He was the fifth journalist to have been reportedly killed that day.").isEmpty)
    }

    /// A second object of a killing verb ("killed two police officers and a child") is one
    /// more person with the same fate, "the number of casualties at 57" is a toll, and a
    /// breakdown ("five of them civilians") takes the fate of the figure it breaks down.
    @Test func secondObjectsAndCasualtyTolls() {
        expectFigures([
            ("The attack killed two police officers and a child, the ministry said.", ["2", "1"], [["killed"], ["killed"]]),
            (
                "The strike killed 12 civilians and a paramedic and wounded 20.", ["12", "1", "20"],
                [["killed"], ["killed"], ["wounded"]]
            ),
            ("Officials put the number of casualties at 57.", ["57"], [["killed", "wounded"]]),
            // Forms read in Airwars assessments outside the annotated sets, whose coded counts
            // the extractor missed (`evaluate.py`'s "Airwars' own count").
            (
                "The airstrike killed six members of the family, five of them civilians, and injured a child.",
                ["6", "5", "1"], [["killed"], ["killed"], ["wounded"]]
            ),
            (
                "At least 15 members of the family, including 10 children, four women and one young man were killed.",
                ["at least 15", "10", "4", "1"], [["killed"], ["killed"], ["killed"], ["killed"]]
            ),
            (
                "Eight civilians belonging to two different families, including six children and one woman, were killed.",
                ["8", "6", "1"], [["killed"], ["killed"], ["killed"]]
            ),
            (
                "The strike killed a woman, Ola Ziyad, and her four sons – Areej, Adam and Qais.", ["1", "4"],
                [["killed"], ["killed"]]
            ),
            ("He said that his wife and son had been both killed.", ["2"], [["killed"]]),
            ("Prominent visual artist Heba Zaqout (39 years old) was killed.", ["1"], [["killed"]]),
            ("The strike wounded a child and killed two women.", ["1", "2"], [["wounded"], ["killed"]]),
            ("Twelve people died, eight of whom were children.", ["12", "8"], [["killed"], ["killed"]]),
            ("A father and his four sons were killed in the strike.", ["1", "4"], [["killed"], ["killed"]]),
            ("Ten people were hit, two of whom were wounded.", ["2"], [["wounded"]]),
            // Titles before one name, another spelling in parentheses, an age after the name.
            ("The comedian, blogger, journalist and activist Ali Nisman, aged 35, was killed.", ["1"], [["killed"]]),
            ("A poet and community activist, 36-year-old Omar (Umar) Fares Abu Shawish was killed.", ["1"], [["killed"]]),
            ("A paramedic was likely killed in the attack.", ["1"], [["killed"]]),
            // Forms of the second set of battle descriptions: a name set off by commas after the
            // person noun, names after a fate that share the rank, "a few hundred".
            ("The unit's colonel, Robert Gould Shaw, was killed.", ["1"], [["killed"]]),
            ("Then the Union commander, Brig. Gen. Thomas Williams, was killed.", ["1"], [["killed"]]),
            (
                "Confederate generals Rodes and Goodwin were killed, Fitzhugh Lee, Terry, Johnson, and Wharton wounded.",
                ["2", "4"], [["killed"], ["wounded"]]
            ),
            ("Union general Russell was killed, McIntosh and Upton wounded.", ["1", "2"], [["killed"], ["wounded"]]),
            ("The skirmishes resulted in a few hundred casualties.", ["a few hundred"], [["killed", "wounded"]]),
            (
                "Between five and seven members of the family, including at least three children and at least one woman "
                    + "were killed.", ["5-7", "at least 3", "at least 1"], [["killed"], ["killed"], ["killed"]]
            ),
        ])
        #expect(figures("Police killed 5 militants and arrested a suspect.").map(\.claim) == ["5"])
        // Without a name the titles are people of a list that gives no count.
        #expect(figures("The doctor, nurse and driver were killed.").isEmpty)
        // A verb after "and" with an object of its own is not the fate of the count before it.
        #expect(figures("They mauled two brigades of Heth's division and captured a battery of artillery.").isEmpty)
        #expect(figures("Twelve soldiers were killed and captured.").map(\.outcome) == [["killed", "captured"]])
        // A dash with no spaces between words is an aside's, not a hyphen: the words stay two,
        // and the span is the file's own text.
        let dashed = figures("At least seven people were killed\u{2013}spanning three generations\u{2013}in the strike.")
        #expect(dashed.map(\.claim) == ["at least 7"] && dashed.first?.span == "At least seven people were killed")
        #expect(figures("Between 3\u{2013}7 people died.").map(\.claim) == ["3-7"])
    }

    /// Forms of recorders' event notes (ACLED-style "notes", probe texts of 2026-12-01): a count
    /// that did the deed, a count arrested before a verb of wounding, singular nouns of people
    /// whose plural is listed, "fatality".
    @Test func doersOfTheDeedAndOtherFatesAreNoCasualties() {
        expectFigures([
            ("5 gunmen killed 3 people.", ["3"], [["killed"]]),
            ("3 soldiers killed 5 militants in a clash.", ["5"], [["killed"]]),
            ("Two gunmen shot dead a policeman.", ["1"], [["killed"]]),
            (
                "Haitian gang members of 5 Segonn killed at least 3 people and injured 7.", ["at least 3", "7"],
                [["killed"], ["wounded"]]
            ),
            ("Police arrested 45 protesters and injured 10.", ["10"], [["wounded"]]),
            ("1 protester later died of his wounds.", ["1"], [["killed"]]),
            ("One demonstrator was killed and one bystander injured.", ["1", "1"], [["killed"], ["wounded"]]),
            ("Nabd News initially reported one fatality and 15 injuries.", ["1", "15"], [["killed"], ["wounded"]]),
        ])
        // The verb is the count's own fate without an object, or with a count that has its own.
        expectFigures([
            ("5 killed 3 wounded in Kabul blast", ["5", "3"], [["killed"], ["wounded"]]),
            ("3 soldiers killed or wounded in attack", ["3"], [["killed", "wounded"]]),
            ("Three soldiers were killed and 2 wounded.", ["3", "2"], [["killed"], ["wounded"]]),
        ])
        #expect(!figures("Two brothers killed their father.").contains { $0.value == 2 })
    }

    /// Headline and communiqué forms of the same probe rounds: verbs in the present, ministry
    /// and agency idioms, speakers.
    @Test func formsOfHeadlinesAndCommuniques() {
        // Headline forms of the same round: a verb of massacre or loss in the present, the
        // doer's own death before a list, a force's acronym first in a list.
        expectFigures([
            ("DR Congo: ADF rebels massacre 36 in Beni territory", ["36"], [["killed"]]),
            ("Libyan National Army loses 7 fighters near Sirte", ["7"], [["killed", "wounded"]]),
            ("Suicide bomber kills self, 3 others at checkpoint", ["3"], [["killed"]]),
            ("Burkina Faso: 4 VDP, 2 soldiers killed in northern attack", ["4", "2"], [["killed"], ["killed"]]),
            ("Iraq: car bomb kills 3, hurts 10 in Tuz Khurmatu", ["3", "10"], [["killed"], ["wounded"]]),
            ("Landmine maims 3 children", ["3"], [["wounded"]]),
        ])
        // Idioms of ministries and agencies: SANA's "the injury of", a force's losses carried
        // to a count, a daily report's "past 24 hours" (its event).
        expectFigures([
            (
                "A car bomb in Azaz led to the martyrdom of 3 citizens and the injury of 9 others.", ["3", "9"],
                [["killed"], ["wounded"]]
            ),
            (
                "The losses of the Ukrainian armed forces in this direction amounted to up to 140 servicemen, two tanks.",
                ["up to 140"], [["killed", "wounded"]]
            ),
            ("Russian losses over the past day included 1,140 personnel.", ["1140"], [["killed", "wounded"]]),
        ])
        #expect(one("In the past 24 hours, the enemy lost up to 80 servicemen killed and wounded.")?.scope == .event)
        // Speakers: "Hamas' armed wing"; none across a semicolon.
        #expect(one("Hamas' armed wing said its fighters had killed 15 Israeli soldiers.")?.source == "Hamas' armed wing")
        #expect(one("AP: Israeli troops kill 3 Palestinians in West Bank raid; militants say 2 were members.")?.source == nil)
    }

    /// Clauses that belong to another count: a verb's own object, a tally's labels, "while".
    @Test func clausesOfAnotherCount() {
        // A verb with a count of its own is not the fate of a count before it, past a comma or
        // a relative pronoun; a breakdown still takes the fate of what it breaks down.
        expectFigures([
            ("The government deployed 2,000 troops to the region after the attack, which killed 9.", ["9"], [["killed"]]),
            (
                "The troopers had killed most of the warriors plus a number of women, children and old men-and captured many "
                    + "of the women.", ["many"], [["captured"]]
            ),
            (
                "The strike killed 10 civilians, among them at least two children and one woman, and injured at least one person.",
                ["10", "at least 2", "1", "at least 1"], [["killed"], ["killed"], ["killed"], ["wounded"]]
            ),
            // A model's own number: "an AR-15".
            (
                "The gunman, who had been armed with an AR-15, killed 19 children and 2 teachers.", ["19", "2"],
                [["killed"], ["killed"]]
            ),
        ])
        // Labels of a tally: each outcome labels the count after it, not the one before.
        expectFigures([
            ("Killed: 12 / Wounded: 30 / Missing: 4", ["12", "30", "4"], [["killed"], ["wounded"], ["missing"]]),
            (
                "Soldiers killed: 14\nCivilians killed: 6\nInjured: 40+", ["14", "6", "at least 40"],
                [["killed"], ["killed"], ["wounded"]]
            ),
            ("The DCIP reported that two children were also killed: 11-year-old Mohammed and his sister.", ["2"], [["killed"]]),
        ])
        // Another clause after "while" is not an aside of the figure before it; a person inside a
        // figure is not counted again; wounds of a kind.
        expectFigures([
            (
                "The airstrike took the lives of two children, brothers - Yazid and Zaid, while their father, Ahmed, was injured.",
                ["2", "1"], [["killed"], ["wounded"]]
            ),
            ("Six militants and an officer died in the exchange of fire.", ["6", "1"], [["killed"], ["killed"]]),
            (
                "A police officer and two civilians died, while five others sustained gunshot wounds.", ["1", "2", "5"],
                [["killed"], ["killed"], ["wounded"]]
            ),
        ])
    }

    /// Number forms, freed captives, relative clauses and nouns that look like fates.
    @Test func numberFormsAndFatesThatAreNot() {
        // A range whose upper end closes on a multiple shares it; hedges written in words.
        expectFigures([
            ("Between two and three dozen people were killed.", ["24-36"], [["killed"]]),
            ("Five or six hundred were killed.", ["500-600"], [["killed"]]),
            ("Between 2 and 300 people were killed.", ["2-300"], [["killed"]]),
            ("Thirty-odd soldiers were killed.", ["about 30"], [["killed"]]),
            ("As few as 5 soldiers died.", ["at least 5"], [["killed"]]),
        ])
        // Captives set free are no captives of the event; people rescued may be its wounded.
        expectFigures([
            ("Taliban free 40 prisoners after storming jail, 3 guards killed", ["3"], [["killed"]]),
            ("Nigerian troops free 60 hostages, kill 5 bandits", ["5"], [["killed"]]),
            ("Workers were seen rescuing four children in varying states of injury.", ["4"], [["wounded"]]),
        ])
        // People a relative clause describes die after it.
        expectFigures([("Five men who were wounded in the attack died on Saturday.", ["5"], [["killed"]])])
        // "massacre" as a noun names no verb of a count after it.
        #expect(figures("The massacre resulted in at least 26 martyrs.").map(\.span) == ["at least 26 martyrs"])
        #expect(figures("The attack left 4 MRAP, 2 tanks destroyed.").isEmpty)

        #expect(figures("Airwars' civilian fatality range reflects the number of individuals identified.").isEmpty)
        // "Confederate general Garland": the side's adjective is no person, so the list holds.
        #expect(figures("Union general Reno and Confederate general Garland were killed.").map(\.claim) == ["2"])
    }

    /// A recorder's summary block whose labels run into their values (Airwars' assessments end
    /// so): each label is read as a line of its own, the breakdown in brackets shares the
    /// label's fate, and spans and quotes stay the file's own text.
    @Test func runOnLabelsOfASummaryBlock() {
        let block =
            "belligerent., SummaryStrike statusLikely strikeCivilian harm reportedYesCivilians reported killed22(2–6 "
            + "children4 women9 men)Civilians reported injured12–24Cause of injury / deathHeavy weapons"
        let f = figures(block)
        #expect(f.map(\.claim) == ["22", "2-6", "4", "9", "12-24"], "\(f.map(\.span))")
        #expect(f.map(\.outcome) == [["killed"], ["killed"], ["killed"], ["killed"], ["wounded"]])
        #expect(f.map(\.who) == ["Civilians", "children", "women", "men", "Civilians"])
        #expect(f.allSatisfy { $0.source == nil })
        #expect(f.first?.span == "Civilians reported killed22")
        #expect(f.first?.quote == "Civilians reported killed22(2-6 children4 women9 men)")
        #expect(figures("Civilians reported killed1 (1 woman)").map(\.claim) == ["1", "1"])
        // The block said again word for word at the page's end is the same statement, read once.
        #expect(figures(block + ", Strike statusLikely strikeCivilians reported killed22(2–6 children4 women9 men)").count == 5)
        // A label that stands apart is read as written; a word glued to a number elsewhere stays one.
        #expect(figures("Civilians reported killed: 3 – 7 (2 children 3 women 1 man)").map(\.claim) == ["3-7", "2", "3", "1"])
        #expect(figures("The covid19 deaths were not counted.").isEmpty)
        // The reading: a label run into its neighbours gets its line and colon; a word that
        // begins with a label's letters ("Impacts") is left as it is.
        let labels = ExtractRules.builtIn.runOnLabels
        let read = { (text: String) in String(String.UnicodeScalarView(ExtractText(text, labels: labels).scalars)) }
        #expect(read("gradingFairImpactHealthcare") == "gradingFair\n\nImpact: Healthcare")
        #expect(read("Impacts of the strike") == "Impacts of the strike")
        // A label with its hedge before it; "total" after the count is no group.
        let total = one("Estimated casualties: 4,000 total.")
        #expect(total?.value == 4000 && total?.outcome == ["killed", "wounded"] && total?.who == nil)
        #expect(one("Airwars counted up to 36 total victims killed.")?.who == "victims")
    }

    /// A relative clause between a count and its verb; reports named by their authors, with a time
    /// or a participle after them that is not the author's name.
    @Test func relativeClausesAndTheAuthorsOfReports() {
        let members = one("At least 22 members of the family that had been displaced from al-Bureji camp were killed.")
        #expect(members?.claim == "at least 22" && members?.outcome == ["killed"])
        // "that" after a verb of saying opens what was said, not a clause about the people.
        #expect(
            figures("Several relatives of the family announced that the doctor's daughter was also killed.").map(\.claim) == ["1"]
        )
        let sources = [
            "Initial reports by Al Jazeera the day after the incident reported that 15 civilians were killed.",
            "There were reports by the following afternoon from Church officials putting the death toll at 18 civilians.",
            "Quds News suggests that two others were killed in the strike.",
        ].map { one($0)?.source }
        #expect(sources == ["Al Jazeera", "Church officials", "Quds News"])
        // A cumulative toll with a date in its words; a toll since a coup is another scope.
        let total = figures(
            "The ministry said 112 people were killed in the past 24 hours, bringing the total death toll since Oct. 7 to 21,110."
        )
        #expect(total.map(\.claim) == ["112", "21110"] && total.map(\.scope) == [.event, .other])
        #expect(one("At least 2,940 people have been killed by the junta since the coup.")?.scope == .other)
        #expect(figures("The Union attack at dawn, May 12-13, captured nearly a division of Lee's army.").isEmpty)
    }

    /// A second person after a possessive ("and his driver"), two speakers' nouns joined by
    /// "and", and a rate ("each month") that is no event's toll.
    @Test func possessiveSecondPersonsJoinedSpeakersAndRates() {
        let two = figures("In Baghdad, gunmen killed a government employee and his driver, police said.")
        #expect(two.map(\.claim) == ["1", "1"] && two.map(\.who) == ["government employee", "driver"])
        #expect(
            one("A car bomb killed nine people, police and hospital officials said.")?.source == "police and hospital officials")
        #expect(one("Attacks still kill hundreds of Iraqis each month.")?.scope == .other)
        // People who tell what they saw speak; captives rescued are no captives of the event.
        #expect(one("Drone strike kills 56 at camp, aid workers say")?.source == "aid workers")
        let rescued = figures("Troops neutralise 15 terrorists, rescue 20 kidnapped victims in Borno")
        #expect(rescued.map(\.claim) == ["15"] && rescued.map(\.outcome) == [["killed"]])
        #expect(one("Rescuers pulled out 12 injured people from the rubble.")?.outcome == ["wounded"])
        // An age set off after a name; a possessive fate names the people's own death only in
        // "met their deaths" or "fell to their deaths".
        #expect(one("A neighbour, Khalil Daoud, 61, was also killed.")?.who == "neighbour")
        #expect(one("Their neighbour Khalil Daoud, 61, was also killed.")?.claim == "1")
        #expect(figures("One of the colleagues said that the late Hussein foresaw his death.").isEmpty)
        #expect(figures("UN chief praised thousands of aid workers risking their lives.").isEmpty)
        #expect(one("Three soldiers met their deaths in the ambush.")?.outcome == ["killed"])
        // A surname that is also a trade stays a name.
        #expect(one("Col. Edward D. Baker (a U.S. Senator) was killed.")?.span.hasPrefix("Col.") == true)
        // An officer's command after his name; a verb's second object after a count of guns.
        #expect(one("Col. James Mulligan commanding Crook's 3rd Division was mortally wounded.")?.outcome == ["killed"])
        let men = one("Averell captured four pieces of artillery and nearly 300 men.")
        #expect(men?.claim == "nearly 300" && men?.outcome == ["captured"])
    }

    /// Paragraphs joined without a space (Airwars' assessments): a sentence opener glued to the
    /// word before it starts a new sentence, so its qualifier and speaker are its own; a name
    /// written with a capital inside is left whole.
    @Test func gluedParagraphsPartSentences() {
        let glued = figures("The house was hit in the attack on the Sharaf familyAt least 37 members were reported killed.")
        #expect(glued.map(\.claim) == ["at least 37"])
        let source = figures("Presence of militantsThe Israeli military said 19 terrorists had been eliminated.")
        #expect(source.map(\.source) == ["The Israeli military"])
        #expect(
            one("He wrote on LinkedIn that 5 soldiers were killed.")?.quote == "He wrote on LinkedIn that 5 soldiers were killed."
        )
        // A place after an "according to" speaker is not the speaker's name.
        let place = one("Dozens of martyrs were reported by Basil Al-Harsh in the house of his uncle Ziad.")
        #expect(place?.source == "Basil Al-Harsh")
    }

    /// Forms of the twelfth probe round: fates after "of whom", tolls since a period opened, ages
    /// before a person, sentences glued after a word's dot.
    @Test func ofWhomTollsSinceAndGluedSentences() {
        expectFigures([
            (
                "The MSF-supported hospital received 62 wounded patients after the shelling, 11 of whom died on arrival.",
                ["62", "11"], [["wounded"], ["killed"]]
            ),
            ("Twelve people died, eight of whom were children.", ["12", "8"], [["killed"], ["killed"]]),
        ])
        let toll = figures(
            "Israeli army says 3 soldiers killed in northern Gaza, bringing the toll since the ground offensive began to 245.")
        #expect(toll.map(\.claim) == ["3", "245"])
        #expect(toll.map(\.scope) == [.event, .other], "\(toll.map(\.scopeWords))")
        #expect(one("She had lost at least 33 family members since the Israeli bombardment began.")?.scope == .other)
        #expect(one("A 19-year-old Palestinian was shot dead by Israeli forces in Jenin.")?.who == "Palestinian")
        let glued = figures("Mustafa Al-Kurd shared their images on social media.40-year-old Tayseer Al-Kurd was killed.")
        #expect(glued.map(\.source) == [nil], "\(glued.map(\.span))")
    }

    /// Forms of the thirteenth probe round: a speaker that ends at its verb, a report denied, the
    /// bodies of the missing, the whole of a share when its own fate comes first, deaths by a means.
    @Test func speakersEndAtTheirVerbAndTheBodiesOfTheMissing() {
        let posted = figures("Videos posted by local citizens on Facebook show the bodies of two of the killed civilians.")
        #expect(posted.map(\.source) == ["local citizens on Facebook"])
        #expect(posted.map(\.outcome) == [["killed"]])
        #expect(one("According to initial reports by local sources, 45 family members were wounded.")?.source == "local sources")
        let denied = figures("The ministry denied reports that 50 soldiers had been killed, saying only 3 were lightly wounded.")
        #expect(denied.map(\.source) == ["The ministry", "The ministry"])
        // "The group" refers back to the speaker before it, else stands for itself.
        let group = figures(
            "The Pakistani Taliban said its fighters had killed 20 soldiers. The group also said it had captured two soldiers.")
        #expect(group.map(\.source) == ["The Pakistani Taliban", "The Pakistani Taliban"])
        #expect(one("The group said 5 soldiers were killed.")?.source == "The group")
        expectFigures([
            ("The bodies of three missing hikers were found on Sunday.", ["3"], [["killed"]]),
            ("At least half of the 300 people killed were women and children.", ["300"], [["killed"]]),
            (
                "A policeman was stabbed to death and two others were injured in the attack.", ["1", "2"],
                [["killed"], ["wounded"]]
            ),
        ])
        #expect(figures("A third of the 300 passengers drowned.").isEmpty)
        #expect(figures("Gunmen kill village chief and his two sons in Plateau").map(\.who) == ["village chief", "sons"])
    }

    /// A web page saved as it is: tags, comments, scripts and styles are no text, a block's end
    /// parts sentences (the paragraph's speaker is not the headline's), and the offsets still
    /// point into the file; "<5" is text.
    @Test func webPageMarkupIsNoText() {
        let page =
            "<html><head><title>Attack</title><style>p { margin: 10px }</style><script>var killed = 10;</script></head>"
            + "<body><!-- 20 killed --><h1>Gunmen kill 5 in Kano</h1><p>At least 5 people were killed and 12 injured, "
            + "police said.</p><p>The <b>army</b> said 3 attackers died.</p></body></html>"
        let f = figures(page)
        #expect(f.map(\.claim) == ["5", "at least 5", "12", "3"], "\(f.map(\.span))")
        #expect(f.map(\.source) == [nil, "police", "police", "The army"])
        let scalars = Array(page.unicodeScalars)
        for x in f { #expect(String(String.UnicodeScalarView(scalars[x.start..<x.end])) == x.span) }
        #expect(f.last?.quote == "The army said 3 attackers died.")
        #expect(extractor.extract(page, file: "p.html").title == "Gunmen kill 5 in Kano")
        #expect(figures("Fewer than 5 killed, <5 dead in the blast").count == 2)
    }

    @Test func hostileInputNeverCrashes() {
        var rng = SystemRandomNumberGenerator()
        let pieces = [
            "13", " killed", ",", " at least", " -", "\n", "&#x", "&amp;", "\u{201C}", "–", " said", " according to", ";",
            "(", ")", ".", " dozens of", " between", " and", "-\n", "\u{00AD}", "\u{FEFF}", "é", "🙂", " was", " a", " soldier",
        ]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...60, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            for f in figures(text) {
                #expect(f.start <= f.end && f.end <= text.unicodeScalars.count && f.confidence > 0 && f.confidence <= 1)
            }
        }
        #expect(figures("").isEmpty && figures(String(repeating: "9", count: 5000)).isEmpty)
        // Found by this test: a comma opening the text before "was killed" read the token before it.
        #expect(figures(", was killed").isEmpty && figures(", aged 5, was killed").isEmpty)
        // Found by the fuzzer (make fuzz, ExtractFuzz): an 80-digit "count" gave the claim "1e+79".
        #expect(figures("At least 30 killed, \(String(repeating: "9", count: 80)) injured").map(\.claim) == ["at least 30"])
    }

    /// Every figure's claim, as the draft case writes it, reads back under the claim grammar
    /// as a claim of the figure's own kind with its number(s): the JSON's kind and the draft's
    /// claim never disagree ("10+ dead" once gave the kind at_least and the claim "10").
    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func claimsReadBackAsTheirKind() throws {
        let grammar = ClaimGrammar(lexicon: .builtIn)
        let kinds: [ExtractedFigure.Kind: Claim.Kind] = [
            .exact: .exact, .atLeast: .lowerBound, .atMost: .upperBound, .about: .approximate, .range: .range, .vague: .vague,
        ]
        var texts = try ExtractGold.load().texts.map { try $0.body() }
        texts += ["10+ dead in blast", "Troops kill 23 citizens at least", "40-odd killed", "Injured: 40+", "some 20 dead"]
        var checked = 0
        for text in texts {
            for f in figures(text) {
                checked += 1
                guard case .success(let c) = grammar.parse(f.claim) else {
                    Issue.record("\(f.span): claim '\(f.claim)' does not parse")
                    continue
                }
                #expect(c.kind == kinds[f.kind], "\(f.span): '\(f.claim)' reads as \(c.kind), the figure is \(f.kind)")
                if f.kind == .range { #expect(c.lower == f.low && c.upper == f.high, "\(f.span)") }
                if [.exact, .atLeast, .atMost, .about].contains(f.kind) { #expect(c.figure == f.value, "\(f.span)") }
            }
        }
        #expect(checked > 500)
    }

    /// Precision and recall on the hand annotations (Fixtures/extract-gold.json, scored as
    /// Benchmarks/extract/evaluate.py scores them; that script records the figures). The
    /// floors are the issue's targets.
    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func precisionAndRecallOnTheAnnotatedTexts() throws {
        let gold = try ExtractGold.load()
        let short = gold.score(gold.texts.filter { $0.set == "short" }, extractor)
        let articles = gold.score(gold.texts.filter { $0.set == "article" }, extractor)
        #expect(short.precision >= 0.95 && short.recall >= 0.93, "short: \(short)")
        #expect(articles.precision >= 0.85 && articles.recall >= 0.90, "articles: \(articles)")
        #expect(articles.source >= 0.75 && short.scope >= 0.85 && articles.scope >= 0.85, "\(short) \(articles)")
        // Every held-out set pooled (headlines, articles and the battle descriptions), as a
        // guard: a rule that helps one genre must not cost another (0.99 / 0.95 of 466 on 2026-11-30).
        let heldOut = gold.score(gold.texts.filter { $0.set.hasPrefix("held-out") }, extractor)
        #expect(heldOut.precision >= 0.97 && heldOut.recall >= 0.92, "held out: \(heldOut)")
        // A place or topic before a headline's colon is no source (0.10 of the first set's
        // unattributed headline figures had one before that rule, 0.00 after; held out 0.04 -> 0.02 of 616).
        #expect(short.madeUp <= 0.02 && articles.madeUp <= 0.10 && heldOut.madeUp <= 0.05, "\(short) \(heldOut)")
    }
}
