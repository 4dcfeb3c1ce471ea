import Foundation
import Testing

@testable import CasualtyData

@Suite struct CaseFileTests {
    @Test func minimalCaseDecodes() throws {
        let c = try Case.parse(yaml: minimalCase, file: "case.yaml", lexicon: .builtIn)
        #expect(c.info.id == "test")
        #expect(c.reports.map(\.id) == ["r1", "r2"])
        #expect(c.reports[1].quantity.name == "killed:blues")
        #expect(c.reports[1].quantity.groups == ["a", "b"])
        #expect(c.reports[0].location.line == 16)
        #expect(c.cells.count == 6)
    }

    @Test func quantitiesAreCanonical() throws {
        let c = try Case.parse(yaml: minimalCase, file: "case.yaml", lexicon: .builtIn)
        let q1 = try c.quantity("killed:a+b").get(), q2 = try c.quantity("killed:blues").get()
        #expect(q1 == q2 && q1.name == "killed:blues")
        let q3 = try c.quantity("wounded+killed:c").get()
        #expect(q3.name == "killed+wounded:c" && q3.cells.count == 2)
        for bad in ["killed", "killed:zz", "dead:a", "killed:a+blues", "killed+killed:a", ":a"] {
            guard case .failure(let e) = c.quantity(bad) else {
                Issue.record("\(bad) parsed")
                continue
            }
            #expect(!e.fix.isEmpty, "\(bad)")
        }
        if case .failure(let e) = c.quantity("killed:blue") { #expect(e.fix.contains("blues")) }
    }

    @Test func relationsForTheBiasModel() throws {
        let c = try Case.parse(yaml: minimalCase, file: "case.yaml", lexicon: .builtIn)
        let s1 = try #require(c.source("s1")), s2 = try #require(c.source("s2"))
        let blues = try c.quantity("killed:blues").get(), red = try c.quantity("killed:c").get()
        let mixed = try c.quantity("killed:a+c").get()
        #expect(c.relation(of: s2, to: blues) == .own)
        #expect(c.relation(of: s2, to: red) == .enemy)
        #expect(c.relation(of: s2, to: mixed) == .neutral)
        #expect(c.relation(of: s1, to: blues) == .neutral)
    }

    /// Each fault is spliced into the minimal case; the error must name the right line and
    /// column and carry a fix.
    @Test(arguments: [
        (
            "  s1: {name: One, side: neutral, reliability: 0.5}", "  s1: {name: One, side: neutral, reliability: 1.5}",
            "outside [0.01, 1]", 13
        ),
        (
            "  s1: {name: One, side: neutral, reliability: 0.5}", "  s1: {name: One, side: neutral, reliability: 0}",
            "outside [0.01, 1]", 13
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s9, documents: [d1], what: killed, who: a, claim: 13}", "unknown source 's9'", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d2], what: killed, who: a, claim: 13}", "unknown document 'd2'", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d1], what: killed, who: z, claim: 13}", "unknown group or aggregate 'z'", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d1], what: died, who: a, claim: 13}", "unknown outcome 'died'", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: -4}", "negative", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 9-3}", "inverted", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: .inf}", "not finite", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: lots}", "cannot read the claim", 16
        ),
        (
            "  - {source: s1, documents: [d1], what: killed, who: a, claim: 13}",
            "  - {source: s1, documents: [d1], what: killed, who: [a, blues], claim: 13}", "counted twice", 16
        ),
        ("  blues: [a, b]", "  blues: [a, q]", "unknown group 'q'", 9),
        ("  b: {side: blue}", "  a: {side: blue}", "duplicate key", 5),
        (
            "  s2: {name: Two, side: blue, reliability: 1}", "  s2: {name: Two, side: blue, reliabilty: 1}",
            "unknown field 'reliabilty'", 14
        ),
        ("  s2: {name: Two, side: blue, reliability: 1}", "  s2: {name: Two, side: bleu, reliability: 1}", "no group has", 14),
        (
            "  s2: {name: Two, side: blue, reliability: 1}", "  s2: {name: Two, side: blue, reliability: 1, derives_from: [s7]}",
            "unknown source 's7'", 14
        ),
        ("case: {id: test, title: Test}", "case: {id: test, title: Test, date: 2016-13-01}", "not an ISO date", 2),
        ("case: {id: test, title: Test}", "case: {id: te st, title: Test}", "not a valid name", 2),
        ("outcomes: [killed, wounded]", "outcomes: [killed, wounded", "malformed YAML", 4),
    ])
    func faultsNameLineColumnAndFix(original: String, replacement: String, message: String, line: Int) {
        #expect(minimalCase.contains(original))
        let ds = diagnostics(minimalCase.replacingOccurrences(of: original, with: replacement))
        let hit = ds.first { $0.message.contains(message) }
        #expect(hit != nil, "expected '\(message)' in \(ds)")
        if let hit {
            #expect(hit.location?.file == "case.yaml")
            #expect(hit.location?.line == line, "\(hit)")
            #expect((hit.location?.column ?? 0) >= 1)
            #expect(hit.fix != nil || hit.message.contains("malformed"))
        }
    }

    @Test func allProblemsAreReportedAtOnce() {
        let bad =
            minimalCase
            .replacingOccurrences(of: "reliability: 0.5", with: "reliability: 2")
            .replacingOccurrences(of: "claim: 13", with: "claim: lots")
        #expect(diagnostics(bad).count == 2)
    }

    /// Settings that overflowed the model (sigma0 1e-300, a prior median of 1e300, a
    /// reliability of 1e-9) are refused at their line with the accepted range.
    @Test func modelSettingsAndReliabilityAreRangeChecked() {
        for (setting, message) in [
            ("sigma0: 1e-300", "sigma0 must be between 0.01 and 5"), ("prior_median: 1e300", "between 0.1 and 10000000"),
            ("bias_own: 1e308", "bias_own must be between -3 and 3"), ("rho: .nan", "rho"),
        ] {
            let ds = diagnostics(minimalCase + "\nmodel: {\(setting)}\n")
            #expect(ds.count == 1 && ds[0].message.contains(message) && ds[0].fix != nil, "\(setting): \(ds)")
        }
        let tiny = minimalCase.replacingOccurrences(of: "reliability: 0.5}", with: "reliability: 1e-9}")
        #expect(diagnostics(tiny).contains { $0.message.contains("outside [0.01, 1]") && $0.fix != nil })
    }

    /// Found on hostile input: these errors had no fix, or a wrong place (a non-UTF-8 byte on
    /// line 16 was reported at 1:1). Every diagnostic now carries a fix (the initialiser
    /// requires one) and the place of the fault.
    @Test(arguments: [
        ("blues: [a, b]", "blues: []", 9, "empty list"),
        ("reliability: 0.5}", "reliability: 0.5, derives_from: [s1]}", 13, "derive from itself"),
        ("reliability: 0.5}", "reliability: .nan}", 13, "finite"),
        ("reliability: 0.5}", "reliability: high}", 13, "must be a number"),
        ("what: killed, who: a, claim: 13", "what: '', who: a, claim: 13", 16, "what is empty"),
        ("title: Test", "title: Te\u{0}st", 2, "control characters"),
    ])
    func everyFaultHasAPlaceAndAFix(original: String, replacement: String, line: Int, message: String) throws {
        let text = minimalCase.replacingOccurrences(of: original, with: replacement)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fault-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try Case.load(path: url.path, lexicon: .builtIn)
            Issue.record("should fail: \(replacement)")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.message.contains(message) && d.location?.line == line && d.fix != nil, "\(d)")
        }
    }

    @Test func aNonUTF8ByteIsReportedWhereItIs() throws {
        var bytes = Array(minimalCase.utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "O")))  // "One" on line 13
        bytes[at] = 0xFF
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bytes-\(UUID().uuidString).yaml")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try Case.load(path: url.path, lexicon: .builtIn)
            Issue.record("should fail")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.location?.line == 13 && d.location?.column == 14 && d.fix != nil, "\(d)")
        }
    }

    @Test func derivationCyclesAreRejected() {
        let bad =
            minimalCase
            .replacingOccurrences(of: "reliability: 0.5}", with: "reliability: 0.5, derives_from: [s2]}")
            .replacingOccurrences(of: "reliability: 1}", with: "reliability: 1, derives_from: [s1]}")
        #expect(diagnostics(bad).contains { $0.message.contains("cycle") })
    }

    @Test func aliasBombIsRefusedBeforeExpansion() {
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for i in 1..<12 {
            let prev = i == 1 ? "a" : "a\(i - 1)"
            bomb += "a\(i): &a\(i) [*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev)]\n"
        }
        bomb += "? *a11\n: x\n"
        let ds = diagnostics(bomb)
        #expect(ds.count == 1)
        #expect(ds.first?.message.contains("anchors") == true)
        #expect(ds.first?.location?.line == 1)
    }

    @Test func anchorGuardReadsTheParsersEventsNotTheText() {
        // Quoted text, comments and plain scalars with '*' or '&' inside are not anchors.
        #expect(
            YAMLInput.firstRefusal(in: "q: \"*not an alias & nor anchor\"\n# &x comment\nr: 'it''s *fine*'\ns: a *b c\n")
                == nil)
        #expect(YAMLInput.firstRefusal(in: "x: [1, 2]\ny:\n  - *ref\n")?.line == 3)
        #expect(YAMLInput.firstRefusal(in: "x: [1, &y 2]\n").map { [$0.column] } == [8])
        // Found on hostile input: a block scalar whose text opens a quote hid the anchors
        // after it from the lexical scan (an 86 KB file gave a 16.8 MB report).
        let hidden = "note: |\n  \"an unclosed quote in a block scalar\nb: &b [x, x]\nc: [*b, *b]\n"
        #expect(YAMLInput.firstRefusal(in: hidden).map { [$0.line, $0.column] } == [3, 4])
        #expect(
            diagnostics(minimalCase + "\nextra: |\n  \"open\nanchored: &a [1]\nagain: *a\n").first?.message.contains("anchors")
                == true)
    }

    @Test func aLongFlowLineIsNotMistakenForDeepNesting() throws {
        // Found on hostile input: a 1,000-character quote followed by `note:` in one flow
        // mapping was refused as "nested over 200 deep" by the lexical scan.
        let quote = String(repeating: "word ", count: 200)
        let long = minimalCase.replacingOccurrences(
            of: "claim: 13}", with: "claim: 13, quote: \"\(quote)\", note: \"checked\"}")
        let c = try Case.parse(yaml: long, file: "case.yaml", lexicon: .builtIn)
        #expect(c.reports.count == 2)
    }

    @Test func unknownFieldsWarnUnlessTheyLookLikeTypos() throws {
        let extra = minimalCase.replacingOccurrences(
            of: "case: {id: test, title: Test}",
            with: "case: {id: test, title: Test, analyst: Jane}\npriors: {median: 10}")
        let c = try Case.parse(yaml: extra, file: "case.yaml", lexicon: .builtIn)
        #expect(c.warnings.count == 2)
        #expect(c.warnings.allSatisfy { $0.message.contains("ignored") })
        let typo = minimalCase.replacingOccurrences(of: "reports:", with: "report:")
        #expect(diagnostics(typo).contains { $0.fix == "did you mean 'reports'?" })
    }

    @Test func deepNestingIsRefusedBeforeComposing() {
        let deep = "x: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        #expect(diagnostics(deep).first?.message.contains("nested") == true)
        let dashes = "x:\n" + String(repeating: "- ", count: 2000) + "y\n"
        #expect(diagnostics(dashes).first?.message.contains("nested") == true)
    }

    @Test func datesMayCarryATime() throws {
        let c = try Case.parse(
            yaml: minimalCase.replacingOccurrences(of: "title: Test}", with: "title: Test, date: 2016-05-06T14:00Z}"),
            file: "case.yaml", lexicon: .builtIn)
        #expect(c.info.date == "2016-05-06T14:00Z")
    }

    @Test func missingFileIsItsOwnError() {
        do {
            _ = try Case.load(path: "/nonexistent/case.yaml")
            Issue.record("should throw")
        } catch {
            guard case .missingFile(let path, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == "/nonexistent/case.yaml")
        }
    }

    @Test func emptyAndNonMappingFilesAreInvalid() {
        #expect(diagnostics("").first?.message.contains("empty") == true)
        #expect(diagnostics("- just\n- a list\n").first?.message.contains("mapping") == true)
    }
}

