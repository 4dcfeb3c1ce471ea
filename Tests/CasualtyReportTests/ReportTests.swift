import Foundation
import TestSupport
import Testing

@testable import CasualtyData
@testable import CasualtyModel
@testable import CasualtyReport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Report renderers: snapshots (Markdown, CSV), structure (HTML, SVG), notebook validity,
/// JSON schemas, and escaping of hostile case strings.
@Suite struct ReportTests {
    static let root = Repo.root

    /// A small case whose every string is ordinary, for snapshots.
    static let plainYAML = """
        schema: casualty-case/1
        case: {id: snap, title: Snapshot case, date: 2020-01-02, place: Somewhere}
        outcomes: [killed]
        groups: {a: {side: blue, label: Group A}, b: {side: red, label: Group B}}
        aggregates: {all: {groups: [a, b], label: Everyone}}
        documents: {d1: {outlet: Daily, date: 2020-01-03}}
        sources:
          one: {name: Source One, side: neutral, reliability: 1, rationale: Careful.}
          two: {name: Source Two, side: blue, reliability: 0.5, rationale: Partisan.}
        reports:
          - {id: p, source: one, documents: [d1], what: killed, who: a, claim: 10, quote: "ten died"}
          - {id: q, source: two, documents: [d1], what: killed, who: a, claim: at least 8, quote: "at least eight"}
          - {id: r, source: one, what: killed, who: b, claim: dozens}
        """

    /// A case whose strings try to break every format.
    static let hostileYAML = """
        schema: casualty-case/1
        case: {id: evil, title: "<script>alert(1)</script> | =cmd|' /C calc'!A0", place: "</svg><b>bold</b>"}
        outcomes: [killed]
        groups: {a: {side: blue, label: "=cmd|' /C calc'!A0"}}
        documents: {d1: {outlet: "<img src=x onerror=alert(1)>", date: 2020-01-03}}
        sources:
          one: {name: "O'Brien \\"the | pipe\\" <script>", side: neutral, reliability: 1, rationale: "</svg><script>x()</script>"}
        reports:
          - {id: p, source: one, documents: [d1], what: killed, who: a, claim: 10, quote: "=cmd|' /C calc'!A0 </svg> <script>bad()</script> | ` * _"}
        """

    static let provenance = Provenance(
        toolVersion: "test", gitCommit: nil, seed: 1, inputSHA256: String(repeating: "0", count: 64),
        generatedAt: "2026-01-01T00:00:00Z", command: "casualty report snap.yaml")

    static func input(
        _ yaml: String, methods: Set<MethodFamily> = [.weighted, .meta, .laplace], sensitivity: Bool = true
    ) throws -> ReportInput {
        let c = try Case.parse(yaml: yaml, file: "case.yaml", lexicon: .builtIn)
        let e = try Evidence(c)
        var o = AnalysisOptions()
        o.methods = methods
        o.laplaceDraws = 2000
        let est = e.estimate(nil, options: o)
        let sens =
            sensitivity
            ? try Sensitivity.run(e, method: .weightedMedian, queries: est.quantities.map(\.quantity), options: o) : nil
        return ReportInput(estimation: est, sensitivity: sens, provenance: provenance)
    }

    /// Compares with the stored snapshot; `UPDATE_SNAPSHOTS=1` rewrites it.
    func snapshot(_ text: String, _ name: String) throws {
        let url = Self.root.appendingPathComponent("Tests/CasualtyReportTests/Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != nil {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let stored = try String(contentsOf: url, encoding: .utf8)
        #expect(text == stored, "snapshot \(name) differs; rerun with UPDATE_SNAPSHOTS=1 after checking the change")
    }

    @Test func markdownSnapshot() throws {
        try snapshot(try MarkdownReport().render(Self.input(Self.plainYAML)), "snapshot.md")
    }

    @Test func csvSnapshot() throws {
        // Full-precision numbers: only the methods that are plain arithmetic (no BLAS kernel
        // that could differ in the last bit between CPUs) go into this snapshot.
        let text = try CSVReport().render(Self.input(Self.plainYAML, methods: [.weighted, .meta]))
        try snapshot(text, "snapshot.csv")
        let lines = text.split(separator: "\n")
        #expect(lines.first == Substring(CSVReport.header.joined(separator: ",")))
        #expect(
            lines.dropFirst().allSatisfy {
                $0.split(separator: ",", omittingEmptySubsequences: false).count == CSVReport.header.count
            })
    }

