import Foundation
import Testing

@testable import CasualtyData

/// Quotes against their documents: what normalisation forgives, what it does not, and the
/// error a made-up quote gets.
@Suite struct QuoteCheckTests {
    static let document = """
        The ministry said that “thirteen soldiers were killed”
        and that eighteen were wounded in the am-
        bush. A pro-
        government outlet put the toll at 80 — a figure nobody confirmed.
        """

    @Test(arguments: [
        "\"thirteen soldiers were killed\"",  // curly quotes in the text, straight in the quote
        "were killed” and that eighteen",  // a line break in the text
        "wounded in the ambush",  // a word hyphenated across a line break, joined
        "A pro-government outlet",  // a hyphen at a line break that belongs to the word
        "put the toll at 80 - a figure",  // an em dash typed as a hyphen
        "The ministry said ... eighteen were wounded [...] nobody confirmed.",  // omissions, in order
    ])
    func forgivenDifferences(quote: String) {
        #expect(QuoteCheck.isFound(quote, in: QuoteCheck.searchForms(of: Self.document)))
    }

    @Test(arguments: [
        "thirteen soldiers were martyred",  // another word
        "The Ministry said",  // another case: a quote is verbatim
        "nobody confirmed ... The ministry said",  // fragments out of order
    ])
    func realDifferences(quote: String) {
        #expect(!QuoteCheck.isFound(quote, in: QuoteCheck.searchForms(of: Self.document)))
    }

    @Test func theClosestPassageIsTheOneWithMostOfTheQuotesWords() {
        let passage = QuoteCheck.closestPassage(to: "the outlet put the dead at 80", in: Self.document)
        #expect(passage.contains("outlet put the toll at 80"), "\(passage)")
    }

    /// Found on hostile input: a made-up quote passed `validate` with exit 0.
    @Test func aMadeUpQuoteIsAnErrorAtItsReportWithTheClosestPassage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quotes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.document.write(to: dir.appendingPathComponent("d1.txt"), atomically: true, encoding: .utf8)
        func load(_ quote: String) throws -> Case {
            let yaml =
                minimalCase
                .replacingOccurrences(of: "d1: {outlet: Daily}", with: "d1: {outlet: Daily, file: d1.txt}")
                .replacingOccurrences(of: "claim: 13}", with: "claim: 13, quote: \"\(quote)\"}")
                + "\ndocument_root: .\n"
            let path = dir.appendingPathComponent("case.yaml").path
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            return try Case.load(path: path, lexicon: .builtIn)
        }
        #expect(try load("thirteen soldiers were killed").reports[0].quote != nil)
        do {
            _ = try load("thirteen generals were killed at dinner")
            Issue.record("a made-up quote should be refused")
        } catch {
            let d = try #require((error as? DataError)?.diagnostics.first)
            #expect(d.message.contains("not in document 'd1'") && d.location?.line == 16, "\(d)")
            #expect(d.fix?.contains("thirteen soldiers were killed") == true, "\(d.fix ?? "")")
        }
    }
}
