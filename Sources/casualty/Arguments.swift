import ArgumentParser
import CasualtyModel
import CasualtyReport

// Every closed set a flag takes is an enum (or a list of one) that the argument parser
// checks: `--help` lists the choices, and a bad value is refused with the list.

extension MethodID: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension MethodSelection: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension TauEstimator: ExpressibleByArgument {}
extension MetaTest: ExpressibleByArgument {}
extension CheckedLaplace.Coordinates: ExpressibleByArgument {}

/// A comma-separated list of values of `Element` (`nuts,laplace`), refused by the parser
/// when any item is not one of `Element`'s values.
struct CommaList<Element: ExpressibleByArgument & Hashable>: ExpressibleByArgument {
    var items: [Element]

    init(_ items: [Element]) { self.items = items }

    init?(argument: String) {
        var out: [Element] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let text = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard let item = Element(argument: text) else { return nil }
            if !out.contains(item) { out.append(item) }
        }
        guard !out.isEmpty else { return nil }
        items = out
    }

    static var allValueStrings: [String] { Element.allValueStrings }
    var defaultValueDescription: String { items.map(\.defaultValueDescription).joined(separator: ",") }
}

extension Array {
    /// The items of a repeatable comma-list option in order, each once ("--method laplace
    /// --method meta-dl,laplace" is laplace, meta-dl), or `fallback` when it was not given: a
    /// repeated flag adds to the list, where a single-valued option would keep its last value
    /// and drop the others without a word.
    func union<T: Hashable>(or fallback: [T]) -> [T] where Element == CommaList<T> {
        var out: [T] = []
        for item in flatMap(\.items) where !out.contains(item) { out.append(item) }
        return out.isEmpty ? fallback : out
    }
}

/// tau^2 estimators for meta-analysis flags: each of `TauEstimator`, `fe` (metafor's older
/// name of `ee`) and `all`.
enum TauChoice: Hashable, ExpressibleByArgument, CaseIterable {
    case estimator(TauEstimator)
    case all

    static let allCases: [TauChoice] = TauEstimator.allCases.map(TauChoice.estimator) + [.all]

    init?(argument: String) {
        if argument == "all" {
            self = .all
            return
        }
        guard let t = TauEstimator(rawValue: argument == "fe" ? "ee" : argument) else { return nil }
        self = .estimator(t)
    }

    static var allValueStrings: [String] { TauEstimator.allCases.map(\.rawValue) + ["all"] }
    var defaultValueDescription: String {
        if case .estimator(let t) = self { return t.rawValue }
        return "all"
    }
}

extension CommaList where Element == TauChoice {
    /// The estimators named, every one for `all`.
    var estimators: [TauEstimator] {
        items.contains(.all)
            ? TauEstimator.allCases : items.compactMap { if case .estimator(let t) = $0 { return t } else { return nil } }
    }
}

extension EstimateFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension SensitivityFormat: ExpressibleByArgument {}

/// `meta --format` (`csv` with `--by`).
enum MetaFormat: String, CaseIterable, ExpressibleByArgument {
    case table, json, csv
}

extension PosteriorMethod: ExpressibleByArgument {}
extension SamplerSettings.Metric: ExpressibleByArgument {}
