import Foundation
import Yams

/// The editable mapping of hedges and vague words to intervals (`Models/lexicon.yaml`).
///
/// - `approximations`: hedges before a figure. "about N" becomes `[N * low, N * high]`
///   (factors, e.g. 0.8 and 1.2); "nearly N" becomes `[N * 0.85, N]`.
/// - `vague`: words without a figure. "dozens" becomes `[low, high]` (counts).
///
/// Every entry carries a rationale so an analyst can defend or change it.
public struct Lexicon: Hashable, Sendable {
    /// A hedge before a figure, as multiplicative factors on the figure.
    public struct Approximation: Hashable, Sendable {
        /// The phrases that use these factors ("about", "around", ...), lower case.
        public var words: [String]
        /// Factor giving the lower end: lower = figure * low.
        public var low: Double
        /// Factor giving the upper end: upper = figure * high.
        public var high: Double
        /// Why these factors.
        public var rationale: String
    }

    /// A vague quantity word with its interval in counts.
    public struct VagueWord: Hashable, Sendable {
        /// The phrases ("dozens", "scores", ...), lower case.
        public var words: [String]
        /// Smallest count the word is taken to mean.
        public var low: Double
        /// Largest count the word is taken to mean; nil for a word with no upper end ("many",
        /// "numerous"), which claims only its floor (a lower bound).
        public var high: Double?
        /// Why this interval.
        public var rationale: String
    }

    /// Hedges, longest phrase matched first.
    public var approximations: [Approximation] { didSet { hedges = Self.hedges(approximations) } }
    /// Vague words.
    public var vague: [VagueWord]
    /// Where the lexicon was read from ("built-in" for the compiled default).
    public var origin: String
    /// Every hedge phrase with its approximation, longest first ("close to" before "close"):
    /// derived from `approximations`, kept so that reading a claim does not sort them.
    private(set) var hedges: [(phrase: String, approximation: Approximation)]

    /// A lexicon of these hedges and vague words.
    public init(approximations: [Approximation], vague: [VagueWord], origin: String) {
        self.approximations = approximations
        self.vague = vague
        self.origin = origin
        hedges = Self.hedges(approximations)
    }

    static func hedges(_ approximations: [Approximation]) -> [(phrase: String, approximation: Approximation)] {
        approximations.flatMap { a in a.words.map { (phrase: $0, approximation: a) } }.sorted {
            $0.phrase.count > $1.phrase.count
        }
    }

    public static func == (a: Lexicon, b: Lexicon) -> Bool {
        a.approximations == b.approximations && a.vague == b.vague && a.origin == b.origin
    }

    public func hash(into h: inout Hasher) {
        h.combine(approximations)
        h.combine(vague)
        h.combine(origin)
    }

    /// The lexicon compiled into the tool: a copy of `Models/lexicon.yaml` (a test keeps
    /// the two identical), used when no lexicon file is found beside a case.
    public static let builtIn: Lexicon = {
        do { return try Lexicon.parse(yaml: builtInYAML, file: "built-in") } catch {
            fatalError("the built-in lexicon is invalid: \(error)")  // a build defect, covered by tests
        }
    }()

    /// Reads a lexicon file.
    public static func load(path: String) throws(DataError) -> Lexicon {
        let (input, root) = try YAMLInput.load(path: path)
        return try decode(input, root)
    }

