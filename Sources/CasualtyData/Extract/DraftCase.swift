import Foundation

/// A case drafted from extracted figures, for an analyst to check and edit: documents from
/// the files, sources from the attributions (the outlet itself where a figure has none),
/// groups from the group phrases (merged where the same words recur, singular and plural
/// alike), one report per distinct figure (the same figure in several documents is one
/// report carried by all of them), figures of another scope under `excluded:`, and a TODO
/// wherever a judgement is the analyst's.
public struct DraftCase: Sendable {
    /// A document: one input file.
    public struct Document: Sendable {
        /// The document id (from the file name).
        public var id: String
        /// The file, relative to the draft's `document_root` (nil: standard input).
        public var file: String?
        /// The title found in the text, if any.
        public var title: String?
        /// The first full date found in the text, if any.
        public var date: String?
    }

    /// A source proposed from an attribution.
    public struct Source: Sendable {
        /// The source id (from its name; `outlet-<document>` for the outlet itself).
        public var id: String
        /// The name as the text gives it.
        public var name: String
        /// The kind guessed from the name (party, official, monitor, media, witness).
        public var kind: String
        /// Whether the source is the outlet itself (no attribution in the text).
        public var isOutlet: Bool
    }

    /// A group proposed from a group phrase, or taken from the case given with `like`.
    public struct Group: Sendable {
        /// The group id (from the phrase, or the `like` case's).
        public var id: String
        /// The label: the phrase as written, or the `like` case's label.
        public var label: String
        /// combatant or civilian.
        public var kind: String
        /// The side (nil: the analyst decides; a TODO).
        public var side: String? = nil
    }

    /// A report: one distinct figure.
    public struct Report: Sendable {
        /// The report id (source, claim and outcomes).
        public var id: String
        /// The source id.
        public var source: String
        /// The documents that carry the figure.
        public var documents: [String]
        /// The outcomes counted.
        public var what: [String]
        /// The groups counted (several: a sum).
        public var who: [String]
        /// The figure in the claim grammar.
        public var claim: String
        /// The sentence it is in.
        public var quote: String
        /// What the analyst must check (a TODO).
        public var note: String
    }

    /// A figure of another scope, excluded with its reason.
    public struct Exclusion: Sendable {
        /// The document id.
        public var document: String
        /// The figure's words.
        public var figure: String
        /// The sentence it is in.
        public var quote: String
        /// Why it is left out (a TODO to confirm).
        public var reason: String
    }

    /// The case id.
    public var id: String
    /// The case title (the first document's title, else the id).
    public var title: String
    /// The earliest document date found, if any.
    public var date: String?
    /// Where the documents' files are, relative to the draft (or absolute).
    public var documentRoot: String?
    /// The outcomes the figures count, in case-file order.
    public var outcomes: [String] = []
    /// The groups proposed (or taken from the `like` case).
    public var groups: [Group] = []
    /// The aggregates of the case given with `like`.
    public var aggregates: [Case.Aggregate] = []
    /// The case whose groups and aggregates group phrases are mapped to, if any.
    let like: Case?
    /// One document per input file.
    public var documents: [Document] = []
    /// The sources proposed.
    public var sources: [Source] = []
    /// One report per distinct figure of event scope.
    public var reports: [Report] = []
    /// The figures of another scope.
    public var exclusions: [Exclusion] = []

    /// The draft of `documents` (in order); `caseID` names it (default: the first file's
    /// name); `draftPath` is where it will be written, so that file paths are relative to it.
    /// With `like`, a group phrase that names one of that case's groups or aggregates (by a
    /// distinctive word of its id or label: "Afghan Shias" -> `afghan`) is counted as it, and
    /// "Iranian and Afghani soldiers" as the sum of both; the others stay proposals.
    public init(documents extracted: [ExtractedDocument], caseID: String?, draftPath: String?, like: Case? = nil) {
        self.like = like
        aggregates = like?.aggregates ?? []
        let firstName = ((extracted.first?.file ?? "draft") as NSString).lastPathComponent
        id = caseID ?? Self.slug((firstName as NSString).deletingPathExtension, fallback: "draft")
        title = extracted.compactMap(\.title).first ?? id
        date = extracted.compactMap(\.date).min()
        let (root, docs) = Self.documents(extracted, draftPath: draftPath)
        documentRoot = root
        documents = docs
        for (doc, ex) in zip(documents, extracted) {
            for f in ex.figures { add(f, document: doc) }
        }
        outcomes = Extractor.ordered(Array(Set(reports.flatMap(\.what))))
        if outcomes.isEmpty { outcomes = ["killed"] }
    }

