/// A place in an input file: path, 1-based line and 1-based column (Unicode scalars).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// Line, starting at 1.
    public var line: Int
    /// Column, starting at 1; 0 when unknown.
    public var column: Int

    /// A location in `file` at `line`, `column`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and compilers use.
    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found in an input file: where, what, and how to fix it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is; nil only when the whole file is at fault (e.g. it is missing).
    public var location: SourceLocation?
    /// What is wrong, in one sentence.
    public var message: String
    /// How to fix it, in one sentence (every diagnostic has one).
    public var fix: String?

    /// A problem at `location` with a `message` and the `fix`: required, so that no error
    /// leaves the analyst guessing what to change.
    public init(_ location: SourceLocation?, _ message: String, fix: String) {
        self.location = location
        self.message = message
        self.fix = fix
    }

    /// `file:line:column: error: message (fix: ...)`.
    public var description: String {
        var s = location.map { "\($0): error: " } ?? "error: "
        s += message
        if let fix { s += "\n    fix: " + fix }
        return s
    }
}

/// Why an input file could not be turned into a valid case, lexicon or table.
///
/// `missingFile` means the file could not be read at all (exit status 66 in the CLI);
/// `invalid` carries every problem found, each with file, line and column (exit status 65).
public enum DataError: Error, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case missingFile(path: String, reason: String)
    /// The file was read but is malformed or fails validation; all problems are listed.
    case invalid([Diagnostic])

    /// The problems, for display.
    public var diagnostics: [Diagnostic] {
        switch self {
        case let .missingFile(path, reason):
            return [
                Diagnostic(
                    nil, "cannot read '\(path)': \(reason)",
                    fix: "check the path; it is taken relative to the current directory")
            ]
        case .invalid(let d): return d
        }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// The candidate in `candidates` nearest to `name`: the only one that extends it, or else the
/// nearest by edit distance if it is close enough to be a plausible typo (distance at most a
/// third of the length, and at most 3).
public func nearestName(to name: String, in candidates: some Sequence<String>) -> String? {
    // A unique candidate that starts with the name ("arab-weekly" -> "arab-weekly-2016-06").
    let prefixed = candidates.filter { $0.lowercased().hasPrefix(name.lowercased()) && $0.count > name.count }
    if prefixed.count == 1, !name.isEmpty { return prefixed[0] }
    let target = Array(name.lowercased())
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(target, Array(c.lowercased()))
        if d <= max(1, min(3, target.count / 3)), best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
}

/// Edit distance counting insertions, deletions, substitutions and transpositions of
/// adjacent characters ("bleu" -> "blue" is 1), the optimal-string-alignment variant.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
            }
        }
    }
    return d[a.count][b.count]
}

/// "did you mean 'x'?" or a list of the valid names, for fix-it messages.
func suggestion(for name: String, among candidates: [String], kind: String) -> String {
    if let near = nearestName(to: name, in: candidates) { return "did you mean '\(near)'?" }
    if candidates.isEmpty { return "declare it first" }
    let shown = candidates.prefix(12).joined(separator: ", ")
    return "use one of the declared \(kind): \(shown)\(candidates.count > 12 ? ", ..." : "")"
}
