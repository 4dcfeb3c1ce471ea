import Foundation

/// The American Civil War compilers (`../shared/data/acw-battles/`, from jrnold's
/// acw_battle_data) as one claims table: one event per CWSAC battle, the groups `us` and
/// `confederate` (sides `union` and `confederacy`), each compiler a source (kind `monitor`,
/// side neutral, weight 1), every figure a claim on its cells.
///
/// Outcomes are the cells killed, wounded, captured and missing; combined columns are sums of
/// cells (`killed_wounded`, Livermore's `kw`; `miapow` and `missing_captured` as
/// missing+captured; `casualties` as all four). Fox's, Phisterer's and Kennedy's `missing` are
/// captured+missing: they have no captured column, and their figures follow the Official
/// Records' "captured or missing" (jrnold's documentation of Kennedy's column says so; Fox's
/// and Phisterer's 12,520 and 11,583 "missing" at Harpers Ferry are the surrendered garrison,
/// which CWSAC counts as 12,419 captured and 0 missing). Kennedy's and Wikipedia's min/max are ranges
/// (or one figure when min = max). Only one-to-one crosswalk entries are used (relation `eq`,
/// one battle on each side, and no other entry claiming the same CWSAC battle); a compiler's
/// row for any other battle is skipped with its reason, and counted.
enum ACWImporter {
    /// A compiler: its source name, forces file, crosswalk (nil: its ids are CWSAC ids), and
    /// columns -> outcomes (a pair of columns is a min/max range).
    struct Compiler {
        var name: String
        var forces: String
        var crosswalk: Crosswalk
        var columns: [(columns: [String], what: String)]
    }

    enum Crosswalk {
        case cwsac
        case json(String)
        case wikipedia
    }

    static let all4 = "killed+wounded+captured+missing"

    static let compilers: [Compiler] = [
        Compiler(
            name: "CWSAC", forces: "cwsac_forces.csv", crosswalk: .cwsac,
            columns: [
                (["killed"], "killed"), (["wounded"], "wounded"), (["missing"], "missing"), (["captured"], "captured"),
                (["casualties"], all4),
            ]),
        Compiler(
            name: "Fox", forces: "fox_forces.csv", crosswalk: .json("fox_forces_to_cwsac.json"),
            columns: [
                (["killed"], "killed"), (["wounded"], "wounded"), (["missing"], "captured+missing"), (["casualties"], all4),
            ]),
        Compiler(
            name: "Livermore", forces: "livermore_forces.csv", crosswalk: .json("livermore_to_cwsac.json"),
            columns: [
                (["kia"], "killed"), (["wia"], "wounded"), (["kw"], "killed+wounded"), (["miapow"], "captured+missing"),
            ]),
        Compiler(
            name: "Bodart", forces: "bodart1908_forces.csv", crosswalk: .json("bodart1908_to_cwsac.json"),
            columns: [
                (["killed"], "killed"), (["wounded"], "wounded"), (["killed_wounded"], "killed+wounded"),
                (["captured"], "captured"), (["missing"], "missing"), (["casualties"], all4),
            ]),
        Compiler(
            name: "Clodfelter", forces: "clodfelter_forces.csv", crosswalk: .json("clodfelter_to_cwsac.json"),
            columns: [
                (["killed"], "killed"), (["wounded"], "wounded"), (["missing"], "missing"), (["captured"], "captured"),
                (["killed_wounded"], "killed+wounded"), (["killed_missing"], "killed+missing"),
                (["missing_captured"], "captured+missing"), (["wounded_missing"], "wounded+missing"), (["casualties"], all4),
            ]),
        Compiler(
            name: "Phisterer", forces: "phisterer_forces.csv", crosswalk: .json("phisterer_to_cwsac.json"),
            columns: [
                (["killed"], "killed"), (["wounded"], "wounded"), (["missing"], "captured+missing"), (["casualties"], all4),
            ]),
        Compiler(
            name: "Kennedy", forces: "kennedy1997_forces.csv", crosswalk: .cwsac,
            columns: [
                (["casualties_min", "casualties_max"], all4), (["killed_wounded_min", "killed_wounded_max"], "killed+wounded"),
                (["missing"], "captured+missing"),
            ]),
        Compiler(
            name: "Wikipedia", forces: "wikipedia_forces.csv", crosswalk: .wikipedia,
            columns: [
                (["casualties_min", "casualties_max"], all4), (["killed_min", "killed_max"], "killed"),
                (["wounded_min", "wounded_max"], "wounded"), (["missing_min", "missing_max"], "missing"),
                (["captured_min", "captured_max"], "captured"), (["killed_wounded_min", "killed_wounded_max"], "killed+wounded"),
                (["wounded_missing_min", "wounded_missing_max"], "wounded+missing"),
                (["captured_missing_min", "captured_missing_max"], "captured+missing"),
            ]),
    ]

