/// HTML markup in article text saved from a web page: tags, comments, and the contents of
/// scripts and styles, read as no text; a tag that ends a block (a paragraph, a heading, a
/// list item, a line break) reads as a blank line, so sentences and headlines stay apart.
enum HTMLTags {
    /// A markup item at `i`: where it ends (exclusive) and whether it breaks a block; nil when
    /// "<" there opens no HTML tag of `known` names, comment or declaration ("<5 killed" is text).
    static func item(at i: Int, in s: [Unicode.Scalar]) -> (end: Int, block: Bool)? {
        guard i < s.count, s[i] == "<", i + 1 < s.count else { return nil }
        if s[i + 1] == "!" {  // "<!-- ... -->", "<!DOCTYPE html>"
            let comment = i + 3 < s.count && s[i + 2] == "-" && s[i + 3] == "-"
            guard let end = find(comment ? ["-", "-", ">"] : [">"], in: s, from: i + 2, within: comment ? 100_000 : 1_000)
            else { return nil }
            return (end, false)
        }
        var j = i + 1
        let closing = s[j] == "/"
        if closing { j += 1 }
        var name = ""
        while j < s.count, name.count <= 10,
            ("a"..."z").contains(s[j]) || ("A"..."Z").contains(s[j]) || (!name.isEmpty && ("0"..."9").contains(s[j]))
        {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        name = name.lowercased()
        guard known.contains(name), j < s.count, s[j] == ">" || s[j] == "/" || s[j] == " " || s[j] == "\n" || s[j] == "\t",
            let close = find([">"], in: s, from: j, within: 2_000, stopAt: "<")
        else { return nil }
        // A script's or a style's contents are no text: skip to the end of its closing tag.
        if !closing, ["script", "style"].contains(name), s[close - 2] != "/" {
            let end = Array("</\(name)".unicodeScalars)
            var k = close
            while k + end.count <= s.count {
                if (0..<end.count).allSatisfy({ asciiLower(s[k + $0]) == end[$0] }),
                    let after = find([">"], in: s, from: k + end.count, within: 100)
                {
                    return (after, true)
                }
                k += 1
            }
            return (s.count, true)
        }
        return (close, blocks.contains(name))
    }

    /// `u` in lower case if it is an ASCII capital letter, else `u`.
    static func asciiLower(_ u: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(u) ? Unicode.Scalar(u.value + 32)! : u
    }

    /// The index after the first occurrence of `pattern` from `start`, within `limit`
    /// scalars, not past `stopAt`; nil when there is none.
    static func find(
        _ pattern: [Unicode.Scalar], in s: [Unicode.Scalar], from start: Int, within limit: Int, stopAt: Unicode.Scalar? = nil
    ) -> Int? {
        var k = start
        while k + pattern.count <= min(s.count, start + limit) {
            if let stopAt, s[k] == stopAt { return nil }
            if (0..<pattern.count).allSatisfy({ s[k + $0] == pattern[$0] }) { return k + pattern.count }
            k += 1
        }
        return nil
    }

    /// Tags that end a block of text.
    static let blocks: Set<String> = [
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "td", "th", "table", "title", "head",
        "body", "html", "header", "footer", "section", "article", "blockquote", "hr", "figcaption", "caption", "dt", "dd",
        "pre", "main", "nav", "aside", "form", "figure", "script", "style", "noscript", "meta", "link", "iframe",
    ]

    /// Every tag name read as markup: the block tags and the inline ones.
    static let known: Set<String> = blocks.union([
        "a", "b", "i", "u", "em", "strong", "span", "font", "small", "big", "sup", "sub", "abbr", "time", "cite", "q", "mark",
        "img", "label", "input", "button", "picture", "source", "svg", "path", "wbr", "s", "del", "ins", "code", "tbody",
        "thead", "tfoot", "center", "video", "audio", "embed", "object", "dl", "address", "details", "summary",
    ])
}
