import Foundation
import CasualtyModel

/// Turns an estimation result into the bytes of one output format. Renderers are pure:
/// no files, no printing, no clock; the CLI decides where the text goes.
public protocol Renderer: Sendable {
    /// The format's name as used by `--format`.
    var format: String { get }
    /// The rendered text.
    func render(_ result: EstimationResult) throws -> String
}

/// The renderers `casualty estimate --format` offers, by name.
public let estimateRenderers: [String: any Renderer] = [
    "table": TableRenderer(),
    "json": JSONRenderer(),
]

/// A count for display: whole numbers without decimals, others with one.
func formatCount(_ x: Double) -> String {
    guard x.isFinite else { return x > 0 ? "inf" : "-inf" }
    if abs(x - x.rounded()) < 0.05 { return String(Int(x.rounded())) }
    let tenths = (x * 10).rounded() / 10
    return String(format: "%.1f", tenths)
}

