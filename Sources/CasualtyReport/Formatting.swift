import CasualtyData
import CasualtyModel
import Foundation

// Every number format, label, escaper and line wrapper of the renderers, in one place.
// Escapers take text that came from a user (case files, flags) and make it inert in one
// output format; each renderer applies its format's escaper to every such string.

/// A count for display: whole numbers without decimals, others with one.
func formatCount(_ x: Double) -> String {
    guard x.isFinite else { return x > 0 ? "inf" : "-inf" }
    if abs(x) >= 1e15 || abs(x - x.rounded()) < 0.05 { return wholeNumberText(x) }
    let tenths = (x * 10).rounded() / 10
    return String(format: "%.1f", tenths)
}

/// A count for a headline: whole numbers from 10 up, one decimal below.
func headlineCount(_ x: Double) -> String {
    abs(x) >= 10 && x.isFinite ? wholeNumberText(x) : formatCount(x)
}

/// A signed count ("+4.2", "-3").
func signed(_ x: Double) -> String { (x >= 0 ? "+" : "") + formatCount(x) }

/// A setting's value, as `%g` prints it.
func formatSetting(_ x: Double) -> String { String(format: "%g", x) }

/// "90% interval" for a level of 0.9.
func intervalLabel(_ level: Double) -> String { "\(Int((level * 100).rounded()))% interval" }

/// What an estimate's range is, in a few words: the method's own phrase for estimates
/// that use only some claims or have no probability level, "N% interval" otherwise.
func rangeLabel(_ e: Estimate) -> String {
    e.claimsUsed != nil ? e.rangeMeaning : (e.level.map(intervalLabel) ?? e.rangeMeaning)
}

/// The method of an estimate as shown in tables: `nuts (for laplace)` when NUTS took the
/// place of an untrusted Laplace approximation.
func methodLabel(_ e: Estimate) -> String {
    e.fallbackFrom.map { "\(e.method.rawValue) (for \($0.rawValue))" } ?? e.method.rawValue
}

/// One sentence on the Laplace approximation's importance-sampling check.
func laplaceCheckSentence(_ c: LaplaceCheckOutcome) -> String {
    guard let k = c.paretoK else {
        return "Laplace check: no posterior mode was found" + (c.fellBack ? "; NUTS took its place." : "; no Laplace estimates.")
    }
    let ess = c.effectiveSampleSize.map { ", importance-sampling ESS \(wholeNumberText($0))" } ?? ""
    let verdict = c.trusted ? "trusted, corrected draws used" : (c.fellBack ? "not trusted; NUTS took its place" : "NOT trusted")
    let saddles = c.saddleEscapes > 0 ? "; \(plural(c.saddleEscapes, "saddle point")) left on the way to the mode" : ""
    let profile =
        c.profileDisagreement.map {
            $0.isFinite ? ", profile disagreement \(String(format: "%.2f", $0))" : ", profile not computable for a heavy tail"
        } ?? ""
    return "Laplace check: Pareto k-hat \(String(format: "%.2f", k))\(ess)\(profile) (\(verdict); trusted at k-hat <= 0.7, "
        + "ESS >= 1000 and profile disagreement <= \(CheckedLaplace.profileThreshold))\(saddles)."
}

/// One sentence on NUTS's metric when the Laplace-metric recipe was asked for (nil otherwise):
/// fixed at the Laplace variances, or redone with the full warm-up where that failed.
func nutsMetricSentence(_ r: EstimationResult) -> String? {
    let s = r.options.sampler
    guard s.metric == .laplace, r.fits.contains(where: { $0.method == .nuts }) else { return nil }
    let full = SamplerSettings()
    return r.nutsFullWarmup
        ? "NUTS metric: the short run at the Laplace variances failed its checks (a divergence, R-hat above 1.01 "
            + "or ESS below 400), so NUTS was rerun with the full adaptive warm-up (\(max(s.warmup, full.warmup)) "
            + "iterations, \(max(s.draws, full.draws)) draws per chain)."
        : "NUTS metric: fixed at the Laplace variances, chains started at the mode; the \(s.warmup) warm-up "
            + "iterations tuned the step size only"
            + (r.nutsExtended
                ? "; the \(s.draws) draws per chain fell short of ESS 400 or R-hat 1.01 without a divergence, so the "
                    + "chains went on for \(s.draws) more, which passed." : ".")
}

/// `n thing` or `n things`.
public func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

/// "Iranian forces (IRGC and others), killed": the aggregate's or groups' labels and the
/// outcomes.
func quantityLabel(_ q: Quantity, in c: Case) -> String {
    let who: String
    if let a = c.aggregates.first(where: { $0.groups == q.groups }) {
        who = a.label ?? a.id
    } else {
        who = q.groups.map { c.group($0)?.label ?? $0 }.joined(separator: " + ")
    }
    return "\(who), \(q.outcomes.joined(separator: " or "))"
}

// MARK: - Escaping: one function per output format, for every string that came from a user

/// Whether `u` changes how the text around it is shown without being seen itself: C0 and C1
/// control characters (ESC starts terminal sequences, NUL ends C strings), DEL, and Unicode's
/// bidirectional and invisible format characters (U+202E RIGHT-TO-LEFT OVERRIDE shows the
/// text after it reversed, so "exe.txt" can pass for "txt.exe").
public func isHiddenControl(_ u: Unicode.Scalar) -> Bool {
    switch u.value {
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB: return true
    default: return false
    }
}

