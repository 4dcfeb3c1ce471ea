import Foundation

/// UCDP GED rows to claims (README, "Importers"). For each event (`id`):
/// - UCDP's best estimate, split as UCDP splits it: `deaths_a`, `deaths_b`,
///   `deaths_civilians` and `deaths_unknown` become exact claims on the cells `killed:side-a`,
///   `killed:side-b`, `killed:civilians` and `killed:unknown` (source "UCDP best", kind
///   monitor, weight 1; the groups' sides are `side-a`, `side-b` and `none`, so no partisan
///   bias applies to UCDP itself);
/// - when `low` < `high`, UCDP's range becomes a claim "between low and high" on the event's
///   total (source "UCDP low-high", weight 1, derived from "UCDP best": the two are one
///   coder's reading and share its errors).
/// Carried: country, region, year, date_end, conflict_name, dyad_name, type_of_violence;
/// `date` is date_start, `document` source_office. Rejected, with the reason: rows where
/// low <= best <= high fails (13 in the sample), where the deaths by side do not sum to
/// best, or where a figure is not a whole number.
enum UCDPImporter {
    static let needed = [
        "id", "year", "date_start", "date_end", "country", "region", "conflict_name", "dyad_name", "type_of_violence",
        "source_office", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high",
    ]

    static func read(_ path: String, emit: (ImportedClaim) throws -> Void) throws -> ImportSummary {
        let records = try CSVRecords(path: path)
        let c = try records.columns(needed, what: "UCDP GED")
        var summary = ImportSummary()
        while let (line, f) = try records.next() {
            summary.rowsRead += 1
            func v(_ name: String) -> String { c[name]! < f.count ? f[c[name]!] : "" }
            let id = v("id")
            if let why = records.misfit(f) {
                summary.rejects.append(ImportReject(line: line, id: id, reason: why))
                continue
            }
            let numbers = ["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high"].map {
                count(v($0))
            }
            guard numbers.allSatisfy({ $0 != nil }) else {
                summary.rejects.append(ImportReject(line: line, id: id, reason: "a death count is not a whole number"))
                continue
            }
            let n = numbers.map { $0! }, (best, low, high) = (n[4], n[5], n[6])
            guard low <= best && best <= high else {
                summary.rejects.append(
                    ImportReject(
                        line: line, id: id,
                        reason:
                            "low <= best <= high fails (low \(countText(low)), best \(countText(best)), high \(countText(high)))")
                )
                continue
            }
            guard n[0] + n[1] + n[2] + n[3] == best else {
                summary.rejects.append(ImportReject(line: line, id: id, reason: "deaths by side do not sum to best"))
                continue
            }
            guard let date = ImportDate.iso(v("date_start")) else {
                summary.rejects.append(ImportReject(line: line, id: id, reason: ImportDate.reason("date_start", v("date_start"))))
                continue
            }
            let extras = ImportFormat.ucdp.sourceColumns.map(v) + ImportFormat.ucdp.derived(from: date)
            func claim(_ who: String, _ text: String, source: String) -> ImportedClaim {
                var r = ImportedClaim(event: id, source: source, what: "killed", who: who, claim: text)
                r.reliability = 1
                r.sourceKind = "monitor"
                r.whoSide = who.contains("+") ? "" : ["side-a": "side-a", "side-b": "side-b"][who] ?? "none"
                r.whoKind = who == "civilians" ? "civilian" : "combatant"
                r.document = v("source_office")
                r.date = date
                r.extras = extras
                return r
            }
            let groups = ["side-a", "side-b", "civilians", "unknown"]
            for (g, d) in zip(groups, n.prefix(4)) {
                try emit(claim(g, countText(d), source: "UCDP best"))
                summary.claims += 1
            }
            if low < high {
                var r = claim(
                    groups.joined(separator: "+"), "between \(countText(low)) and \(countText(high))", source: "UCDP low-high")
                r.derivesFrom = "UCDP best"
                try emit(r)
                summary.claims += 1
            }
        }
        return summary
    }
}
