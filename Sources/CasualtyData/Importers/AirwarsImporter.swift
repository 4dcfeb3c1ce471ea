import Foundation

/// Airwars' civilian-harm grading mapped to the reliability weight of its figures: a
/// judgement, kept in `Models/airwars-grades.yaml` (this built-in copy is tested to match it).
public struct AirwarsGrades: Sendable, Hashable {
    /// Weight by grade; a grade mapped to nil is not imported (its rows are rejected).
    public var weights: [String: Double?]

    /// The table in `Models/airwars-grades.yaml`.
    public static let builtIn = AirwarsGrades(weights: [
        "Confirmed": 1.0, "Fair": 0.7, "Weak": 0.4, "Contested": 0.3, "Discounted": nil,
    ])

    /// Reads a grade table: `grade: weight` lines (weight from 0.01 to 1, or null to refuse).
    public static func load(path: String) throws(DataError) -> AirwarsGrades {
        let (y, root) = try YAMLInput.load(path: path)
        var weights: [String: Double?] = [:]
        for (grade, keyNode, value) in y.mapping(root, "the grade table") ?? [] {
            if case .scalar(let s) = value, ["null", "~", ""].contains(s.string) {
                weights[grade] = .some(nil)
            } else if let w = y.number(value, "weight of '\(grade)'") {
                if Case.Source.reliabilityRange.contains(w) {
                    weights[grade] = w
                } else {
                    y.error(
                        keyNode, "weight of '\(grade)' is \(w), outside [0.01, 1]", fix: "write a weight from 0.01 to 1, or null")
                }
            }
        }
        if !y.diagnostics.isEmpty { throw .invalid(y.diagnostics) }
        return AirwarsGrades(weights: weights)
    }
}

/// Airwars incident rows to claims. For each incident (`Incidence_id`): "Civilians reported
/// killed" and "Civilians reported injured" as written ("3", "3 – 7", en or em dashes) become
/// claims on `killed:civilians` and `wounded:civilians` (source "Airwars", kind monitor,
/// weight from the grading table); "Unknown", "NA" and blank cells give no claim. The date
/// ("october-7-2023") is written 2023-10-07. Carried: grading, suspected_belligerent, url,
/// and the year and month of the date.
/// Rejected, with the reason: incidents with neither figure, with a figure the claim grammar
/// cannot read, or with a grade the table refuses or does not know.
enum AirwarsImporter {
    static let needed = [
        "Incidence_id", "Incidence_date", "Incidence_url", "Civilians reported killed", "Civilians reported injured",
        "Airwars civilian harm grading", "Suspected belligerent",
    ]
    static func read(_ path: String, grades: AirwarsGrades, emit: (ImportedClaim) throws -> Void) throws -> ImportSummary {
        let records = try CSVRecords(path: path)
        let c = try records.columns(needed, what: "Airwars incidents")
        let grammar = ClaimGrammar(lexicon: .builtIn)
        var summary = ImportSummary()
        while let (line, f) = try records.next() {
            summary.rowsRead += 1
            func v(_ name: String) -> String { c[name]! < f.count ? f[c[name]!] : "" }
            let id = v("Incidence_id"), grade = v("Airwars civilian harm grading")
            if let why = records.misfit(f) {
                summary.rejects.append(ImportReject(line: line, id: id, reason: why))
                continue
            }
            guard let known = grades.weights[grade] else {
                summary.rejects.append(ImportReject(line: line, id: id, reason: "grade '\(grade)' is not in the grade table"))
                continue
            }
            guard let weight = known else {
                summary.rejects.append(
                    ImportReject(line: line, id: id, reason: "grade '\(grade)' is not imported (the table maps it to null)"))
                continue
            }
            guard let date = ImportDate.iso(v("Incidence_date")) else {
                summary.rejects.append(
                    ImportReject(line: line, id: id, reason: ImportDate.reason("Incidence_date", v("Incidence_date"))))
                continue
            }
            var claims: [ImportedClaim] = [], problems: [String] = []
            for (what, column) in [("killed", "Civilians reported killed"), ("wounded", "Civilians reported injured")] {
                let text = v(column)
                guard !["", "na", "unknown", "n/a"].contains(text.lowercased()) else { continue }
                let claim: Claim
                switch grammar.parse(text) {
                case .success(let c): claim = c
                case .failure(let e):
                    problems.append("'\(column)' is '\(text)', which the claim grammar cannot read (\(e.message))")
                    continue
                }
                if claim.statesAFraction {
                    problems.append("'\(column)' is '\(text)', not a whole number")
                    continue
                }
                var r = ImportedClaim(event: id, source: "Airwars", what: what, who: "civilians", claim: text)
                r.reliability = weight
                r.sourceKind = "monitor"
                r.whoKind = "civilian"
                r.date = date
                r.document = v("Incidence_url")
                r.extras = [grade, v("Suspected belligerent"), v("Incidence_url")] + ImportFormat.airwars.derived(from: date)
                claims.append(r)
            }
            guard problems.isEmpty, !claims.isEmpty else {
                let reason =
                    problems.isEmpty
                    ? "no figure: civilians killed and injured are both unknown or blank" : problems.joined(separator: "; ")
                summary.rejects.append(ImportReject(line: line, id: id, reason: reason))
                continue
            }
            for r in claims { try emit(r) }
            summary.claims += claims.count
        }
        return summary
    }
}
