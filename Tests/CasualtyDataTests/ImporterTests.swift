import Foundation
import TestSupport
import Testing

@testable import CasualtyData

/// The importers on the real files of ../shared/data (rows checked by hand, named below) and
/// on an ACLED-format file written here with ACLED's documented column names.
@Suite struct ImporterTests {
    static func read(_ format: ImportFormat, _ path: String) throws -> (ImportSummary, [ImportedClaim]) {
        var rows: [ImportedClaim] = []
        let summary = try format.read(path) { rows.append($0) }
        return (summary, rows)
    }

    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func ucdpSample() throws {
        let (s, rows) = try Self.read(.ucdp, Repo.shared.appendingPathComponent("data/ucdp-ged-sample.csv").path)
        #expect(s.rowsRead == 1000 && s.claims == 4138 && s.claims == rows.count)
        // The 13 rows where low <= best <= high fails, each with its reason; 236880 by hand:
        // low 3, best 2, high 3.
        #expect(s.rejects.count == 13)
        #expect(s.rejects.first { $0.id == "236880" }?.reason == "low <= best <= high fails (low 3, best 2, high 3)")
        // 300380 (Syria, 2013-01-03): deaths_a 0, deaths_b 2, civilians 0, unknown 0, best = low = high = 2.
        let e = rows.filter { $0.event == "300380" }
        #expect(e.map(\.who) == ["side-a", "side-b", "civilians", "unknown"] && e.map(\.claim) == ["0", "2", "0", "0"])
        #expect(e.allSatisfy { $0.date == "2013-01-03" && $0.extras.first == "Syria" && $0.source == "UCDP best" })
        #expect(e.allSatisfy { $0.extras.last == "2013-01" } && ImportFormat.ucdp.extraColumns.last == "month")
        // 90953: low 0 < high 1, so UCDP's range is a claim on the total, derived from its best.
        let range = try #require(rows.first { $0.event == "90953" && $0.source == "UCDP low-high" })
        #expect(
            range.claim == "between 0 and 1" && range.who == "side-a+side-b+civilians+unknown" && range.derivesFrom == "UCDP best"
        )
    }

    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func airwarsGaza() throws {
        let (s, rows) = try Self.read(.airwars, Repo.shared.appendingPathComponent("data/airwars-gaza-incidents-2023.csv").path)
        #expect(s.rowsRead == 646 && s.claims == 1097 && rows.count == 1097)
        // ispt0360: killed "Unknown", injured "NA": no figure, rejected with the reason.
        #expect(s.rejects.map(\.id) == ["ispt0360"] && s.rejects[0].reason.contains("no figure"))
        // ispt0019a (october-7-2023, Fair): 1 killed, weight 0.7.
        let a = try #require(rows.first { $0.event == "ispt0019a" && $0.what == "killed" })
        #expect(a.claim == "1" && a.reliability == 0.7 && a.date == "2023-10-07" && a.whoKind == "civilian")
        // Its year and month carried, for totals by month (`--total-by month`).
        #expect(
            Array(a.extras.suffix(2)) == ["2023", "2023-10"] && ImportFormat.airwars.extraColumns.suffix(2) == ["year", "month"])
        // ispt0002: a range with an en dash, read by the claim grammar as 3 to 7.
        let b = try #require(rows.first { $0.event == "ispt0002" && $0.what == "killed" })
        let claim = try ClaimGrammar(lexicon: .builtIn).parse(b.claim).get()
        #expect(claim.lower == 3 && claim.upper == 7)
    }

    /// Messy Airwars cells, made from the real file's header and first row: a fraction of a
    /// person and a count above the world's population are rejected with their line and
    /// reason; "N/A" is no figure; en-dash ranges and "1+" are read.
    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func airwarsMessyCells() throws {
        let reader = try CSVRecords(path: Repo.shared.appendingPathComponent("data/airwars-gaza-incidents-2023.csv").path)
        let header = reader.header, first = try #require(try reader.next()).fields
        let killed = try #require(header.firstIndex(of: "Civilians reported killed"))
        let injured = try #require(header.firstIndex(of: "Civilians reported injured"))
        let id = try #require(header.firstIndex(of: "Incidence_id"))
        func row(_ n: Int, _ k: String, _ i: String) -> String {
            var r = first
            (r[id], r[killed], r[injured]) = ("m\(n)", k, i)
            return r.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
        }
        let text =
            ([header.joined(separator: ",")] + [
                row(1, "5.5", "2"), row(2, "99999999999999999999", ""), row(3, "N/A", "3 – 7"), row(4, "1+", "N/A"),
            ]).joined(separator: "\n") + "\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("airwars-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let (s, rows) = try Self.read(.airwars, url.path)
        #expect(s.rowsRead == 4 && s.rejects.map(\.line) == [2, 3], "\(s.rejects)")
        #expect(s.rejects[0].reason.contains("not a whole number") && s.rejects[1].reason.contains("more people than live"))
        #expect(rows.map(\.claim) == ["3 – 7", "1+"] && rows.map(\.what) == ["wounded", "killed"])
    }

    /// Every date an importer writes is ISO 8601, as a claims table must have it: ACLED's
    /// "15 January 2024", Airwars' "october-7-2023", UCDP's "2013-01-03 00:00:00.000"; a date
    /// none of these is a reject with its reason, never a table that batch refuses.
    @Test func importedDatesAreISO() {
        #expect(ImportDate.iso("15 January 2024") == "2024-01-15" && ImportDate.iso("5-Jan-2024") == "2024-01-05")
        #expect(ImportDate.iso("october-7-2023") == "2023-10-07" && ImportDate.iso("2013-01-03 00:00:00.000") == "2013-01-03")
        #expect(ImportDate.iso("2016-05") == "2016-05" && ImportDate.iso("") == "")
        #expect(
            ImportDate.iso("yesterday") == nil && ImportDate.iso("32 January 2024") == nil && ImportDate.iso("1/2/2024") == nil)
    }

    @Test func builtInAirwarsGradesMatchModels() throws {
        #expect(try AirwarsGrades.load(path: Repo.path("Models/airwars-grades.yaml")) == .builtIn)
    }

    /// An ACLED export with ACLED's documented columns: fatalities are its most conservative
    /// figure, so a lower bound; a row without a whole number is rejected with its line.
    @Test func acledFormat() throws {
        let columns =
            "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
            + "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
            + "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
        let row1 =
            "SYR1,2016-05-06,2016,1,Political violence,Battles,Armed clash,Military Forces of Syria,,1,Jaish al Fateh,,2,12,,"
            + "760,Middle East,Syria,Aleppo,Jebel Saman,,Khan Tuman,36.1,37.0,1,SOHR,Other,\"Clashes, with losses\",80,,1"
        let row2 =
            "SYR2,2016-05-07,2016,1,Political violence,Battles,Armed clash,A,,1,B,,2,12,,760,Middle East,Syria,Aleppo,,,X,"
            + "36,37,1,,National,notes,unknown,,1"
        let row3 =
            "SYR3,8 May 2016,2016,1,Political violence,Battles,Armed clash,A,,1,B,,2,12,,760,Middle East,Syria,Aleppo,,,X,"
            + "36,37,1,,National,notes,3,,1"
        let row4 =
            "SYR4,08/05/2016,2016,1,Political violence,Battles,Armed clash,A,,1,B,,2,12,,760,Middle East,Syria,Aleppo,,,X,"
            + "36,37,1,,National,notes,3,,1"
        // Notes with an unquoted comma: every value after it shifts by one, so "5" would be read
        // as the tags and the fatalities as "Clashes"; the row is a reject, not read askew.
        let row5 =
            "SYR5,2016-05-09,2016,1,Political violence,Battles,Armed clash,A,,1,B,,2,12,,760,Middle East,Syria,Aleppo,,,X,"
            + "36,37,1,,National,Shelling, then clashes,5,,1"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("acled-\(UUID().uuidString).csv")
        try ([columns, row1, row2, row3, row4, row5].joined(separator: "\n") + "\n").write(
            to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let (s, rows) = try Self.read(.acled, url.path)
        // "8 May 2016" is written 2016-05-08; "08/05/2016" (day or month first?) is a reject.
        #expect(s.rowsRead == 5 && s.claims == 2 && s.rejects.map(\.line) == [3, 5, 6], "\(s.rejects)")
        #expect(s.rejects[2].reason.hasPrefix("the row has 32 fields but the header has 31"))
        #expect(rows.map(\.date) == ["2016-05-06", "2016-05-08"] && s.rejects[1].reason.contains("not a date"))
        #expect(rows[0].claim == "at least 80" && rows[0].source == "SOHR" && rows[0].quote == "Clashes, with losses")
        #expect(
            rows[0].extras == [
                "Syria", "Aleppo", "Khan Tuman", "2016", "Battles", "Armed clash", "Military Forces of Syria", "Jaish al Fateh",
                "2016-05",
            ])
    }
}
