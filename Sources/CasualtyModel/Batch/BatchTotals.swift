import CasualtyData
import Foundation

/// Totals over events (`casualty batch --total-by COL[,COL]`): per group of events (the
/// values of the carried columns named), per quantity name and method, the total of the
/// events' estimates.
///
/// Bayesian methods: events are independent, so the total's posterior is that of the sum of
/// independent draws: draw i of the total is the sum over events of each event's draw i
/// (`draws` of them; an event with fewer is cycled). Its median and 50/90/95% intervals
/// and mean are read from the summed draws. Recorder rules and meta-analysis: the sums of
/// best, low and high, as recorders publish them (no level: a sum of interval ends is not
/// an interval of the sum). An event whose claims speak about a quantity but for which a
/// method gave no estimate (meta-analysis where no claim is exact) leaves that method with
/// no total for the group: the sum of the other events would be too low, so the row's
/// numbers are empty and its warning counts the events missing. A total says how many of
/// its events were warned about, by kind: an event whose interval is too narrow (a claims
/// conflict) makes the total's too narrow as well.
public struct BatchTotals: Sendable {
    /// Draws kept per total.
    public static let draws = 4000

    struct Key: Hashable {
        var group: [String]
        var quantity: String
        var method: String
    }

    struct Total {
        var sums: [Double]?
        var best = 0.0, low = 0.0, high = 0.0
        var events = 0, claims = 0
        /// Events without an estimate, by reason.
        var missing: [MissingEstimate.Reason: Int] = [:]
        /// Events warned about, by kind.
        var warned: [AnalysisWarning.Kind: Int] = [:]
    }

    var totals: [Key: Total] = [:]
    var order: [Key] = []

    /// An empty set of totals.
    public init() {}

    /// One event's contribution: each estimate's values, and its draws for Bayesian methods.
    public struct Contribution: Sendable {
        var quantity: String
        var method: String
        /// The estimate's numbers; nil for a method that gave none (`missing` says why).
        var best, low, high: Double?
        var missing: MissingEstimate.Reason?
        var claims: Int
        var draws: [Double]?
        /// The kinds of the warnings about the estimate.
        var warnings: Set<AnalysisWarning.Kind> = []
    }

    /// The contributions of `result`'s estimates, and of the methods that gave none.
    public static func contributions(of result: EstimationResult) -> [Contribution] {
        let given = result.estimates.map { e in
            let fit = e.method.isBayesian ? result.fits.first { $0.method == e.method } : nil
            return Contribution(
                quantity: e.quantity.name, method: e.method.rawValue, best: e.best, low: e.low, high: e.high,
                claims: e.claimsUsed ?? e.reports.count, draws: fit.map { $0.values(of: e.quantity).flatMap { $0 } },
                warnings: Set(result.warnings(about: e).map(\.kind)))
        }
        let none = result.quantities.flatMap { q in
            q.missing.map { m in
                Contribution(quantity: q.quantity.name, method: m.method.rawValue, missing: m.reason, claims: 0, draws: nil)
            }
        }
        return given + none
    }

    /// Adds an event's contributions to the group `group`.
    public mutating func add(_ contributions: [Contribution], group: [String]) {
        for c in contributions {
            let key = Key(group: group, quantity: c.quantity, method: c.method)
            var t =
                totals[key]
                ?? {
                    order.append(key)
                    return Total()
                }()
            if let reason = c.missing { t.missing[reason, default: 0] += 1 }
            t.best += c.best ?? 0
            t.low += c.low ?? 0
            t.high += c.high ?? 0
            t.events += 1
            t.claims += c.claims
            for kind in c.warnings { t.warned[kind, default: 0] += 1 }
            if let d = c.draws, !d.isEmpty {
                var sums = t.sums ?? [Double](repeating: 0, count: Self.draws)
                for i in 0..<Self.draws { sums[i] += d[i % d.count] }
                t.sums = sums
            }
            totals[key] = t
        }
    }

    /// One row per group, quantity and method, in first-seen order: `event` is "total",
    /// the group's columns carry its values (the other carried columns are empty).
    public func rows(groupColumns: [Int], extraCount: Int) -> [BatchRow] {
        order.map { key in
            let t = totals[key]!
            var extras = [String](repeating: "", count: extraCount)
            for (i, column) in groupColumns.enumerated() { extras[column] = key.group[i] }
            let opening =
                t.missing.isEmpty
                ? "total of \(t.events) event\(t.events == 1 ? "" : "s")" : Self.incomplete(t, method: key.method)
            var row = BatchRow(
                event: "total", quantity: key.quantity, method: key.method, claimsUsed: t.claims,
                warnings: [opening] + Self.warned(t), extras: extras)
            // No numbers where events are missing: a sum without them would be too low.
            guard t.missing.isEmpty else { return row }
            if let sums = t.sums {
                let sorted = sums.sorted()
                func q(_ p: Double) -> Double { Diagnostics.quantile(sorted: sorted, p) }
                func interval(_ level: Double) -> CredibleInterval {
                    CredibleInterval(level: level, low: q((1 - level) / 2), high: q((1 + level) / 2))
                }
                row.best = q(0.5)
                row.low = q(0.05)
                row.high = q(0.95)
                row.level = 0.9
                row.mean = sums.reduce(0, +) / Double(sums.count)
                (row.q50, row.q90, row.q95) = (interval(0.5), interval(0.9), interval(0.95))
            } else {
                (row.best, row.low, row.high) = (t.best, t.low, t.high)
            }
            return row
        }
    }

    /// Why a total has no numbers: "no total: 194 of its 549 events have no meta-dl estimate
    /// (194: no exact claim), so a sum would be too low".
    static func incomplete(_ t: Total, method: String) -> String {
        let count = t.missing.values.reduce(0, +)
        let reasons = MissingEstimate.Reason.allCases.compactMap { r in t.missing[r].map { "\($0): \(r.label)" } }
        return "no total: \(count) of its \(t.events) events have no \(method) estimate ("
            + reasons.joined(separator: ", ") + "), so a sum would be too low"
    }

    /// "2 of its events warned: claims-conflict", one per kind, in the kinds' order.
    static func warned(_ t: Total) -> [String] {
        AnalysisWarning.Kind.allCases.compactMap { kind in
            t.warned[kind].map { "\($0) of its events warned: \(kind.rawValue)" }
        }
    }
}
