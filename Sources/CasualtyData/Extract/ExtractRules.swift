import Foundation
import Yams

/// The word lists `casualty extract` reads articles with (`Models/extract-rules.yaml`): each
/// phrase is a list of lower-case tokens, matched as whole words.
public struct ExtractRules: Sendable {
    /// A phrase as tokens ("at least" -> ["at", "least"]).
    typealias Phrase = [String]

    /// Qualifier phrases before a figure, with the kind they make.
    var qualifiers: [(phrase: Phrase, kind: ExtractedFigure.Kind)] = []
    /// Outcome phrases after a figure and before it, with their outcomes.
    var after = OutcomePhrases([])
    var before = OutcomePhrases([])
    /// Nouns that make a phrase a group of people.
    var people: Set<String> = []
    /// Phrases after a number that make it a count of things.
    var things: [Phrase] = []
    /// Words before a number that make it a label.
    var labels: Set<String> = []
    /// Speech verbs and the phrases before a speaker.
    var said: Set<String> = []
    var according: [Phrase] = []
    var pronouns: Set<String> = []
    /// Phrases that put a figure outside the article's event.
    var otherScope: [Phrase] = []
    /// Words that end a group phrase.
    var stop: Set<String> = []
    /// Places and topic nouns that make the words before a headline's colon a label, not a
    /// speaker ("Mali:", "Iran Protests:"); both optional in a rules file.
    var places: Set<String> = []
    var topics: Set<String> = []
    /// Labels of a recorder's summary block whose words may run into the text around them
    /// ("reportedYesCivilians reported killed22(2–6 children4 women9 men)"), as written (the
    /// case matters); optional in a rules file. `ExtractText` reads each as a line of its own.
    var runOnLabels: [[Unicode.Scalar]] = []
    /// Words that open a sentence glued to the word before it when paragraphs were joined
    /// without a space ("the aftermathAccording to ..."); optional in a rules file.
    var gluedOpeners: Set<String> = []
    /// Where the rules were read from.
    public var origin = "built-in"

    /// The rules compiled into the tool (a copy of `Models/extract-rules.yaml`).
    public static let builtIn: ExtractRules = {
        do { return try parse(yaml: builtInYAML, file: "built-in") } catch {
            fatalError("the built-in extract rules are invalid: \(error)")  // a build defect, covered by tests
        }
    }()

    /// Reads a rules file.
    public static func load(path: String) throws(DataError) -> ExtractRules {
        let (input, root) = try YAMLInput.load(path: path)
        return try decode(input, root)
    }

