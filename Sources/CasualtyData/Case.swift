/// One event whose casualties are disputed: its groups, sources, documents and the
/// reports (claims) made about it. Decoded and validated from a case file.
public struct Case: Sendable {
    /// Identity of the event.
    public struct Info: Hashable, Sendable {
        /// Stable identifier (lower-case letters, digits, '-', '_', '.').
        public var id: String
        /// Human title, e.g. "Khan Tuman ambush".
        public var title: String
        /// Date of the event (ISO 8601, possibly partial: "2016-05-06", "2016-05").
        public var date: String?
        /// Where it happened.
        public var place: String?
    }

    /// A party whose casualties are counted; cells are outcome x group.
    public struct Group: Hashable, Sendable {
        /// Identifier used in `who`.
        public var id: String
        /// Side of the conflict the group fights on (e.g. "pro-government").
        public var side: String
        /// Human label.
        public var label: String
        /// Fighters or civilians (decides the bias prior of sources counting the group).
        public var kind: GroupKind = .combatant
    }

    /// A named union of groups that reports speak about ("pro-government").
    public struct Aggregate: Hashable, Sendable {
        /// Identifier used in `who`.
        public var id: String
        /// Member group ids, in case order.
        public var groups: [String]
        /// Human label.
        public var label: String?
    }

    /// Where a claim was read: an article, statement or dataset.
    public struct Document: Hashable, Sendable {
        /// Identifier used in reports.
        public var id: String
        /// Publishing outlet.
        public var outlet: String
        /// Author, if named.
        public var author: String?
        /// Publication date (ISO 8601, possibly partial).
        public var date: String?
        /// Headline or title.
        public var title: String?
        /// Web address.
        public var url: String?
        /// A local copy of the text, relative to the case's `document_root`.
        public var file: String?
        /// Remarks on dating or provenance.
        public var note: String?
    }

    /// Who makes claims: an official, an outlet, a researcher.
    public struct Source: Hashable, Sendable {
        /// The reliability weights accepted: below 0.01 a source carries no information
        /// (its noise sd is ten times sigma0) and is to be excluded instead.
        public static let reliabilityRange = 0.01...1.0
        /// Identifier used in reports.
        public var id: String
        /// Human name.
        public var name: String
        /// Side of the conflict, or "neutral".
        public var side: String
        /// Reliability weight in (0, 1]: 1 means a source as trustworthy as the best.
        public var reliability: Double
        /// Why this weight and side.
        public var rationale: String?
        /// Sources this one repeats or relies on (they share an origin in the model).
        public var derivesFrom: [String]
        /// What kind of source it is (decides its bias prior with the relation).
        public var kind: SourceKind = .party
    }

    /// The sides the bias model distinguishes: a source counting its own side's losses,
    /// the enemy's, or speaking as a neutral.
    public enum Relation: String, Hashable, Sendable {
        /// The source belongs to the side of every counted group.
        case own
        /// The source is on a side opposed to every counted group.
        case enemy
        /// The source is neutral, or the counted groups span sides.
        case neutral
    }

    /// One claim: a source, through some documents, says a quantity is (about) some figure.
    public struct Report: Hashable, Sendable {
        /// Identifier (given in the file, or `r<N>` by position).
        public var id: String
        /// Source id.
        public var source: String
        /// Document ids that carry the claim (several outlets repeating it).
        public var documents: [String]
        /// The counted quantity (a sum of cells).
        public var quantity: Quantity
        /// The parsed claim.
        public var claim: Claim
        /// The verbatim quote the claim was read from.
        public var quote: String?
        /// When the claim was made (ISO 8601, possibly partial).
        public var date: String?
        /// "event" for claims about this event; anything else is recorded but never pooled.
        public var scope: String
        /// Analyst's remark.
        public var note: String?
        /// Where the report is in the case file.
        public var location: SourceLocation
        /// What the figure is: an estimate (a noisy reading of the truth) or a count of named,
        /// identified individuals (a documented minimum: the truth cannot be lower).
        public var basis: Basis = .estimate

        /// Whether the report is about this event (and so may be pooled).
        public var isEventScope: Bool { scope == Case.eventScope }
    }

    /// What a report's figure rests on (`basis:` in a case file).
    public enum Basis: String, Hashable, Sendable, CaseIterable {
        /// A figure as sources give them: read with noise, bias and censoring.
        case estimate
        /// A count of named, identified individuals: a hard lower bound on the sum of the
        /// report's cells (the posterior is truncated there).
        case named
    }

    /// A figure read in a document but deliberately not encoded as a report, with why.
    public struct Exclusion: Hashable, Sendable {
        /// Document id where the figure appears.
        public var document: String
        /// The figure or wording.
        public var figure: String
        /// The verbatim quote.
        public var quote: String?
        /// Why it is not pooled (other scope, subset of an encoded figure, no number...).
        public var reason: String
    }

