import Foundation

/// ACLED event rows to claims. ACLED codes the most conservative figure its sources give, so
/// `fatalities` becomes a lower bound, "at least N", on the event's total
/// (`killed:all-parties`; ACLED does not split fatalities by side), from the source named in
/// ACLED's `source` column (kind media, weight 1). `date` is event_date, `quote` the notes.
/// Carried: country, admin1, location, year, event_type, sub_event_type, actor1, actor2.
/// Rejected, with the reason: rows without an event id or whose fatalities are not a whole
/// number.
enum ACLEDImporter {
    static let needed = [
        "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
        "location", "source", "notes", "fatalities",
    ]

    static func read(_ path: String, emit: (ImportedClaim) throws -> Void) throws -> ImportSummary {
        let records = try CSVRecords(path: path)
        let c = try records.columns(needed, what: "ACLED events")
        var summary = ImportSummary()
        while let (line, f) = try records.next() {
            summary.rowsRead += 1
            func v(_ name: String) -> String { c[name]! < f.count ? f[c[name]!] : "" }
            let id = v("event_id_cnty")
            if let why = records.misfit(f) {
                summary.rejects.append(ImportReject(line: line, id: id, reason: why))
                continue
            }
            guard !id.isEmpty else {
                summary.rejects.append(ImportReject(line: line, id: "", reason: "no event_id_cnty"))
                continue
            }
            guard let n = count(v("fatalities")) else {
                summary.rejects.append(
                    ImportReject(line: line, id: id, reason: "fatalities '\(v("fatalities"))' is not a whole number"))
                continue
            }
            guard let date = ImportDate.iso(v("event_date")) else {
                summary.rejects.append(ImportReject(line: line, id: id, reason: ImportDate.reason("event_date", v("event_date"))))
                continue
            }
            let source = v("source").isEmpty ? "ACLED" : v("source")
            var r = ImportedClaim(
                event: id, source: source, what: "killed", who: "all-parties", claim: "at least \(countText(n))")
            r.reliability = 1
            r.sourceKind = "media"
            r.date = date
            r.quote = v("notes")
            r.extras = ImportFormat.acled.sourceColumns.map(v) + ImportFormat.acled.derived(from: date)
            try emit(r)
            summary.claims += 1
        }
        return summary
    }
}
