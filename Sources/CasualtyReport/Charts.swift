import CasualtyData
import CasualtyModel
import Foundation

/// Inline SVG charts with no external resources: a forest plot of claims and consensus
/// intervals, a posterior density, and a tornado of sensitivity drivers. Every text from a
/// case file is XML-escaped. Colours are the Okabe-Ito colour-blind-safe palette; each chart
/// has a `viewBox` so it scales to the page (phone or print) and a `<title>` for screen readers.
public enum Charts {
    /// Okabe-Ito palette (without yellow, which prints poorly).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

    /// Escapes text for XML and HTML (see `htmlEscape`).
    public static func escape(_ s: String) -> String { htmlEscape(s) }

    /// A log1p axis from 0 to `max` mapped to [x0, x1], with round tick values.
    /// A log1p axis fitted to the values shown: from a round value at or below the smallest
    /// (half of it, or 0 when the values reach 0) to 15% past the largest, mapped to
    /// [x0, x1], with round ticks (1-2-5 steps and their halves) at least 28 px apart.
    struct Axis {
        var minValue: Double
        var maxValue: Double
        var x0: Double, x1: Double
        func x(_ v: Double) -> Double {
            let lo = log1p(minValue), hi = log1p(maxValue)
            let t = (log1p(max(minValue, min(v, maxValue))) - lo) / max(hi - lo, 1e-12)
            return x0 + t * (x1 - x0)
        }
        var ticks: [Double] {
            var candidates: [Double] = [0]
            var decade = 1.0
            while decade <= maxValue {
                candidates += [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8].map { $0 * decade }
                decade *= 10
            }
            let inRange = candidates.filter { $0 >= minValue && $0 <= maxValue }
            // Prefer 1-2-5 values; fill in the others where there is room (28 px apart).
            func major(_ v: Double) -> Bool {
                let m = v / pow(10, floor(log10(max(v, 1))))
                return v == 0 || [1, 2, 5].contains { abs(m - $0) < 1e-9 }
            }
            var out: [Double] = []
            for t in inRange where major(t) && out.allSatisfy({ abs(x(t) - x($0)) >= 28 }) { out.append(t) }
            for t in inRange where !major(t) && out.allSatisfy({ abs(x(t) - x($0)) >= 28 }) { out.append(t) }
            return out.sorted()
        }
        init(minValue: Double = 0, maxValue: Double, x0: Double, x1: Double) {
            self.maxValue = max(10, maxValue * 1.15)
            // Start at a round value at or below half the smallest, or at 0 for small counts.
            let half = minValue / 2
            self.minValue = half < 2 ? 0 : pow(10, floor(log10(half))) * floor(half / pow(10, floor(log10(half))))
            self.x0 = x0
            self.x1 = x1
        }
    }

