import CasualtyData

/// The analyst's adjustments to a case before estimation: source weights overridden and
/// sources left out. Every CLI flag that changes which claims count or how much lands here.
public struct EvidenceSettings: Hashable, Sendable {
    /// Weight overrides by source id, each in (0, 1]; they replace the case's reliability.
    public var weights: [String: Double]
    /// Source ids whose reports are left out.
    public var excludedSources: Set<String>

    /// No adjustments.
    public init(weights: [String: Double] = [:], excludedSources: Set<String> = []) {
        self.weights = weights
        self.excludedSources = excludedSources
    }

    /// Checks the settings against `theCase`: unknown sources (with a suggestion) and weights
    /// outside (0, 1] are errors.
    public func validate(against theCase: Case) throws(SettingsError) {
        let ids = theCase.sources.map(\.id)
        for id in weights.keys.sorted() + excludedSources.sorted() where !ids.contains(id) {
            throw SettingsError(message: "unknown source '\(id)' in case '\(theCase.info.id)'",
                                fix: nearestName(to: id, in: ids).map { "did you mean '\($0)'?" }
                                    ?? "sources are: \(ids.joined(separator: ", "))")
        }
        for (id, w) in weights where !(w > 0 && w <= 1) {
            throw SettingsError(message: "weight \(w) for '\(id)' is outside (0, 1]",
                                fix: "use a weight above 0 and at most 1, or --exclude \(id)")
        }
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

    /// The case under `settings` (validated).
    public init(_ theCase: Case, settings: EvidenceSettings = .init()) throws(SettingsError) {
        try settings.validate(against: theCase)
        self.theCase = theCase
        self.settings = settings
    }

    /// The effective weight of a source.
    public func weight(of source: String) -> Double {
        settings.weights[source] ?? theCase.source(source)?.reliability ?? 0
    }

    /// Event-scope claims about exactly `quantity` (the same cells), from sources not left
    /// out, in file order.
    public func claims(about quantity: Quantity) -> [WeightedClaim] {
        theCase.eventReports.filter { $0.quantity == quantity && !settings.excludedSources.contains($0.source) }
            .map { WeightedClaim(report: $0.id, source: $0.source, claim: $0.claim, weight: weight(of: $0.source)) }
    }
}
