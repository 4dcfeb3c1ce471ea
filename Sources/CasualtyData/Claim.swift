/// What a report asserts about a count, parsed from its wording ("13", "at least 18",
/// "as many as 30", "five or six", "about 24", "dozens") into an interval.
///
/// Counts are whole numbers, so strict bounds are shifted to the next whole number:
/// "over 34" and "more than 34" mean at least 35; "fewer than 10" means at most 9.
/// Approximations and vague words become intervals from the lexicon.
public struct Claim: Hashable, Sendable, CustomStringConvertible {
    /// The form of the claim, which decides how the model reads it (density or censoring).
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A single figure: "13", "thirteen", "none".
        case exact
        /// A lower bound: "at least 18", "over 34", "18+".
        case lowerBound = "at-least"
        /// An upper bound: "as many as 30", "up to 30", "at most 30".
        case upperBound = "at-most"
        /// Both ends stated: "5-6", "five or six", "between 400 and 700".
        case range
        /// A figure with a hedge: "about 24", "nearly 300"; interval from the lexicon.
        case approximate
        /// A word with no figure: "dozens", "a score", "several"; interval from the lexicon.
        case vague
    }

    /// The form of the claim.
    public var kind: Kind
    /// The wording as written in the case file.
    public var text: String
    /// The number stated in the wording, when there is one (before any strict-bound shift).
    public var figure: Double?
    /// Smallest count consistent with the claim (>= 0).
    public var lower: Double
    /// Largest count consistent with the claim; nil when unbounded above.
    public var upper: Double?

    /// Whether the number stated is a fraction of a person ("12.5", "about 5.5"): a case file
    /// reads it with a warning; a claims table and the importers refuse it.
    public var statesAFraction: Bool { figure.map { $0 != $0.rounded() } ?? false }

    /// A claim of `kind` read from `text`, with its interval `[lower, upper]`.
    public init(kind: Kind, text: String, figure: Double?, lower: Double, upper: Double?) {
        self.kind = kind
        self.text = text
        self.figure = figure
        self.lower = lower
        self.upper = upper
    }

    /// The single figure point-based estimators use for this claim:
    /// exact -> the figure; lower bound -> its bound; upper bound -> its bound;
    /// range, approximate, vague -> the midpoint of the interval.
    public var point: Double {
        switch kind {
        case .exact: return lower
        case .lowerBound: return lower
        case .upperBound: return upper ?? lower
        case .range, .approximate, .vague: return (lower + (upper ?? lower)) / 2
        }
    }

    /// The figures the claim reports, as an interval: a one-sided bound reports only its
    /// bound (`[b, b]`: "at least 18" names 18, not infinity); the other forms report
    /// their interval. Used by the min-max envelope and the low/best/high rule.
    public var reportedRange: ClosedRange<Double> {
        switch kind {
        case .lowerBound, .upperBound, .exact: return point...point
        case .range, .approximate, .vague: return lower...(upper ?? lower)
        }
    }

    /// Whether the claim pins a single figure (enters the Bayesian model as a density).
    public var isExact: Bool { kind == .exact }

    /// The interval in words, e.g. "[18, inf)", "[5, 6]", "13".
    public var intervalDescription: String {
        func f(_ x: Double) -> String { x == x.rounded() ? wholeNumberText(x) : String(x) }
        if kind == .exact { return f(lower) }
        return "[\(f(lower)), \(upper.map { f($0) + "]" } ?? "inf)")"
    }

    public var description: String { "\(text) -> \(intervalDescription)" }
}

/// A whole number as text, for any double: digits when it fits an Int exactly enough
/// (|x| < 1e15), scientific notation beyond, "inf"/"-inf"/"nan" when not finite. Every
/// number the tool prints as a count goes through here, so no value converts to Int
/// unchecked (a claim of 1e19 used to trap).
public func wholeNumberText(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    return abs(x) < 1e15 ? String(Int(x.rounded())) : String(format: "%.6g", x)
}