    /// Reads rules YAML text; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String) throws(DataError) -> ExtractRules {
        let (input, root) = try YAMLInput.parse(text: yaml, file: file)
        return try decode(input, root)
    }

    /// `text` split as the extractor splits article text, lower-cased.
    static func phrase(_ text: String) -> Phrase {
        ExtractTokenizer.tokens(in: Array(text.lowercased().unicodeScalars), from: 0, to: text.unicodeScalars.count)
            .map(\.lower)
    }

    private static let keys = [
        "qualifiers", "outcomes", "people", "things", "labels", "said", "according", "pronouns", "other_scope", "stop",
    ]

    private static func decode(_ y: YAMLInput, _ root: Node) throws(DataError) -> ExtractRules {
        var r = ExtractRules()
        r.origin = y.file
        guard
            let top = y.record(
                root, "the extract rules", required: ["schema"] + keys,
                optional: ["places", "topics", "run_on_labels", "glued_openers"])
        else {
            throw .invalid(y.diagnostics)
        }
        if let s = y.string(top["schema"], "schema"), s != "casualty-extract-rules/1" {
            y.error(top["schema"], "unknown rules schema '\(s)'", fix: "use 'schema: casualty-extract-rules/1'")
        }
        func list(_ node: Node?, _ what: String) -> [Phrase] {
            if case .sequence(let seq)? = node, seq.isEmpty { return [] }
            return (y.names(node, what) ?? []).map { phrase($0.0) }.filter { !$0.isEmpty }
        }
        if let q = top["qualifiers"], let f = y.record(q, "qualifiers", required: ["at_least", "at_most", "about"], optional: [])
        {
            for (key, kind) in [("at_least", ExtractedFigure.Kind.atLeast), ("at_most", .atMost), ("about", .about)] {
                r.qualifiers += list(f[key], key).map { ($0, kind) }
            }
            r.qualifiers.sort { $0.phrase.count > $1.phrase.count }
        }
        if case .sequence(let seq)? = top["outcomes"] {
            var after: [OutcomePhrases.Element] = [], before: [OutcomePhrases.Element] = []
            for item in seq {
                guard let f = y.record(item, "an outcome entry", required: ["outcomes", "after", "before"], optional: [])
                else { continue }
                let outcomes = (y.names(f["outcomes"], "outcomes") ?? []).map(\.0)
                after += list(f["after"], "after").map { ($0, outcomes) }
                before += list(f["before"], "before").map { ($0, outcomes) }
            }
            (r.after, r.before) = (OutcomePhrases(after), OutcomePhrases(before))
        } else {
            y.error(top["outcomes"], "'outcomes' must be a list of entries", fix: "see Models/extract-rules.yaml")
        }
        r.people = Self.withSingulars(Set(list(top["people"], "people").map { $0.joined(separator: " ") }))
        r.things = list(top["things"], "things")
        r.labels = Set(list(top["labels"], "labels").map { $0.joined(separator: " ") })
        r.said = Set(list(top["said"], "said").map { $0.joined(separator: " ") })
        r.according = list(top["according"], "according").sorted { $0.count > $1.count }
        r.pronouns = Set(list(top["pronouns"], "pronouns").map { $0.joined(separator: " ") })
        r.otherScope = list(top["other_scope"], "other_scope")
        r.stop = Set(list(top["stop"], "stop").map { $0.joined(separator: " ") })
        r.places = Set(list(top["places"], "places").map { $0.joined(separator: " ") })
        r.topics = Set(list(top["topics"], "topics").map { $0.joined(separator: " ") })
        r.runOnLabels = (y.names(top["run_on_labels"], "run_on_labels") ?? []).map { Array($0.0.unicodeScalars) }
            .filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        r.gluedOpeners = Set((y.names(top["glued_openers"], "glued_openers") ?? []).map(\.0))
        if !y.diagnostics.isEmpty { throw .invalid(y.diagnostics) }
        return r
    }
}

extension ExtractRules {
    /// `people` with the singular of each one-word plural in it ("protesters": "protester";
    /// "gunmen": "gunman"; "deputies": "deputy"; "coaches": "coach"), so that a list of plurals
    /// also reads "one protester was killed"; not for `notPersonsWhenSingular`.
    static func withSingulars(_ people: Set<String>) -> Set<String> {
        var out = people
        for w in people where w.count > 3 && !w.contains(" ") && !notPersonsWhenSingular.contains(w) {
            if w.hasSuffix("men") {
                out.insert(String(w.dropLast(3)) + "man")
            } else if w.hasSuffix("ies") {
                out.insert(String(w.dropLast(3)) + "y")
            } else if w.hasSuffix("ches") || w.hasSuffix("shes") || w.hasSuffix("sses") {
                out.insert(String(w.dropLast(2)))
            } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("'s") {
                out.insert(String(w.dropLast()))
            }
        }
        return out
    }

    /// Plurals whose singular names no person: a body of men ("a force", "a brigade"), a word
    /// that is an adjective alone ("a major attack", "a minor injury", "regular troops"), "other";
    /// a side's name that is mostly its adjective ("Confederate general Garland": a name list
    /// stops at a word of people).
    static let notPersonsWhenSingular: Set<String> = [
        "forces", "elements", "battalions", "brigades", "garrisons", "factions", "militias", "regulars", "federals",
        "majors", "minors", "others", "nationals", "locals", "cols", "gens", "capts", "sgts", "lts", "confederates",
        "yankees",
    ]
}

/// Outcome phrases with their outcomes, longest first (so the longest match wins), and
/// indexed by their first word: the extractor asks at every token which phrase starts there.
struct OutcomePhrases: Sequence, Sendable {
    typealias Element = (phrase: ExtractRules.Phrase, outcomes: [String])
    /// Every phrase, longest first (ties in file order).
    let all: [Element]
    /// The phrases of `all` by their first word, in the same order.
    let byFirstWord: [String: [Element]]

    init(_ phrases: [Element]) {
        all = phrases.enumerated().sorted { ($0.element.phrase.count, -$0.offset) > ($1.element.phrase.count, -$1.offset) }
            .map(\.element)
        byFirstWord = Dictionary(grouping: all.filter { !$0.phrase.isEmpty }, by: { $0.phrase[0] })
    }

    func makeIterator() -> IndexingIterator<[Element]> { all.makeIterator() }
}
