import CasualtyModel
import Foundation

/// Renders stand-alone meta-analysis fits (`casualty meta`): a JSON array with one object per
/// method, or an 80-column table.
public enum MetaRenderer {
    /// The note of a fit with a value that is not a finite number.
    static let nonFiniteNote =
        "some values are not finite numbers (written as null or empty): the data are numerically degenerate for this method"

    /// Notes on what is estimable for small k.
    public static func notes(k: Int) -> [String] {
        switch k {
        case 1: return ["k = 1: tau^2, Q, I^2 and H^2 are not estimable (tau^2 is set to 0); the interval is the row's own."]
        case 2: return ["k = 2: tau^2 rests on 1 degree of freedom and is very imprecise; Hartung-Knapp uses t with 1 df."]
        default: return []
        }
    }

    /// JSON: `[{"method", "test", "k", "tau2", "tau", "estimate", "se", "ci_lb", "ci_ub", "pi_lb",
    /// "pi_ub", "i2", "h2", "q", "q_df", "q_pval", "converged", "iterations", "notes"}, ...]`.
    public static func json(_ fits: [MetaFit]) throws -> String {
        struct Entry: Encodable {
            var method, test: String
            var k: Int
            // nil (JSON null) where a value is not finite; `notes` then says so.
            var tau2, tau, estimate, se, ci_lb, ci_ub, pi_lb, pi_ub, i2, h2, q: Double?
            var q_df: Int
            var q_pval: Double?
            var converged: Bool
            var iterations: Int
            var notes: [String]
        }
        func n(_ x: Double) -> Double? { x.isFinite ? x : nil }
        let entries = fits.map { f in
            Entry(
                method: f.method.rawValue, test: f.test.rawValue, k: f.k, tau2: n(f.tau2), tau: n(f.tau),
                estimate: n(f.estimate), se: n(f.se), ci_lb: n(f.ciLower), ci_ub: n(f.ciUpper), pi_lb: n(f.piLower),
                pi_ub: n(f.piUpper), i2: n(f.i2), h2: n(f.h2), q: n(f.q), q_df: f.qDF, q_pval: n(f.qPValue),
                converged: f.converged && f.isFinite, iterations: f.iterations,
                notes: notes(k: f.k) + (f.isFinite ? [] : [nonFiniteNote]))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(entries), as: UTF8.self) + "\n"
    }

    /// A table, one row per method, at most 80 columns wide.
    public static func table(_ fits: [MetaFit], file: String, level: Double = 0.95) -> String {
        guard let first = fits.first else { return "" }
        func pad(_ x: String, _ n: Int, left: Bool = true) -> String {
            x.count >= n
                ? x : (left ? String(repeating: " ", count: n - x.count) + x : x + String(repeating: " ", count: n - x.count))
        }
        var out = [
            "\(file): k = \(first.k), Q = \(String(format: "%.4g", first.q)) on \(first.qDF) df "
                + "(p = \(String(format: "%.3g", first.qPValue))), test \(first.test.rawValue)"
        ]
        out += notes(k: first.k)
        out.append(
            pad("method", 7, left: false) + pad("tau2", 9) + pad("estimate", 10) + pad("se", 9)
                + pad("\(Int((level * 100).rounded()))% CI", 22) + pad("I2%", 7) + "  conv")
        for f in fits {
            let ci = String(format: "[%.4f, %.4f]", f.ciLower, f.ciUpper)
            out.append(
                pad(f.method.rawValue, 7, left: false) + pad(String(format: "%.4f", f.tau2), 9)
                    + pad(String(format: "%.4f", f.estimate), 10) + pad(String(format: "%.4f", f.se), 9)
                    + pad(ci, 22) + pad(String(format: "%.1f", f.i2), 7) + "  " + (f.converged && f.isFinite ? "yes" : "NO"))
        }
        if fits.contains(where: { !$0.isFinite }) { out.append("note: " + nonFiniteNote) }
        return terminalSafe(out.joined(separator: "\n") + "\n")
    }

    /// Batch results as CSV: `event,method,k,tau2,estimate,se,ci_lb,ci_ub,pi_lb,pi_ub,i2,h2,q,q_pval,converged`,
    /// numbers in Swift's shortest representation that reads back to the same double; event ids are quoted when they need it and neutralised
    /// when they begin with a formula character.
    /// A CSV cell with formula characters neutralised (see `csvCell`).
    public static func csvCell(_ s: String) -> String { CasualtyReport.csvCell(s) }

    public static func csv(_ results: [MetaBatch.Result]) -> String {
        var out = "event,method,k,tau2,estimate,se,ci_lb,ci_ub,pi_lb,pi_ub,i2,h2,q,q_pval,converged\n"
        out.reserveCapacity(results.count * 200)
        func n(_ x: Double) -> String { x.isFinite ? x.description : "" }  // empty: not a finite number
        for r in results {
            let e = CasualtyReport.csvCell(r.event)
            for f in r.fits {
                out +=
                    "\(e),\(f.method.rawValue),\(f.k),\(n(f.tau2)),\(n(f.estimate)),\(n(f.se)),\(n(f.ciLower)),\(n(f.ciUpper)),"
                out +=
                    "\(n(f.piLower)),\(n(f.piUpper)),\(n(f.i2)),\(n(f.h2)),\(n(f.q)),\(n(f.qPValue)),\(f.converged && f.isFinite)\n"
            }
        }
        return out
    }
}