    @Test func htmlIsSelfContainedWithWellFormedCharts() throws {
        let input = try Self.input(Self.plainYAML)
        let html = try HTMLReport().render(input)
        let svgs = Self.svgs(html)
        // Per quantity: a forest plot and a density; with sensitivity: a tornado where there are drivers.
        let q = input.estimation.quantities.count
        #expect(html.components(separatedBy: "class=\"chart forest\"").count - 1 == q)
        #expect(html.components(separatedBy: "class=\"chart density\"").count - 1 == q)
        #expect(html.contains("class=\"chart tornado\""))
        for s in svgs { #expect(Self.wellFormed(s), "malformed SVG") }
        #expect(Self.externalReferences(html).isEmpty, "\(Self.externalReferences(html))")
        #expect(!html.contains("<script"))
        // Section order as the issue lists it.
        let order = [
            "Headline figures", "Estimates by quantity", "Sources", "Claims", "Sensitivity", "Diagnostics",
            "Assumptions and settings", "Provenance",
        ].map { html.range(of: "<h2>\($0)</h2>")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted())
    }

    /// With NUTS: a rank plot per quantity (chains by rank bins); with Laplace and NUTS both,
    /// where the Laplace check passed, a table of the two side by side.
    @Test func htmlHasRankPlotsAndTheLaplaceComparison() throws {
        let input = try Self.input(Self.plainYAML, methods: [.laplace, .nuts], sensitivity: false)
        let html = try HTMLReport().render(input)
        let q = input.estimation.quantities.count
        #expect(html.components(separatedBy: "class=\"chart rank\"").count - 1 == q)
        let trusted = input.estimation.laplaceCheck?.trusted == true
        #expect(html.contains("Checked Laplace against NUTS") == trusted)
        for svg in Self.svgs(html) { #expect(Self.wellFormed(svg)) }
        let md = try MarkdownReport().render(input)
        #expect(md.contains("Checked Laplace against NUTS") == trusted)
    }

    /// Links, remote images, terminal escapes and bidirectional overrides in case strings.
    static let controlYAML = """
        schema: casualty-case/1
        case: {id: ctl, title: "Click [here](javascript:alert(1)) ![](http://evil.example/x.png) \\e[31mred\\e[0m \\u202Egnp.exe"}
        outcomes: [killed]
        groups: {a: {side: blue, label: "\\u202Eright to left \\u200B"}}
        documents: {d1: {outlet: "[doc](javascript:x)", date: 2020-01-03}}
        sources:
          one: {name: "\\e]0;owned\\a name", side: neutral, reliability: 1}
        reports:
          - {id: p, source: one, documents: [d1], what: killed, who: a, claim: 10, quote: "![i](http://evil.example/y.png) [x](javascript:alert(2)) \\e[2J"}
        """

    /// Every string that reaches the reader: no control or bidirectional character, and in
    /// Markdown no bracket that could open a link or image.
    static func hasHiddenControl(_ s: String) -> Bool {
        s.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x1B || $0 == "\u{202E}" || $0 == "\u{200B}"
        }
    }

    /// Whether every `[`, `]` and `!` of Markdown text `md` is backslash-escaped.
    static func bracketsEscaped(_ md: String) -> Bool {
        let chars = Array(md)
        return chars.indices.allSatisfy { i in !"[]!".contains(chars[i]) || (i > 0 && chars[i - 1] == "\\") }
    }

    @Test func linksControlsAndBidiOverridesAreNeutralisedInEveryFormat() throws {
        var input = try Self.input(Self.controlYAML)
        input.provenance.command = "casualty report 'x\n```\n<b>raw</b>.yaml'"
        let table = try TableRenderer().render(input.estimation)
        let html = try HTMLReport().render(input)
        let md = try MarkdownReport().render(input)
        let csv = try CSVReport().render(input)
        let sensitivity = try #require(input.sensitivity)
        let texts = [
            ("table", table), ("html", html), ("markdown", md), ("csv", csv),
            ("sensitivity table", try SensitivityTable().render(sensitivity)),
            ("sensitivity markdown", try SensitivityMarkdown().render(sensitivity)),
        ]
        for (name, text) in texts { #expect(!Self.hasHiddenControl(text), "\(name)") }
        #expect(table.contains("\u{FFFD}[31mred"))  // shown, not obeyed
        #expect(Self.bracketsEscaped(md) && !md.contains("!["))
        let nb = try NotebookReport().render(input)
        let cells = try #require(
            (try JSONSerialization.jsonObject(with: Data(nb.utf8)) as? [String: Any])?["cells"] as? [[String: Any]])
        for cell in cells {
            let source = (cell["source"] as? [String] ?? []).joined()
            #expect(!Self.hasHiddenControl(source))
            if cell["cell_type"] as? String == "markdown", !source.contains("Reproduce") { #expect(Self.bracketsEscaped(source)) }
        }
        // The command holds a fence: the notebook's fence is longer, so nothing breaks out.
        let first = (cells.first?["source"] as? [String] ?? []).joined()
        #expect(first.contains("````sh\n") && first.hasSuffix("\n````"))
        // Spreadsheets run a cell starting with a tab or carriage return and a formula too.
        #expect(MetaRenderer.csvCell("\t=1+2") == "'\t=1+2")
        #expect(MetaRenderer.csvCell("\r=1+2") == "\"'\r=1+2\"")
        #expect(MetaRenderer.csvCell("a\u{0}b\u{1B}c") == "a\u{FFFD}b\u{FFFD}c")
    }

    @Test func hostileStringsAreEscapedEverywhere() throws {
        let input = try Self.input(Self.hostileYAML)
        let html = try HTMLReport().render(input)
        #expect(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>bold"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        for s in Self.svgs(html) { #expect(Self.wellFormed(s)) }
        #expect(Self.externalReferences(html).isEmpty)
        let md = try MarkdownReport().render(input)
        // Every row of a table has as many unescaped pipes as its header: pipes inside cells are escaped.
        var expected: Int? = nil
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                expected = nil
                continue
            }
            let pipes = Self.unescapedPipes(String(line))
            if let e = expected { #expect(pipes == e, "\(line)") } else { expected = pipes }
        }
        #expect(!md.contains("<script>"))
        let csv = try CSVReport().render(input)
        #expect(!csv.contains("\n=") && !csv.contains(",=") && !csv.contains(",\"="))
        let json = try JSONReport().render(input)
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(obj?["title"] as? String == "<script>alert(1)</script> | =cmd|' /C calc'!A0")
        let nb = try NotebookReport().render(input)
        #expect(try JSONSerialization.jsonObject(with: Data(nb.utf8)) is [String: Any])
        #expect(!nb.contains("<script>"))
        // The event's CSV cell: the case id is plain; quantity names cannot carry formulas
        // (ids are validated), but a hostile event id in batch output is neutralised:
        #expect(MetaRenderer.csvCell("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0")
        #expect(MetaRenderer.csvCell("-2+3") == "'-2+3")
        #expect(MetaRenderer.csvCell("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    /// Found on a second real case: the excluded figures (what makes a count defensible to a
    /// recorder) and the notes on reports were in no report. Now in every report format.
    @Test func exclusionsAndNotesAppearInEveryFormat() throws {
        let yaml =
            Self.plainYAML.replacingOccurrences(
                of: "claim: dozens}", with: "claim: dozens, note: Read from a photo caption}")
            + "\nexcluded:\n  - {document: d1, figure: \"1,200 since 2012\", reason: \"Another scope, the whole war.\", quote: \"some 1,200\"}\n"
        let input = try Self.input(yaml, methods: [.weighted], sensitivity: false)
        let texts = [
            try MarkdownReport().render(input), try HTMLReport().render(input), try NotebookReport().render(input),
            try JSONReport().render(input),
        ]
        for text in texts {
            #expect(text.contains("Read from a photo caption") && text.contains("Another scope, the whole war."))
            #expect(text.contains("1,200 since 2012") && text.contains("some 1,200"))
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(texts[3].utf8)) as? [String: Any])
        #expect((json["exclusions"] as? [[String: Any]])?.first?["document"] as? String == "d1")
        #expect((json["notes"] as? [[String: Any]])?.first?["report"] as? String == "r")
    }

    /// Claims that conflict beyond the model's noise (5, 3 and 5,000,000,000 killed) are said
    /// to, beside the headline figure and in the warnings, in every format.
    @Test func aClaimsConflictIsSaidBesideTheHeadline() throws {
        let yaml = """
            schema: casualty-case/1
            case: {id: misprint, title: Misprint}
            outcomes: [killed]
            groups: {a: {side: x}}
            sources:
              one: {name: One, side: neutral, reliability: 0.8}
              two: {name: Two, side: neutral, reliability: 0.8}
            reports:
              - {id: p, source: one, what: killed, who: a, claim: 5}
              - {id: q, source: one, what: killed, who: a, claim: 5000000000}
              - {id: r, source: two, what: killed, who: a, claim: 3}
            """
        let input = try Self.input(yaml, methods: [.laplace], sensitivity: false)
        for text in [try MarkdownReport().render(input), try HTMLReport().render(input), try JSONReport().render(input)] {
            #expect(text.contains("claims conflict: 3 reports (p, q, r)"))
        }
        let md = try MarkdownReport().render(input)
        let headline = md.split(separator: "\n").first { $0.contains("a, killed:") || $0.contains("killed:a") }
        #expect(headline?.contains("this interval is too narrow") == true, "\(String(describing: headline))")
    }

    /// The provenance graph of Khan Tuman: well-formed SVG, every source and document a node,
    /// every derives_from a dashed edge, every source-document link an edge, nothing loaded
    /// from outside; the DOT has the same nodes and edges.
    @Test func provenanceGraphHasEveryNodeAndLink() throws {
        let c = try Case.load(path: Repo.khanTuman)
        let svg = ProvenanceGraph.svg(c)
        #expect(Self.wellFormed(svg) && Self.externalReferences(svg).isEmpty)
        for s in c.sources { #expect(svg.contains("class=\"node source\" data-id=\"\(s.id)\""), "\(s.id)") }
        for d in c.documents { #expect(svg.contains("class=\"node document\" data-id=\"\(d.id)\""), "\(d.id)") }
        let derives = c.sources.reduce(0) { $0 + $1.derivesFrom.count }
        #expect(derives > 0 && svg.components(separatedBy: "class=\"edge derives\"").count - 1 == derives)
        let links = Set(c.reports.flatMap { r in r.documents.map { r.source + ">" + $0 } })
        #expect(svg.components(separatedBy: "class=\"edge carries\"").count - 1 == links.count)
        let dot = ProvenanceGraph.dot(c)
        #expect(dot.components(separatedBy: "style=dashed").count - 1 == derives)
        #expect(dot.components(separatedBy: " -> ").count - 1 == derives + links.count)
        let html = try HTMLReport().render(Self.input(Self.plainYAML, sensitivity: false))
        #expect(html.contains("class=\"chart graph\""))
    }

    /// Headless Chromium, if installed (`make test-setup` tries to install it).
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Found on a phone: at 420 px the charts' text shrank to about 6 px. Charts keep a
    /// minimum width inside sideways-scrolling boxes; the smallest chart text of the Khan Tuman
    /// report, measured by headless Chromium at 420 px, is at least 10 px.
    @Test(.enabled(if: chromium != nil, "needs headless Chromium (apt-get install chromium)"))
    func chartTextStaysLegibleAtPhoneWidth() throws {
        let input = try Self.input(try String(contentsOfFile: Repo.khanTuman, encoding: .utf8), methods: [.weighted, .laplace])
        let measure = """
            <script>
            var min = 1e9, count = 0;
            document.querySelectorAll('svg.chart text').forEach(function (t) {
              var svg = t.ownerSVGElement, w = svg.viewBox.baseVal.width;
              if (!w) return;
              min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * svg.getBoundingClientRect().width / w); count++;
            });
            document.body.setAttribute('data-min-text', min.toFixed(2) + ' ' + count);
            </script>
            """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phone-\(UUID().uuidString).html")
        try (try HTMLReport().render(input) + measure).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(Self.chromium))
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=420,2000", "--dump-dom", url.absoluteString]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let dom = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let match = try #require(dom.firstMatch(of: /data-min-text="([0-9.]+) ([0-9]+)"/))
        let smallest = try #require(Double(match.1)), count = try #require(Int(match.2))
        #expect(count > 100 && smallest >= 10, "smallest chart text \(smallest) px over \(count) texts")
    }

    /// Found: the `--sweep` result was only in JSON, and the table showed 15 of its 20
    /// weights. Now every weight, in the table, Markdown and HTML.
    @Test func weightSweepAppearsInFullInEveryFormat() throws {
        let c = try Case.parse(yaml: Self.plainYAML, file: "case.yaml", lexicon: .builtIn)
        let e = try Evidence(c)
        var o = AnalysisOptions()
        o.methods = [.weighted]
        let est = e.estimate(nil, options: o)
        let sens = try Sensitivity.run(
            e, method: .weightedMedian, queries: est.quantities.map(\.quantity), options: o, sweepSource: "one")
        let points = try #require(sens.sweep?.points.count)
        let input = ReportInput(estimation: est, sensitivity: sens, provenance: Self.provenance)
        let md = try MarkdownReport().render(input), html = try HTMLReport().render(input)
        let table = try SensitivityTable().render(sens)
        #expect(md.contains("Weight sweep of one") && html.contains("Weight sweep of one"))
        #expect(md.contains("| 0.05 |") && md.contains("| 1.00 |") && html.contains(">0.05<") && html.contains(">1.00<"))
        #expect(
            table.components(separatedBy: "\n    0.").count - 1 + table.components(separatedBy: "\n    1.00").count - 1 >= points)
    }

    /// Found: tornado values ran into the scenario labels (or off the chart) and long labels
    /// were cut at the left edge. With generous widths of 7.5 px a character at 13 px, every
    /// label fits left of the bars and every value between the bars' axis region and the edge.
    /// A vague word with no upper end ("many") is drawn as the lower bound it is: an arrow,
    /// not a bar of no length.
    @Test func openVagueWordsAreDrawnAsLowerBounds() throws {
        let grammar = ClaimGrammar(lexicon: .builtIn)
        let axis = Charts.Axis(minValue: 0, maxValue: 100, x0: 0, x1: 500)
        let many = Charts.claimMark(try grammar.parse("many").get(), y: 10, r: 4, axis: axis)
        let atLeast = Charts.claimMark(try grammar.parse("at least 3").get(), y: 10, r: 4, axis: axis)
        #expect(many == atLeast)
        #expect(!Charts.claimMark(try grammar.parse("dozens").get(), y: 10, r: 4, axis: axis).contains("<path"))
    }

    @Test func tornadoLabelsAndValuesNeverCollide() throws {
        let c = try Case.parse(yaml: Self.plainYAML, file: "case.yaml", lexicon: .builtIn)
        let q = try c.quantity("killed:a").get()
        let ranking = [
            RankEntry(
                scenario: "exclude-document:a-very-long-document-identifier-indeed", deltaBest: -123_456, deltaLow: 0,
                deltaHigh: 0),
            RankEntry(scenario: "weight-one-x2", deltaBest: 98_765.4, deltaLow: 0, deltaHigh: 0),
            RankEntry(scenario: "sigma0-x0.5", deltaBest: -1.2, deltaLow: 0, deltaHigh: 0),
        ]
        let svg = Charts.tornado(quantity: q, baseline: 10, ranking: ranking)
        #expect(Self.wellFormed(svg))
        let texts = svg.matches(
            of: /<text x="([0-9.]+)" y="[0-9.]+" text-anchor="(start|end)">(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/)
        #expect(texts.count == 6)
        for t in texts {
            let x = try #require(Double(t.1)), width = 7.5 * Double(t.3.count)
            if t.2 == "end" && x <= 242 {
                #expect(x - width >= 0, "label cut: \(t.3)")  // a scenario label
            } else if t.2 == "end" {
                #expect(x - width >= 250, "value \(t.3) runs into the labels")
            } else {
                #expect(x + width <= 640, "value \(t.3) runs off the chart")
            }
        }
    }

    @Test func notebookIsValidNbformat() throws {
        let nb = try NotebookReport().render(Self.input(Self.plainYAML))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(nb.utf8)) as? [String: Any])
        #expect(obj["nbformat"] as? Int == 4)
        let cells = try #require(obj["cells"] as? [[String: Any]])
        let first = (cells.first?["source"] as? [String])?.joined() ?? ""
        #expect(first.contains("casualty report snap.yaml"))
        let outputs = cells.compactMap { $0["outputs"] as? [[String: Any]] }.flatMap { $0 }.compactMap {
            $0["data"] as? [String: Any]
        }
        #expect(outputs.contains { $0["image/svg+xml"] != nil })
        #expect(outputs.contains { $0["application/json"] != nil })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-\(UUID().uuidString).ipynb").path
        try nb.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = Self.python([
            "-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", path,
        ])
        #expect(status == 0 && output.contains("valid"), "nbformat.validate failed: \(output)")
    }

