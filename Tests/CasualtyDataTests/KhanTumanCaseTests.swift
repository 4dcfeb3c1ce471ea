import Foundation
import Testing

@testable import CasualtyData

/// The real case in Models/: it loads, every quote is verbatim in its document, and the
/// README accounts for every report and every exclusion.
@Suite struct KhanTumanCaseTests {
    let theCase: Case

    init() throws { theCase = try Case.load(path: Repo.khanTuman) }

    /// Folds typography and the PDF's hyphenated line breaks so a quote matches its text.
    static func fold(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "-\n", with: "")
        for (a, b) in [
            ("\u{2019}", "'"), ("\u{2018}", "'"), ("\u{201C}", "\""), ("\u{201D}", "\""), ("\u{2013}", "-"), ("\u{2014}", "-"),
        ] {
            t = t.replacingOccurrences(of: a, with: b)
        }
        return t.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    @Test func loadsWithTheModelsLexicon() {
        #expect(theCase.info.id == "khan-tuman-2016")
        #expect(theCase.lexicon.origin.hasSuffix("Models/lexicon.yaml"))
        #expect(theCase.reports.count >= 20)
        #expect(theCase.reports.allSatisfy { $0.quote != nil && !$0.documents.isEmpty })
        let quantities = Set(theCase.reports.map(\.quantity.name))
        #expect(quantities.contains("killed:iranian"))
        #expect(quantities.contains("killed:pro-government"))
    }

    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func everyQuoteIsVerbatimInItsDocument() throws {
        #expect(theCase.warnings.isEmpty, "\(theCase.warnings)")
        var texts: [String: String] = [:]
        for d in theCase.documents {
            let path = try #require(theCase.documentPath(d))
            texts[d.id] = Self.fold(try String(contentsOfFile: path, encoding: .utf8))
        }
        for r in theCase.reports {
            let quote = Self.fold(try #require(r.quote))
            #expect(
                r.documents.contains { texts[$0]?.contains(quote) == true },
                "quote of \(r.id) not found in \(r.documents)")
        }
        for x in theCase.exclusions {
            let quote = Self.fold(try #require(x.quote))
            #expect(texts[x.document]?.contains(quote) == true, "excluded quote '\(x.figure)' not in \(x.document)")
        }
    }

    @Test func readmeAccountsForEveryReportAndExclusion() throws {
        let readme = try String(contentsOfFile: Repo.path("Models/khan-tuman-2016/README.md"), encoding: .utf8)
        for r in theCase.reports { #expect(readme.contains("`\(r.id)`"), "README does not list report \(r.id)") }
        for x in theCase.exclusions { #expect(readme.contains(x.figure), "README does not list exclusion '\(x.figure)'") }
        for s in theCase.sources { #expect(readme.contains("`\(s.id)`"), "README does not list source \(s.id)") }
    }

    @Test func repeatedClaimsAreOneReportWithSeveralDocuments() {
        // Kowsari's "five to six" captured appears in Al-Monitor and the Long War Journal.
        let captured = theCase.reports.filter { $0.source == "kowsari" && $0.quantity.name == "captured:iranian" }
        #expect(captured.count == 1)
        #expect(captured.first?.documents.count == 2)
    }
}

/// The Rafah case (Models/rafah-2023-10-09): valid, and every quote verbatim in Airwars'
/// assessment of incident ispt0073 in ../shared/data.
@Suite struct RafahCaseTests {
    static let path = Repo.path("Models/rafah-2023-10-09/case.yaml")

    @Test func validatesWithItsFloorsAndKinds() throws {
        let c = try Case.load(path: Self.path)
        #expect(c.reports.count == 16 && c.sources.count == 6 && c.exclusions.count == 3)
        #expect(c.reports.filter { $0.basis == .named }.map(\.id) == ["airwars-24-named"])
        #expect(c.groups.filter { $0.kind == .civilian }.count == 3)
        let readme = try String(contentsOfFile: Repo.path("Models/rafah-2023-10-09/README.md"), encoding: .utf8)
        for r in c.reports { #expect(readme.contains("`\(r.id)`"), "README lists \(r.id)") }
    }

    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func everyQuoteIsInTheAssessment() throws {
        let csv = try String(
            contentsOf: Repo.shared.appendingPathComponent("data/airwars-gaza-incidents-2023.csv"), encoding: .utf8)
        let row = try #require(csv.components(separatedBy: "\n").first { $0.hasPrefix("october-9-2023,ispt0073,") })
        let c = try Case.load(path: Self.path)
        for r in c.reports { #expect(row.contains(r.quote ?? "\u{0}"), "\(r.id)") }
        for e in c.exclusions { #expect(row.contains(e.quote ?? "\u{0}"), "\(e.figure)") }
    }
}