    /// Reads lexicon YAML text; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String) throws(DataError) -> Lexicon {
        let (input, root) = try YAMLInput.parse(text: yaml, file: file)
        return try decode(input, root)
    }

    private static func decode(_ y: YAMLInput, _ root: Node) throws(DataError) -> Lexicon {
        var lex = Lexicon(approximations: [], vague: [], origin: y.file)
        if let top = y.record(root, "the lexicon", required: ["schema"], optional: ["approximations", "vague"]) {
            if let s = y.string(top["schema"], "schema"), s != "casualty-lexicon/1" {
                y.error(top["schema"], "unknown lexicon schema '\(s)'", fix: "use 'schema: casualty-lexicon/1'")
            }
            var seen: [String: Node] = [:]
            // A vague word may leave out `high` (no upper end); a hedge needs both factors.
            func entries(_ key: String) -> [(words: [String], low: Double, high: Double?, why: String)] {
                guard let list = top[key] else { return [] }
                guard case .sequence(let seq) = list else {
                    y.error(
                        list, "'\(key)' must be a list of entries", fix: "write each entry as a '- {...}' item under '\(key):'")
                    return []
                }
                var out: [([String], Double, Double?, String)] = []
                let open = key == "vague"
                for item in seq {
                    guard
                        let f = y.record(
                            item, "a lexicon entry",
                            required: open ? ["words", "low", "rationale"] : ["words", "low", "high", "rationale"],
                            optional: open ? ["high"] : [])
                    else { continue }
                    let words = (y.names(f["words"], "words") ?? []).map { (normalizeClaimText($0.0), $0.1) }
                    guard let low = y.number(f["low"], "low"), let why = y.string(f["rationale"], "rationale") else { continue }
                    let high = f["high"] == nil ? nil : y.number(f["high"], "high")
                    if f["high"] != nil && high == nil { continue }
                    if low < 0 || high.map({ $0 < low }) == true {
                        y.error(
                            item, "entry needs 0 <= low <= high, got low \(low), high \(high.map { "\($0)" } ?? "none")",
                            fix: "swap or correct the ends")
                        continue
                    }
                    for (w, node) in words {
                        if let first = seen[w] {
                            y.error(
                                node, "'\(w)' is defined twice in the lexicon (first at line \(y.location(first).line))",
                                fix: "keep one definition of '\(w)'")
                        }
                        seen[w] = node
                    }
                    out.append((words.map(\.0), low, high, why))
                }
                return out
            }
            lex.approximations = entries("approximations").map {
                // `high` is required for hedges, so it is never nil here.
                Approximation(words: $0.words, low: $0.low, high: $0.high ?? $0.low, rationale: $0.why)
            }
            lex.vague = entries("vague").map {
                VagueWord(words: $0.words, low: $0.low, high: $0.high, rationale: $0.why)
            }
            for a in lex.approximations where a.low > 1 || a.high < 1 {
                y.error(
                    root, "approximation '\(a.words.first ?? "")' must bracket the figure (low <= 1 <= high)",
                    fix: "set low at most 1 and high at least 1, e.g. low: 0.9, high: 1.1")
            }
        }
        if !y.diagnostics.isEmpty { throw .invalid(y.diagnostics) }
        return lex
    }

    /// The vague-word entry for `phrase` (already normalised), if any.
    public func vagueWord(_ phrase: String) -> VagueWord? {
        vague.first { $0.words.contains(phrase) }
    }

    /// A copy with every vague interval scaled about its geometric centre by `factor` on the
    /// log scale (1 = unchanged, 1.5 = half as wide again, 0.5 = half as wide), and every
    /// approximation's factors likewise. A word with no upper end keeps its floor: the floor is
    /// what "many" certainly means, and widening has no centre to widen about. Used by
    /// sensitivity analysis.
    public func widened(by factor: Double) -> Lexicon {
        var copy = self
        func scale(_ lo: Double, _ hi: Double, centre: Double) -> (Double, Double) {
            guard lo > 0, hi > 0 else { return (lo, hi * factor) }
            return (centre * pow(lo / centre, factor), centre * pow(hi / centre, factor))
        }
        copy.vague = vague.map { v in
            guard let high = v.high else { return v }
            var v = v
            (v.low, v.high) = scale(v.low, high, centre: (v.low * high).squareRoot())
            return v
        }
        copy.approximations = approximations.map { a in
            var a = a
            (a.low, a.high) = scale(a.low, a.high, centre: 1)
            return a
        }
        copy.origin = origin + " (widened x\(factor))"
        return copy
    }
}

/// Lower-cases, trims, folds typographic dashes and quotes, and collapses spaces, so that
/// claim wording and lexicon phrases compare equal however they were typed.
public func normalizeClaimText(_ text: String) -> String {
    // One pass over the scalars (Foundation's replacing and trimming were most of the time a
    // batch spent reading claims): dashes and quotes folded, white space runs made one space.
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for u in text.lowercased().unicodeScalars {
        let folded: Unicode.Scalar
        switch u.value {
        case 0x2013, 0x2014, 0x2212: folded = "-"
        case 0x2018, 0x2019: folded = "'"
        case 0x201C, 0x201D: folded = "\""
        case 0x20, 0x09, 0x0A, 0x0D, 0xA0: folded = " "
        default: folded = u
        }
        if folded == " " {
            pendingSpace = !out.isEmpty
            continue
        }
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(folded)
    }
    // Trim the punctuation a quoted figure carries at its ends (" \"'.;"), then spaces again.
    let junk: Set<Unicode.Scalar> = [" ", "\"", "'", ".", ";"]
    while let f = out.first, junk.contains(f) { out.removeFirst() }
    while let l = out.last, junk.contains(l) { out.removeLast() }
    return String(out)
}