    /// Found: the code cells held only comments, so "Run All" emptied every output (19 to 0)
    /// and a comment used an undefined `records`. Run as Jupyter runs it (nbclient, python3
    /// kernel), a rendered notebook and the committed Khan Tuman one keep every output.
    @Test func notebookSurvivesRunAll() throws {
        let nb = try NotebookReport().render(Self.input(Self.plainYAML, methods: [.weighted, .meta, .laplace, .nuts]))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-run-\(UUID().uuidString).ipynb").path
        try nb.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = Self.root.appendingPathComponent("Tests/CasualtyReportTests/Fixtures/run_notebook.py").path
        let committed = Self.root.appendingPathComponent("Notebooks-export/khan-tuman-2016.ipynb").path
        for notebook in [path, committed] {
            let (status, output) = Self.python([script, notebook])
            #expect(status == 0 && output.contains("same "), "\(notebook): \(output)")
        }
    }

    @Test func jsonOutputMatchesTheSchemas() throws {
        let input = try Self.input(Self.plainYAML, methods: [.weighted, .meta, .laplace, .nuts])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let est = dir.appendingPathComponent("estimate.json"), sens = dir.appendingPathComponent("sensitivity.json")
        try JSONRenderer().render(input.estimation).write(to: est, atomically: true, encoding: .utf8)
        try SensitivityJSON().render(try #require(input.sensitivity)).write(to: sens, atomically: true, encoding: .utf8)
        let script = """
            import json, sys, jsonschema
            schemas = [json.load(open(sys.argv[1])), json.load(open(sys.argv[3]))]
            docs = [json.load(open(sys.argv[2])), json.load(open(sys.argv[4]))]
            try:
                from referencing import Registry, Resource
                registry = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in schemas])
                validators = [jsonschema.Draft202012Validator(s, registry=registry) for s in schemas]
            except ImportError:  # jsonschema < 4.18 (Debian's python3-jsonschema)
                store = {s["$id"]: s for s in schemas}
                validators = [jsonschema.Draft202012Validator(s, resolver=jsonschema.RefResolver(s["$id"], s, store=store)) for s in schemas]
            for v, d in zip(validators, docs):
                v.validate(d)
            print("valid")
            """
        let schemas = Self.root.appendingPathComponent("schemas")
        let (status, output) = Self.python([
            "-c", script, schemas.appendingPathComponent("casualty-estimate-1.schema.json").path, est.path,
            schemas.appendingPathComponent("casualty-sensitivity-1.schema.json").path, sens.path,
        ])
        #expect(status == 0 && output.contains("valid"), "\(output)")
    }

    @Test func committedKhanTumanNotebookAndHTMLAreValid() throws {
        let nb = Self.root.appendingPathComponent("Notebooks-export/khan-tuman-2016.ipynb").path
        let (status, output) = Self.python([
            "-c", "import nbformat, sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4)); print('valid')", nb,
        ])
        #expect(status == 0 && output.contains("valid"), "\(output)")
        let html = try String(
            contentsOf: Self.root.appendingPathComponent("Notebooks-export/khan-tuman-2016.html"), encoding: .utf8)
        #expect(Self.svgs(html).count > 10 && Self.svgs(html).allSatisfy(Self.wellFormed))
        #expect(Self.externalReferences(html).isEmpty)
    }

    // MARK: helpers

    static func svgs(_ html: String) -> [String] {
        var out: [String] = [], rest = Substring(html)
        while let a = rest.range(of: "<svg"), let b = rest[a.lowerBound...].range(of: "</svg>") {
            out.append(String(rest[a.lowerBound..<b.upperBound]))
            rest = rest[b.upperBound...]
        }
        return out
    }

    static func unescapedPipes(_ line: String) -> Int {
        var n = 0, previous: Character = " "
        for ch in line {
            if ch == "|" && previous != "\\" { n += 1 }
            previous = ch
        }
        return n
    }

    static func wellFormed(_ xml: String) -> Bool {
        let p = XMLParser(data: Data(xml.utf8))
        return p.parse()
    }

    /// src/href attributes inside tags, CSS url() and @import, link and iframe elements: what
    /// would make a browser load something from outside. (Escaped case text such as
    /// "&lt;img src=x&gt;" is not a tag and does not count.)
    static func externalReferences(_ html: String) -> [String] {
        var hits: [String] = []
        let tagAttribute = try! NSRegularExpression(pattern: "<[a-zA-Z][^>]*\\s(src|href|xlink:href)\\s*=")
        if tagAttribute.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) != nil {
            hits.append("src/href attribute")
        }
        for pattern in ["url(", "@import", "<link", "<iframe"] where html.contains(pattern) { hits.append(pattern) }
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        if withoutNamespace.contains("http://") || withoutNamespace.contains("https://") { hits.append("http(s)://") }
        return hits
    }

    static func python(_ args: [String]) -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return (-1, "cannot run python3: \(error)") }
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, out)
    }
}