@Suite struct LexiconTests {
    /// A figure that is not a whole number of people is read, with a warning and a fix.
    @Test func aFractionOfAPersonIsAWarning() throws {
        let half = minimalCase.replacingOccurrences(of: "claim: 13}", with: "claim: 12.5}")
        let c = try Case.parse(yaml: half, file: "case.yaml", lexicon: .builtIn)
        #expect(c.warnings.contains { $0.message.contains("not a whole number") && $0.fix != nil && $0.location?.line == 16 })
        #expect(try Case.parse(yaml: minimalCase, file: "case.yaml", lexicon: .builtIn).warnings.isEmpty)
    }

    @Test func builtInCopyMatchesModelsLexicon() throws {
        let file = try String(contentsOfFile: Repo.path("Models/lexicon.yaml"), encoding: .utf8)
        #expect(
            file.trimmingCharacters(in: .newlines) == Lexicon.builtInYAML.trimmingCharacters(in: .newlines),
            "run `make lexicon` after editing Models/lexicon.yaml")
        let lex = try Lexicon.load(path: Repo.path("Models/lexicon.yaml"))
        #expect(lex.vague == Lexicon.builtIn.vague && lex.approximations == Lexicon.builtIn.approximations)
        #expect(lex.vague.allSatisfy { !$0.rationale.isEmpty })
    }

    @Test func invalidLexiconIsRejected() {
        let bad = """
            schema: casualty-lexicon/1
            vague:
              - {words: [lots], low: 1, high: 3, rationale: x}
              - {words: [lots], low: 2, high: 4, rationale: y}
              - {words: [heaps], low: 9, high: 3, rationale: z}
            """
        do {
            _ = try Lexicon.parse(yaml: bad, file: "lex.yaml")
            Issue.record("should throw")
        } catch {
            #expect(error.diagnostics.count == 2)
        }
    }

    @Test func wideningKeepsTheCentre() {
        let wide = Lexicon.builtIn.widened(by: 1.5)
        let d = Lexicon.builtIn.vagueWord("dozens")!, w = wide.vagueWord("dozens")!
        #expect(abs((d.low * d.high!).squareRoot() - (w.low * w.high!).squareRoot()) < 1e-9)
        #expect(w.low < d.low && w.high! > d.high!)
        // A word with no upper end keeps its floor: there is no centre to widen about.
        #expect(wide.vagueWord("many")?.low == Lexicon.builtIn.vagueWord("many")?.low)
        #expect(wide.vagueWord("many")?.high == nil)
    }

    @Test func vagueWordsWithoutAnUpperEndAreFloors() throws {
        let grammar = ClaimGrammar(lexicon: .builtIn)
        let many = try grammar.parse("many").get()
        #expect(many.kind == .vague && many.lower == 3 && many.upper == nil)
        #expect(many.intervalDescription == "[3, inf)")
        #expect(try grammar.parse("a number of").get().lower == 2)
        #expect(try grammar.parse("at least numerous").get().lower == 3)
        // "at most many" has no end to bound by.
        #expect(throws: ClaimError.self) { try grammar.parse("at most many").get() }
        let open = """
            schema: casualty-lexicon/1
            vague:
              - {words: [lots], low: 4, rationale: no upper end}
            """
        #expect(try Lexicon.parse(yaml: open, file: "lex.yaml").vagueWord("lots")?.high == nil)
        let hedge = """
            schema: casualty-lexicon/1
            approximations:
              - {words: [roughly], low: 0.9, rationale: a hedge needs both ends}
            """
        #expect(throws: DataError.self) { try Lexicon.parse(yaml: hedge, file: "lex.yaml") }
    }
}

/// Path arithmetic without Foundation's trap on one-letter names.
@Suite struct PathTextTests {
    @Test func pathFoldersAgreeWithFoundationWithoutItsTrap() {
        // NSString.deletingLastPathComponent traps on a one-letter bare name ("k"); elsewhere
        // PathText.folder(of:) gives what it gives.
        for path in ["ab", "/a", "x/a", "a.b", "ab/", "./a", "a//b", "/", "/x/y/z.yaml", "x/y/"] {
            #expect(PathText.folder(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
        #expect(PathText.folder(of: "k") == "" && PathText.folder(of: "") == "")
    }
}