    /// Adds a figure: an exclusion (other scope) or a report, merged with an equal one.
    mutating func add(_ f: ExtractedFigure, document: Document) {
        if f.scope == .other {
            exclusions.append(
                Exclusion(
                    document: document.id, figure: f.span.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                    quote: f.quote, reason: "TODO: confirm; another scope (\"\(f.scopeWords ?? "")\")"))
            return
        }
        let source = sourceID(f.source, document: document)
        // With a case to map to, a group of bare "members" is the speaker's own ("Nujaba announced
        // the names of 11 members").
        let bare = f.who.map { Self.words($0).isEmpty } ?? false
        let group = mapped(f.who) ?? (bare ? mapped(f.source) : nil) ?? [groupID(f.who)]
        if let i = reports.firstIndex(where: {
            $0.claim == f.claim && $0.what == f.outcome && $0.who == group && $0.source == source
        }) {
            if !reports[i].documents.contains(document.id) { reports[i].documents.append(document.id) }
            return
        }
        let base = Self.slug("\(source)-\(f.claim)-\(f.outcome.joined(separator: "-"))", fallback: "report")
        var rid = base, n = 2
        while reports.contains(where: { $0.id == rid }) {
            rid = "\(base)-\(n)"
            n += 1
        }
        var note = "TODO: check the figure (confidence \(String(format: "%.2f", f.confidence)))"
        if let who = f.who {
            note += "; \"\(who)\" read as \(group.map { "'\($0)'" }.joined(separator: " + "))"
        } else {
            note += "; the text names no group"
        }
        reports.append(
            Report(
                id: rid, source: source, documents: [document.id], what: f.outcome, who: group, claim: f.claim, quote: f.quote,
                note: note))
    }

    /// The id of the source named `name` (the document's outlet when nil), added if new.
    mutating func sourceID(_ name: String?, document: Document) -> String {
        let label = name ?? "\(document.title ?? document.id) (the outlet)"
        let id = name.map { Self.slug($0, fallback: "source") } ?? "outlet-\(document.id)"
        if !sources.contains(where: { $0.id == id }) {
            sources.append(Source(id: id, name: label, kind: name.map(Self.kind(of:)) ?? "media", isOutlet: name == nil))
        }
        return id
    }

    /// The id of the group phrase `phrase` (singular and plural merged; "unspecified" when
    /// nil), added if new.
    mutating func groupID(_ phrase: String?) -> String {
        guard let phrase else {
            if !groups.contains(where: { $0.id == "unspecified" }) {
                groups.append(Group(id: "unspecified", label: "TODO: who was counted", kind: "combatant"))
            }
            return "unspecified"
        }
        var words = phrase.lowercased().split(separator: " ").map(String.init).filter { !["the", "a", "an"].contains($0) }
        if let last = words.last, last.count > 3, last.hasSuffix("s"), !last.hasSuffix("ss") {
            words[words.count - 1].removeLast()
        }
        if words.last == "men" { words[words.count - 1] = "man" }
        let id = Self.slug(words.joined(separator: "-"), fallback: "group")
        if !groups.contains(where: { $0.id == id }) {
            let civilian = words.contains { Self.civilianWords.contains($0) || Self.civilianWords.contains($0 + "s") }
            groups.append(Group(id: id, label: phrase, kind: civilian ? "civilian" : "combatant"))
        }
        return id
    }

    /// Words that name no particular group ("soldiers", "forces").
    static let generic: Set<String> = [
        "soldiers", "soldier", "fighters", "fighter", "members", "member", "forces", "force", "troops", "men", "man",
        "people", "combatants", "combatant", "militants", "militant", "the", "and", "of", "senior", "military", "top",
        "officers", "officer", "personnel", "others", "other", "s", "de", "al", "el", "group", "groups", "division",
        "unit", "units", "others",
    ]

    /// Whether two words name the same thing: equal, or sharing their first five letters
    /// ("Afghani" and "Afghan" do; so do "Iranian" and "Iranians").
    static func sameWord(_ a: String, _ b: String) -> Bool {
        a == b || (a.count >= 5 && b.count >= 5 && a.prefix(5) == b.prefix(5))
            || (min(a.count, b.count) >= 4 && (a.hasPrefix(b) || b.hasPrefix(a)))
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { !generic.contains($0) }
    }

