import Foundation

/// Recorders' dates as the claims table's ISO 8601 (`Case.isISODate`).
enum ImportDate {
    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    /// `text` as YYYY-MM-DD (or as it is when already ISO, a time after "T" kept; the date
    /// part of "2013-01-03 00:00:00.000"): also "15 January 2024", "15-Jan-2024" (ACLED's
    /// exports) and "october-7-2023" (Airwars' incident dates); "" for an empty date; nil
    /// when it is none of these.
    static func iso(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return "" }
        if Case.isISODate(t) { return t }
        if let space = t.firstIndex(of: " "), Case.isISODate(String(t[..<space])) { return String(t[..<space]) }
        let parts = t.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "," }).map(String.init)
        guard parts.count == 3 else { return nil }
        func month(_ s: String) -> Int? {
            months.firstIndex { $0 == s || (s.count == 3 && $0.hasPrefix(s)) || (s == "sept" && $0 == "september") }
        }
        let (d, m, y): (Int?, Int?, Int?)
        if let mm = month(parts[0]) {
            (d, m, y) = (Int(parts[1]), mm, Int(parts[2]))  // "october-7-2023"
        } else {
            (d, m, y) = (Int(parts[0]), month(parts[1]), Int(parts[2]))  // "15 January 2024"
        }
        guard let d, let m, let y, (1...31).contains(d), (1000...9999).contains(y) else { return nil }
        return String(format: "%04d-%02d-%02d", y, m + 1, d)
    }

    /// Why `text` in `column` cannot be a date, for a reject.
    static func reason(_ column: String, _ text: String) -> String {
        "\(column) '\(text)' is not a date this importer reads (YYYY-MM-DD, '15 January 2024', 'october-7-2023')"
    }
}
