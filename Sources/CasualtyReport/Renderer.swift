import CasualtyModel
import Foundation

/// Turns an estimation result into the bytes of one output format. Renderers are pure:
/// no files, no printing, no clock; the CLI decides where the text goes.
public protocol Renderer: Sendable {
    /// The rendered text.
    func render(_ result: EstimationResult) throws -> String
}

/// The formats of `casualty estimate`.
public enum EstimateFormat: String, CaseIterable, Sendable {
    /// The terminal table.
    case table
    /// JSON, schema `casualty-estimate/1`.
    case json

    /// The renderer of this format.
    public var renderer: any Renderer {
        switch self {
        case .table: return TableRenderer()
        case .json: return JSONRenderer()
        }
    }
}
