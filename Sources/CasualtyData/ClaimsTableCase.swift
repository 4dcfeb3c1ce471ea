import Foundation

extension ClaimsTable.Event {
    /// The event as a case: groups and outcomes from the `who` and `what` names, sources from
    /// `source` (ids made from the names), one report per row (`r<line>`). Every problem is a
    /// diagnostic at its row and column in `path` with a fix; `columns` gives each known
    /// column's 1-based position for them.
    /// `memo` (one per thread, for this `lexicon`) remembers claims already read.
    public func makeCase(
        path: String, columns: [String: Int], lexicon: Lexicon, biasPriors: BiasPriorTable = .builtIn,
        memo: ClaimMemo? = nil
    ) -> Result<Case, DataError> {
        var b = CaseBuilder(event: self, path: path, columns: columns)
        b.collect()
        var theCase = Case(
            info: Case.Info(id: id, title: id, date: rows.first?[.date].flatMap { $0.isEmpty ? nil : $0 }, place: nil),
            outcomes: b.outcomes, groups: b.groups, aggregates: [], documents: b.documents, sources: b.sources,
            reports: [], exclusions: [], documentRoot: nil, path: path, lexicon: lexicon, warnings: [])
        theCase.biasPriors = biasPriors
        theCase.reports = b.reports(in: theCase, memo: memo)
        guard problems.isEmpty && b.problems.isEmpty else { return .failure(.invalid(problems + b.problems)) }
        return .success(theCase)
    }
}

/// Gathers an event's groups, outcomes, sources and documents from its rows.
struct CaseBuilder {
    let event: ClaimsTable.Event
    let path: String
    let columns: [String: Int]
    var outcomes: [String] = []
    var groups: [Case.Group] = []
    var sources: [Case.Source] = []
    var documents: [Case.Document] = []
    var sourceIDs: [String: String] = [:]
    var documentIDs: [String: String] = [:]
    /// The ids given so far (the values of `sourceIDs` and `documentIDs`).
    var takenSourceIDs: Set<String> = []
    var takenDocumentIDs: Set<String> = []
    var problems: [Diagnostic] = []

    mutating func problem(_ line: Int, _ column: String, _ message: String, fix: String) {
        problems.append(Diagnostic(SourceLocation(file: path, line: line, column: columns[column] ?? 1), message, fix: fix))
    }

