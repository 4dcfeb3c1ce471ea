import Foundation
import Testing

@testable import CasualtyData

/// The claims table: events read one at a time, carried columns, and every problem at its
/// line and column with a fix.
@Suite struct ClaimsTableTests {
    func write(_ text: String, suffix: String = "csv") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("claims-\(UUID().uuidString).\(suffix)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func events(_ path: String) throws -> (ClaimsTable.Reader, [ClaimsTable.Event]) {
        let reader = try ClaimsTable.Reader(path: path)
        var out: [ClaimsTable.Event] = []
        while let e = try reader.nextEvent() { out.append(e) }
        return (reader, out)
    }

    @Test func eventsAreReadOneAtATimeWithTheirCarriedColumns() throws {
        // CRLF and LF mixed, a quoted newline in a quote, a carried column, a blank line.
        let path = try write(
            "event,source,what,who,claim,quote,country\r\n"
                + "e1,Ministry,killed,soldiers,13,\"thirteen\nkilled\",Syria\r\n"
                + "e1,Monitor,killed+wounded,soldiers,at least 18,,Syria\n\n"
                + "e2,Airwars,killed,civilians+men,3 – 7,,Gaza\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (reader, events) = try events(path)
        #expect(events.map(\.id) == ["e1", "e2"] && events.map(\.line) == [2, 6])
        #expect(reader.extraColumns == ["country"] && events.map(\.extras) == [["Syria"], ["Gaza"]])
        let c = try events[0].makeCase(path: path, columns: reader.columnPositions, lexicon: .builtIn).get()
        #expect(c.outcomes == ["killed", "wounded"] && c.groups.map(\.id) == ["soldiers"])
        #expect(c.sources.map(\.id) == ["ministry", "monitor"] && c.reports.map(\.id) == ["r2", "r4"])
        #expect(c.reports[0].quote == "thirteen\nkilled" && c.reports[1].claim.lower == 18)
        let gaza = try events[1].makeCase(path: path, columns: reader.columnPositions, lexicon: .builtIn).get()
        #expect(gaza.reports[0].quantity.name == "killed:civilians+men" && gaza.reports[0].claim.upper == 7)
    }

    @Test func tabSeparatedFilesAreReadByTheirName() throws {
        let path = try write("event\tsource\twhat\twho\tclaim\ne1\tA\tkilled\tg1\t5\n", suffix: "tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try events(path).1.count == 1)
    }

    @Test func everyProblemIsAtItsRowAndColumnWithAFix() throws {
        let path = try write(
            "event,source,what,who,claim,reliability,who_kind\n"
                + "e1,A,killed,g 1,13,2,fighters\n" + "e2,B,killed,g1,lots,1,\n" + "e1,C,killed,g1,5,1,\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (reader, events) = try events(path)
        var problems: [Diagnostic] = []
        for e in events {
            if case .failure(let error) = e.makeCase(path: path, columns: reader.columnPositions, lexicon: .builtIn) {
                problems += error.diagnostics
            }
        }
        let places = Set(problems.map { "\($0.location!.line):\($0.location!.column)" })
        #expect(places.isSuperset(of: ["2:4", "2:6", "2:7", "3:5", "4:1"]), "\(problems)")
        #expect(problems.allSatisfy { $0.fix != nil })
        #expect(problems.contains { $0.message.contains("appears again (first at line 2)") })
    }

    /// A fraction of a person in a table is an error at its cell (a case file warns; a table
    /// row has no place for a warning, and an export with "5.5" was averaged upstream); so is
    /// a date that is not ISO 8601.
    @Test func aFractionOfAPersonOrABadDateIsAnErrorInATable() throws {
        let path = try write(
            "event,source,what,who,claim\ne1,A,killed,g1,5.5\ne2,A,killed,g1,about 5.5\ne3,A,killed,g1,1.5 million\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (reader, events) = try events(path)
        let results = events.map { $0.makeCase(path: path, columns: reader.columnPositions, lexicon: .builtIn) }
        guard case .failure(let error) = results[0] else {
            Issue.record("5.5 people should be refused")
            return
        }
        #expect(error.diagnostics.first?.location?.line == 2 && error.diagnostics.first?.location?.column == 5)
        #expect(error.diagnostics.first?.message.contains("not a whole number") == true)
        // A hedge on a fraction is a fraction too; a decimal that makes a whole count is read.
        // A date that is not ISO 8601 is an error at its cell, as in a case file.
        #expect(results.map { if case .success = $0 { true } else { false } } == [false, false, true])
        let dated = try write("event,source,what,who,claim,date\ne1,A,killed,g1,5,2024-13-40\ne2,A,killed,g1,5,2024-02\n")
        defer { try? FileManager.default.removeItem(atPath: dated) }
        let (datedReader, datedEvents) = try self.events(dated)
        let read = datedEvents.map { $0.makeCase(path: dated, columns: datedReader.columnPositions, lexicon: .builtIn) }
        guard case .failure(let bad) = read[0], case .success = read[1] else {
            Issue.record("'2024-13-40' should be refused, '2024-02' read")
            return
        }
        #expect(
            bad.diagnostics.first?.location?.column == 6 && bad.diagnostics.first?.message.contains("not an ISO date") == true)
    }

    /// `--shard K/N`: FNV-1a of the id (here checked against a Python computation of it), so
    /// every event is in exactly one shard, whatever the machine.
    @Test func shardsAreAStableHashOfTheEventID() {
        #expect(ClaimsTable.shard(of: "e2", count: 1000) == 254 && ClaimsTable.shard(of: "300380", count: 1000) == 603)
        let ids = (0..<1000).map { "event-\($0)" }
        let shards = ids.map { ClaimsTable.shard(of: $0, count: 4) }
        #expect(Set(shards) == [0, 1, 2, 3] && shards.allSatisfy { (0..<4).contains($0) })
        #expect((0..<4).allSatisfy { k in (200...300).contains(shards.filter { $0 == k }.count) })
    }

    @Test func aTableWithoutTheRequiredColumnsIsRefused() throws {
        let path = try write("event,source,claim\ne1,A,5\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: DataError.self) { _ = try ClaimsTable.Reader(path: path) }
    }

    @Test func aRepeatedColumnIsRefusedAtItsPosition() throws {
        // Two 'claim' columns: which one holds the figure is anyone's guess.
        let path = try write("event,source,what,who,claim,Claim\ne1,A,killed,g,5,6\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try ClaimsTable.Reader(path: path)
        } throws: { error in
            guard let d = (error as? DataError)?.diagnostics.first else { return false }
            return d.location?.line == 1 && d.location?.column == 6 && d.message.contains("appears twice (columns 5 and 6)")
        }
    }

    @Test func aValuePastTheHeaderIsAProblemNotLost() throws {
        // An unquoted comma in the last column would drop " 5 died" silently; a trailing
        // empty field (a comma at the line's end) loses nothing and passes.
        let path = try write(
            "event,source,what,who,claim,quote\ne1,A,killed,g,5,he said, 5 died\ne2,A,killed,g,5,fine,\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (reader, events) = try events(path)
        #expect(events.count == 2 && events[1].problems.isEmpty)
        let problem = try #require(events[0].problems.first)
        #expect(problem.location?.line == 2 && problem.location?.column == 7)
        #expect(problem.message == "this row has 7 fields but the header has 6")
        let made = events[0].makeCase(path: path, columns: reader.columnPositions, lexicon: .builtIn)
        #expect(throws: DataError.self) { try made.get() }
        #expect(try events[1].makeCase(path: path, columns: reader.columnPositions, lexicon: .builtIn).get().reports.count == 1)
    }
}
