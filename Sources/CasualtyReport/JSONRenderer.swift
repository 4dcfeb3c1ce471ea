import CasualtyData
import CasualtyModel
import Foundation

/// The machine-readable estimate (`schema: "casualty-estimate/1"`), documented in README.md.
///
/// Top level: `schema`, `case` (id), `title`, `settings` (`weights`, `excluded_sources`),
/// `quantities` (each `quantity`, `label`, `claims`: the report ids about it) and `estimates`:
/// one object per quantity and method with `quantity`, `method`, `best`, `low`, `high`,
/// `level` (null when the range is not a probability interval), `reports` and `range`.
/// Keys are sorted so output is byte-for-byte reproducible.
public struct JSONRenderer: Renderer {
    public let format = "json"
    /// The schema id written in every document.
    public static let schema = "casualty-estimate/1"

    public init() {}

    struct Document: Encodable {
        var schema = JSONRenderer.schema
        var `case`: String
        var title: String
        var settings: Settings
        var quantities: [QuantityEntry]
        var estimates: [EstimateEntry]
    }
    struct Settings: Encodable {
        var weights: [String: Double]
        var excluded_sources: [String]
    }
    struct QuantityEntry: Encodable {
        var quantity: String
        var cells: [String]
        var claims: [String]
    }
    struct EstimateEntry: Encodable {
        var quantity: String
        var method: String
        var best: Double
        var low: Double
        var high: Double
        var level: Double?
        var reports: [String]
        var range: String

        func encode(to encoder: Encoder) throws {
            enum K: String, CodingKey { case quantity, method, best, low, high, level, reports, range }
            var c = encoder.container(keyedBy: K.self)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(method, forKey: .method)
            try c.encode(best, forKey: .best)
            try c.encode(low, forKey: .low)
            try c.encode(high, forKey: .high)
            try c.encode(level, forKey: .level)  // null, not absent, when nil
            try c.encode(reports, forKey: .reports)
            try c.encode(range, forKey: .range)
        }
    }

    public func render(_ result: EstimationResult) throws -> String {
        let c = result.evidence.theCase
        let doc = Document(
            case: c.info.id, title: c.info.title,
            settings: Settings(weights: result.evidence.settings.weights,
                               excluded_sources: result.evidence.settings.excludedSources.sorted()),
            quantities: result.quantities.map {
                QuantityEntry(quantity: $0.quantity.name, cells: $0.quantity.cells.map(\.description),
                              claims: $0.claims.map(\.report))
            },
            estimates: result.estimates.map {
                EstimateEntry(quantity: $0.quantity.name, method: $0.method, best: $0.best, low: $0.low,
                              high: $0.high, level: $0.level, reports: $0.reports, range: $0.rangeMeaning)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(doc), as: UTF8.self) + "\n"
    }
}