    /// Whether `name` can be an outcome or group id (it is used in the quantity syntax).
    static func isName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first != UInt8(ascii: "-"), first != UInt8(ascii: ".") else { return false }
        return name.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
                || b == 0x2E
        }
    }

    /// The names of a `what` or `who` cell: split at '+' (empty parts dropped), each trimmed;
    /// the common single valid name is returned as it is, without splitting.
    static func names(_ text: String) -> [String] {
        if isName(text) { return [text] }
        return text.split(separator: "+").map { $0.trimmedWhitespace }
    }

    /// Whether `u` is an ASCII letter or digit.
    static func isASCIIAlphanumeric(_ u: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(u) || ("A"..."Z").contains(u) || ("0"..."9").contains(u)
    }

    /// An id made from a free-text name: lower case, runs of other characters made '-';
    /// distinct names keep distinct ids.
    static func id(for name: String, taken: Set<String>) -> String {
        // A name that is already an id ("s1", "health-ministry") is its own, when free.
        if isID(name) && !taken.contains(name) { return name }
        var s = ""
        for u in name.lowercased().unicodeScalars {
            let ok = isASCIIAlphanumeric(u)
            if ok { s.unicodeScalars.append(u) } else if !s.hasSuffix("-") { s += "-" }
        }
        while s.hasPrefix("-") { s.removeFirst() }
        while s.hasSuffix("-") { s.removeLast() }
        if s.isEmpty { s = "source" }
        var candidate = s, n = 2
        while taken.contains(candidate) {
            candidate = "\(s)-\(n)"
            n += 1
        }
        return candidate
    }

    /// Whether `name` is what `id(for:taken:)` makes of itself: lower-case ASCII letters and
    /// digits in runs joined by single '-'.
    static func isID(_ name: String) -> Bool {
        var previous: UInt8 = UInt8(ascii: "-")
        for b in name.utf8 {
            let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A)
            guard alnum || (b == UInt8(ascii: "-") && previous != UInt8(ascii: "-")) else { return false }
            previous = b
        }
        return previous != UInt8(ascii: "-")
    }

    mutating func collect() {
        for f in event.rows {
            let line = f.line
            for o in Self.names(f[.what] ?? "") {
                guard Self.isName(o) else {
                    problem(
                        line, "what", "outcome '\(o)' is not a valid name",
                        fix: "use letters, digits, '-', '_' or '.', e.g. killed")
                    continue
                }
                if !outcomes.contains(o) { outcomes.append(o) }
            }
            addGroups(line, f)
            addSource(line, f)
            if let d = f[.document], !d.isEmpty, documentIDs[d] == nil {
                let id = Self.id(for: d, taken: takenDocumentIDs)
                documentIDs[d] = id
                takenDocumentIDs.insert(id)
                documents.append(Case.Document(id: id, outlet: d, date: nil, title: nil, url: nil, file: nil, note: nil))
            }
        }
        for i in sources.indices {
            sources[i].derivesFrom = sources[i].derivesFrom.compactMap { sourceIDs[$0] }.filter { $0 != sources[i].id }
        }
    }

    mutating func addGroups(_ line: Int, _ f: ClaimsTable.Row) {
        let side = f[.whoSide].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        var kind = GroupKind.combatant
        if let k = f[.whoKind], !k.isEmpty {
            if let parsed = GroupKind(rawValue: k) {
                kind = parsed
            } else {
                problem(line, "who_kind", "who_kind '\(k)' is not combatant or civilian", fix: "write combatant or civilian")
            }
        }
        for g in Self.names(f[.who] ?? "") {
            guard Self.isName(g) else {
                problem(
                    line, "who", "group '\(g)' is not a valid name", fix: "use letters, digits, '-', '_' or '.', e.g. civilians")
                continue
            }
            if let existing = groups.first(where: { $0.id == g }) {
                if existing.side != side && f[.whoSide]?.isEmpty == false {
                    problem(
                        line, "who_side", "group '\(g)' is on side '\(side)' here but '\(existing.side)' in an earlier row",
                        fix: "give each group one side within an event")
                }
            } else {
                groups.append(Case.Group(id: g, side: side, label: g, kind: kind))
            }
        }
    }

    mutating func addSource(_ line: Int, _ f: ClaimsTable.Row) {
        let name = f[.source] ?? ""
        guard !name.isEmpty else {
            problem(line, "source", "the source is empty", fix: "name who gives the figure")
            return
        }
        var reliability = 1.0
        if let r = f[.reliability], !r.isEmpty {
            if let v = Double(r), Case.Source.reliabilityRange.contains(v) {
                reliability = v
            } else {
                problem(line, "reliability", "reliability '\(r)' is outside [0.01, 1]", fix: "write a weight from 0.01 to 1")
            }
        }
        var kind = SourceKind.party
        if let k = f[.sourceKind], !k.isEmpty {
            if let parsed = SourceKind(rawValue: k) {
                kind = parsed
            } else {
                problem(
                    line, "source_kind", "source_kind '\(k)' is unknown",
                    fix: "write one of: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        guard sourceIDs[name] == nil else { return }
        let id = Self.id(for: name, taken: takenSourceIDs)
        sourceIDs[name] = id
        takenSourceIDs.insert(id)
        let derives = (f[.derivesFrom] ?? "").split(separator: ";").map { $0.trimmedWhitespace }
        sources.append(
            Case.Source(
                id: id, name: name, side: f[.sourceSide].flatMap { $0.isEmpty ? nil : $0 } ?? "neutral",
                reliability: reliability, rationale: nil, derivesFrom: derives, kind: kind))
    }

    /// One report per row; rows whose quantity or claim cannot be read are problems.
    mutating func reports(in theCase: Case, memo: ClaimMemo? = nil) -> [Case.Report] {
        let grammar = ClaimGrammar(lexicon: theCase.lexicon)
        var out: [Case.Report] = []
        // An event's rows repeat their quantities: each text is read once.
        var quantities: [String: Result<Quantity, QuantityError>] = [:]
        let signature = ClaimMemo.signature(of: theCase)
        for f in event.rows {
            let line = f.line
            guard let source = sourceIDs[f[.source] ?? ""] else { continue }
            let quantity: Quantity
            let text = "\(f[.what] ?? ""):\(f[.who] ?? "")"
            let read: Result<Quantity, QuantityError>
            if let known = quantities[text] {
                read = known
            } else {
                read = memo?.quantity(text, signature: signature, in: theCase) ?? theCase.quantity(text)
                quantities[text] = read
            }
            switch read {
            case .success(let q): quantity = q
            case .failure(let e):
                problem(line, e.part == .outcomes ? "what" : "who", e.message, fix: e.fix)
                continue
            }
            let claim: Claim
            let claimText = f[.claim] ?? ""
            switch memo?.parse(claimText, with: grammar) ?? grammar.parse(claimText) {
            case .success(let c): claim = c
            case .failure(let e):
                problem(line, "claim", e.message, fix: e.fix)
                continue
            }
            if let date = f[.date], !date.isEmpty, !Case.isISODate(date) {
                problem(
                    line, "date", "date '\(date)' is not an ISO date", fix: Case.isoDateFix
                )
                continue
            }
            // A case file reads "12.5" with a warning; a table has no place for one, and a
            // recorder's export with a fraction of a person was averaged or misread upstream.
            if claim.statesAFraction, let v = claim.figure {
                problem(
                    line, "claim", "the claim '\(claimText)' counts \(v) people, not a whole number",
                    fix: "write the whole count, a hedge ('about 12') or a range ('12-13')")
                continue
            }
            var report = Case.Report(
                id: "r\(line)", source: source, documents: f[.document].flatMap { documentIDs[$0] }.map { [$0] } ?? [],
                quantity: quantity, claim: claim, quote: f[.quote].flatMap { $0.isEmpty ? nil : $0 },
                date: f[.date].flatMap { $0.isEmpty ? nil : $0 }, scope: Case.eventScope, note: nil,
                location: SourceLocation(file: path, line: line, column: 1))
            if let basis = f[.basis], !basis.isEmpty {
                if let parsed = Case.Basis(rawValue: basis) {
                    report.basis = parsed
                } else {
                    problem(line, "basis", "basis '\(basis)' is not estimate or named", fix: "write estimate or named")
                }
            }
            out.append(report)
        }
        return out
    }
}

/// Claims and quantities already read, by their text: a claims table repeats the same few
/// ("13", "at least 5", "10-20"; "killed:civilians") across millions of rows, and each is
/// read once. For one lexicon, and one thread at a time (each batch worker has its own); at
/// most 100,000 texts of each kind are kept (then it starts again), so memory stays bounded.
public final class ClaimMemo: @unchecked Sendable {
    private var read: [String: Result<Claim, ClaimError>] = [:]
    private var quantities: [String: Result<Quantity, QuantityError>] = [:]

    /// An empty memo.
    public init() {}

    /// `grammar.parse(text)`, from the memo when the text was read before.
    func parse(_ text: String, with grammar: ClaimGrammar) -> Result<Claim, ClaimError> {
        if let known = read[text] { return known }
        let result = grammar.parse(text)
        if read.count >= 100_000 { read.removeAll(keepingCapacity: true) }
        read[text] = result
        return result
    }

    /// What a quantity's reading depends on besides its text: the case's outcomes and groups
    /// in order (a claims-table case has no aggregates).
    static func signature(of theCase: Case) -> String {
        theCase.aggregates.isEmpty
            ? theCase.outcomes.joined(separator: "+") + ":" + theCase.groups.map(\.id).joined(separator: "+") : ""
    }

    /// `theCase.quantity(text)`, from the memo when the same text was read in a case of the
    /// same `signature` (`signature(of:)`; empty: not remembered).
    func quantity(_ text: String, signature: String, in theCase: Case) -> Result<Quantity, QuantityError> {
        guard !signature.isEmpty else { return theCase.quantity(text) }
        let key = signature + "\u{0}" + text
        if let known = quantities[key] { return known }
        let result = theCase.quantity(text)
        if quantities.count >= 100_000 { quantities.removeAll(keepingCapacity: true) }
        quantities[key] = result
        return result
    }
}