    /// Reads every compiler under `dir`; claims are emitted grouped by CWSAC battle, in id order.
    static func read(_ dir: String, emit: (ImportedClaim) throws -> Void) throws -> ImportSummary {
        var summary = ImportSummary()
        var claims: [ImportedClaim] = []
        for compiler in compilers {
            let map = try crosswalk(compiler.crosswalk, dir: dir)
            let path = (dir as NSString).appendingPathComponent(compiler.forces)
            let records = try CSVRecords(path: path)
            let battleColumn = compiler.name == "CWSAC" ? "battle" : "battle_id"
            let c = try records.columns([battleColumn, "belligerent"], what: "\(compiler.name) forces")
            let battleIndex = c[battleColumn] ?? 0
            while let (line, f) = try records.next() {
                summary.rowsRead += 1
                func v(_ name: String) -> String {
                    guard let i = records.header.firstIndex(of: name), i < f.count else { return "" }
                    return f[i]
                }
                let id = battleIndex < f.count ? f[battleIndex] : ""
                if let why = records.misfit(f) {
                    summary.rejects.append(ImportReject(line: line, id: id, reason: why))
                    continue
                }
                let direct: Bool
                if case .cwsac = compiler.crosswalk { direct = true } else { direct = false }
                guard let event = direct ? (id.isEmpty ? nil : id) : map[id] else {
                    summary.rejects.append(
                        ImportReject(
                            line: line, id: "\(compiler.name) \(id)", reason: "no one-to-one CWSAC battle in the crosswalk"))
                    continue
                }
                let side = v("belligerent").lowercased()
                let who = side == "confederate" ? "confederate" : (side == "us" || side == "union" ? "us" : "")
                guard !who.isEmpty else {
                    summary.rejects.append(
                        ImportReject(
                            line: line, id: "\(compiler.name) \(id)",
                            reason: "belligerent '\(v("belligerent"))' is neither US nor Confederate"))
                    continue
                }
                var any = false
                for (columns, what) in compiler.columns {
                    guard let text = claimText(columns.map(v)) else { continue }
                    var claim = ImportedClaim(event: event, source: compiler.name, what: what, who: who, claim: text)
                    claim.reliability = 1
                    claim.sourceSide = "neutral"
                    claim.whoSide = who == "us" ? "union" : "confederacy"
                    claim.sourceKind = "monitor"
                    claim.whoKind = "combatant"
                    claim.document = compiler.forces
                    claim.extras = [id]
                    claims.append(claim)
                    any = true
                }
                if !any {
                    summary.rejects.append(ImportReject(line: line, id: "\(compiler.name) \(id)", reason: "no casualty figure"))
                }
            }
        }
        for claim in claims.enumerated().sorted(by: { ($0.element.event, $0.offset) < ($1.element.event, $1.offset) }) {
            try emit(claim.element)
            summary.claims += 1
        }
        return summary
    }

    /// The claim text of one figure or a min/max pair; nil when empty or not a whole number.
    static func claimText(_ values: [String]) -> String? {
        let counts = values.map(count)
        if values.count == 2 {
            guard let lo = counts[0] ?? counts[1], let hi = counts[1] ?? counts[0] else { return nil }
            if lo == hi { return countText(lo) }
            return lo < hi ? "between \(countText(lo)) and \(countText(hi))" : nil
        }
        return counts.first.flatMap { $0 }.map(countText)
    }

    /// A compiler's battle id -> CWSAC id, one-to-one entries only.
    static func crosswalk(_ c: Crosswalk, dir: String) throws(DataError) -> [String: String] {
        var pairs: [(String, String)] = []
        switch c {
        case .cwsac: return [:]
        case .json(let file):
            let path = (dir as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path),
                let entries = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]]
            else { throw .missingFile(path: path, reason: "cannot read the crosswalk (a JSON list of entries)") }
            for e in entries where (e["relation"] as? String) == "eq" {
                let from = (e["battles_from"] as? [Any]) ?? [], to = (e["battles_to"] as? [Any]) ?? []
                guard from.count == 1, to.count == 1 else { continue }
                pairs.append(("\(from[0])", "\(to[0])"))
            }
        case .wikipedia:
            let records = try CSVRecords(path: (dir as NSString).appendingPathComponent("wikipedia_battles.csv"))
            let c = try records.columns(["battle_id", "cwsac_id"], what: "Wikipedia battles")
            while let (_, f) = try records.next() {
                let id = c["battle_id"]! < f.count ? f[c["battle_id"]!] : "",
                    to = c["cwsac_id"]! < f.count ? f[c["cwsac_id"]!] : ""
                if !id.isEmpty && !to.isEmpty && to != "NA" { pairs.append((id, to)) }
            }
        }
        // One-to-one: a CWSAC battle claimed by two of the compiler's battles (or the reverse) is left out.
        let targets = Dictionary(grouping: pairs, by: \.1).filter { $0.value.count == 1 }
        let sources = Dictionary(grouping: pairs, by: \.0).filter { $0.value.count == 1 }
        return Dictionary(uniqueKeysWithValues: pairs.filter { targets[$0.1] != nil && sources[$0.0] != nil })
    }
}