    static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }
    static func label(_ v: Double) -> String { v >= 1000 ? String(format: "%gk", v / 1000) : String(format: "%g", v) }

    /// Forest plot for one quantity: one row per claim (a dot for a figure, a bar for a range or
    /// a lexicon interval, an arrow for a one-sided bound; marker size by weight), then one band
    /// per method ([low, high] with a tick at best).
    public static func forest(
        quantity: Quantity, claims: [WeightedClaim], estimates: [Estimate],
        sourceNames: [String: String] = [:]
    ) -> String {
        let rowH = 24.0, left = 210.0, right = 620.0, width = 640.0, top = 34.0
        let rows = claims.count + estimates.count
        let height = top + Double(rows) * rowH + 46
        let values =
            (claims.flatMap { [$0.claim.lower, $0.claim.upper ?? $0.claim.lower * 1.5] }
            + estimates.flatMap { [$0.low, $0.high] }).filter(\.isFinite)
        let axis = Axis(minValue: values.min() ?? 0, maxValue: values.max() ?? 10, x0: left, x1: right)
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" class=\"chart forest\">"
        s += "<title>\(escape("Claims and consensus intervals for \(quantity.name)"))</title>"
        s +=
            "<style>text{font-family:sans-serif;font-size:13px;fill:#222}.axis{stroke:#888;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}</style>"
        s +=
            "<text x=\"\(fmt(left))\" y=\"16\" style=\"font-weight:bold;font-size:14px\">\(escape(quantity.name)): claims and consensus (log scale)</text>"
        let plotBottom = top + Double(rows) * rowH
        for t in axis.ticks {
            let x = axis.x(t)
            s += "<line class=\"grid\" x1=\"\(fmt(x))\" y1=\"\(fmt(top - 6))\" x2=\"\(fmt(x))\" y2=\"\(fmt(plotBottom))\"/>"
            s += "<text x=\"\(fmt(x))\" y=\"\(fmt(plotBottom + 14))\" text-anchor=\"middle\">\(label(t))</text>"
        }
        s += "<line class=\"axis\" x1=\"\(fmt(left))\" y1=\"\(fmt(plotBottom))\" x2=\"\(fmt(right))\" y2=\"\(fmt(plotBottom))\"/>"
        s +=
            "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(plotBottom + 32))\" text-anchor=\"middle\">count (\(escape(quantity.outcomes.joined(separator: " + "))))</text>"
        for (i, c) in claims.enumerated() {
            let y = top + Double(i) * rowH + rowH / 2
            let r = 2.5 + 4 * min(1, max(0, c.weight))
            let name = sourceNames[c.source] ?? c.source
            let text = "\(name): \(c.claim.text)"
            let short = text.count > 28 ? String(text.prefix(27)) + "…" : text
            s +=
                "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\"><title>\(escape(text)) (weight \(String(format: "%g", c.weight)))</title>\(escape(short))</text>"
            s += claimMark(c.claim, y: y, r: r, axis: axis)
        }
        for (j, e) in estimates.enumerated() {
            let y = top + Double(claims.count + j) * rowH + rowH / 2
            let color = palette[j % palette.count]
            let a = axis.x(e.low), b = axis.x(e.high), m = axis.x(e.best)
            let level =
                (e.level.map { " \(Int(($0 * 100).rounded()))%" } ?? "") + (e.posterior?.restsOnPrior == true ? " (prior)" : "")
            s +=
                "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\" style=\"fill:\(color);font-weight:bold\">\(escape(methodLabel(e)))\(level)</text>"
            s +=
                "<rect x=\"\(fmt(a))\" y=\"\(fmt(y - 7))\" width=\"\(fmt(max(1.5, b - a)))\" height=\"14\" fill=\"\(color)\" opacity=\"0.35\"/>"
            s +=
                "<line x1=\"\(fmt(m))\" y1=\"\(fmt(y - 9))\" x2=\"\(fmt(m))\" y2=\"\(fmt(y + 9))\" stroke=\"\(color)\" stroke-width=\"3\"/>"
        }
        return s + "</svg>"
    }

    /// The mark of one claim in a forest plot: a dot for a figure, an arrow from an open
    /// circle for a one-sided bound (a vague word with no upper end, "many", is one), a bar
    /// for an interval.
    static func claimMark(_ claim: Claim, y: Double, r: Double, axis: Axis) -> String {
        let col = "#333"
        let kind = claim.kind == .vague && claim.upper == nil ? .lowerBound : claim.kind
        switch kind {
        case .exact:
            return "<circle cx=\"\(fmt(axis.x(claim.lower)))\" cy=\"\(fmt(y))\" r=\"\(fmt(r))\" fill=\"\(col)\"/>"
        case .lowerBound, .upperBound:
            let up = kind == .lowerBound
            let x = axis.x(up ? claim.lower : claim.upper ?? claim.lower), end = up ? x + 40 : x - 40, tip = up ? x + 48 : x - 48
            return
                "<line x1=\"\(fmt(min(x, end)))\" y1=\"\(fmt(y))\" x2=\"\(fmt(max(x, end)))\" y2=\"\(fmt(y))\" stroke=\"\(col)\" stroke-width=\"2\"/>"
                + "<path d=\"M\(fmt(end)) \(fmt(y - 4)) L\(fmt(tip)) \(fmt(y)) L\(fmt(end)) \(fmt(y + 4)) Z\" fill=\"\(col)\"/>"
                + "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"\(fmt(r))\" fill=\"white\" stroke=\"\(col)\" stroke-width=\"2\"/>"
        case .range, .approximate, .vague:
            let a = axis.x(claim.lower), b = axis.x(claim.upper ?? claim.lower)
            return
                "<line x1=\"\(fmt(a))\" y1=\"\(fmt(y))\" x2=\"\(fmt(b))\" y2=\"\(fmt(y))\" stroke=\"\(col)\" stroke-width=\"\(fmt(r))\" stroke-linecap=\"round\" opacity=\"0.8\"/>"
        }
    }

    /// Posterior density of a quantity from draws: a kernel density estimate on the log1p
    /// scale (Silverman bandwidth), with the 90% interval shaded and the median marked.
    public static func density(quantity: Quantity, method: MethodID, draws: [Double], restsOnPrior: Bool = false) -> String {
        let width = 640.0, height = 220.0, left = 50.0, right = 620.0, top = 30.0, bottom = 180.0
        let v = draws.filter(\.isFinite).map { log1p(max(0, $0)) }.sorted()
        guard v.count > 10 else { return "" }
        let n = Double(v.count)
        let mean = v.reduce(0, +) / n
        let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let iqr = Diagnostics.quantile(sorted: v, 0.75) - Diagnostics.quantile(sorted: v, 0.25)
        let h = max(1e-3, 0.9 * min(sd, iqr / 1.34) * pow(n, -0.2))
        let lo = max(0, v.first! - 3 * h), hi = v.last! + 3 * h
        let grid = (0..<120).map { lo + (hi - lo) * Double($0) / 119 }
        // Binned KDE: 400 bins keep this fast for 4,000 draws.
        var bins = [Double](repeating: 0, count: 400)
        for x in v { bins[min(399, Int((x - lo) / (hi - lo) * 399))] += 1 }
        let step = (hi - lo) / 399
        let dens: [Double] = grid.map { g in
            var total = 0.0
            for k in 0..<400 where bins[k] > 0 {
                let z: Double = (g - (lo + step * Double(k))) / h
                total += bins[k] * exp(-0.5 * z * z)
            }
            return total
        }
        let dmax = dens.max() ?? 1
        func px(_ x: Double) -> Double { left + (x - lo) / (hi - lo) * (right - left) }
        func py(_ d: Double) -> Double { bottom - d / dmax * (bottom - top) }
        let q05 = log1p(Diagnostics.quantile(sorted: draws.sorted(), 0.05))
        let q95 = log1p(Diagnostics.quantile(sorted: draws.sorted(), 0.95))
        let med = log1p(Diagnostics.quantile(sorted: draws.sorted(), 0.5))
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" class=\"chart density\">"
        s += "<title>\(escape("Posterior density of \(quantity.name) (\(method.rawValue))"))</title>"
        s += "<style>text{font-family:sans-serif;font-size:13px;fill:#222}</style>"
        s +=
            "<text x=\"\(fmt(left))\" y=\"16\" style=\"font-weight:bold;font-size:14px\">\(escape(quantity.name)): posterior density (\(escape(method.rawValue)), log scale)\(restsOnPrior ? " - rests largely on the prior" : "")</text>"
        let inBand = zip(grid, dens).filter { $0.0 >= q05 && $0.0 <= q95 }
        if let first = inBand.first, let last = inBand.last {
            var band = "M\(fmt(px(first.0))) \(fmt(bottom))"
            for (g, d) in inBand { band += " L\(fmt(px(g))) \(fmt(py(d)))" }
            band += " L\(fmt(px(last.0))) \(fmt(bottom)) Z"
            s += "<path d=\"\(band)\" fill=\"\(palette[0])\" opacity=\"0.25\"/>"
        }
        var path = "M\(fmt(px(grid[0]))) \(fmt(py(dens[0])))"
        for (g, d) in zip(grid, dens).dropFirst() { path += " L\(fmt(px(g))) \(fmt(py(d)))" }
        s += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(palette[0])\" stroke-width=\"2\"/>"
        s +=
            "<line x1=\"\(fmt(px(med)))\" y1=\"\(fmt(top))\" x2=\"\(fmt(px(med)))\" y2=\"\(fmt(bottom))\" stroke=\"\(palette[1])\" stroke-width=\"2\"/>"
        s += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(right))\" y2=\"\(fmt(bottom))\" stroke=\"#888\"/>"
        let ticks: [Double] = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000]
        var lastX = -100.0
        for t in ticks where log1p(t) >= lo && log1p(t) <= hi && px(log1p(t)) - lastX >= 28 {
            lastX = px(log1p(t))
            s +=
                "<line x1=\"\(fmt(lastX))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(lastX))\" y2=\"\(fmt(bottom + 4))\" stroke=\"#888\"/>"
            s += "<text x=\"\(fmt(lastX))\" y=\"\(fmt(bottom + 16))\" text-anchor=\"middle\">\(label(t))</text>"
        }
        s +=
            "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(bottom + 34))\" text-anchor=\"middle\">count; shaded: 90% interval; line: median \(escape(formatCount(expm1(med))))</text>"
        return s + "</svg>"
    }

    /// Tornado of the largest sensitivity drivers of one quantity: one bar per scenario from the
    /// baseline best to the scenario's best.
    /// Room kept between a bar's end and the plot's edge for its value label, in px.
    static let tornadoValueRoom = 66.0
    /// The longest scenario label, in characters: 32 of 13 px sans-serif (at most 7.5 px
    /// each) fit the 242 px left of the bars; longer ones end in an ellipsis, the full text
    /// in the tooltip.
    static let tornadoLabelChars = 32

    public static func tornado(quantity: Quantity, baseline: Double, ranking: [RankEntry], top: Int = 10) -> String {
        let rows = Array(ranking.prefix(top))
        guard !rows.isEmpty else { return "" }
        let width = 640.0, left = 250.0, right = 610.0, topY = 34.0, rowH = 22.0
        let height = topY + Double(rows.count) * rowH + 44
        let extent = max(1e-9, rows.map { abs($0.deltaBest) }.max() ?? 1)
        let mid = (left + right) / 2
        // Bars stop short of the plot's edges by room for their value labels (up to 8
        // characters of 13 px text, "-123,456"), so a value never runs into a label or off the chart.
        func px(_ d: Double) -> Double { mid + d / extent * ((right - left) / 2 - Self.tornadoValueRoom) }
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" class=\"chart tornado\">"
        s += "<title>\(escape("Sensitivity of \(quantity.name): largest changes of the best figure"))</title>"
        s += "<style>text{font-family:sans-serif;font-size:13px;fill:#222}</style>"
        s +=
            "<text x=\"10\" y=\"16\" style=\"font-weight:bold;font-size:14px\">\(escape(quantity.name)): what moves the best figure (baseline \(escape(formatCount(baseline))))</text>"
        for (i, e) in rows.enumerated() {
            let y = topY + Double(i) * rowH
            let a = min(px(0), px(e.deltaBest)), b = max(px(0), px(e.deltaBest))
            let color = e.deltaBest >= 0 ? palette[1] : palette[0]
            let id =
                e.scenario.count > Self.tornadoLabelChars
                ? String(e.scenario.prefix(Self.tornadoLabelChars - 1)) + "…" : e.scenario
            s +=
                "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(y + 15))\" text-anchor=\"end\"><title>\(escape(e.scenario))</title>\(escape(id))</text>"
            s += "<rect x=\"\(fmt(a))\" y=\"\(fmt(y + 4))\" width=\"\(fmt(max(1, b - a)))\" height=\"14\" fill=\"\(color)\"/>"
            let anchor = e.deltaBest >= 0 ? "start" : "end"
            let tx = e.deltaBest >= 0 ? b + 4 : a - 4
            s +=
                "<text x=\"\(fmt(tx))\" y=\"\(fmt(y + 15))\" text-anchor=\"\(anchor)\">\(escape((e.deltaBest >= 0 ? "+" : "") + formatCount(e.deltaBest)))</text>"
        }
        let bottom = topY + Double(rows.count) * rowH
        s += "<line x1=\"\(fmt(mid))\" y1=\"\(fmt(topY))\" x2=\"\(fmt(mid))\" y2=\"\(fmt(bottom + 4))\" stroke=\"#444\"/>"
        s += "<text x=\"\(fmt(mid))\" y=\"\(fmt(bottom + 20))\" text-anchor=\"middle\">change of the best figure (counts)</text>"
        return s + "</svg>"
    }
}

