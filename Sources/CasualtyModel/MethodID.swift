import CasualtyData

/// Every method that produces an estimate, identified as it is written in output and on the
/// command line: `weighted-median`, `low-best-high`, `envelope`, `most-conservative`,
/// `meta-<estimator>` (e.g. `meta-reml`), `laplace` and `nuts`.
///
/// This is the only place where a method's name is spelled; everything else compares
/// values of this type.
public enum MethodID: Hashable, Sendable, CaseIterable, RawRepresentable, Codable, CustomStringConvertible {
    /// Reliability-weighted median of the claims.
    case weightedMedian
    /// UCDP-style low / best / high.
    case lowBestHigh
    /// Iraq Body Count-style min-max envelope.
    case envelope
    /// ACLED-style most conservative figure.
    case mostConservative
    /// Random-effects meta-analysis with a tau^2 estimator.
    case meta(TauEstimator)
    /// The Bayesian latent-count model by Laplace approximation.
    case laplace
    /// The Bayesian latent-count model by NUTS.
    case nuts

    /// Every method, in the order they are shown.
    public static let allCases: [MethodID] =
        [.weightedMedian, .lowBestHigh, .envelope, .mostConservative]
        + TauEstimator.allCases.map(MethodID.meta) + [.laplace, .nuts]

    /// The id written in output, e.g. `meta-reml`.
    public var rawValue: String {
        switch self {
        case .weightedMedian: return "weighted-median"
        case .lowBestHigh: return "low-best-high"
        case .envelope: return "envelope"
        case .mostConservative: return "most-conservative"
        case .meta(let t): return "meta-\(t.rawValue)"
        case .laplace: return "laplace"
        case .nuts: return "nuts"
        }
    }

    /// The method named `rawValue`, or nil.
    public init?(rawValue: String) {
        guard let m = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = m
    }

    public var description: String { rawValue }

    /// The family that runs this method.
    public var family: MethodFamily {
        switch self {
        case .weightedMedian, .lowBestHigh, .envelope, .mostConservative: return .weighted
        case .meta: return .meta
        case .laplace: return .laplace
        case .nuts: return .nuts
        }
    }

    /// Whether the method fits the Bayesian model (so its estimates carry a posterior).
    public var isBayesian: Bool { self == .laplace || self == .nuts }

    /// Whether the method's draws are Markov chains (so R-hat and ESS apply).
    public var isMCMC: Bool { self == .nuts }

    /// The tau^2 estimator of a meta-analysis method.
    public var tauEstimator: TauEstimator? {
        if case .meta(let t) = self { return t }
        return nil
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let m = MethodID(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown method '\(text)'"))
        }
        self = m
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// The families of methods `estimate` can run.
public enum MethodFamily: String, CaseIterable, Hashable, Sendable {
    /// The report-based estimators (weighted median, low/best/high, envelope, most conservative).
    case weighted
    /// The Bayesian model by Laplace approximation.
    case laplace
    /// The Bayesian model by NUTS.
    case nuts
    /// Random-effects meta-analysis of the exact claims (`metaMethods`, `metaTest`).
    case meta
}

/// What `--method` names: one method, a family, or all of them. `estimate` runs every
/// method a selection names; `sensitivity` tracks one method.
public enum MethodSelection: Hashable, Sendable, CaseIterable, RawRepresentable {
    /// One method.
    case method(MethodID)
    /// Every method of a family (`weighted`, `meta`; `laplace` and `nuts` are methods too).
    case family(MethodFamily)
    /// Every method.
    case all

    /// Every name `--method` accepts.
    public static let allCases: [MethodSelection] =
        MethodID.allCases.map(MethodSelection.method) + [.family(.weighted), .family(.meta), .all]

    public var rawValue: String {
        switch self {
        case .method(let m): return m.rawValue
        case .family(let f): return f.rawValue
        case .all: return "all"
        }
    }

    /// The selection named `rawValue` (`fe` is accepted as metafor's older name of `meta-ee`).
    public init?(rawValue: String) {
        let text = rawValue == "meta-fe" ? "meta-ee" : rawValue
        guard let s = Self.allCases.first(where: { $0.rawValue == text }) else { return nil }
        self = s
    }

    /// The families this selection needs run.
    public var families: Set<MethodFamily> {
        switch self {
        case .method(let m): return [m.family]
        case .family(let f): return [f]
        case .all: return Set(MethodFamily.allCases)
        }
    }

    /// The one method a selection stands for when one method is tracked: the method itself,
    /// the weighted median for `weighted`, the first of `metaMethods` for `meta`; nil for `all`.
    public func single(metaMethods: [TauEstimator]) -> MethodID? {
        switch self {
        case .method(let m): return m
        case .family(.weighted): return .weightedMedian
        case .family(.meta): return .meta(metaMethods.first ?? .reml)
        case .family(.laplace): return .laplace
        case .family(.nuts): return .nuts
        case .all: return nil
        }
    }

    /// The meta-analysis estimators a selection names explicitly (empty: use the options').
    public var tauEstimators: [TauEstimator] {
        if case .method(.meta(let t)) = self { return [t] }
        return []
    }
}

/// The two ways the Bayesian model is fitted.
public enum PosteriorMethod: String, CaseIterable, Hashable, Sendable {
    /// Gaussian approximation at the posterior mode.
    case laplace
    /// The No-U-Turn sampler.
    case nuts

    /// The method id of estimates made this way.
    public var id: MethodID { self == .nuts ? .nuts : .laplace }
}