    /// The groups (or aggregate) of the `like` case that `phrase` names, if any.
    mutating func mapped(_ phrase: String?) -> [String]? {
        guard let like, let phrase else { return nil }
        let said = Self.words(phrase)
        let named: [(id: String, words: [String], isGroup: Bool)] =
            like.groups.map { ($0.id, Self.words($0.id + " " + $0.label), true) }
            + like.aggregates.map { ($0.id, Self.words($0.id + " " + ($0.label ?? "")), false) }
        let hits = named.filter { n in said.contains { w in n.words.contains { Self.sameWord(w, $0) } } }
        // A phrase that names an aggregate and its members ("pro-government") is the aggregate.
        func score(_ n: (id: String, words: [String], isGroup: Bool)) -> Int {
            said.filter { w in n.words.contains { Self.sameWord(w, $0) } }.count
        }
        var chosen: [String]
        if let aggregate = hits.first(where: { !$0.isGroup }),
            hits.allSatisfy({ h in !h.isGroup || like.aggregates.first { $0.id == aggregate.id }!.groups.contains(h.id) })
        {
            chosen = [aggregate.id]
        } else {
            chosen = like.groups.map(\.id).filter { id in hits.contains { $0.id == id && $0.isGroup } }  // in case order
        }
        if chosen.count > 1 && !phrase.lowercased().contains(" and ") {
            // One group meant: the one named by clearly more words ("Iraqi Shia militia Harakat al Nujaba").
            let scored = hits.filter(\.isGroup).map { ($0.id, score($0)) }.sorted { $0.1 > $1.1 }
            guard scored[0].1 > scored[1].1 else { return nil }
            chosen = [scored[0].0]
        }
        guard !chosen.isEmpty else { return nil }
        for id in chosen where !groups.contains(where: { $0.id == id }) {
            if let g = like.groups.first(where: { $0.id == id }) {
                groups.append(Group(id: g.id, label: g.label, kind: g.kind.rawValue, side: g.side))
            }
        }
        for a in like.aggregates where chosen.contains(a.id) {
            for member in a.groups where !groups.contains(where: { $0.id == member }) {
                if let g = like.groups.first(where: { $0.id == member }) {
                    groups.append(Group(id: g.id, label: g.label, kind: g.kind.rawValue, side: g.side))
                }
            }
        }
        return chosen
    }

    static let civilianWords: Set<String> = [
        "civilians", "children", "women", "men", "people", "residents", "villagers", "worshippers", "students",
        "journalists", "workers", "patients", "doctors", "medics", "refugees", "families", "pilgrims", "passengers",
        "bystanders", "infants", "babies", "girls", "boys", "minors", "teenagers", "persons", "farmers", "childs",
        "womans", "mans", "persons",
    ]

    /// A source kind guessed from its name (the analyst confirms it).
    static func kind(of name: String) -> String {
        let w = Set(name.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        if !w.isDisjoint(with: ["ministry", "governor", "police", "official", "officials", "spokesman", "government", "mayor"]) {
            return "official"
        }
        if !w.isDisjoint(with: ["observatory", "monitor", "airwars", "amnesty", "rights", "un", "ngo", "ocha", "researcher"]) {
            return "monitor"
        }
        if !w.isDisjoint(with: ["witness", "witnesses", "resident", "residents", "relatives"]) { return "witness" }
        if !w.isDisjoint(with: ["army", "military", "irgc", "forces", "militia", "taliban", "rebels", "hezbollah", "brigade"]) {
            return "party"
        }
        return "media"
    }

    /// Documents with ids from their file names, and the root their files are found under.
    static func documents(_ extracted: [ExtractedDocument], draftPath: String?) -> (String?, [Document]) {
        let files = extracted.map(\.file).filter { $0 != "-" }
        let dirs = Set(files.map { PathText.folder(of: absolute($0)) })
        let root: String? = dirs.count == 1 ? relative(dirs.first!, to: draftPath) : (files.isEmpty ? nil : "/")
        var out: [Document] = []
        for (i, e) in extracted.enumerated() {
            let stem = ((e.file as NSString).lastPathComponent as NSString).deletingPathExtension
            var id = e.file == "-" ? "stdin" : slug(stem, fallback: "document-\(i + 1)")
            if out.contains(where: { $0.id == id }) { id += "-\(i + 1)" }
            let file: String? =
                e.file == "-"
                ? nil : dirs.count == 1 ? (e.file as NSString).lastPathComponent : String(absolute(e.file).dropFirst())
            out.append(Document(id: id, file: file, title: e.title, date: e.date))
        }
        return (root, out)
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `dir` relative to the directory of `draft` (absolute when there is no draft file).
    static func relative(_ dir: String, to draft: String?) -> String {
        guard let draft else { return dir }
        let from = PathText.folder(of: absolute(draft)).split(separator: "/")
        let to = dir.split(separator: "/")
        var common = 0
        while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
        let up = Array(repeating: "..", count: from.count - common)
        let rest = up + to[common...].map(String.init)
        return rest.isEmpty ? "." : rest.joined(separator: "/")
    }

    /// An id: lower-case ASCII letters and digits, other runs made '-' (as a claims table's
    /// source ids, `CaseBuilder.id(for:taken:)`), at most 60 characters; `fallback` when the
    /// text has no letter or digit.
    static func slug(_ text: String, fallback: String) -> String {
        guard text.unicodeScalars.contains(where: CaseBuilder.isASCIIAlphanumeric) else { return fallback }
        var s = String(CaseBuilder.id(for: text, taken: []).prefix(60))
        while s.hasSuffix("-") { s.removeLast() }
        return s
    }
}