extension Charts {
    /// Rank plot of one quantity's NUTS draws (Vehtari, Gelman, Simpson, Carpenter and
    /// Buerkner, "Rank-normalization, folding, and localization", Bayesian Analysis 2021):
    /// the draws of all chains are ranked together and each chain's ranks are binned into
    /// `bins` equal bins; chains that mix well give flat histograms near the dashed line
    /// (the expected count per bin).
    public static func rankPlot(quantity: Quantity, perChain: [[Double]], bins: Int = 20) -> String {
        let n = perChain.map(\.count).reduce(0, +)
        guard perChain.count > 1, n > bins * perChain.count else { return "" }
        let order = perChain.enumerated().flatMap { c, v in v.map { (c, $0) } }.sorted { $0.1 < $1.1 }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: bins), count: perChain.count)
        for (rank, item) in order.enumerated() { counts[item.0][min(bins - 1, rank * bins / n)] += 1 }
        let width = 640.0, rowH = 46.0, left = 70.0, right = 620.0, top = 30.0
        let height = top + Double(perChain.count) * rowH + 30
        let expected = Double(n) / Double(perChain.count * bins)
        let maxCount = Double(max(counts.flatMap { $0 }.max() ?? 1, Int(expected * 1.5)))
        let barW = (right - left) / Double(bins)
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" class=\"chart rank\">"
        s += "<title>\(escape("Rank plot of \(quantity.name) by chain (NUTS)"))</title>"
        s += "<style>text{font-family:sans-serif;font-size:13px;fill:#222}</style>"
        s +=
            "<text x=\"10\" y=\"16\" style=\"font-weight:bold;font-size:14px\">\(escape(quantity.name)): ranks by chain (flat = chains agree)</text>"
        for (c, row) in counts.enumerated() {
            let base = top + Double(c + 1) * rowH - 6
            s += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(base - 12))\" text-anchor=\"end\">chain \(c + 1)</text>"
            for (b, count) in row.enumerated() {
                let h = Double(count) / maxCount * (rowH - 10)
                s +=
                    "<rect x=\"\(fmt(left + Double(b) * barW + 1))\" y=\"\(fmt(base - h))\" width=\"\(fmt(barW - 2))\" height=\"\(fmt(h))\" fill=\"\(palette[c % palette.count])\" opacity=\"0.8\"/>"
            }
            let y = base - expected / maxCount * (rowH - 10)
            s +=
                "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(right))\" y2=\"\(fmt(y))\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>"
        }
        s +=
            "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(height - 8))\" text-anchor=\"middle\">rank of the draw among all chains (\(bins) bins)</text>"
        return s + "</svg>"
    }
}

