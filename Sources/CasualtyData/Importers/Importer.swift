import Foundation

/// One row of a claims table as an importer writes it (`schemas/claims-table.md`).
public struct ImportedClaim: Sendable, Hashable {
    /// The required columns: event id, source name, outcome(s), group(s) and the claim text.
    public var event, source, what, who, claim: String
    /// The source's weight (nil: the table's default, 1).
    public var reliability: Double? = nil
    /// The optional columns of the same names (empty: not given).
    public var sourceSide = "", whoSide = "", sourceKind = "", whoKind = "", basis = ""
    /// The optional columns of the same names (empty: not given); `derivesFrom` is
    /// `derives_from`, source names separated by ";".
    public var document = "", date = "", quote = "", derivesFrom = ""
    /// The carried columns' values, in the importer's `extraColumns` order.
    public var extras: [String] = []

    /// A claim with the required columns; the optional ones are set on the value.
    public init(event: String, source: String, what: String, who: String, claim: String) {
        self.event = event
        self.source = source
        self.what = what
        self.who = who
        self.claim = claim
    }

    /// The values in `ClaimsTable.required + ClaimsTable.optional` order, then the extras.
    public var values: [String] {
        [
            event, source, what, who, claim, reliability.map { "\($0)" } ?? "", sourceSide, whoSide, sourceKind, whoKind,
            basis, document, date, quote, derivesFrom,
        ] + extras
    }
}

/// A source row an importer could not turn into claims, and why.
public struct ImportReject: Sendable, Hashable {
    /// The row's line in the source file.
    public var line: Int
    /// The row's id in the source data, if it has one.
    public var id: String
    /// Why it was rejected.
    public var reason: String

    /// A rejected row.
    public init(line: Int, id: String, reason: String) {
        self.line = line
        self.id = id
        self.reason = reason
    }
}

/// What an import read and wrote.
public struct ImportSummary: Sendable {
    /// Rows read from the source file.
    public var rowsRead = 0
    /// Claims written.
    public var claims = 0
    /// Rows that gave no claim, with reasons (none is dropped silently).
    public var rejects: [ImportReject] = []
}

/// The recorders' exports the tool imports into claims tables.
public enum ImportFormat: String, CaseIterable, Sendable {
    /// UCDP Georeferenced Event Dataset (GED) CSV.
    case ucdp
    /// Airwars incident records (civilians reported killed and injured, grading).
    case airwars
    /// ACLED events export (documented column names).
    case acled
    /// The American Civil War compilers' folder (`acw-battles/`: CWSAC, Fox, Livermore,
    /// Bodart, Clodfelter, Phisterer, Kennedy, Wikipedia).
    case acw

    /// The carried columns of this format's claims tables: the recorder's own columns
    /// (`sourceColumns`), then the event's year and month (YYYY, YYYY-MM) from its date where
    /// the recorder gives none, so that `--total-by country,month` sums country-months.
    public var extraColumns: [String] { sourceColumns + derivedColumns }

    /// The recorder's columns carried as they are.
    var sourceColumns: [String] {
        switch self {
        case .ucdp: return ["country", "region", "year", "date_end", "conflict_name", "dyad_name", "type_of_violence"]
        case .airwars: return ["grading", "suspected_belligerent", "url"]
        case .acled: return ["country", "admin1", "location", "year", "event_type", "sub_event_type", "actor1", "actor2"]
        case .acw: return ["compiler_battle_id"]
        }
    }

    /// Columns derived from the event's date.
    var derivedColumns: [String] {
        switch self {
        case .ucdp, .acled: return ["month"]
        case .airwars: return ["year", "month"]
        case .acw: return []
        }
    }

    /// The derived columns' values for an event of ISO date `date` (YYYY-MM-DD).
    func derived(from date: String) -> [String] {
        derivedColumns.map { $0 == "year" ? String(date.prefix(4)) : String(date.prefix(7)) }
    }

    /// Reads `path`, handing each claim to `emit`, with `grades` for Airwars' grading.
    public func read(
        _ path: String, grades: AirwarsGrades = .builtIn, emit: (ImportedClaim) throws -> Void
    ) throws -> ImportSummary {
        switch self {
        case .ucdp: return try UCDPImporter.read(path, emit: emit)
        case .airwars: return try AirwarsImporter.read(path, grades: grades, emit: emit)
        case .acled: return try ACLEDImporter.read(path, emit: emit)
        case .acw: return try ACWImporter.read(path, emit: emit)
        }
    }
}

/// A whole number of people from a recorder's cell ("12", "1,200", "12.0"), or nil.
func count(_ text: String) -> Double? {
    let t = text.replacingOccurrences(of: ",", with: "").trimmedWhitespace
    guard let v = Double(t), v.isFinite, v >= 0, v < ClaimGrammar.largestCount, v == v.rounded() else { return nil }
    return v
}

/// A count as claim text ("12").
func countText(_ v: Double) -> String { String(Int64(v)) }
