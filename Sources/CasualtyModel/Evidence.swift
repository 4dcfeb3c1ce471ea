import CasualtyData

/// The analyst's adjustments to a case before estimation: source weights overridden and
/// sources left out. Every CLI flag that changes which claims count or how much lands here.
public struct EvidenceSettings: Hashable, Sendable {
    /// Weight overrides by source id, each in (0, 1]; they replace the case's reliability.
    public var weights: [String: Double]
    /// Source ids whose reports are left out.
    public var excludedSources: Set<String>
    /// Document ids left out: a report is dropped when every document carrying it is left out
    /// (a claim repeated by another outlet survives the loss of one).
    public var excludedDocuments: Set<String>
    /// When not empty, only these sources' reports are used.
    public var onlySources: Set<String>
    /// Scale of the lexicon's vague intervals on the log scale (1 = as written;
    /// `Lexicon.widened(by:)`).
    public var vagueWidening: Double
    /// Sources learned across events (`--sources`): for the sources it knows, its reliability
    /// replaces the case's (a `weights` override still wins) and its bias, by relation, replaces
    /// the bias prior; the other sources keep the case's values.
    public var learned: LearnedSources?

    /// No adjustments.
    public init(
        weights: [String: Double] = [:], excludedSources: Set<String> = [],
        excludedDocuments: Set<String> = [], onlySources: Set<String> = [], vagueWidening: Double = 1
    ) {
        self.weights = weights
        self.excludedSources = excludedSources
        self.excludedDocuments = excludedDocuments
        self.onlySources = onlySources
        self.vagueWidening = vagueWidening
    }

    /// Checks the settings against `theCase`: unknown sources (with a suggestion) and weights
    /// outside [0.01, 1] are errors.
    public func validate(against theCase: Case) throws(SettingsError) {
        let ids = theCase.sources.map(\.id)
        for id in weights.keys.sorted() + excludedSources.sorted() where !ids.contains(id) {
            throw SettingsError(
                message: "unknown source '\(id)' in case '\(theCase.info.id)'",
                fix: nearestName(to: id, in: ids).map { "did you mean '\($0)'?" }
                    ?? "sources are: \(ids.joined(separator: ", "))")
        }
        for (id, w) in weights where !Case.Source.reliabilityRange.contains(w) {
            throw SettingsError(
                message: "weight \(w) for '\(id)' is outside [0.01, 1]",
                fix: "use a weight from 0.01 to 1, or --exclude \(id)")
        }
        for id in onlySources.sorted() where !ids.contains(id) {
            throw SettingsError(
                message: "unknown source '\(id)' in --only",
                fix: nearestName(to: id, in: ids).map { "did you mean '\($0)'?" }
                    ?? "sources are: \(ids.joined(separator: ", "))")
        }
        let docs = theCase.documents.map(\.id)
        for id in excludedDocuments.sorted() where !docs.contains(id) {
            throw SettingsError(
                message: "unknown document '\(id)' in case '\(theCase.info.id)'",
                fix: nearestName(to: id, in: docs).map { "did you mean '\($0)'?" }
                    ?? "documents are: \(docs.joined(separator: ", "))")
        }
        guard vagueWidening > 0 && vagueWidening.isFinite else {
            throw SettingsError(
                message: "--widen-vague must be positive, got \(vagueWidening)",
                fix: "1 keeps the lexicon, 1.5 widens its intervals by half, 0.5 narrows them")
        }
    }

    /// Whether `report` is used under these settings.
    public func uses(_ report: Case.Report) -> Bool {
        if excludedSources.contains(report.source) { return false }
        if !onlySources.isEmpty && !onlySources.contains(report.source) { return false }
        if !report.documents.isEmpty && report.documents.allSatisfy(excludedDocuments.contains) { return false }
        return true
    }
}

/// A flag or setting that does not fit the case (unknown source, weight out of range,
/// unknown quantity). The CLI reports it as a usage error.
public struct SettingsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// How to fix it.
    public var fix: String
    /// A settings error with its fix.
    public init(message: String, fix: String) {
        self.message = message
        self.fix = fix
    }
    public var description: String { "\(message); \(fix)" }
}

/// One claim as an estimator sees it: which report, what it says, and its weight.
public struct WeightedClaim: Hashable, Sendable {
    /// The report id.
    public var report: String
    /// The source id.
    public var source: String
    /// The parsed claim.
    public var claim: Claim
    /// The effective weight: the source's reliability or its override.
    public var weight: Double
}

/// A case with settings applied: the claims each quantity can be estimated from.
public struct Evidence: Sendable {
    /// The case.
    public let theCase: Case
    /// The adjustments applied.
    public let settings: EvidenceSettings
    /// The event-scope reports the settings keep, in file order: what every method pools
    /// (read once here; every method and every quantity asks for them).
    public let pooledReports: [Case.Report]

    /// The case under `settings` (validated). With `vagueWidening` != 1 the claims are read
    /// again with the widened lexicon.
    public init(_ theCase: Case, settings: EvidenceSettings = .init()) throws(SettingsError) {
        try settings.validate(against: theCase)
        self.theCase =
            settings.vagueWidening == 1 ? theCase : theCase.relexicalized(theCase.lexicon.widened(by: settings.vagueWidening))
        self.settings = settings
        pooledReports = self.theCase.reports.filter { $0.isEventScope && settings.uses($0) }
    }

    /// The effective weight of a source.
    public func weight(of source: String) -> Double {
        settings.weights[source] ?? settings.learned?.sources[source]?.reliability ?? theCase.source(source)?.reliability ?? 0
    }

    /// Event-scope claims about exactly `quantity` (the same cells), from sources not left
    /// out, in file order.
    ///
    /// A named count (`basis: named`) enters as the lower bound it is ("at least" its
    /// figure): the recorders' rules read its figure, and meta-analysis, which pools exact
    /// figures as noisy readings, leaves it out.
    public func claims(about quantity: Quantity) -> [WeightedClaim] {
        var out: [WeightedClaim] = []
        // By index: a report is large, and only the few about `quantity` are read whole.
        for i in pooledReports.indices where pooledReports[i].quantity == quantity {
            var claim = pooledReports[i].claim
            if pooledReports[i].basis == .named {
                claim = Claim(kind: .lowerBound, text: claim.text, figure: claim.figure, lower: claim.lower, upper: nil)
            }
            let source = pooledReports[i].source
            out.append(WeightedClaim(report: pooledReports[i].id, source: source, claim: claim, weight: weight(of: source)))
        }
        return out
    }
}
