import Foundation
import Yams

/// Reading YAML input files safely and turning Yams nodes into typed values with
/// file:line:column diagnostics.
///
/// Safety: files larger than `maxFileBytes` are refused; YAML anchors and aliases are
/// refused before composing (an "alias bomb" of nested aliases would otherwise expand
/// exponentially); and every walk over the composed tree is bounded by `maxNodes`.
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
        let data: Data
        do {
            let attrs = try FileManager.default.attributesOfItem(atPath: path)
            if let type = attrs[.type] as? FileAttributeType, type == .typeDirectory {
                throw DataError.missingFile(path: path, reason: "it is a directory, not a file")
            }
            if let size = attrs[.size] as? Int, size > maxFileBytes {
                throw DataError.invalid([
                    Diagnostic(
                        SourceLocation(file: path, line: 1, column: 1),
                        "file is \(size) bytes, more than the \(maxFileBytes >> 20) MiB accepted",
                        fix: "split the data or use the CSV batch format")
                ])
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let e as DataError {
            throw e
        } catch {
            throw DataError.missingFile(path: path, reason: Self.reason(error))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataError.invalid([
                Diagnostic(
                    SourceLocation(file: path, line: 1, column: 1),
                    "file is not valid UTF-8 text",
                    fix: "save it as UTF-8")
            ])
        }
        return try parse(text: text, file: path)
    }

    /// Composes YAML `text` that claims to come from `file` (used by `load` and by tests).
    static func parse(text: String, file: String) throws(DataError) -> (YAMLInput, Node) {
        let input = YAMLInput(file: file, text: text)
        if let (line, column, kind) = findAnchorOrAlias(in: text) {
            let nesting = kind.hasPrefix("collections")
            throw DataError.invalid([
                Diagnostic(
                    SourceLocation(file: file, line: line, column: column),
                    nesting ? "YAML \(kind)" : "YAML \(kind) are not allowed in case files (they can expand exponentially)",
                    fix: nesting ? "flatten the structure" : "write the value out in full; if this is text, put it in quotes")
            ])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DataError.invalid([input.diagnostic(from: error)])
        } catch {
            throw DataError.invalid([
                Diagnostic(
                    SourceLocation(file: file, line: 1, column: 1),
                    "malformed YAML: \(error)")
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
            let prefix = offset.map { String(text.utf8.prefix($0)) ?? "" } ?? ""
            let line = prefix.split(separator: "\n", omittingEmptySubsequences: false).count
            return Diagnostic(
                SourceLocation(file: file, line: max(1, line), column: 1),
                "unreadable YAML: \(problem)")
        default:
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "malformed YAML: \(error)")
        }
    }

    // MARK: - Walking nodes

    /// The location of `node` (line 0 when the node carries no mark).
    func location(_ node: Node?) -> SourceLocation {
        guard let m = node?.mark else { return SourceLocation(file: file, line: 0, column: 0) }
        return SourceLocation(file: file, line: m.line, column: m.column)
    }

    /// Records a problem at `node`.
    func error(_ node: Node?, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(location(node), message, fix: fix))
    }

    /// Records something odd but readable at `node`.
    func warning(_ node: Node?, _ message: String, fix: String? = nil) {
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
                error(k, "keys in \(what) must be plain names")
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
            error(node, "\(what) must be a single value, not a list or mapping")
            return nil
        }
        if s.style == .plain && ["~", "null", "Null", "NULL"].contains(s.string) {
            error(node, "\(what) is empty", fix: "give a value or remove the line")
            return nil
        }
        let value = s.string.trimmingCharacters(in: .whitespacesAndNewlines)
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
            if seq.isEmpty { error(node, "\(what) is an empty list") }
            return out
        default:
            guard let s = string(node, what) else { return nil }
            let parts = splitPlus ? s.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) } : [s]
            return parts.map { ($0, node) }
        }
    }

    /// A finite number.
    func number(_ node: Node?, _ what: String) -> Double? {
        guard let node, let text = string(node, what) else { return nil }
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")) ?? node.float else {
            error(node, "\(what) must be a number, got '\(text)'")
            return nil
        }
        guard value.isFinite else {
            error(node, "\(what) must be finite, got '\(text)'")
            return nil
        }
        return value
    }

    // MARK: - Anchor and alias guard

    // Longer than 60 lines: a single lexical scan with its quoting states; to be replaced by
    // a check on the parser's event stream (the input-hardening issue).
    /// The first YAML anchor (`&name`) or alias (`*name`) where a node may begin, outside
    /// quoted strings and comments, as (line, column, what) with what = "anchors" or
    /// "aliases"; or the first place where collections nest deeper than 200 levels (Yams
    /// composes recursively, so absurd nesting would overflow the stack).
    ///
    /// A node begins at the start of a line, after `- `, `? `, `: `, and after `[`, `{`, `,`.
    /// This is a conservative lexical check: it may flag an unquoted text that begins with
    /// `&` or `*` (the fix says to quote it), but it never lets an anchor through.
    static func findAnchorOrAlias(in text: String) -> (Int, Int, String)? {
        let chars = Array(text.unicodeScalars)
        let maxNesting = 200
        var line = 1, column = 0
        var atNodeStart = true, inComment = false, flowDepth = 0
        var quote: Unicode.Scalar? = nil
        var i = 0
        func isBlank(_ k: Int) -> Bool {
            k >= chars.count || chars[k] == " " || chars[k] == "\t" || chars[k] == "\n" || chars[k] == "\r"
        }
        while i < chars.count {
            let ch = chars[i]
            column += 1
            defer { i += 1 }
            if ch == "\n" {
                line += 1
                column = 0
                inComment = false
                atNodeStart = quote == nil
                continue
            }
            if inComment || ch == "\r" { continue }
            if let q = quote {
                if q == "\"" && ch == "\\" {
                    i += 1
                    column += 1
                    continue
                }  // skip the escaped char
                if ch == q {
                    if q == "'" && i + 1 < chars.count && chars[i + 1] == "'" {
                        i += 1
                        column += 1
                        continue
                    }
                    quote = nil
                }
                continue
            }
            // Note: a `where` clause binds to the last pattern of a case only, so each
            // condition is spelled out here.
            if ch == " " || ch == "\t" { continue }
            if ch == "#" && (i == 0 || isBlank(i - 1)) {
                inComment = true
            } else if (ch == "&" || ch == "*") && atNodeStart {
                return (line, column, ch == "&" ? "anchors" : "aliases")
            } else if (ch == "\"" || ch == "'") && atNodeStart {
                quote = ch
                atNodeStart = false
            } else if (ch == "-" || ch == "?" || ch == ":") && isBlank(i + 1) {
                atNodeStart = true
                if column > maxNesting * 4 { return (line, column, "collections nested over \(maxNesting) deep") }
            } else if (ch == "[" || ch == "{") && (atNodeStart || flowDepth > 0) {
                flowDepth += 1
                atNodeStart = true
                if flowDepth > maxNesting { return (line, column, "collections nested over \(maxNesting) deep") }
            } else if (ch == "]" || ch == "}") && flowDepth > 0 {
                flowDepth -= 1
                atNodeStart = false
            } else if (ch == "," || ch == ":") && flowDepth > 0 {
                atNodeStart = true
            } else {
                atNodeStart = false
            }
        }
        return nil
    }
}
