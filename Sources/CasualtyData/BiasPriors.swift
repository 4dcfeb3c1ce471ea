import Foundation
import Yams

/// What kind of group is counted (`kind:` of a group in a case file).
public enum GroupKind: String, Hashable, Sendable, CaseIterable {
    /// Fighters of an armed force or group (the default).
    case combatant
    /// People not taking part in the fighting.
    case civilian
}

/// What kind of source gives a figure (`kind:` of a source in a case file).
public enum SourceKind: String, Hashable, Sendable, CaseIterable {
    /// A party to the fighting: an army, an armed group, its spokesmen (the default).
    case party
    /// A government body that is not the fighting force: a health ministry, a civil registry.
    case official
    /// A recorder or human-rights group counting by documented incident or name.
    case monitor
    /// A news outlet.
    case media
    /// A witness.
    case witness
}

/// The table of bias priors over (source kind, relation to the counted side, counted kind),
/// kept in `Models/bias-priors.yaml` with a rationale for every rule.
public struct BiasPriorTable: Hashable, Sendable {
    /// The prior mean of a rule: the model's own-side or enemy setting, or a number.
    public enum Mean: Hashable, Sendable {
        /// `--bias-own` (default -0.2).
        case own
        /// `--bias-enemy` (default 0.4).
        case enemy
        /// A fixed shift on the log1p scale.
        case value(Double)
    }

    /// One rule; nil in a field matches every value (`any`).
    public struct Rule: Hashable, Sendable {
        /// The source kind it applies to.
        public var source: SourceKind?
        /// The relation it applies to (own or enemy).
        public var relation: Case.Relation?
        /// The counted groups' kind it applies to.
        public var counted: GroupKind?
        /// The prior mean.
        public var mean: Mean
        /// The prior sd (nil: the model's `--bias-sd`).
        public var sd: Double?
        /// Why.
        public var rationale: String
        /// The published source of the rule, if any.
        public var citation: String?

        /// "party, own side, combatants".
        public var label: String {
            "\(source?.rawValue ?? "any source"), \(relation.map { "\($0.rawValue) side" } ?? "any side"), "
                + "\(counted.map { $0 == .civilian ? "civilians" : "combatants" } ?? "anyone")"
        }
    }

    /// The rules, first match wins.
    public var rules: [Rule]
    /// Where the table was read from ("built-in" for the compiled default).
    public var origin: String

    /// The first rule for a report by a source of kind `source` with relation `relation` to
    /// groups of kind `counted`; nil when no rule matches (then no bias term: neutral).
    public func rule(source: SourceKind, relation: Case.Relation, counted: GroupKind) -> Rule? {
        rules.first { r in
            (r.source == nil || r.source == source) && (r.relation == nil || r.relation == relation)
                && (r.counted == nil || r.counted == counted)
        }
    }

    /// The table compiled into the tool: a copy of `Models/bias-priors.yaml`.
    public static let builtIn: BiasPriorTable = {
        do { return try BiasPriorTable.parse(yaml: builtInYAML, file: "built-in") } catch {
            fatalError("the built-in bias-prior table is invalid: \(error)")  // a build defect, covered by tests
        }
    }()

    /// Reads a table file.
    public static func load(path: String) throws(DataError) -> BiasPriorTable {
        let (input, root) = try YAMLInput.load(path: path)
        return try decode(input, root)
    }

    /// Reads table YAML text; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String) throws(DataError) -> BiasPriorTable {
        let (input, root) = try YAMLInput.parse(text: yaml, file: file)
        return try decode(input, root)
    }

    /// The table found in the folder of `caseFile` or a folder above it, if any.
    public static func find(near caseFile: String) -> BiasPriorTable? {
        var dir = URL(fileURLWithPath: PathText.folder(of: caseFile)).standardizedFileURL
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("bias-priors.yaml").path
            if FileManager.default.fileExists(atPath: candidate), let t = try? load(path: candidate) { return t }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }

    private static func decode(_ y: YAMLInput, _ root: Node) throws(DataError) -> BiasPriorTable {
        var table = BiasPriorTable(rules: [], origin: y.file)
        if let top = y.record(root, "the bias-prior table", required: ["schema", "rules"], optional: []) {
            if let s = y.string(top["schema"], "schema"), s != "casualty-bias-priors/1" {
                y.error(top["schema"], "unknown bias-prior schema '\(s)'", fix: "use 'schema: casualty-bias-priors/1'")
            }
            if let list = top["rules"], case .sequence(let seq) = list {
                table.rules = seq.compactMap { rule(y, $0) }
            } else {
                y.error(
                    top["rules"], "'rules' must be a list of rules", fix: "write each rule as a '- {source_kind: ..., ...}' item")
            }
        }
        if !y.diagnostics.isEmpty { throw .invalid(y.diagnostics) }
        return table
    }

    private static func rule(_ y: YAMLInput, _ item: Node) -> Rule? {
        guard
            let f = y.record(
                item, "a bias-prior rule", required: ["source", "relation", "counted", "mean", "sd", "rationale"],
                optional: ["citation"])
        else { return nil }
        func choice<T: RawRepresentable>(_ key: String, _ type: T.Type, _ all: [String]) -> (ok: Bool, value: T?)
        where T.RawValue == String {
            guard let text = y.string(f[key], key) else { return (false, nil) }
            if text == "any" { return (true, nil) }
            guard let v = T(rawValue: text) else {
                y.error(
                    f[key], "\(key) '\(text)' is not one of: \(all.joined(separator: ", ")), any",
                    fix: nearestName(to: text, in: all + ["any"]).map { "did you mean '\($0)'?" }
                        ?? "use one of the values listed")
                return (false, nil)
            }
            return (true, v)
        }
        let source = choice("source", SourceKind.self, SourceKind.allCases.map(\.rawValue))
        let relation = choice("relation", Case.Relation.self, ["own", "enemy"])
        let counted = choice("counted", GroupKind.self, GroupKind.allCases.map(\.rawValue))
        guard source.ok, relation.ok, counted.ok, let why = y.string(f["rationale"], "rationale") else { return nil }
        var mean = Mean.own
        switch y.string(f["mean"], "mean") {
        case "own": mean = .own
        case "enemy": mean = .enemy
        case let text?:
            guard let v = Double(text), v.isFinite, abs(v) <= 3 else {
                y.error(f["mean"], "mean '\(text)' must be own, enemy or a number between -3 and 3", fix: "e.g. mean: 0")
                return nil
            }
            mean = .value(v)
        case nil: return nil
        }
        var sd: Double?
        if let text = y.string(f["sd"], "sd"), text != "default" {
            guard let v = Double(text), v > 0, v <= 3 else {
                y.error(f["sd"], "sd '\(text)' must be default or a number in (0, 3]", fix: "e.g. sd: 0.3")
                return nil
            }
            sd = v
        }
        let citation = f["citation"].flatMap { y.string($0, "citation") }
        return Rule(
            source: source.value, relation: relation.value, counted: counted.value, mean: mean, sd: sd,
            rationale: why, citation: citation == "none" ? nil : citation)
    }
}
