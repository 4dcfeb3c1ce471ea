import CasualtyData
import Foundation

/// The consensus as claims arrived (`casualty timeline`): the case is cut after each claim,
/// in order of arrival, and estimated again, so each step shows what was known then and how
/// far the arriving claim moved each quantity (down as well as up).
///
/// A claim arrives on its report's `date`, else on the earliest date of the documents that
/// carry it. A partial date counts from the last day of its period ("2016-05" is
/// 2016-05-31, "2016" 2016-12-31). Claims of the same date arrive in file order. Undated
/// claims are left out and listed (`undated`), or placed first or last by `UndatedPolicy`.
/// Every step estimates the same quantities (the full case's defaults), so steps compare.
public struct Timeline: Sendable {
    /// What to do with claims that have no date.
    public enum UndatedPolicy: String, CaseIterable, Sendable {
        /// Left out of every step, and listed.
        case leave
        /// Known from the start (before the first dated claim).
        case first
        /// Arriving after the last dated claim.
        case last
    }

    /// One step: the claim that arrived, when, and the estimates with it.
    public struct Step: Sendable {
        /// The arrival date (ISO, full), or "undated".
        public var date: String
        /// The report that arrived.
        public var report: String
        /// The estimates of every timeline quantity after it arrived, in quantity order.
        public var estimates: [Estimate]
    }

    /// The quantities estimated at every step.
    public var quantities: [Quantity]
    /// The steps, in order of arrival.
    public var steps: [Step]
    /// Reports with no date that were left out.
    public var undated: [String]
    /// The method whose estimates the steps hold.
    public var method: MethodID

    /// The arrival date of `report` in `theCase` (nil: undated).
    public static func arrival(of report: Case.Report, in theCase: Case) -> String? {
        if let d = report.date { return endOfPeriod(d) }
        return report.documents.compactMap { theCase.document($0)?.date }.map(endOfPeriod).min()
    }

    /// A partial ISO date as the last day of its period; a full date (or date-time) as its day.
    public static func endOfPeriod(_ date: String) -> String {
        let parts = date.prefix(10).split(separator: "-").compactMap { Int($0) }
        switch parts.count {
        case 1: return String(format: "%04d-12-31", parts[0])
        case 2:
            let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            let leap = parts[0] % 4 == 0 && (parts[0] % 100 != 0 || parts[0] % 400 == 0)
            let last = parts[1] == 2 && leap ? 29 : days[max(0, min(11, parts[1] - 1))]
            return String(format: "%04d-%02d-%02d", parts[0], parts[1], last)
        default: return String(date.prefix(10))
        }
    }

    /// The timeline of `evidence` by `options`' tracked method (`method`), steps fitted in
    /// parallel.
    public static func run(
        _ evidence: Evidence, options: AnalysisOptions, method: MethodID, undated policy: UndatedPolicy = .leave
    ) throws(SettingsError) -> Timeline {
        let c = evidence.theCase
        let reports = evidence.pooledReports
        let dated = reports.compactMap { r in arrival(of: r, in: c).map { (r, $0) } }
        let sorted = dated.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
        let missing = reports.filter { arrival(of: $0, in: c) == nil }
        var order = sorted.map { (report: $0.0, date: $0.1) }
        switch policy {
        case .leave: break
        case .first: order = missing.map { ($0, "undated") } + order
        case .last: order += missing.map { ($0, "undated") }
        }
        let quantities = c.defaultQuantities
        let box = ResultBox<[Estimate]>(count: order.count)
        let cases = (0..<order.count).map { k -> Case in
            var cut = c
            let kept = Set(order.prefix(k + 1).map(\.report.id))
            cut.reports = c.reports.filter { kept.contains($0.id) }
            return cut
        }
        let evidences = try cases.map { cut throws(SettingsError) in try Evidence(cut, settings: evidence.settings) }
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            let result = evidences[k].estimate(quantities, options: options)
            box.set(k, quantities.compactMap { q in result.estimates.first { $0.quantity == q && $0.answers == method } })
        }
        let steps = zip(order, box.values).map { Step(date: $0.0.date, report: $0.0.report.id, estimates: $0.1) }
        return Timeline(
            quantities: quantities, steps: steps, undated: policy == .leave ? missing.map(\.id) : [], method: method)
    }
}
