/// The numeric settings of the Bayesian model, with the range each accepts: the one table
/// that case files (`model:`) and command-line flags are checked against where they enter,
/// so that no setting can push the model to overflow (a sigma0 of 1e-300 divides a reading
/// by zero; a prior median of 1e300 overflows every count).
///
/// The ranges are wide enough for any real case: noise sd 0.01-5 on the log1p scale (a
/// source within 1% to one wrong by a factor of 150), prior medians of 0.1 to 10 million
/// per cell, prior sd 0.1-10 on the log count, bias means within a factor of e^3 = 20, bias
/// sd 0.01-3, and a shared-origin share rho in [0, 0.99].
public enum ModelSetting: String, CaseIterable, Sendable {
    case sigma0
    case priorMedian = "prior_median"
    case priorScale = "prior_scale"
    case biasOwn = "bias_own"
    case biasEnemy = "bias_enemy"
    case biasSD = "bias_sd"
    case rho

    /// The values accepted.
    public var range: ClosedRange<Double> {
        switch self {
        case .sigma0: return 0.01...5
        case .priorMedian: return 0.1...10_000_000
        case .priorScale: return 0.1...10
        case .biasOwn, .biasEnemy: return -3...3
        case .biasSD: return 0.01...3
        case .rho: return 0...0.99
        }
    }

    /// The command-line flag (`--prior-median`).
    public var flag: String { "--" + rawValue.replacingOccurrences(of: "_", with: "-") }

    /// The default, as an example in fixes.
    public var example: String {
        switch self {
        case .sigma0: return "0.25"
        case .priorMedian: return "10"
        case .priorScale: return "2.5"
        case .biasOwn: return "-0.2"
        case .biasEnemy: return "0.4"
        case .biasSD: return "0.3"
        case .rho: return "0.5"
        }
    }

    /// nil when `value` is accepted, else the message naming the range.
    public func problem(_ value: Double) -> String? {
        guard !(value.isFinite && range.contains(value)) else { return nil }
        return
            "\(rawValue) must be between \(Self.text(range.lowerBound)) and \(Self.text(range.upperBound)), got \(Self.text(value))"
    }

    /// A number as written in messages: whole numbers without a decimal point, others with
    /// up to 6 significant digits (%g), never a trap on huge or non-finite values.
    static func text(_ x: Double) -> String {
        if x.isFinite && x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return x.isNaN ? "nan" : (x.isInfinite ? (x > 0 ? "inf" : "-inf") : String(describing: x))
    }
}
