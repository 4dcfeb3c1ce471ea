import CYaml
import Foundation
import Yams

/// Reading YAML input files safely and turning Yams nodes into typed values with
/// file:line:column diagnostics.
///
/// Safety: files larger than `maxFileBytes` are refused; YAML anchors, aliases and
/// collections nested over `maxNesting` deep are refused on the parser's event stream before
/// composing (an "alias bomb" of nested aliases would otherwise expand exponentially, and
/// Yams composes recursively); and every walk over the composed tree is bounded by `maxNodes`.
final class YAMLInput {
    /// Largest input file accepted, in bytes.
    static let maxFileBytes = 16 << 20
    /// Largest number of YAML nodes visited while decoding one file.
    static let maxNodes = 500_000

    let file: String
    let text: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Non-fatal remarks (e.g. an unknown field that is not a near-miss of a known one).
    private(set) var warnings: [Diagnostic] = []
    private var visited = 0

    private init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// Reads and composes `path`; throws `missingFile` when it cannot be read and `invalid`
    /// when it is not well-formed YAML (with the parser's line and column).
    static func load(path: String) throws(DataError) -> (YAMLInput, Node) {
        _ = try InputFile.check(path, limit: maxFileBytes)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DataError.missingFile(path: path, reason: Self.reason(error))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = firstInvalidUTF8(data)
            throw DataError.invalid([
                Diagnostic(
                    SourceLocation(file: path, line: line, column: column),
                    "file is not valid UTF-8 text (a byte here is not UTF-8)",
                    fix: "save it as UTF-8, or retype the character at this place")
            ])
        }
        return try parse(text: text, file: path)
    }

    /// Composes YAML `text` that claims to come from `file` (used by `load` and by tests).
    static func parse(text: String, file: String) throws(DataError) -> (YAMLInput, Node) {
        let input = YAMLInput(file: file, text: text)
        if let (line, column, refusal) = firstRefusal(in: text) {
            throw DataError.invalid([
                Diagnostic(SourceLocation(file: file, line: line, column: column), refusal.message, fix: refusal.fix)
            ])
        }
        let node: Node?
        do {
            // The basic resolver: every scalar is read by the decoders themselves, so Yams's
            // regular-expression tag rules (and merge keys) would only cost time.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw DataError.invalid([input.diagnostic(from: error)])
        } catch {
            throw DataError.invalid([
                Diagnostic(
                    SourceLocation(file: file, line: 1, column: 1),
                    "malformed YAML: \(error)",
                    fix: "check the file against Models/khan-tuman-2016/case.yaml")
            ])
        }
        guard let node else {
            throw DataError.invalid([
                Diagnostic(
                    SourceLocation(file: file, line: 1, column: 1),
                    "the file is empty",
                    fix: "start from Models/khan-tuman-2016/case.yaml")
            ])
        }
        return (input, node)
    }

    /// The 1-based line and column (in characters) of the first byte of `data` that is not
    /// part of a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ data: Data) -> (line: Int, column: Int) {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error: return (line, column)
            case .emptyInput: return (line, column)
            }
        }
    }

    /// The 1-based line and column of UTF-8 byte `offset` in `text`.
    static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        let prefix = String(decoding: text.utf8.prefix(offset), as: UTF8.self)
        let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.count, (lines.last?.count ?? 0) + 1)
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain && (ns.code == NSFileReadNoSuchFileError || ns.code == 260) {
            return "no such file"
        }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }

    private func diagnostic(from error: YamlError) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let ctx = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return Diagnostic(
                at(mark), "malformed YAML: \(problem)\(ctx)",
                fix: "check indentation, colons and quotes on this line")
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(
                at(context.mark),
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping",
                fix: "ids must be unique: rename or merge the entries")
        case let .reader(problem, offset, _, _):
            let (line, column) = offset.map { Self.position(ofByte: $0, in: text) } ?? (1, 1)
            return Diagnostic(
                SourceLocation(file: file, line: line, column: column),
                "unreadable YAML: \(problem)",
                fix: "remove control characters (NUL, ESC, ...) from the text; save it as plain UTF-8")
        default:
            return Diagnostic(
                SourceLocation(file: file, line: 1, column: 1), "malformed YAML: \(error)",
                fix: "check the file against Models/khan-tuman-2016/case.yaml")
        }
    }

    // MARK: - Walking nodes

    /// The location of `node` (line 0 when the node carries no mark).
    func location(_ node: Node?) -> SourceLocation {
        guard let m = node?.mark else { return SourceLocation(file: file, line: 0, column: 0) }
        return SourceLocation(file: file, line: m.line, column: m.column)
    }

    /// Records a problem at `node`.
    func error(_ node: Node?, _ message: String, fix: String) {
        diagnostics.append(Diagnostic(location(node), message, fix: fix))
    }

    /// Records a problem found outside the YAML tree (e.g. in a document's text).
    func record(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Records something odd but readable at `node`.
    func warning(_ node: Node?, _ message: String, fix: String) {
        warnings.append(Diagnostic(location(node), message, fix: fix))
    }

    /// Counts a visited node; false (after one diagnostic) once the budget is spent.
    private func visit(_ node: Node) -> Bool {
        visited += 1
        if visited == Self.maxNodes + 1 {
            error(
                node, "the document has more than \(Self.maxNodes) YAML nodes",
                fix: "split the case, or use the CSV batch format for large data")
        }
        return visited <= Self.maxNodes
    }

    /// The key/value pairs of a mapping node with scalar keys, in file order.
    func mapping(_ node: Node, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard visit(node) else { return nil }
        guard case .mapping(let m) = node else {
            error(node, "\(what) must be a mapping (key: value lines)", fix: "see the case-file format in README.md")
            return nil
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard case .scalar(let s) = k else {
                error(k, "keys in \(what) must be plain names", fix: "write the key as a single word, e.g. 'name:'")
                continue
            }
            out.append((s.string, k, v))
        }
        return out
    }

    /// The fields of a record: checks for unknown keys (with a typo suggestion) and missing
    /// required keys; returns the value node of each present key.
    func record(_ node: Node, _ what: String, required: [String], optional: [String]) -> [String: Node]? {
        guard let pairs = mapping(node, what) else { return nil }
        var fields: [String: Node] = [:]
        let allowed = required + optional
        for (key, keyNode, value) in pairs {
            if allowed.contains(key) {
                fields[key] = value
            } else if let near = nearestName(to: key, in: allowed) {
                // A near-miss is a typo that would silently drop a value: an error.
                error(keyNode, "unknown field '\(key)' in \(what)", fix: "did you mean '\(near)'?")
            } else {
                // Anything else may be a field from a newer schema or an analyst's own note.
                warnings.append(
                    Diagnostic(
                        location(keyNode), "unknown field '\(key)' in \(what) is ignored",
                        fix: "known fields: \(allowed.joined(separator: ", "))"))
            }
        }
        for key in required where fields[key] == nil {
            error(node, "\(what) has no '\(key)'", fix: "add '\(key): ...'")
        }
        return fields
    }

    /// A non-empty scalar as text.
    func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard visit(node) else { return nil }
        guard case .scalar(let s) = node else {
            error(node, "\(what) must be a single value, not a list or mapping", fix: "write one value after the colon")
            return nil
        }
        if s.style == .plain && ["~", "null", "Null", "NULL"].contains(s.string) {
            error(node, "\(what) is empty", fix: "give a value or remove the line")
            return nil
        }
        let value = s.string.trimmedWhitespace
        if value.isEmpty {
            error(node, "\(what) is empty", fix: "give a value or remove the line")
            return nil
        }
        return value
    }

    /// A scalar or a list of scalars (also accepted: one scalar joined with '+').
    func names(_ node: Node?, _ what: String, splitPlus: Bool = false) -> [(String, Node)]? {
        guard let node else { return nil }
        guard visit(node) else { return nil }
        switch node {
        case .sequence(let seq):
            var out: [(String, Node)] = []
            for item in seq { if let s = string(item, what) { out.append((s, item)) } }
            if seq.isEmpty { error(node, "\(what) is an empty list", fix: "list at least one name, or remove the line") }
            return out
        default:
            guard let s = string(node, what) else { return nil }
            let parts = splitPlus ? s.split(separator: "+").map { $0.trimmedWhitespace } : [s]
            return parts.map { ($0, node) }
        }
    }

    /// A finite number.
    func number(_ node: Node?, _ what: String) -> Double? {
        guard let node, let text = string(node, what) else { return nil }
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")) ?? node.float else {
            error(node, "\(what) must be a number, got '\(text)'", fix: "write a plain number such as 0.5 or 12")
            return nil
        }
        guard value.isFinite else {
            error(node, "\(what) must be finite, got '\(text)'", fix: "write a plain number; .nan and .inf are not values")
            return nil
        }
        return value
    }

    // MARK: - Anchor, alias and nesting guard

    /// What the event-stream guard refuses.
    enum Refusal: Equatable {
        /// An anchor (`&name`) on a node.
        case anchor
        /// An alias (`*name`).
        case alias
        /// Collections nested deeper than `maxNesting`.
        case nesting

        var message: String {
            switch self {
            case .anchor: return "YAML anchors are not allowed in case files (with aliases they can expand exponentially)"
            case .alias: return "YAML aliases are not allowed in case files (they can expand exponentially)"
            case .nesting: return "YAML collections nested over \(YAMLInput.maxNesting) deep"
            }
        }

        var fix: String {
            self == .nesting ? "flatten the structure" : "write the value out in full; if this is text, put it in quotes"
        }
    }

    /// Deepest nesting of collections accepted (Yams composes recursively).
    static let maxNesting = 200

    /// The first anchor, alias or collection nested over `maxNesting` deep in `text`, with its
    /// 1-based line and column, found on libyaml's own event stream (the parser Yams composes
    /// with, so nothing the composer would expand can hide from it), before anything is
    /// composed. Another parse error ends the scan with nil: composing then reports it.
    static func firstRefusal(in text: String) -> (line: Int, column: Int, refusal: Refusal)? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> (Int, Int, Refusal)? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var depth = 0
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                let at = (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
                switch event.type {
                case YAML_STREAM_END_EVENT: return nil
                case YAML_ALIAS_EVENT: return (at.0, at.1, .alias)
                case YAML_SCALAR_EVENT where event.data.scalar.anchor != nil: return (at.0, at.1, .anchor)
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor =
                        event.type == YAML_SEQUENCE_START_EVENT
                        ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                    if anchor != nil { return (at.0, at.1, .anchor) }
                    depth += 1
                    if depth > maxNesting { return (at.0, at.1, .nesting) }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: depth -= 1
                default: break
                }
            }
            // libyaml's scanner stops at its own limit (1,000 levels) before the events get there.
            if let problem = parser.problem, String(cString: problem).contains("nesting level") {
                return (Int(parser.problem_mark.line) + 1, Int(parser.problem_mark.column) + 1, .nesting)
            }
            return nil
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and line breaks (`Character.isWhitespace`);
    /// pure Swift, as `trimmingCharacters(in:)` through Foundation was a tenth of reading a case.
    var trimmedWhitespace: String {
        // Most text has no white space at either end: its first and last bytes are visible ASCII
        // (a character that starts or ends with one is not white space; bytes, not characters,
        // since finding a character's bounds is most of the cost on short text).
        if let a = utf8.first, (0x21...0x7E).contains(a), (0x21...0x7E).contains(utf8[utf8.index(utf8.endIndex, offsetBy: -1)]) {
            return String(self)
        }
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
