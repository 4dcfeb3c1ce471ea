import Testing

@testable import CasualtyData

/// The claim grammar on every form the issue names; each expectation is the reading a
/// careful analyst would write down for the wording.
@Suite struct ClaimGrammarTests {
    let grammar = ClaimGrammar(lexicon: .builtIn)

    func claim(_ text: String) throws -> Claim { try grammar.parse(text).get() }

    @Test(arguments: [
        ("13", 13.0), ("thirteen", 13), ("1,200", 1200), ("1200", 1200), ("twenty-one", 21),
        ("one hundred and five", 105), ("a hundred", 100), ("1.5 million", 1_500_000),
        ("two thousand five hundred", 2500), ("none", 0), ("zero", 0), ("0", 0), ("eight", 8),
    ])
    func exactFigures(text: String, value: Double) throws {
        let c = try claim(text)
        #expect(c.kind == .exact)
        #expect(c.lower == value && c.upper == value && c.point == value)
    }

    @Test func lowerBounds() throws {
        for (text, lower) in [
            ("at least 18", 18.0), ("At the very least 18", 18), ("no fewer than 7", 7),
            ("18 or more", 18), ("18+", 18), ("at least a dozen", 12),
            ("over 34", 35), ("more than 34", 35), ("in excess of 1,000", 1001),
            ("upwards of 40", 41), ("at least two dozen", 24),
        ] {
            let c = try claim(text)
            #expect(c.kind == .lowerBound, "\(text)")
            #expect(c.lower == lower && c.upper == nil, "\(text)")
            #expect(c.reportedRange == lower...lower, "\(text)")
        }
    }

    @Test func upperBounds() throws {
        for (text, upper) in [
            ("as many as 30", 30.0), ("up to 30", 30), ("at most 30", 30),
            ("no more than 30", 30), ("30 or fewer", 30), ("fewer than 10", 9),
            ("less than 10", 9), ("under 10", 9), ("up to thirty", 30),
        ] {
            let c = try claim(text)
            #expect(c.kind == .upperBound, "\(text)")
            #expect(c.lower == 0 && c.upper == upper, "\(text)")
        }
    }

    @Test func ranges() throws {
        for (text, lo, hi) in [
            ("5-6", 5.0, 6.0), ("5–6", 5, 6), ("5 - 6", 5, 6), ("five to six", 5, 6),
            ("five or six", 5, 6), ("between 400 and 700", 400, 700),
            ("from 10 to 20", 10, 20), ("five-six", 5, 6), ("3 – 7", 3, 7),
        ] {
            let c = try claim(text)
            #expect(c.kind == .range, "\(text)")
            #expect(c.lower == lo && c.upper == hi, "\(text)")
            #expect(c.point == (lo + hi) / 2, "\(text)")
        }
    }

    @Test func approximationsUseTheLexicon() throws {
        // about: x0.8 .. x1.2; nearly: x0.85 .. x1.0 (Models/lexicon.yaml).
        let about = try claim("about 24")
        #expect(about.kind == .approximate && about.figure == 24)
        #expect(abs(about.lower - 19.2) < 1e-12 && abs(about.upper! - 28.8) < 1e-12)
        let nearly = try claim("nearly 300")
        #expect(abs(nearly.lower - 255) < 1e-12 && nearly.upper == 300)
        #expect(try claim("around 50").kind == .approximate)
        #expect(try claim("some 300").figure == 300)
        #expect(try claim("~40").figure == 40)
        #expect(try claim("about two dozen").figure == 24)
    }

    @Test func vagueWordsUseTheLexicon() throws {
        for (text, lo, hi) in [
            ("a score", 15.0, 25.0), ("two dozen", 20, 28), ("dozens", 24, 99),
            ("Scores", 40, 200), ("several", 3, 9), ("a few", 2, 5),
            ("hundreds", 200, 999), ("several dozen", 36, 108),
        ] {
            let c = try claim(text)
            #expect(c.kind == .vague, "\(text)")
            #expect(c.lower == lo && c.upper == hi, "\(text)")
        }
        // After a bound, a vague word gives its near end.
        #expect(try claim("at least dozens").lower == 24)
        #expect(try claim("up to hundreds").upper == 999)
    }

    @Test func badClaimsExplainThemselves() {
        for text in ["", "lots", "thirteen soldiers", "-5", "7-5", "about", "five six", "1e400"] {
            guard case .failure(let e) = grammar.parse(text) else {
                Issue.record("'\(text)' should not parse")
                continue
            }
            #expect(!e.message.isEmpty && !e.fix.isEmpty)
        }
        if case .failure(let e) = grammar.parse("7-5") { #expect(e.message.contains("inverted")) }
        if case .failure(let e) = grammar.parse("-5") { #expect(e.message.contains("negative")) }
    }

    /// No claim counts more people than live on Earth (`largestCount`, 10^10): a misprint or
    /// a unit error, in every form; 10^10 itself is read.
    @Test func countsAboveTheWorldsPopulationAreRefused() {
        for text in [
            "99999999999999999999", "20 billion", "at least 20 billion", "about 9 billion", "5-20000000000", "up to 11 billion",
        ] {
            guard case .failure(let e) = grammar.parse(text) else {
                Issue.record("'\(text)' should not parse")
                continue
            }
            #expect(e.message.contains("more people than live on Earth"), "\(text): \(e)")
        }
        #expect((try? grammar.parse("10,000,000,000").get())?.figure == 1e10)
        #expect((try? grammar.parse("8 billion").get())?.figure == 8e9)
    }
}

@Suite struct NumberWordsTests {
    @Test func wordsAndDigits() {
        #expect(NumberWords.parse("ninety-nine") == 99)
        #expect(NumberWords.parse("a dozen") == 12)
        #expect(NumberWords.parse("two dozen") == 24)
        #expect(NumberWords.parse("a score") == 20)
        #expect(NumberWords.parse("three hundred and twelve") == 312)
        #expect(NumberWords.parse("12,345,678") == 12_345_678)
        #expect(NumberWords.parse("1,20") == nil)  // not a thousands grouping
        #expect(NumberWords.parse("five six") == nil)
        #expect(NumberWords.parse("a") == nil)
        #expect(NumberWords.parse("many") == nil)
    }
}
