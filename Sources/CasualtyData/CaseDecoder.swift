import Foundation
import Yams

extension Case {
    /// The case-file schema this version reads.
    public static let schema = "casualty-case/1"

    /// Reads and validates the case file at `path`.
    ///
    /// The lexicon is, in order: `lexicon` if given; the file named by the case's
    /// `lexicon:` field (relative to the case file); a `lexicon.yaml` in the case's folder or
    /// any folder above it; the built-in copy of `Models/lexicon.yaml`.
    /// Throws `DataError.missingFile` when the file cannot be read, and `DataError.invalid`
    /// with every problem found (file, line, column, fix) when it is malformed or invalid.
    public static func load(path: String, lexicon: Lexicon? = nil, biasPriors: BiasPriorTable? = nil) throws(DataError) -> Case {
        let (input, root) = try YAMLInput.load(path: path)
        var c = try CaseDecoder(input, root).decode(lexicon: lexicon)
        c.biasPriors = biasPriors ?? BiasPriorTable.find(near: path) ?? .builtIn
        return c
    }

    /// Reads and validates case YAML `text`; `file` names it in diagnostics and is the base
    /// for relative paths.
    public static func parse(yaml text: String, file: String, lexicon: Lexicon? = nil) throws(DataError) -> Case {
        let (input, root) = try YAMLInput.parse(text: text, file: file)
        return try CaseDecoder(input, root).decode(lexicon: lexicon)
    }

    /// The path of a document's local text, if the case names one.
    public func documentPath(_ document: Document) -> String? {
        guard let file = document.file, let root = documentRoot else { return nil }
        return (Case.resolve(root, against: path) as NSString).appendingPathComponent(file)
    }

