import CasualtyData

/// Claims tables as CSV (`schemas/claims-table.md`), as `casualty import` writes them.
public enum ClaimsTableRenderer {
    /// The header: the documented columns, then `extraColumns`.
    public static func header(extraColumns: [String]) -> String {
        (ClaimsTable.required + ClaimsTable.optional + extraColumns).map(csvCell).joined(separator: ",") + "\n"
    }

    /// One row.
    public static func line(_ row: ImportedClaim) -> String { row.values.map(csvCell).joined(separator: ",") + "\n" }

    /// The rejected rows: `line,id,reason`.
    public static func rejects(_ rejects: [ImportReject]) -> String {
        "line,id,reason\n" + rejects.map { "\($0.line),\(csvCell($0.id)),\(csvCell($0.reason))\n" }.joined()
    }
}