    /// Model assumptions a case file may set (`model:` section); nil means the tool's default.
    public struct ModelDefaults: Hashable, Sendable {
        /// Noise sd on the log1p scale of a reliability-1 source.
        public var sigma0: Double?
        /// Prior median of each cell's count.
        public var priorMedian: Double?
        /// Prior sd of each cell's log count.
        public var priorScale: Double?
        /// Prior mean of own-side bias.
        public var biasOwn: Double?
        /// Prior mean of enemy-side bias.
        public var biasEnemy: Double?
        /// Prior sd of each bias.
        public var biasSD: Double?
        /// Shared-origin share of sigma0^2 for derived sources.
        public var rho: Double?
        /// No overrides.
        public init() {}
    }

    /// The scope value of claims about the event itself.
    public static let eventScope = "event"

    /// Identity of the event.
    public var info: Info
    /// Outcome ids ("killed", "wounded", "captured"), in file order.
    public var outcomes: [String]
    /// Groups, in file order.
    public var groups: [Group]
    /// Aggregates, in file order.
    public var aggregates: [Aggregate]
    /// Documents, in file order.
    public var documents: [Document]
    /// Sources, in file order.
    public var sources: [Source]
    /// Reports, in file order.
    public var reports: [Report]
    /// Figures read but not encoded, with reasons.
    public var exclusions: [Exclusion]
    /// Directory against which document `file`s are resolved (absolute or relative to the case file).
    public var documentRoot: String?
    /// The case file path as given.
    public var path: String
    /// The lexicon used to read the claims.
    public var lexicon: Lexicon
    /// The bias priors by who counts whom.
    public var biasPriors: BiasPriorTable = .builtIn
    /// Non-fatal remarks found while loading (e.g. a document file not found).
    public var warnings: [Diagnostic]
    /// The case's own model defaults (`model:` section).
    public var modelDefaults = ModelDefaults()

    /// The source with `id`.
    public func source(_ id: String) -> Source? { sources.first { $0.id == id } }
    /// The group with `id`.
    public func group(_ id: String) -> Group? { groups.first { $0.id == id } }
    /// The document with `id`.
    public func document(_ id: String) -> Document? { documents.first { $0.id == id } }

    /// Reports about the event (scope "event"), the ones estimators pool.
    public var eventReports: [Report] { reports.filter(\.isEventScope) }

    /// Every cell (outcome x group) of the case, outcome-major in file order.
    public var cells: [Cell] {
        outcomes.flatMap { o in groups.map { Cell(outcome: o, group: $0.id) } }
    }

    /// How a source relates to the groups a quantity counts (for the partisan-bias model).
    /// The kind of the groups `quantity` counts: civilian when every group is civilian.
    public func countedKind(_ quantity: Quantity) -> GroupKind {
        quantity.groups.allSatisfy { group($0)?.kind == .civilian } ? .civilian : .combatant
    }

    /// The bias-prior rule for `source` reporting on `quantity`, with the relation; nil (no
    /// bias term) when the relation is neutral or no rule matches.
    public func biasRule(of source: Source, to quantity: Quantity) -> (Relation, BiasPriorTable.Rule)? {
        let relation = relation(of: source, to: quantity)
        guard relation != .neutral,
            let rule = biasPriors.rule(source: source.kind, relation: relation, counted: countedKind(quantity))
        else { return nil }
        return (relation, rule)
    }

    public func relation(of source: Source, to quantity: Quantity) -> Relation {
        let sides = Set(quantity.groups.compactMap { group($0)?.side })
        guard source.side != "neutral", sides.count == 1, let side = sides.first, side != "neutral" else {
            return .neutral
        }
        return side == source.side ? .own : .enemy
    }

    /// The case with every claim read again through `lexicon` (hedges and vague words take
    /// its intervals; figures and bounds do not change). A claim the new lexicon cannot read
    /// keeps its old reading.
    public func relexicalized(_ lexicon: Lexicon) -> Case {
        var c = self
        let grammar = ClaimGrammar(lexicon: lexicon)
        c.lexicon = lexicon
        for i in c.reports.indices {
            if case .success(let claim) = grammar.parse(c.reports[i].claim.text) { c.reports[i].claim = claim }
        }
        return c
    }
}

extension Case {
    /// Whether `text` is an ISO 8601 date, possibly partial: YYYY, YYYY-MM or YYYY-MM-DD (month
    /// 1-12, day 1-31), a time of day after a "T" allowed and not checked ("2016-05-06T14:00Z").
    /// The importers write every date in this form (`ImportDate`).
    public static func isISODate(_ text: String) -> Bool {
        let datePart = text.split(separator: "T", maxSplits: 1).first.map(String.init) ?? text
        let parts = datePart.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        return (1...3).contains(parts.count)
            && parts[0].count == 4 && Int(parts[0]) != nil
            && (parts.count < 2 || (parts[1].count == 2 && (1...12).contains(Int(parts[1]) ?? 0)))
            && (parts.count < 3 || (parts[2].count == 2 && (1...31).contains(Int(parts[2]) ?? 0)))
    }

    /// The fix for a date that `isISODate` refuses, in case files and claims tables alike.
    public static let isoDateFix = "write YYYY-MM-DD, or YYYY-MM when the day is unknown"
}
