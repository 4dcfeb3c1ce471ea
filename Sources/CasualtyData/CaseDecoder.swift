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
    public static func load(path: String, lexicon: Lexicon? = nil) throws(DataError) -> Case {
        let (input, root) = try YAMLInput.load(path: path)
        return try decode(input, root, lexicon: lexicon)
    }

    /// Reads and validates case YAML `text`; `file` names it in diagnostics and is the base
    /// for relative paths.
    public static func parse(yaml text: String, file: String, lexicon: Lexicon? = nil) throws(DataError) -> Case {
        let (input, root) = try YAMLInput.parse(text: text, file: file)
        return try decode(input, root, lexicon: lexicon)
    }

    private static let topFields = ["schema", "case", "outcomes", "groups", "aggregates", "documents",
                                    "sources", "reports", "excluded", "document_root", "lexicon", "model"]

    private static func decode(_ y: YAMLInput, _ root: Node, lexicon given: Lexicon?) throws(DataError) -> Case {
        let caseDir = (y.file as NSString).deletingLastPathComponent
        guard let top = y.record(root, "the case file", required: ["schema", "case", "outcomes", "groups", "sources", "reports"],
                                 optional: topFields.filter { !["schema", "case", "outcomes", "groups", "sources", "reports"].contains($0) })
        else { throw .invalid(y.diagnostics) }

        if let s = y.string(top["schema"], "schema"), s != schema {
            y.error(top["schema"], "unknown schema '\(s)'", fix: "this version reads 'schema: \(schema)'")
        }

        // Lexicon first: claims are read with it.
        var lexicon = given
        if lexicon == nil, let node = top["lexicon"], let rel = y.string(node, "lexicon") {
            let path = rel.hasPrefix("/") ? rel : (caseDir as NSString).appendingPathComponent(rel)
            do { lexicon = try Lexicon.load(path: path) } catch {
                y.error(node, "cannot use the lexicon '\(rel)': \(error.diagnostics.first?.message ?? "\(error)")",
                        fix: "fix the lexicon file or the path (relative to the case file)")
            }
        }
        if lexicon == nil { lexicon = findLexicon(near: caseDir) }
        let lex = lexicon ?? .builtIn

        // case: {id, title, date, place}
        var info = Info(id: "", title: "", date: nil, place: nil)
        if let node = top["case"], let f = y.record(node, "'case'", required: ["id", "title"], optional: ["date", "place"]) {
            info.id = checkedID(y, f["id"], "the case id") ?? ""
            info.title = y.string(f["title"], "title") ?? ""
            info.date = checkedDate(y, f["date"], "the case date")
            info.place = f["place"].flatMap { y.string($0, "place") }
        }

        // outcomes
        var outcomes: [String] = []
        if let list = y.names(top["outcomes"], "outcomes") {
            for (o, node) in list {
                guard let id = checkedID(y, node, "outcome", value: o) else { continue }
                if outcomes.contains(id) { y.error(node, "outcome '\(id)' is listed twice") } else { outcomes.append(id) }
            }
        }

        // groups
        var groups: [Group] = []
        if let node = top["groups"], let pairs = y.mapping(node, "'groups'") {
            for (key, keyNode, value) in pairs {
                guard let id = checkedID(y, keyNode, "group id", value: key) else { continue }
                if outcomes.contains(id) { y.error(keyNode, "group '\(id)' has the same name as an outcome", fix: "rename one of them") }
                guard let f = y.record(value, "group '\(id)'", required: ["side"], optional: ["label"]) else { continue }
                guard let side = checkedID(y, f["side"], "side") else { continue }
                groups.append(Group(id: id, side: side, label: f["label"].flatMap { y.string($0, "label") } ?? id))
            }
            if pairs.isEmpty { y.error(node, "the case declares no groups", fix: "declare at least one group") }
        }
        let groupIDs = groups.map(\.id)

        // aggregates
        var aggregates: [Aggregate] = []
        if let node = top["aggregates"], let pairs = y.mapping(node, "'aggregates'") {
            for (key, keyNode, value) in pairs {
                guard let id = checkedID(y, keyNode, "aggregate id", value: key) else { continue }
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
                        y.error(mnode, "aggregate '\(id)' names unknown group '\(m)'",
                                fix: suggestion(for: m, among: groupIDs, kind: "groups"))
                        continue
                    }
                    if members.contains(m) { y.error(mnode, "group '\(m)' is listed twice in '\(id)'") } else { members.append(m) }
                }
                if !members.isEmpty {
                    aggregates.append(Aggregate(id: id, groups: groupIDs.filter(members.contains), label: label))
                }
            }
        }

        // documents
        var documents: [Document] = []
        if let node = top["documents"], let pairs = y.mapping(node, "'documents'") {
            for (key, keyNode, value) in pairs {
                guard let id = checkedID(y, keyNode, "document id", value: key) else { continue }
                guard let f = y.record(value, "document '\(id)'", required: ["outlet"],
                                       optional: ["author", "date", "title", "url", "file", "note"]) else { continue }
                documents.append(Document(
                    id: id, outlet: y.string(f["outlet"], "outlet") ?? "",
                    author: f["author"].flatMap { y.string($0, "author") },
                    date: checkedDate(y, f["date"], "document date"),
                    title: f["title"].flatMap { y.string($0, "title") },
                    url: f["url"].flatMap { y.string($0, "url") },
                    file: f["file"].flatMap { y.string($0, "file") },
                    note: f["note"].flatMap { y.string($0, "note") }))
            }
        }
        let documentIDs = documents.map(\.id)

        // sources
        var sources: [Source] = []
        var derivesNodes: [String: [(String, Node)]] = [:]
        if let node = top["sources"], let pairs = y.mapping(node, "'sources'") {
            for (key, keyNode, value) in pairs {
                guard let id = checkedID(y, keyNode, "source id", value: key) else { continue }
                guard let f = y.record(value, "source '\(id)'", required: ["name", "side", "reliability"],
                                       optional: ["rationale", "derives_from"]) else { continue }
                let side = checkedID(y, f["side"], "side") ?? "neutral"
                var reliability = 1.0
                if let r = y.number(f["reliability"], "reliability") {
                    if r > 0 && r <= 1 { reliability = r } else {
                        y.error(f["reliability"], "reliability of '\(id)' is \(r), outside (0, 1]",
                                fix: "use a weight above 0 and at most 1 (1 = as trustworthy as the best source)")
                    }
                }
                let derives = f["derives_from"].flatMap { y.names($0, "derives_from") } ?? []
                derivesNodes[id] = derives
                sources.append(Source(id: id, name: y.string(f["name"], "name") ?? id, side: side,
                                      reliability: reliability,
                                      rationale: f["rationale"].flatMap { y.string($0, "rationale") },
                                      derivesFrom: derives.map(\.0)))
            }
        }
        let sourceIDs = sources.map(\.id)
        for s in sources {
            for (d, dnode) in derivesNodes[s.id] ?? [] {
                if d == s.id { y.error(dnode, "source '\(s.id)' cannot derive from itself") }
                else if !sourceIDs.contains(d) {
                    y.error(dnode, "source '\(s.id)' derives from unknown source '\(d)'",
                            fix: suggestion(for: d, among: sourceIDs, kind: "sources"))
                }
            }
        }
        if let cycle = derivationCycle(sources) {
            y.error(top["sources"], "sources derive from each other in a cycle: \(cycle.joined(separator: " -> "))",
                    fix: "a source can only derive from sources that do not derive from it")
        }
        // A source side that is a near-miss of a group side is a typo ("pro-goverment"),
        // which would silently turn own losses into enemy losses in the bias model.
        let groupSides = Set(groups.map(\.side)).union(["neutral"])
        if let node = top["sources"], case .mapping(let m) = node {
            for (k, v) in m {
                guard case .mapping(let fm) = v, let sideNode = fm["side"], let side = sideNode.string,
                      !groupSides.contains(side), let near = nearestName(to: side, in: groupSides) else { continue }
                y.error(sideNode, "source '\(k.string ?? "")' has side '\(side)', which no group has",
                        fix: "did you mean '\(near)'?")
            }
        }

        // The case so far (for quantity parsing).
        var theCase = Case(info: info, outcomes: outcomes, groups: groups, aggregates: aggregates,
                           documents: documents, sources: sources, reports: [], exclusions: [],
                           documentRoot: nil, path: y.file, lexicon: lex, warnings: [])

        // reports
        let grammar = ClaimGrammar(lexicon: lex)
        var reportIDs: [String: Node] = [:]
        if let node = top["reports"] {
            if case .sequence(let seq) = node {
                if seq.isEmpty { y.error(node, "the case has no reports", fix: "add at least one report") }
                for (index, item) in seq.enumerated() {
                    guard let f = y.record(item, "report \(index + 1)", required: ["source", "what", "who", "claim"],
                                           optional: ["id", "documents", "quote", "date", "scope", "note"]) else { continue }
                    let id = f["id"].flatMap { checkedID(y, $0, "report id") } ?? "r\(index + 1)"
                    if let first = reportIDs[id] {
                        y.error(f["id"] ?? item, "report id '\(id)' is used twice (first at line \(y.location(first).line))",
                                fix: "give each report its own id")
                    }
                    reportIDs[id] = f["id"] ?? item
                    let source = y.string(f["source"], "source") ?? ""
                    if !source.isEmpty && !sourceIDs.contains(source) {
                        y.error(f["source"], "report '\(id)' names unknown source '\(source)'",
                                fix: suggestion(for: source, among: sourceIDs, kind: "sources"))
                    }
                    var docs: [String] = []
                    for (d, dnode) in f["documents"].flatMap({ y.names($0, "documents") }) ?? [] {
                        if documentIDs.contains(d) { docs.append(d) } else {
                            y.error(dnode, "report '\(id)' names unknown document '\(d)'",
                                    fix: suggestion(for: d, among: documentIDs, kind: "documents"))
                        }
                    }
                    let what = y.names(f["what"], "what", splitPlus: true) ?? []
                    let who = y.names(f["who"], "who", splitPlus: true) ?? []
                    var quantity: Quantity?
                    if !what.isEmpty && !who.isEmpty {
                        switch theCase.quantity(outcomes: what.map(\.0), groups: who.map(\.0)) {
                        case .success(let q): quantity = q
                        case .failure(let e):
                            let at = e.message.contains("outcome") ? f["what"] : f["who"]
                            y.error(at, "report '\(id)': \(e.message)", fix: e.fix)
                        }
                    }
                    var claim: Claim?
                    if let cnode = f["claim"], let text = y.string(cnode, "claim") {
                        if case .scalar(let sc) = cnode, sc.style == .plain, let v = cnode.float, !v.isFinite {
                            y.error(cnode, "report '\(id)': the claim '\(text)' is not finite",
                                    fix: "write a count, e.g. 13")
                        } else { switch grammar.parse(text) {
                        case .success(let c): claim = c
                        case .failure(let e): y.error(cnode, "report '\(id)': \(e.message)", fix: e.fix)
                        } }
                    }
                    let scope = f["scope"].flatMap { checkedID(y, $0, "scope") } ?? eventScope
                    if let quantity, let claim {
                        theCase.reports.append(Report(
                            id: id, source: source, documents: docs, quantity: quantity, claim: claim,
                            quote: f["quote"].flatMap { y.string($0, "quote") },
                            date: checkedDate(y, f["date"], "report date"), scope: scope,
                            note: f["note"].flatMap { y.string($0, "note") }, location: y.location(item)))
                    }
                }
            } else {
                y.error(node, "'reports' must be a list ('- source: ...' items)")
            }
        }

        // model: the case's own defaults for the Bayesian model's assumptions.
        if let node = top["model"], let f = y.record(node, "'model'", required: [], optional:
            ["sigma0", "prior_median", "prior_scale", "bias_own", "bias_enemy", "bias_sd", "rho"]) {
            func positive(_ key: String) -> Double? {
                guard let v = y.number(f[key], key) else { return nil }
                if v <= 0 { y.error(f[key], "model \(key) must be positive, got \(v)"); return nil }
                return v
            }
            var d = ModelDefaults()
            d.sigma0 = positive("sigma0")
            d.priorMedian = positive("prior_median")
            d.priorScale = positive("prior_scale")
            d.biasSD = positive("bias_sd")
            d.biasOwn = y.number(f["bias_own"], "bias_own")
            d.biasEnemy = y.number(f["bias_enemy"], "bias_enemy")
            if let r = y.number(f["rho"], "rho") {
                if r >= 0 && r < 1 { d.rho = r } else { y.error(f["rho"], "model rho must be in [0, 1), got \(r)") }
            }
            theCase.modelDefaults = d
        }

        // excluded
        if let node = top["excluded"] {
            if case .sequence(let seq) = node {
                for item in seq {
                    guard let f = y.record(item, "an exclusion", required: ["document", "figure", "reason"],
                                           optional: ["quote"]) else { continue }
                    let doc = y.string(f["document"], "document") ?? ""
                    if !doc.isEmpty && !documentIDs.contains(doc) {
                        y.error(f["document"], "exclusion names unknown document '\(doc)'",
                                fix: suggestion(for: doc, among: documentIDs, kind: "documents"))
                    }
                    theCase.exclusions.append(Exclusion(
                        document: doc, figure: y.string(f["figure"], "figure") ?? "",
                        quote: f["quote"].flatMap { y.string($0, "quote") },
                        reason: y.string(f["reason"], "reason") ?? ""))
                }
            } else {
                y.error(node, "'excluded' must be a list")
            }
        }

        // document_root: where the documents' `file`s live; a missing file is a warning,
        // since the texts may not travel with the case.
        if let node = top["document_root"], let root = y.string(node, "document_root") {
            theCase.documentRoot = root
            let base = root.hasPrefix("/") ? root : (caseDir as NSString).appendingPathComponent(root)
            for d in documents {
                guard let file = d.file else { continue }
                let full = (base as NSString).appendingPathComponent(file)
                if !FileManager.default.fileExists(atPath: full) {
                    theCase.warnings.append(Diagnostic(y.location(node), "document '\(d.id)': file '\(full)' not found",
                                                       fix: "the quotes cannot be checked against the text"))
                }
            }
        }

        theCase.warnings = y.warnings + theCase.warnings
        if !y.diagnostics.isEmpty {
            throw .invalid(y.diagnostics.sorted { ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0) })
        }
        return theCase
    }

    /// The path of a document's local text, if the case names one.
    public func documentPath(_ document: Document) -> String? {
        guard let file = document.file, let root = documentRoot else { return nil }
        let caseDir = (path as NSString).deletingLastPathComponent
        let base = root.hasPrefix("/") ? root : (caseDir as NSString).appendingPathComponent(root)
        return (base as NSString).appendingPathComponent(file)
    }

    private static func findLexicon(near directory: String) -> Lexicon? {
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

    private static func checkedID(_ y: YAMLInput, _ node: Node?, _ what: String, value: String? = nil) -> String? {
        guard let text = value ?? y.string(node, what) else { return nil }
        let ok = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
        } && text.first != "-" && text.first != "."
        if !ok {
            y.error(node, "\(what) '\(text)' is not a valid name",
                    fix: "use letters, digits, '-', '_' or '.' (no spaces, '+' or ':'), e.g. 'pro-government'")
            return nil
        }
        return text
    }

    private static func checkedDate(_ y: YAMLInput, _ node: Node?, _ what: String) -> String? {
        guard let node, let text = y.string(node, what) else { return nil }
        // A time of day may follow ("2016-05-06T14:00Z"); only the date part is checked.
        let datePart = text.split(separator: "T", maxSplits: 1).first.map(String.init) ?? text
        let parts = datePart.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let valid = (1...3).contains(parts.count)
            && parts[0].count == 4 && Int(parts[0]) != nil
            && (parts.count < 2 || (parts[1].count == 2 && (1...12).contains(Int(parts[1]) ?? 0)))
            && (parts.count < 3 || (parts[2].count == 2 && (1...31).contains(Int(parts[2]) ?? 0)))
        if !valid { y.error(node, "\(what) '\(text)' is not an ISO date", fix: "write YYYY-MM-DD, or YYYY-MM when the day is unknown") }
        return valid ? text : nil
    }

    private static func derivationCycle(_ sources: [Source]) -> [String]? {
        let edges = Dictionary(sources.map { ($0.id, $0.derivesFrom) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 = on stack, 2 = done
        var stack: [String] = []
        func visit(_ s: String) -> [String]? {
            if state[s] == 2 { return nil }
            if state[s] == 1 { return Array(stack[(stack.firstIndex(of: s) ?? 0)...]) + [s] }
            state[s] = 1; stack.append(s)
            for d in edges[s] ?? [] where d != s { if let c = visit(d) { return c } }
            stack.removeLast(); state[s] = 2
            return nil
        }
        for s in sources.map(\.id) { if let c = visit(s) { return c } }
        return nil
    }
}
