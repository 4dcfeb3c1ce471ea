import Foundation
import Testing

@testable import CasualtyData

/// The byte-level CSV reader: RFC 4180 quoting, every line ending, physical line numbers,
/// trimming, and its two errors (an unclosed quote, bytes that are not UTF-8).
@Suite struct CSVScannerTests {
    /// Every record of `bytes`, read through a pipe-free temporary file.
    func records(
        _ bytes: [UInt8], delimiter: UInt8 = 0x2C, fieldLimit: Int = CSVScanner.maxFieldBytes
    ) throws -> [(line: Int, fields: [String])] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scan-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let scanner = CSVScanner(descriptor: open(url.path, O_RDONLY), owns: true, delimiter: delimiter, fieldLimit: fieldLimit)
        scanner.skipByteOrderMark()
        var out: [(line: Int, fields: [String])] = []
        while let r = try scanner.next() { out.append(r) }
        return out
    }

    func records(_ text: String) throws -> [(line: Int, fields: [String])] { try records(Array(text.utf8)) }

    @Test func quotesDelimitersAndDoubledQuotes() throws {
        let r = try records("a,b,c\n\"x, y\",\"say \"\"13\"\"\",  z  \n")
        #expect(r.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"13\"", "z"]])
        #expect(r.map(\.line) == [1, 2])
    }

    @Test func everyLineEndingCountsOneLineAndQuotedBreaksAreKept() throws {
        // LF, CRLF and a lone CR between records; a quoted CRLF inside a field.
        let r = try records("h\n1\r\n\"two\r\nlines\"\r3\n\n4")
        #expect(r.map(\.fields) == [["h"], ["1"], ["two\r\nlines"], ["3"], [""], ["4"]])
        #expect(r.map(\.line) == [1, 2, 3, 5, 6, 7])
    }

    @Test func byteOrderMarkAndTrailingFieldsAndTabs() throws {
        let r = try records([0xEF, 0xBB, 0xBF] + Array("\"event\",x,\n".utf8))
        #expect(r.map(\.fields) == [["event", "x", ""]])
        let t = try records(Array("a\t b \tc\n".utf8), delimiter: 0x09)
        #expect(t.map(\.fields) == [["a", "b", "c"]])
    }

    @Test func anUnclosedQuoteIsAnErrorAtItsLine() throws {
        #expect(throws: CSVScanner.Failure.self) { try records("a\nb\n\"open\nnever closed\n") }
        do {
            _ = try records("a\nb\n\"open\nnever closed\n")
        } catch let failure as CSVScanner.Failure {
            #expect(failure.line == 3 && failure.message.contains("never closed"))
        }
    }

    @Test func textAfterAClosingQuoteIsAnErrorAtItsLine() throws {
        do {
            _ = try records("a,b\n1,\"x\"y,2\n3,4\n")
            Issue.record("text after a closing quote was read")
        } catch let failure as CSVScanner.Failure {
            #expect(failure.line == 2 && failure.message.contains("after the closing quote"))
        }
    }

    @Test func bytesThatAreNotUTF8AreAnError() throws {
        do {
            _ = try records(Array("a\n".utf8) + [0x62, 0xFF, 0x0A])
            Issue.record("invalid UTF-8 was read")
        } catch let failure as CSVScanner.Failure {
            #expect(failure.line == 2 && failure.fix.contains("UTF-8"))
        }
        #expect(try records("é,ü\n").map(\.fields) == [["é", "ü"]])
    }

    @Test func fieldsAcrossReadBlocksAreWhole() throws {
        // A quoted field and an unquoted one straddling the 1 MiB block boundary.
        let pad = String(repeating: "p", count: CSVScanner.blockSize - 5)
        let r = try records("\(pad),\"a\nb\",\(String(repeating: "q", count: 100))\nlast\n")
        #expect(r.count == 2)
        #expect(r[0].fields == [pad, "a\nb", String(repeating: "q", count: 100)])
        #expect(r[1].line == 3 && r[1].fields == ["last"])
    }

    @Test func runawayRecordsAreRefusedWithBoundedMemory() throws {
        // An unclosed quote at the top of a large file is refused at the field limit (16 MiB;
        // 1,000 bytes here), not read to the end; an unquoted field too.
        for big in ["h\n\"" + String(repeating: "x", count: 5_000) + "\n", "h\n" + String(repeating: "y", count: 5_000)] {
            do {
                _ = try records(Array(big.utf8), fieldLimit: 1_000)
                Issue.record("a runaway field was read")
            } catch let failure as CSVScanner.Failure {
                #expect(failure.line == 2 && failure.message.contains("longer than"))
            }
        }
        // Under the limit, across read blocks, a quote never closed is still an error at its line.
        do {
            _ = try records(Array("h\n\"".utf8) + Array(repeating: 0x7A, count: CSVScanner.blockSize + 100))
            Issue.record("an unclosed quote was read")
        } catch let failure as CSVScanner.Failure {
            #expect(failure.line == 2 && failure.message.contains("never closed"))
        }
        let wide = String(repeating: ",", count: CSVScanner.maxFields + 5) + "\n"
        #expect(throws: CSVScanner.Failure.self) { try records(wide) }
    }
}
