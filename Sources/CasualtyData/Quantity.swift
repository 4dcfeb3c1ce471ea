import Foundation

/// One latent count: an outcome suffered by a group ("killed" x "iranian").
public struct Cell: Hashable, Sendable, CustomStringConvertible {
    /// Outcome id.
    public var outcome: String
    /// Group id.
    public var group: String
    /// A cell for `outcome` x `group`.
    public init(outcome: String, group: String) {
        self.outcome = outcome
        self.group = group
    }
    /// `outcome:group`.
    public var description: String { "\(outcome):\(group)" }
}

/// A quantity of interest: the sum of the cells `outcomes x groups`, written
/// `OUTCOME[+OUTCOME]:GROUP[+GROUP]` where a group may be an aggregate name
/// (`killed:iranian`, `killed+wounded:iranian`, `killed:pro-government`).
///
/// Two quantities are equal when they sum the same cells, however they were written.
public struct Quantity: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Outcome ids, in case order, without repeats.
    public let outcomes: [String]
    /// Group ids (aggregates expanded), in case order, without repeats.
    public let groups: [String]
    /// The canonical name: outcomes joined by '+', a colon, then the aggregate whose members
    /// are exactly `groups` if there is one, else the groups joined by '+'.
    public let name: String

    /// The cells summed.
    public var cells: [Cell] { outcomes.flatMap { o in groups.map { Cell(outcome: o, group: $0) } } }

    init(outcomes: [String], groups: [String], name: String) {
        self.outcomes = outcomes
        self.groups = groups
        self.name = name
    }

    public static func == (a: Quantity, b: Quantity) -> Bool { a.outcomes == b.outcomes && a.groups == b.groups }
    public func hash(into h: inout Hasher) {
        h.combine(outcomes)
        h.combine(groups)
    }
    public static func < (a: Quantity, b: Quantity) -> Bool { a.name < b.name }
    public var description: String { name }
}

/// Why a quantity cannot be built, naming the part at fault so a diagnostic can point at it.
public struct QuantityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The part of a quantity a problem is in.
    public enum Part: Hashable, Sendable {
        /// The outcomes (`what`).
        case outcomes
        /// The groups or aggregates (`who`).
        case groups
        /// The text as a whole.
        case whole
    }
    /// Where the problem is.
    public var part: Part
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var fix: String

    /// `message; fix`.
    public var description: String { "\(message); \(fix)" }
}

extension Case {
    /// Builds the quantity over `outcomes x who`, expanding aggregates; fails with a message
    /// and a fix (unknown names get a "did you mean") when a name is not declared or a group
    /// is counted twice.
    public func quantity(outcomes what: [String], groups who: [String]) -> Result<Quantity, QuantityError> {
        var outs = Set<String>()
        for o in what {
            guard outcomes.contains(o) else {
                return .failure(
                    QuantityError(
                        part: .outcomes, message: "unknown outcome '\(o)'",
                        fix: suggestion(for: o, among: outcomes, kind: "outcomes")))
            }
            guard outs.insert(o).inserted else {
                return .failure(
                    QuantityError(part: .outcomes, message: "outcome '\(o)' is named twice", fix: "name each outcome once"))
            }
        }
        var gs = Set<String>()
        for w in who {
            let members: [String]
            if group(w) != nil {
                members = [w]
            } else if let a = aggregates.first(where: { $0.id == w }) {
                members = a.groups
            } else {
                let names = groups.map(\.id) + aggregates.map(\.id)
                return .failure(
                    QuantityError(
                        part: .groups, message: "unknown group or aggregate '\(w)'",
                        fix: suggestion(for: w, among: names, kind: "groups and aggregates")))
            }
            for m in members where !gs.insert(m).inserted {
                return .failure(
                    QuantityError(
                        part: .groups, message: "group '\(m)' is counted twice in '\(who.joined(separator: "+"))'",
                        fix: "list each group once (an aggregate already includes its members)"))
            }
        }
        guard !outs.isEmpty, !gs.isEmpty else {
            return .failure(
                QuantityError(
                    part: .whole, message: "a quantity needs at least one outcome and one group",
                    fix: "write OUTCOME:GROUP, e.g. killed:\(groups.first?.id ?? "group")"))
        }
        let o = outcomes.filter(outs.contains)
        let g = groups.map(\.id).filter(gs.contains)
        let groupName =
            aggregates.first(where: { Set($0.groups) == gs && $0.groups.count == gs.count })?.id
            ?? g.joined(separator: "+")
        return .success(Quantity(outcomes: o, groups: g, name: o.joined(separator: "+") + ":" + groupName))
    }

    /// Parses `OUTCOME[+OUTCOME]:GROUP[+GROUP]` (groups may be aggregates).
    public func quantity(_ text: String) -> Result<Quantity, QuantityError> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return .failure(
                QuantityError(
                    part: .whole, message: "cannot read the quantity '\(text)'",
                    fix: "write OUTCOME[+OUTCOME]:GROUP[+GROUP], e.g. killed:\(groups.first?.id ?? "group")"))
        }
        func split(_ s: Substring) -> [String] {
            s.split(separator: "+").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
        }
        return quantity(outcomes: split(parts[0]), groups: split(parts[1]))
    }

    /// Every cell as a quantity, outcome-major in file order (`quantity(outcomes:groups:)` of
    /// one outcome and one group, built directly when there is no aggregate to name it).
    public var cellQuantities: [Quantity] {
        outcomes.flatMap { o in
            groups.compactMap { g in
                guard aggregates.isEmpty else { return try? quantity(outcomes: [o], groups: [g.id]).get() }
                return Quantity(outcomes: [o], groups: [g.id], name: o + ":" + g.id)
            }
        }
    }

    /// The quantities estimated by default: every quantity some event-scope report speaks
    /// about, then every outcome x aggregate, without repeats, in that order.
    public var defaultQuantities: [Quantity] {
        var out: [Quantity] = []
        // By index, so no report is copied whole; a case has few quantities, and reports read
        // from one text share one quantity's storage, so comparing is cheap.
        for i in reports.indices where reports[i].isEventScope && !out.contains(reports[i].quantity) {
            out.append(reports[i].quantity)
        }
        for o in outcomes {
            for a in aggregates {
                if case .success(let q) = quantity(outcomes: [o], groups: [a.id]), !out.contains(q) { out.append(q) }
            }
        }
        return out
    }
}