    static func findLexicon(near directory: String) -> Lexicon? {
        var dir = URL(fileURLWithPath: directory.isEmpty ? "." : directory).standardizedFileURL
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("lexicon.yaml").path
            if FileManager.default.fileExists(atPath: candidate), let lex = try? Lexicon.load(path: candidate) {
                return lex
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }

    static func derivationCycle(_ sources: [Source]) -> [String]? {
        let edges = Dictionary(sources.map { ($0.id, $0.derivesFrom) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 = on stack, 2 = done
        var stack: [String] = []
        func visit(_ s: String) -> [String]? {
            if state[s] == 2 { return nil }
            if state[s] == 1 { return Array(stack[(stack.firstIndex(of: s) ?? 0)...]) + [s] }
            state[s] = 1
            stack.append(s)
            for d in edges[s] ?? [] where d != s { if let c = visit(d) { return c } }
            stack.removeLast()
            state[s] = 2
            return nil
        }
        for s in sources.map(\.id) { if let c = visit(s) { return c } }
        return nil
    }

    /// `path` as written when absolute, else relative to the folder of `file`.
    static func resolve(_ path: String, against file: String) -> String {
        if path.hasPrefix("/") { return path }
        return (PathText.folder(of: file) as NSString).appendingPathComponent(path)
    }
}

/// Reads a case file's YAML tree section by section (info, outcomes, groups, aggregates,
/// documents, sources, reports, model, exclusions), collecting every problem in the
/// `YAMLInput` rather than stopping at the first.
struct CaseDecoder {
    typealias Group = Case.Group
    typealias Aggregate = Case.Aggregate
    typealias Document = Case.Document
    typealias Source = Case.Source
    typealias Report = Case.Report
    typealias Exclusion = Case.Exclusion

    let y: YAMLInput
    let top: [String: Node]

    static let required = ["schema", "case", "outcomes", "groups", "sources", "reports"]
    static let optional = ["aggregates", "documents", "excluded", "document_root", "lexicon", "model"]

    /// A decoder of `root`; every problem when it is not a mapping with the required keys.
    init(_ y: YAMLInput, _ root: Node) throws(DataError) {
        guard let top = y.record(root, "the case file", required: Self.required, optional: Self.optional) else {
            throw .invalid(y.diagnostics)
        }
        self.y = y
        self.top = top
    }

    /// The case, or every problem found.
    func decode(lexicon given: Lexicon?) throws(DataError) -> Case {
        if let s = y.string(top["schema"], "schema"), s != Case.schema {
            y.error(top["schema"], "unknown schema '\(s)'", fix: "this version reads 'schema: \(Case.schema)'")
        }
        let lex = lexicon(given)  // first: claims are read with it
        let outcomes = self.outcomes()
        let groups = self.groups(outcomes: outcomes)
        let sources = self.sources(groups: groups)
        var theCase = Case(
            info: info(), outcomes: outcomes, groups: groups,
            aggregates: aggregates(groups: groups.map(\.id), outcomes: outcomes),
            documents: documents(), sources: sources, reports: [], exclusions: [],
            documentRoot: nil, path: y.file, lexicon: lex, warnings: [])
        theCase.reports = reports(in: theCase)
        if let d = modelDefaults() { theCase.modelDefaults = d }
        theCase.exclusions = exclusions(documentIDs: theCase.documents.map(\.id))
        theCase.documentRoot = documentRoot(theCase.documents, into: &theCase.warnings)
        checkQuotes(theCase)
        theCase.warnings = y.warnings + theCase.warnings
        if !y.diagnostics.isEmpty {
            throw .invalid(
                y.diagnostics.sorted {
                    ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
                })
        }
        return theCase
    }

    /// The lexicon: `given`; else the case's `lexicon:` file; else one found near the case;
    /// else the built-in copy.
    func lexicon(_ given: Lexicon?) -> Lexicon {
        if let given { return given }
        if let node = top["lexicon"], let rel = y.string(node, "lexicon") {
            do {
                return try Lexicon.load(path: Case.resolve(rel, against: y.file))
            } catch {
                y.error(
                    node, "cannot use the lexicon '\(rel)': \(error.diagnostics.first?.message ?? "\(error)")",
                    fix: "fix the lexicon file or the path (relative to the case file)")
            }
        }
        return Case.findLexicon(near: PathText.folder(of: y.file)) ?? .builtIn
    }

    /// `case: {id, title, date, place}`.
    func info() -> Case.Info {
        var info = Case.Info(id: "", title: "", date: nil, place: nil)
        if let node = top["case"], let f = y.record(node, "'case'", required: ["id", "title"], optional: ["date", "place"]) {
            info.id = checkedID(f["id"], "the case id") ?? ""
            info.title = y.string(f["title"], "title") ?? ""
            info.date = checkedDate(f["date"], "the case date")
            info.place = f["place"].flatMap { y.string($0, "place") }
        }
        return info
    }

    /// `outcomes: [killed, wounded, ...]`.
    func outcomes() -> [String] {
        var outcomes: [String] = []
        for (o, node) in y.names(top["outcomes"], "outcomes") ?? [] {
            guard let id = checkedID(node, "outcome", value: o) else { continue }
            if outcomes.contains(id) {
                y.error(node, "outcome '\(id)' is listed twice", fix: "remove the second '\(id)'")
            } else {
                outcomes.append(id)
            }
        }
        return outcomes
    }

    /// `groups: {id: {side, label}}`.
    func groups(outcomes: [String]) -> [Group] {
        guard let node = top["groups"], let pairs = y.mapping(node, "'groups'") else { return [] }
        var groups: [Group] = []
        for (key, keyNode, value) in pairs {
            guard let id = checkedID(keyNode, "group id", value: key) else { continue }
            if outcomes.contains(id) {
                y.error(keyNode, "group '\(id)' has the same name as an outcome", fix: "rename one of them")
            }
            guard let f = y.record(value, "group '\(id)'", required: ["side"], optional: ["label", "kind"]) else { continue }
            guard let side = checkedID(f["side"], "side") else { continue }
            var group = Group(id: id, side: side, label: f["label"].flatMap { y.string($0, "label") } ?? id)
            group.kind = kind(f["kind"], of: "group '\(id)'", default: GroupKind.combatant)
            groups.append(group)
        }
        if pairs.isEmpty { y.error(node, "the case declares no groups", fix: "declare at least one group") }
        return groups
    }

    /// `aggregates: {id: [groups]}` or `{id: {groups, label}}`.
    func aggregates(groups groupIDs: [String], outcomes: [String]) -> [Aggregate] {
        guard let node = top["aggregates"], let pairs = y.mapping(node, "'aggregates'") else { return [] }
        var aggregates: [Aggregate] = []
        for (key, keyNode, value) in pairs {
            guard let id = checkedID(keyNode, "aggregate id", value: key) else { continue }
            if groupIDs.contains(id) || outcomes.contains(id) {
                y.error(keyNode, "aggregate '\(id)' has the same name as a group or outcome", fix: "rename the aggregate")
                continue
            }
            var label: String?
            var membersNode: Node? = value
            if case .mapping = value, let f = y.record(value, "aggregate '\(id)'", required: ["groups"], optional: ["label"]) {
                membersNode = f["groups"]
                label = f["label"].flatMap { y.string($0, "label") }
            }
            var members: [String] = []
            for (m, mnode) in y.names(membersNode, "members of '\(id)'") ?? [] {
                guard groupIDs.contains(m) else {
                    y.error(
                        mnode, "aggregate '\(id)' names unknown group '\(m)'",
                        fix: suggestion(for: m, among: groupIDs, kind: "groups"))
                    continue
                }
                if members.contains(m) {
                    y.error(mnode, "group '\(m)' is listed twice in '\(id)'", fix: "remove the second '\(m)'")
                } else {
                    members.append(m)
                }
            }
            if !members.isEmpty { aggregates.append(Aggregate(id: id, groups: groupIDs.filter(members.contains), label: label)) }
        }
        return aggregates
    }

    /// `documents: {id: {outlet, author, date, title, url, file, note}}`.
    func documents() -> [Document] {
        guard let node = top["documents"], let pairs = y.mapping(node, "'documents'") else { return [] }
        return pairs.compactMap { key, keyNode, value in
            guard let id = checkedID(keyNode, "document id", value: key),
                let f = y.record(
                    value, "document '\(id)'", required: ["outlet"],
                    optional: ["author", "date", "title", "url", "file", "note"])
            else { return nil }
            return Document(
                id: id, outlet: y.string(f["outlet"], "outlet") ?? "",
                author: f["author"].flatMap { y.string($0, "author") },
                date: checkedDate(f["date"], "document date"),
                title: f["title"].flatMap { y.string($0, "title") },
                url: f["url"].flatMap { y.string($0, "url") },
                file: f["file"].flatMap { y.string($0, "file") },
                note: f["note"].flatMap { y.string($0, "note") })
        }
    }

    /// `sources: {id: {name, side, reliability, rationale, derives_from}}`, with their
    /// derivations and sides checked.
    func sources(groups: [Group]) -> [Source] {
        guard let node = top["sources"], let pairs = y.mapping(node, "'sources'") else { return [] }
        var sources: [Source] = []
        var derivesNodes: [String: [(String, Node)]] = [:]
        for (key, keyNode, value) in pairs {
            guard let id = checkedID(keyNode, "source id", value: key) else { continue }
            guard
                let f = y.record(
                    value, "source '\(id)'", required: ["name", "side", "reliability"],
                    optional: ["rationale", "derives_from", "kind"])
            else { continue }
            let derives = f["derives_from"].flatMap { y.names($0, "derives_from") } ?? []
            derivesNodes[id] = derives
            var source = Source(
                id: id, name: y.string(f["name"], "name") ?? id, side: checkedID(f["side"], "side") ?? "neutral",
                reliability: reliability(f["reliability"], of: id),
                rationale: f["rationale"].flatMap { y.string($0, "rationale") },
                derivesFrom: derives.map(\.0))
            source.kind = kind(f["kind"], of: "source '\(id)'", default: SourceKind.party)
            sources.append(source)
        }
        checkDerivations(sources, derivesNodes)
        checkSides(node, groups: groups)
        return sources
    }

    /// A source's reliability in [0.01, 1]; 1 (with the problem recorded) otherwise.
    func reliability(_ node: Node?, of id: String) -> Double {
        guard let r = y.number(node, "reliability") else { return 1 }
        if Case.Source.reliabilityRange.contains(r) { return r }
        y.error(
            node, "reliability of '\(id)' is \(ModelSetting.text(r)), outside [0.01, 1]",
            fix: "use a weight from 0.01 to 1 (1 = as trustworthy as the best source); to give a source no weight, exclude it")
        return 1
    }

    /// Every `derives_from` names another declared source, and no derivation is circular.
    func checkDerivations(_ sources: [Source], _ derivesNodes: [String: [(String, Node)]]) {
        let sourceIDs = sources.map(\.id)
        for s in sources {
            for (d, dnode) in derivesNodes[s.id] ?? [] {
                if d == s.id {
                    y.error(
                        dnode, "source '\(s.id)' cannot derive from itself",
                        fix: "name the source it copies in derives_from, or remove '\(s.id)' from its own list")
                } else if !sourceIDs.contains(d) {
                    y.error(
                        dnode, "source '\(s.id)' derives from unknown source '\(d)'",
                        fix: suggestion(for: d, among: sourceIDs, kind: "sources"))
                }
            }
        }
        if let cycle = Case.derivationCycle(sources) {
            y.error(
                top["sources"], "sources derive from each other in a cycle: \(cycle.joined(separator: " -> "))",
                fix: "a source can only derive from sources that do not derive from it")
        }
    }

    /// A source side that is a near-miss of a group side is a typo ("pro-goverment"),
    /// which would silently turn own losses into enemy losses in the bias model.
    func checkSides(_ node: Node, groups: [Group]) {
        let groupSides = Set(groups.map(\.side)).union(["neutral"])
        guard case .mapping(let m) = node else { return }
        for (k, v) in m {
            guard case .mapping(let fm) = v, let sideNode = fm["side"], let side = sideNode.string,
                !groupSides.contains(side), let near = nearestName(to: side, in: groupSides)
            else { continue }
            y.error(sideNode, "source '\(k.string ?? "")' has side '\(side)', which no group has", fix: "did you mean '\(near)'?")
        }
    }

    /// `reports: [{id, source, documents, what, who, claim, quote, date, scope, note}]`.
    func reports(in theCase: Case) -> [Report] {
        guard let node = top["reports"] else { return [] }
        guard case .sequence(let seq) = node else {
            y.error(
                node, "'reports' must be a list ('- source: ...' items)",
                fix: "give each report as a '- {source: ..., what: ..., who: ..., claim: ...}' item under 'reports:'")
            return []
        }
        if seq.isEmpty { y.error(node, "the case has no reports", fix: "add at least one report") }
        let grammar = ClaimGrammar(lexicon: theCase.lexicon)
        var reportIDs: [String: Node] = [:]
        var out: [Report] = []
        for (index, item) in seq.enumerated() {
            guard
                let f = y.record(
                    item, "report \(index + 1)", required: ["source", "what", "who", "claim"],
                    optional: ["id", "documents", "quote", "date", "scope", "note", "basis"])
            else { continue }
            let id = f["id"].flatMap { checkedID($0, "report id") } ?? "r\(index + 1)"
            if let first = reportIDs[id] {
                y.error(
                    f["id"] ?? item, "report id '\(id)' is used twice (first at line \(y.location(first).line))",
                    fix: "give each report its own id")
            }
            reportIDs[id] = f["id"] ?? item
            if let r = report(id, f, item, in: theCase, grammar: grammar) { out.append(r) }
        }
        return out
    }

    /// One report's fields, or nil when its quantity or claim cannot be read.
    func report(_ id: String, _ f: [String: Node], _ item: Node, in theCase: Case, grammar: ClaimGrammar) -> Report? {
        let sourceIDs = theCase.sources.map(\.id), documentIDs = theCase.documents.map(\.id)
        let source = y.string(f["source"], "source") ?? ""
        if !source.isEmpty && !sourceIDs.contains(source) {
            y.error(
                f["source"], "report '\(id)' names unknown source '\(source)'",
                fix: suggestion(for: source, among: sourceIDs, kind: "sources"))
        }
        var docs: [String] = []
        for (d, dnode) in f["documents"].flatMap({ y.names($0, "documents") }) ?? [] {
            if documentIDs.contains(d) {
                docs.append(d)
            } else {
                y.error(
                    dnode, "report '\(id)' names unknown document '\(d)'",
                    fix: suggestion(for: d, among: documentIDs, kind: "documents"))
            }
        }
        let quantity = self.quantity(id, f, in: theCase)
        let claim = self.claim(id, f["claim"], grammar)
        let basis = self.basis(id, f["basis"], claim)
        guard let quantity, let claim else { return nil }
        var report = Report(
            id: id, source: source, documents: docs, quantity: quantity, claim: claim,
            quote: f["quote"].flatMap { y.string($0, "quote") },
            date: checkedDate(f["date"], "report date"), scope: f["scope"].flatMap { checkedID($0, "scope") } ?? Case.eventScope,
            note: f["note"].flatMap { y.string($0, "note") }, location: y.location(item))
        report.basis = basis
        return report
    }

    /// A report's `what` x `who`, the problem pointed at the part that is wrong.
    func quantity(_ id: String, _ f: [String: Node], in theCase: Case) -> Quantity? {
        let what = y.names(f["what"], "what", splitPlus: true) ?? []
        let who = y.names(f["who"], "who", splitPlus: true) ?? []
        guard !what.isEmpty && !who.isEmpty else { return nil }
        switch theCase.quantity(outcomes: what.map(\.0), groups: who.map(\.0)) {
        case .success(let q): return q
        case .failure(let e):
            y.error(e.part == .outcomes ? f["what"] : f["who"], "report '\(id)': \(e.message)", fix: e.fix)
            return nil
        }
    }

    /// A `kind:` field of a group or source, one of `T`'s values (`fallback` when absent).
    func kind<T: RawRepresentable & CaseIterable>(_ node: Node?, of what: String, default fallback: T) -> T
    where T.RawValue == String {
        guard let node, let text = y.string(node, "kind") else { return fallback }
        guard let value = T(rawValue: text) else {
            y.error(
                node, "\(what): kind '\(text)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))",
                fix: "leave it out for the default, \(fallback.rawValue)")
            return fallback
        }
        return value
    }

    /// A report's `basis:` (estimate by default); a named count needs a figure to be a floor.
    func basis(_ id: String, _ node: Node?, _ claim: Claim?) -> Case.Basis {
        guard let node, let text = y.string(node, "basis") else { return .estimate }
        guard let basis = Case.Basis(rawValue: text) else {
            y.error(
                node,
                "report '\(id)': basis '\(text)' is not one of: \(Case.Basis.allCases.map(\.rawValue).joined(separator: ", "))",
                fix: "write 'basis: named' for a count of named, identified individuals, else leave it out")
            return .estimate
        }
        if basis == .named, let claim, !(claim.lower > 0) {
            y.error(
                node, "report '\(id)': a named count needs a figure of at least 1 (the claim '\(claim.text)' gives no floor)",
                fix: "write the number of named people as the claim, e.g. 'claim: 13' or 'claim: at least 24'")
        }
        return basis
    }

    /// A report's claim read with the grammar.
    func claim(_ id: String, _ node: Node?, _ grammar: ClaimGrammar) -> Claim? {
        guard let node, let text = y.string(node, "claim") else { return nil }
        if case .scalar(let sc) = node, sc.style == .plain, let v = node.float, !v.isFinite {
            y.error(node, "report '\(id)': the claim '\(text)' is not finite", fix: "write a count, e.g. 13")
            return nil
        }
        switch grammar.parse(text) {
        case .success(let c):
            if c.statesAFraction, let f = c.figure {
                y.warning(
                    node, "report '\(id)': the claim '\(text)' counts \(f) people, not a whole number",
                    fix: "check the figure; counts of people are whole numbers (a hedge such as 'about 12' reads an interval)")
            }
            return c
        case .failure(let e):
            y.error(node, "report '\(id)': \(e.message)", fix: e.fix)
            return nil
        }
    }

    /// `model:`, the case's own defaults for the Bayesian model's assumptions.
    func modelDefaults() -> Case.ModelDefaults? {
        guard let node = top["model"],
            let f = y.record(
                node, "'model'", required: [],
                optional: ["sigma0", "prior_median", "prior_scale", "bias_own", "bias_enemy", "bias_sd", "rho"])
        else { return nil }
        func value(_ setting: ModelSetting) -> Double? {
            guard let v = y.number(f[setting.rawValue], setting.rawValue) else { return nil }
            if let problem = setting.problem(v) {
                y.error(f[setting.rawValue], "model \(problem)", fix: "e.g. \(setting.rawValue): \(setting.example)")
                return nil
            }
            return v
        }
        var d = Case.ModelDefaults()
        d.sigma0 = value(.sigma0)
        d.priorMedian = value(.priorMedian)
        d.priorScale = value(.priorScale)
        d.biasSD = value(.biasSD)
        d.biasOwn = value(.biasOwn)
        d.biasEnemy = value(.biasEnemy)
        d.rho = value(.rho)
        return d
    }

    /// `excluded: [{document, figure, reason, quote}]`.
    func exclusions(documentIDs: [String]) -> [Exclusion] {
        guard let node = top["excluded"] else { return [] }
        guard case .sequence(let seq) = node else {
            y.error(
                node, "'excluded' must be a list",
                fix: "give each excluded figure as a '- {document: ..., figure: ..., reason: ...}' item")
            return []
        }
        return seq.compactMap { item in
            guard let f = y.record(item, "an exclusion", required: ["document", "figure", "reason"], optional: ["quote"]) else {
                return nil
            }
            let doc = y.string(f["document"], "document") ?? ""
            if !doc.isEmpty && !documentIDs.contains(doc) {
                y.error(
                    f["document"], "exclusion names unknown document '\(doc)'",
                    fix: suggestion(for: doc, among: documentIDs, kind: "documents"))
            }
            return Exclusion(
                document: doc, figure: y.string(f["figure"], "figure") ?? "",
                quote: f["quote"].flatMap { y.string($0, "quote") }, reason: y.string(f["reason"], "reason") ?? "")
        }
    }

    /// `document_root:`, where the documents' `file`s live; a missing file is a warning,
    /// since the texts may not travel with the case.
    func documentRoot(_ documents: [Document], into warnings: inout [Diagnostic]) -> String? {
        guard let node = top["document_root"], let root = y.string(node, "document_root") else { return nil }
        let base = Case.resolve(root, against: y.file)
        for d in documents {
            guard let file = d.file else { continue }
            let full = (base as NSString).appendingPathComponent(file)
            if !FileManager.default.fileExists(atPath: full) {
                warnings.append(
                    Diagnostic(
                        y.location(node), "document '\(d.id)': file '\(full)' not found",
                        fix: "the quotes cannot be checked against the text"))
            }
        }
        return root
    }

    func checkedID(_ node: Node?, _ what: String, value: String? = nil) -> String? {
        guard let text = value ?? y.string(node, what) else { return nil }
        let ok =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
            } && text.first != "-" && text.first != "."
        if !ok {
            y.error(
                node, "\(what) '\(text)' is not a valid name",
                fix: "use letters, digits, '-', '_' or '.' (no spaces, '+' or ':'), e.g. 'pro-government'")
            return nil
        }
        return text
    }

    func checkedDate(_ node: Node?, _ what: String) -> String? {
        guard let node, let text = y.string(node, what) else { return nil }
        let valid = Case.isISODate(text)
        if !valid {
            y.error(node, "\(what) '\(text)' is not an ISO date", fix: Case.isoDateFix)
        }
        return valid ? text : nil
    }

}
