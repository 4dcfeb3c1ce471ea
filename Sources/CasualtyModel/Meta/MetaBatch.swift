import Foundation

/// Meta-analysis of many independent events (rows grouped by an event column): every
/// event is fitted by every method, events split across cores.
public enum MetaBatch {
    /// One event's fits.
    public struct Result: Sendable {
        /// The event's id.
        public var event: String
        /// One fit per method, in the order asked; nil when the event's data are invalid.
        public var fits: [MetaFit]
    }

    /// Groups `table` rows by event (first-seen order) and fits each group with `methods`,
    /// using `threads` workers (1 = serial).
    public static func run(
        y: [Double], v: [Double], events: [String], methods: [TauEstimator], test: MetaTest,
        level: Double = 0.95, threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> [Result] {
        var order: [String] = []
        var index: [String: Int] = [:]
        var members: [[Int]] = []
        var last = -1
        for (row, e) in events.enumerated() {
            // Rows of one event usually come together: skip the hash lookup then.
            if last >= 0 && order[last] == e {
                members[last].append(row)
                continue
            }
            if let i = index[e] {
                members[i].append(row)
                last = i
            } else {
                last = order.count
                index[e] = order.count
                order.append(e)
                members.append([row])
            }
        }
        let (groups, ids) = (members, order)  // immutable copies for the workers
        let n = ids.count
        let box = ResultBox<[Result]>(count: max(1, threads))
        let chunk = (n + max(1, threads) - 1) / max(1, threads)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { t in
            let lo = t * chunk, hi = min(n, lo + chunk)
            var out: [Result] = []
            if lo < hi {
                out.reserveCapacity(hi - lo)
                for g in lo..<hi {
                    let rows = groups[g]
                    let fits: [MetaFit]
                    if let data = try? MetaAnalysis(y: rows.map { y[$0] }, v: rows.map { v[$0] }) {
                        fits = methods.map { data.fit($0, test: test, level: level) }
                    } else {
                        fits = []
                    }
                    out.append(Result(event: ids[g], fits: fits))
                }
            }
            box.set(t, out)
        }
        return box.values.flatMap { $0 }
    }
}
