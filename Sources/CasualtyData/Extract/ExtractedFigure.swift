import Foundation

/// A casualty figure found in article text by `Extractor`.
public struct ExtractedFigure: Sendable, Hashable, Codable {
    /// How the figure is qualified, as in the case-file claim grammar.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// "13", "thirteen".
        case exact
        /// "at least 18", "more than 30", "over 34".
        case atLeast = "at_least"
        /// "as many as 30", "up to 80".
        case atMost = "at_most"
        /// "about 24", "nearly 50", "some 30".
        case about
        /// "five or six", "3-7", "between 10 and 20".
        case range
        /// "dozens", "scores", "several".
        case vague
    }

    /// Whether the figure is about the article's event or another (the whole war, earlier or
    /// later fighting, other places, cumulative tolls).
    public enum Scope: String, Sendable, Hashable, Codable {
        case event, other
    }

    /// Offsets in Unicode scalars into the file's text: the figure's words are
    /// `start..<end` (`span`).
    public var start: Int
    /// End of the figure's words (exclusive).
    public var end: Int
    /// The figure's words as written in the file ("at least 18", "80 pro-government
    /// combatants were killed").
    public var span: String
    /// How the figure is qualified.
    public var kind: Kind
    /// The figure (exact, bounds and hedges), or nil (ranges, vague words).
    public var value: Double?
    /// The range's or vague word's ends (the lexicon's interval for a vague word).
    public var low: Double?
    /// The high end (see `low`).
    public var high: Double?
    /// The figure in the claim grammar ("at least 18", "5-6", "dozens").
    public var claim: String
    /// The outcomes counted ("killed"; "killed", "wounded" for casualties).
    public var outcome: [String]
    /// The group as written ("Iranian soldiers"), or nil when the text names none.
    public var who: String?
    /// Who gave the figure ("the IRGC", "Kowsari"), or nil when the outlet states it.
    public var source: String?
    /// The figure's scope and the words that decided it (nil for the event).
    public var scope: Scope
    /// The words that put the figure outside the event (nil for the event).
    public var scopeWords: String?
    /// The sentence the figure is in (normalised: white space made single, line-break
    /// hyphens joined) and its offsets in the file.
    public var quote: String
    /// Start of the sentence in the file.
    public var quoteStart: Int
    /// End of the sentence in the file (exclusive).
    public var quoteEnd: Int
    /// How sure the rules are, in [0, 1] (a group of people, an outcome next to the figure
    /// and a named source each add to it; a vague word takes from it).
    public var confidence: Double

    enum CodingKeys: String, CodingKey {
        case start, end, span, kind, value, low, high, claim, outcome, who, source, scope
        case scopeWords = "scope_words"
        case quote
        case quoteStart = "quote_start"
        case quoteEnd = "quote_end"
        case confidence
    }

    /// Encodes every key, nulls included (the JSON schema lists them all).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(span, forKey: .span)
        try c.encode(kind, forKey: .kind)
        try c.encode(value, forKey: .value)
        try c.encode(low, forKey: .low)
        try c.encode(high, forKey: .high)
        try c.encode(claim, forKey: .claim)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(who, forKey: .who)
        try c.encode(source, forKey: .source)
        try c.encode(scope, forKey: .scope)
        try c.encode(scopeWords, forKey: .scopeWords)
        try c.encode(quote, forKey: .quote)
        try c.encode(quoteStart, forKey: .quoteStart)
        try c.encode(quoteEnd, forKey: .quoteEnd)
        try c.encode(confidence, forKey: .confidence)
    }
}

/// One article read by `Extractor`: where it came from, what its text says about itself, and
/// its figures in text order.
public struct ExtractedDocument: Sendable, Hashable, Codable {
    /// The file as named on the command line (`-`: standard input).
    public var file: String
    /// The first line of the text when it reads as a title, and the first date in the text
    /// (ISO 8601), if any.
    public var title: String?
    /// The first full date in the text (ISO 8601), if any.
    public var date: String?
    /// The figures.
    public var figures: [ExtractedFigure]

    /// Encodes every key, nulls included.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(title, forKey: .title)
        try c.encode(date, forKey: .date)
        try c.encode(figures, forKey: .figures)
    }
}