extension Charts {
    /// One step of a timeline chart: the date a claim arrived, the report, and the consensus
    /// after it (nil: no estimate yet).
    public struct TimelinePoint: Sendable {
        /// The date the claim arrived.
        public var date: String
        /// The report that arrived.
        public var report: String
        /// The consensus after it.
        public var estimate: Estimate?

        /// A point.
        public init(date: String, report: String, estimate: Estimate?) {
            self.date = date
            self.report = report
            self.estimate = estimate
        }
    }

    /// A step chart of how the consensus for `quantity` moved as claims arrived: per claim in
    /// order of arrival, the interval (band) and best (line) after it, a marker where it
    /// arrived (its report in the marker's title), dates under the steps where they change, and
    /// a log1p count axis fitted to the intervals. Empty when fewer than two steps have an
    /// estimate.
    public static func timeline(quantity: Quantity, points: [TimelinePoint]) -> String {
        let shown = points.filter { $0.estimate != nil }
        guard shown.count >= 2 else { return "" }
        let width = 640.0, left = 64.0, right = 620.0, top = 34.0, bottom = 214.0, height = 262.0
        let values = shown.flatMap { [$0.estimate!.low, $0.estimate!.high, $0.estimate!.best] }.filter(\.isFinite)
        let axis = Axis(minValue: values.min() ?? 0, maxValue: values.max() ?? 10, x0: bottom, x1: top)
        let stepW = (right - left) / Double(shown.count)
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" class=\"chart timeline\">"
        s += "<title>\(escape("How the consensus for \(quantity.name) moved as claims arrived"))</title>"
        s +=
            "<style>text{font-family:sans-serif;font-size:13px;fill:#222}.axis{stroke:#888;stroke-width:1}.grid{stroke:#ddd;stroke-width:1}</style>"
        s +=
            "<text x=\"\(fmt(left))\" y=\"16\" style=\"font-weight:bold;font-size:14px\">\(escape(quantity.name)): consensus as claims arrived (log scale)</text>"
        for t in axis.ticks {
            let y = axis.x(t)
            s += "<line class=\"grid\" x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(right))\" y2=\"\(fmt(y))\"/>"
            s += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(label(t))</text>"
        }
        s += "<line class=\"axis\" x1=\"\(fmt(left))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(right))\" y2=\"\(fmt(bottom))\"/>"
        var previousBest: Double?, lastLabelX = -100.0, previousDate = ""
        for (k, p) in shown.enumerated() {
            let e = p.estimate!, x = left + Double(k) * stepW
            let yLow = axis.x(e.low), yHigh = axis.x(e.high), yBest = axis.x(e.best)
            s +=
                "<rect x=\"\(fmt(x))\" y=\"\(fmt(yHigh))\" width=\"\(fmt(stepW))\" height=\"\(fmt(max(1, yLow - yHigh)))\" fill=\"\(palette[0])\" opacity=\"0.22\"/>"
            if let pb = previousBest {
                s +=
                    "<line x1=\"\(fmt(x))\" y1=\"\(fmt(axis.x(pb)))\" x2=\"\(fmt(x))\" y2=\"\(fmt(yBest))\" stroke=\"\(palette[0])\" stroke-width=\"2\"/>"
            }
            s +=
                "<line x1=\"\(fmt(x))\" y1=\"\(fmt(yBest))\" x2=\"\(fmt(x + stepW))\" y2=\"\(fmt(yBest))\" stroke=\"\(palette[0])\" stroke-width=\"2.5\"/>"
            s +=
                "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(yBest))\" r=\"4\" fill=\"\(palette[1])\"><title>\(escape("\(p.date): \(p.report) arrived; best \(formatCount(e.best)), \(formatCount(e.low))-\(formatCount(e.high))"))</title></circle>"
            if p.date != previousDate && x - lastLabelX >= 86 {
                s += "<line class=\"axis\" x1=\"\(fmt(x))\" y1=\"\(fmt(bottom))\" x2=\"\(fmt(x))\" y2=\"\(fmt(bottom + 5))\"/>"
                s += "<text x=\"\(fmt(x))\" y=\"\(fmt(bottom + 19))\" text-anchor=\"start\">\(escape(p.date))</text>"
                lastLabelX = x
            }
            previousDate = p.date
            previousBest = e.best
        }
        s +=
            "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(bottom + 40))\" text-anchor=\"middle\">claims in order of arrival (marker: a claim arrives; band: interval after it)</text>"
        return s + "</svg>"
    }
}
