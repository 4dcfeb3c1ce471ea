import Foundation
import TestSupport
import Testing

/// `casualty extract` end to end: the seeds' draft validates and estimates, mapped onto the
/// Khan Tuman case's groups it speaks of most of the hand-made case's quantities, the JSON
/// matches its schema, and bad input exits with the usual codes.
@Suite struct ExtractCLITests {
    func run(_ args: [String], in dir: URL) throws -> CLITests.Run { try CLITests().run(args, in: dir) }

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("extract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    var seeds: [String] {
        let dir = Repo.shared.appendingPathComponent("seeds")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted().map {
            dir.appendingPathComponent($0).path
        }
    }

    /// The quantities `estimate` reports for `path`.
    func quantities(_ path: String, in dir: URL) throws -> Set<String> {
        let r = try run(["estimate", path, "--method", "weighted-median", "--format", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        return Set(((json?["estimates"] as? [[String: Any]]) ?? []).compactMap { $0["quantity"] as? String })
    }

    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func theSeedsDraftValidatesAndEstimates() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["extract"] + seeds + ["--out", "draft.yaml", "--case-id", "khan-draft"], in: dir)
        #expect(r.status == 0 && r.stderr.contains("5 documents"), "\(r.stderr)")
        let draft = try String(contentsOf: dir.appendingPathComponent("draft.yaml"), encoding: .utf8)
        #expect(draft.contains("TODO") && draft.contains("excluded:") && draft.contains("quote: "))
        let v = try run(["validate", "draft.yaml"], in: dir)
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        #expect(try run(["estimate", "draft.yaml", "--method", "laplace"], in: dir).status == 0)

        let like = Repo.root.appendingPathComponent("Models/khan-tuman-2016/case.yaml").path
        #expect(try run(["extract"] + seeds + ["--out", "like.yaml", "--like", like], in: dir).status == 0)
        let hand = try quantities(like, in: dir), drafted = try quantities("like.yaml", in: dir)
        let shared = hand.intersection(drafted)
        // Every quantity of the hand-made case (13), "captured:afghan" from "footage of
        // prisoners shows two Afghan Fatemiyoun Division members" included.
        #expect(hand.count == 13 && hand.isSubset(of: drafted), "the draft has \(shared.sorted()) of \(hand.sorted())")
    }

    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func theJSONMatchesItsSchemaAndPointsIntoTheFiles() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["extract", "--format", "json", "--out", "figures.json"] + seeds, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator(schema).validate(doc)
            for d in doc["documents"]:
                text = open(d["file"], encoding="utf-8").read()
                for f in d["figures"]:
                    assert text[f["start"]:f["end"]] == f["span"], f["span"]
                    assert f["span"] in text[f["quote_start"]:f["quote_end"]], f["span"]
            print("valid", sum(len(d["figures"]) for d in doc["documents"]))
            """
        let schema = Repo.root.appendingPathComponent("schemas/casualty-extract-1.schema.json").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, schema, dir.appendingPathComponent("figures.json").path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && out.contains("valid"), "\(out)")
    }

    @Test func badInputExitsWithTheUsualCodes() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try run(["extract", "missing.txt"], in: dir).status == 66)
        #expect(try run(["extract", "."], in: dir).status == 66)
        #expect(try run(["extract"], in: dir).status == 64)
        try Data([0xFF, 0xFE, 0x00, 0x31, 0x33, 0x20, 0x6B]).write(to: dir.appendingPathComponent("binary.txt"))
        let b = try run(["extract", "binary.txt", "--format", "json"], in: dir)
        #expect(b.status == 0 && b.stdout.contains("casualty-extract/1"))
        #expect(try run(["extract", "binary.txt", "--rules", "missing.yaml"], in: dir).status == 66)
    }

    /// Text as Windows and older systems save it is read (UTF-16 with its mark, Latin-1); a
    /// PDF or binary data is refused at the file with the fix, exit 65 and nothing written,
    /// where it once gave a draft without figures and no sign why.
    @Test func textEncodingsAreReadAndNonTextIsRefused() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sentence = "Three soldiers were killed at the café."
        try Data([0xFF, 0xFE] + sentence.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
            .write(to: dir.appendingPathComponent("le.txt"))
        try Data([0xFE, 0xFF] + sentence.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
            .write(to: dir.appendingPathComponent("be.txt"))
        try sentence.data(using: .isoLatin1)!.write(to: dir.appendingPathComponent("latin1.txt"))
        for file in ["le.txt", "be.txt", "latin1.txt"] {
            let r = try run(["extract", file, "--format", "json"], in: dir)
            #expect(r.status == 0 && r.stdout.contains("\"quote\" : \"\(sentence)\""), "\(file): \(r.stdout)")
            // The mark is one scalar (U+FEFF) before the text, as in a UTF-8 file with one.
            #expect(r.stdout.contains("\"start\" : \(file == "latin1.txt" ? 0 : 1)"), "\(file)")
        }
        try Data("%PDF-1.7\n%\u{E2}\u{E3}".utf8).write(to: dir.appendingPathComponent("article.pdf"))
        try Data([0x54, 0x68, 0x00, 0x00, 0x72, 0x65, 0x65]).write(to: dir.appendingPathComponent("nul.txt"))
        for (file, words) in [("article.pdf", "pdftotext"), ("nul.txt", "NUL bytes")] {
            let r = try run(["extract", file, "--out", "draft.yaml"], in: dir)
            #expect(r.status == 65 && r.stderr.contains("\(file):1:1: error:") && r.stderr.contains(words), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("draft.yaml").path))
        }
    }

    /// Every draft with a figure validates as it stands: its quotes are found in the file
    /// (a dash between words once gained spaces in the quote, and zero-width spaces kept in
    /// the file hid a quote from the check); a draft without one names the work left
    /// ("the case declares no groups", "has no reports") instead of a malformed mapping.
    @Test func draftsValidateAsWrittenOrNameTheWorkLeft() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text =
            "At least seven people were killed\u{2014}spanning three generations\u{2014}in the strike. A post said "
            + "\"seven cousins \u{200B}\u{200B}from the family were martyred\"."
        try Data(text.utf8).write(to: dir.appendingPathComponent("a.txt"))
        #expect(try run(["extract", "a.txt", "--out", "a.yaml"], in: dir).status == 0)
        let v = try run(["validate", "a.yaml"], in: dir)
        #expect(v.status == 0, "\(v.stderr)")
        try Data("The brigade marched south and held the ford.".utf8).write(to: dir.appendingPathComponent("none.txt"))
        #expect(try run(["extract", "none.txt", "--out", "none.yaml"], in: dir).status == 0)
        let w = try run(["validate", "none.yaml"], in: dir)
        #expect(
            w.status == 65 && w.stderr.contains("the case declares no groups") && w.stderr.contains("the case has no reports"))
        #expect(!w.stderr.contains("must be a mapping"), "\(w.stderr)")
        // A web page's quotes are found in it, its markup read as no text by the check too.
        let page = "<html><body><h1>Gunmen kill 5</h1><p>The <b>army</b> said 3 attackers died.</p></body></html>"
        try Data(page.utf8).write(to: dir.appendingPathComponent("p.html"))
        #expect(try run(["extract", "p.html", "--out", "p.yaml"], in: dir).status == 0)
        let h = try run(["validate", "p.yaml"], in: dir)
        #expect(h.status == 0, "\(h.stderr)")
    }
}