/// `s` with every hidden control character replaced by U+FFFD (a visible mark that something
/// was there), except the characters in `keep`; line breaks and tabs not kept become spaces.
public func neutralised(_ s: String, keep: Set<Unicode.Scalar> = []) -> String {
    guard s.unicodeScalars.contains(where: isHiddenControl) else { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
        if !isHiddenControl(u) || keep.contains(u) {
            out.append(u)
        } else {
            out.append(u == "\n" || u == "\r" || u == "\t" ? " " : "\u{FFFD}")
        }
    }
    return String(out)
}

/// Text for a terminal: hidden controls neutralised, line breaks kept. Applied to the
/// whole of a rendered table (its own text has no other control characters).
public func terminalSafe(_ s: String) -> String { neutralised(s, keep: ["\n"]) }

/// Escapes text for XML and HTML (element content and attribute values); hidden controls
/// are neutralised (tab and newline kept; XML 1.0 forbids the other C0 controls).
func htmlEscape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for ch in neutralised(s, keep: ["\t", "\n"]).unicodeScalars {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

/// Escapes text for a Markdown table cell or paragraph: hidden controls neutralised and line
/// breaks made spaces; backslashes and the characters that start Markdown syntax (pipes,
/// emphasis, code, links and images `[` `]` `!`, headings, strikethrough) backslash-escaped
/// so they show as themselves; `&`, `<` and `>` as entities, so no HTML or entity passes.
/// So `[x](javascript:...)` and `![](http://...)` are shown as text, never made links.
public func markdownEscape(_ s: String) -> String {
    var out = ""
    for ch in neutralised(s).unicodeScalars {
        switch ch {
        case "\\", "|", "*", "_", "`", "[", "]", "!", "#", "~": out += "\\" + String(ch)
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        default: out.unicodeScalars.append(ch)
        }
    }
    return out
}

/// A fenced Markdown code block of `text` whose fence is longer than any run of backticks in
/// it, so the text cannot close the block; hidden controls neutralised (line breaks kept).
func codeFence(_ text: String, language: String = "") -> String {
    var longest = 0, run = 0
    for ch in text {
        run = ch == "`" ? run + 1 : 0
        longest = max(longest, run)
    }
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return "\(fence)\(language)\n\(neutralised(text, keep: ["\n"]))\n\(fence)\n"
}

/// A CSV cell: hidden controls neutralised; quoted when it holds a comma, quote or line
/// break; a leading =, +, -, @, tab or carriage return is prefixed with ' so spreadsheets do
/// not run it as a formula (OWASP, "CSV Injection").
func csvCell(_ s: String) -> String {
    if isPlainCSV(s) { return s }
    var t = neutralised(s, keep: ["\n", "\r", "\t"])
    if let f = t.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(f) { t = "'" + t }
    if t.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        t = "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return t
}

/// Whether `s` is written into CSV as it is: printable ASCII (so no hidden control), no
/// comma or quote, and no formula opener first (`csvCell` would change none of it).
func isPlainCSV(_ s: String) -> Bool {
    var first = true
    for b in s.utf8 {
        if b < 0x20 || b >= 0x7F || b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") { return false }
        if first && (b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "@")) {
            return false
        }
        first = false
    }
    return true
}

/// Wraps text at `width` columns, continuation lines indented.
func wrapText(_ text: String, indent: String = "", width: Int = 80) -> [String] {
    let lead = String(text.prefix { $0 == " " })
    var lines: [String] = [], current = lead
    for word in text.split(separator: " ") {
        if current.count > lead.count && current.count + 1 + word.count > width {
            lines.append(current)
            current = indent + word
        } else {
            current += (current.count == lead.count ? "" : " ") + word
        }
    }
    if current.count > lead.count { lines.append(current) }
    return lines
}

extension String {
    /// Right-aligned in `n` columns.
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
    /// Left-aligned in `n` columns.
    func rightPad(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

/// A JSON encoder with sorted keys, so output is byte-for-byte reproducible.
func reproducibleJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}

/// The named floors of the pooled reports: "r7 killed:iranian >= 13 (irgc)".
func namedFloors(_ evidence: Evidence) -> [String] {
    evidence.pooledReports.filter { $0.basis == .named }.map {
        "\($0.id) \($0.quantity.name) >= \(formatCount($0.claim.lower)) (\($0.source))"
    }
}

/// The bias prior that applied to a report's claim in the Bayesian model, in words:
/// "party, own side, combatants: -0.2 +- 0.3", "none (neutral)", "none (a named floor)".
func biasPriorText(_ report: Case.Report, _ result: EstimationResult) -> String {
    let m = result.options.model
    if report.basis == .named { return "none (a named floor)" }
    guard m.useBias else { return "off (--no-bias)" }
    let c = result.evidence.theCase
    guard let source = c.source(report.source), let (_, rule) = c.biasRule(of: source, to: report.quantity) else {
        return "none (neutral)"
    }
    let mean = LatentCountModel.biasMean(rule.mean, m), sd = rule.sd ?? m.biasSD
    return "\(rule.label): \(formatSetting(mean)) +- \(formatSetting(sd))"
}

/// A sentence for a quantity whose Bayesian estimate rests largely on the prior, naming the
/// estimate's posterior contraction; nil when the claims determine it.
func priorNote(_ estimates: [Estimate]) -> String? {
    guard let p = estimates.compactMap(\.posterior).first(where: \.restsOnPrior), let k = p.contraction else { return nil }
    return "rests largely on the prior: the claims narrow its log spread by \(Int((max(0, k) * 100).rounded()))% "
        + "(posterior contraction \(String(format: "%.2f", k)) < \(PosteriorSummary.contractionThreshold)); "
        + "no claim pins it down, so the figure is mostly the model's assumption"
}
