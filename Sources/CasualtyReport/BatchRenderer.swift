import CasualtyModel
import Foundation

/// The output of `casualty batch`: CSV (a header, then one line per row) or JSON Lines (one
/// object per row). Numbers are written in their shortest exact form; a number a method does
/// not give, or that is not finite, is an empty cell or null. Text cells are escaped by
/// `csvCell` (a leading =, +, -, @, tab or CR neutralised); the carried columns follow.
public enum BatchRenderer {
    /// The fixed columns, in order.
    public static let columns = [
        "event", "quantity", "method", "fallback_from", "best", "low", "high", "level", "mean", "q50_low", "q50_high",
        "q90_low", "q90_high", "q95_low", "q95_high", "claims_used", "rhat", "ess_bulk", "divergences", "pareto_k",
        "warnings",
    ]

    /// The CSV header with the carried columns.
    public static func csvHeader(extraColumns: [String]) -> String {
        (columns + extraColumns).map(csvCell).joined(separator: ",") + "\n"
    }

    static func number(_ x: Double?) -> String { x.map { $0.isFinite ? "\($0)" : "" } ?? "" }

    static func values(_ r: BatchRow) -> [String] {
        [
            r.event, r.quantity, r.method, r.fallbackFrom ?? "", number(r.best), number(r.low), number(r.high),
            number(r.level), number(r.mean), number(r.q50?.low), number(r.q50?.high), number(r.q90?.low),
            number(r.q90?.high), number(r.q95?.low), number(r.q95?.high), "\(r.claimsUsed)", number(r.rhat),
            number(r.essBulk), r.divergences.map(String.init) ?? "", number(r.paretoK), r.warnings.joined(separator: "; "),
        ] + r.extras
    }

    /// One CSV line per row: the columns of `values(_:)`, text columns and carried values
    /// escaped (`csvCell`), numbers as they are; appended to one string, since a batch
    /// writes millions of rows.
    public static func csv(_ rows: [BatchRow]) -> String {
        var out = ""
        out.reserveCapacity(rows.count * 192)
        for r in rows {
            func text(_ s: String) { out += csvCell(s) }
            func number(_ x: Double?) {
                out += ","
                if let x, x.isFinite { out += x.description }
            }
            text(r.event)
            out += ","
            text(r.quantity)
            out += ","
            text(r.method)
            out += ","
            text(r.fallbackFrom ?? "")
            number(r.best)
            number(r.low)
            number(r.high)
            number(r.level)
            number(r.mean)
            number(r.q50?.low)
            number(r.q50?.high)
            number(r.q90?.low)
            number(r.q90?.high)
            number(r.q95?.low)
            number(r.q95?.high)
            out += ",\(r.claimsUsed)"
            number(r.rhat)
            number(r.essBulk)
            out += ","
            if let d = r.divergences { out += String(d) }
            number(r.paretoK)
            out += ","
            text(r.warnings.joined(separator: "; "))
            for e in r.extras {
                out += ","
                text(e)
            }
            out += "\n"
        }
        return out
    }

    /// One JSON object per row and line, keys as the CSV columns (warnings a list).
    public static func jsonLines(_ rows: [BatchRow], extraColumns: [String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try rows.map { r in
            var object: [String: JSONValue] = [:]
            for (name, value) in zip(columns, values(r)) where name != "warnings" {
                let isText = ["event", "quantity", "method", "fallback_from"].contains(name)
                object[name] = value.isEmpty ? .null : (isText ? .text(value) : .number(Double(value) ?? 0))
            }
            object["warnings"] = .list(r.warnings)
            for (name, value) in zip(extraColumns, r.extras) { object[name] = .text(neutralised(value)) }
            return String(decoding: try encoder.encode(object), as: UTF8.self) + "\n"
        }.joined()
    }

    /// The values of a JSON Lines object.
    enum JSONValue: Encodable {
        case text(String), number(Double), list([String]), null

        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let s): try c.encode(s)
            case .number(let x): try c.encode(x)
            case .list(let l): try c.encode(l)
            case .null: try c.encodeNil()
            }
        }
    }
}
