import CasualtyData
import Foundation

extension SourceLearning {
    /// One usable claim: its quantity (unit), source, reading and relation.
    public struct Observation: Sendable {
        /// The quantity (one event's cells) the claim is about.
        public var unit: Int
        /// The source's index in `Claims.sourceIDs`.
        public var source: Int
        /// The reading on the log1p scale.
        public var y: Double
        /// The claim's own variance (0 for a figure; from the width of a range or interval).
        public var kappa2: Double
        /// The source's relation to the counted groups (own, enemy, neutral).
        public var relation: String
        /// The side of the counted groups ("union"), or "mixed" when they span sides.
        public var side: String = "mixed"
        /// The outcomes counted ("killed", "killed+wounded").
        public var outcome: String = ""
        /// Whether the reading is implied (the sum of the source's own claims on a partition of
        /// the quantity's cells, where it made no claim on the quantity itself): a comparator
        /// for the other sources' claims, never evidence about its own source.
        public var implied = false
        /// The event's index in reading order.
        public var event = -1
        /// The claims an implied reading sums (1 for a claim): each may stray, so the reading's
        /// gross share is `1 - (1 - pi_s)^parts`.
        public var parts = 1
    }

    /// The claims of many events, ready to fit.
    public struct Claims: Sendable {
        /// Source ids, names and whether each is neutral.
        public var sourceIDs: [String] = []
        /// The sources' names.
        public var sourceNames: [String] = []
        /// Whether each source is neutral.
        public var neutral: [Bool] = []
        /// The usable claims, and the readings their sums imply.
        public var observations: [Observation] = []
        /// Quantities at least two sources spoke about.
        public var units = 0
        /// Events read.
        public var events = 0
        /// Claims left out: one-sided bounds, and quantities only one source spoke about.
        public var skippedBounds = 0
        /// Claims on quantities only one source spoke about (left out).
        public var skippedAlone = 0
        /// Implied readings among `observations` (comparators, not claims).
        public var impliedReadings: Int { observations.lazy.filter(\.implied).count }
        /// The claims used: the observations less the implied readings.
        public var claimCount: Int { observations.count - impliedReadings }
        var sourceIndex: [String: Int] = [:]

        /// Empty.
        public init() {}

        /// Adds an event's event-scope claims (named counts, which are floors, left out), and
        /// the readings their sums imply (`Observation.implied`).
        public mutating func add(_ c: Case) {
            events += 1
            var byUnit: [String: [Observation]] = [:], quantities: [String: Quantity] = [:]
            var stated: [Int: [Set<Cell>: ClosedRange<Double>]] = [:]
            for r in c.eventReports where r.basis != .named {
                guard let source = c.source(r.source) else { continue }
                guard let (y, k2) = SourceLearning.reading(r.claim) else {
                    skippedBounds += 1
                    continue
                }
                let s = index(of: source)
                byUnit[r.quantity.name, default: []].append(observation(c, source, r.quantity, y: y, kappa2: k2))
                quantities[r.quantity.name] = r.quantity
                if let f = SourceLearning.figures(r.claim) { stated[s, default: [:]][Set(r.quantity.cells)] = f }
            }
            for (name, q) in quantities.sorted(by: { $0.key < $1.key }) {
                let direct = Set(byUnit[name]!.map(\.source))
                for (s, table) in stated.sorted(by: { $0.key < $1.key }) where !direct.contains(s) {
                    guard let sum = SourceLearning.compose(Set(q.cells), from: table), let source = c.source(sourceIDs[s]) else {
                        continue
                    }
                    let (y, k2) = SourceLearning.reading(of: sum.figures)
                    var o = observation(c, source, q, y: y, kappa2: k2)
                    (o.implied, o.parts) = (true, sum.parts)
                    byUnit[name]!.append(o)
                }
            }
            for key in byUnit.keys.sorted() { addUnit(byUnit[key]!) }
        }

        /// A unit's readings, if two sources or more speak about it and one states it.
        mutating func addUnit(_ obs: [Observation]) {
            let direct = obs.filter { !$0.implied }.count
            guard Set(obs.map(\.source)).count >= 2, direct > 0 else {
                skippedAlone += direct
                return
            }
            for var o in obs {
                o.unit = units
                o.event = events - 1
                observations.append(o)
            }
            units += 1
        }

        /// The observation of `source`'s reading `y` on quantity `q` of case `c`.
        mutating func observation(_ c: Case, _ source: Case.Source, _ q: Quantity, y: Double, kappa2: Double) -> Observation {
            let sides = Set(q.groups.compactMap { c.group($0)?.side })
            return Observation(
                unit: -1, source: index(of: source), y: y, kappa2: kappa2, relation: c.relation(of: source, to: q).rawValue,
                side: sides.count == 1 ? sides.first! : "mixed", outcome: q.outcomes.sorted().joined(separator: "+"))
        }

        mutating func index(of source: Case.Source) -> Int {
            if let i = sourceIndex[source.id] { return i }
            sourceIndex[source.id] = sourceIDs.count
            sourceIDs.append(source.id)
            sourceNames.append(source.name)
            neutral.append(source.side == "neutral")
            return sourceIDs.count - 1
        }
    }

    /// A claim's figure as an interval (a figure: one point; a range, hedge or vague word: its
    /// ends); nil for one-sided bounds.
    static func figures(_ claim: Claim) -> ClosedRange<Double>? {
        switch claim.kind {
        case .exact:
            let f = claim.figure ?? claim.lower
            return f...f
        case .range, .approximate, .vague:
            guard let hi = claim.upper, hi >= claim.lower else { return nil }
            return claim.lower...hi
        case .lowerBound, .upperBound:
            return nil
        }
    }

    /// The reading on the log1p scale of a figure interval: the middle of its ends' log1p, and
    /// its own variance `kappa^2 = (half the width / 1.645)^2` (0 for one figure).
    static func reading(of figures: ClosedRange<Double>) -> (Double, Double) {
        let a = log1p(figures.lowerBound), b = log1p(figures.upperBound), k = (b - a) / 2 / 1.645
        return ((a + b) / 2, k * k)
    }

    /// The sum of a source's figures on a partition of `cells` into cell sets it stated (each
    /// a strict subset) and the number of parts, or nil if there is none: the first found,
    /// taking the cell sets in name order, depth first from the first cell in name order.
    static func compose(
        _ cells: Set<Cell>, from table: [Set<Cell>: ClosedRange<Double>]
    ) -> (
        figures: ClosedRange<Double>, parts: Int
    )? {
        let parts = table.filter { $0.key.isStrictSubset(of: cells) }.map { ($0.key, $0.value) }
            .sorted { $0.0.map(\.description).sorted().joined() < $1.0.map(\.description).sorted().joined() }
        func search(_ left: Set<Cell>) -> (figures: ClosedRange<Double>, parts: Int)? {
            guard let first = left.min(by: { $0.description < $1.description }) else { return (0...0, 0) }
            for (set, figures) in parts where set.contains(first) && set.isSubset(of: left) {
                if let rest = search(left.subtracting(set)) {
                    return (
                        (figures.lowerBound + rest.figures.lowerBound)...(figures.upperBound + rest.figures.upperBound),
                        rest.parts + 1
                    )
                }
            }
            return nil
        }
        return search(cells)
    }
}
