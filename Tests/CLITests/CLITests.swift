import Foundation
import TestSupport
import Testing

/// End-to-end tests of the `casualty` binary: exit statuses, messages and output shape.
@Suite struct CLITests {
    static let root = Repo.root
    static let khanTuman = Repo.khanTuman

    /// The built binary, beside the test bundle in the build products folder.
    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("casualty")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/casualty")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ args: [String], in directory: URL? = nil) throws -> Run {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        if let directory { p.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = "1"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    func temporaryCase(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("casualty-cli-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func validateKhanTuman() throws {
        let r = try run(["validate", Self.khanTuman])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ok: khan-tuman-2016"))
    }

    @Test func estimateTableFitsEightyColumns() throws {
        let r = try run(["estimate", Self.khanTuman, "--method", "weighted,laplace"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("killed:iranian") && r.stdout.contains("killed:pro-government"))
        #expect(r.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func estimateJSONHasTheDocumentedKeys() throws {
        let r = try run([
            "estimate", Self.khanTuman, "--format", "json", "--query", "killed:iranian",
            "--query", "killed:pro-government",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "casualty-estimate/1")
        #expect(json["case"] as? String == "khan-tuman-2016")
        let estimates = try #require(json["estimates"] as? [[String: Any]])
        #expect(Set(estimates.compactMap { $0["quantity"] as? String }) == ["killed:iranian", "killed:pro-government"])
        for e in estimates {
            for key in ["quantity", "method", "best", "low", "high", "level", "reports"] {
                #expect(e.keys.contains(key), "missing \(key)")
            }
            let best = try #require(e["best"] as? Double), low = try #require(e["low"] as? Double)
            let high = try #require(e["high"] as? Double)
            #expect(low <= best && best <= high)
            let method = try #require(e["method"] as? String)
            if ["laplace", "nuts"].contains(method) {
                #expect(e["level"] as? Double == 0.9)
                let intervals = try #require(e["intervals"] as? [String: [Double]])
                #expect(intervals.keys.sorted() == ["0.5", "0.9", "0.95"])
                #expect(intervals["0.9"] == [low, high])
                #expect(e["mean"] is Double && e["sd"] is Double)
                if method == "nuts" {
                    #expect(e["rhat"] is Double && e["ess_bulk"] is Double && e["ess_tail"] is Double)
                }
            } else if method.hasPrefix("meta-") {
                #expect(e["level"] as? Double == 0.95)
                #expect(e["claims_used"] is Int && e["claims_total"] is Int && e["meta"] is [String: Double])
            } else {
                #expect(e["level"] is NSNull)
            }
            #expect((e["reports"] as? [String])?.isEmpty == false)
        }
        // Every method answers for every quantity; the Laplace slot is filled by NUTS, with
        // `fallback_from`, when the approximation fails its importance-sampling check.
        let answers = Set(estimates.compactMap { ($0["fallback_from"] as? String) ?? ($0["method"] as? String) })
        #expect(answers == ["weighted-median", "low-best-high", "envelope", "most-conservative", "meta-reml", "laplace", "nuts"])
        let check = try #require(json["laplace_check"] as? [String: Any])
        let k = try #require(check["pareto_k"] as? Double)
        let fellBack = try #require(check["fallback"] as? Bool)
        #expect(fellBack == estimates.contains { $0["fallback_from"] as? String == "laplace" })
        #expect(fellBack == (json["warnings"] as? [String] ?? []).contains { $0.hasPrefix("laplace: ") && $0.contains("NUTS") })
        if !fellBack {
            #expect(k <= 0.7 && estimates.contains { $0["method"] as? String == "laplace" && $0["pareto_k"] as? Double == k })
        }
    }

    @Test func nutsOutputIsReproducibleForASeed() throws {
        let args = [
            "estimate", Self.khanTuman, "--format", "json", "--method", "nuts", "--query", "killed:iranian",
            "--seed", "11", "--warmup", "300", "--draws", "200",
        ]
        let a = try run(args), b = try run(args)
        #expect(a.status == 0 && a.stdout == b.stdout)
        let c = try run(args + ["--chains", "2"])
        #expect(c.stdout != a.stdout)
    }

    @Test func thresholdsAndModelFlags() throws {
        let r = try run([
            "estimate", Self.khanTuman, "--method", "laplace", "--query", "killed:iranian",
            "--threshold", "killed:iranian>20", "--no-bias", "--sigma0", "0.4", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let model = try #require((json["settings"] as? [String: Any])?["model"] as? [String: Any])
        #expect(model["bias"] as? Bool == false && model["sigma0"] as? Double == 0.4)
        let thresholds = try #require(json["thresholds"] as? [[String: Any]])
        #expect(thresholds.count == 1 && (thresholds[0]["probability"] as? Double).map { $0 >= 0 && $0 <= 1 } == true)
        #expect(try run(["estimate", Self.khanTuman, "--threshold", "killed:iranian<20"]).status == 64)
        #expect(try run(["estimate", Self.khanTuman, "--method", "bayes"]).status == 64)
        #expect(try run(["estimate", Self.khanTuman, "--rho", "1.5"]).status == 64)
        #expect(try run(["estimate", Self.khanTuman, "--chains", "0"]).status == 64)
    }

    @Test func excludeAndWeightChangeTheEstimate() throws {
        let base = try run(["estimate", Self.khanTuman, "--method", "weighted", "--format", "json", "--query", "killed:iranian"])
        let ex = try run([
            "estimate", Self.khanTuman, "--method", "weighted", "--format", "json", "--query", "killed:iranian",
            "--exclude", "generational-dynamics", "--weight", "irgc=0.1",
        ])
        #expect(ex.status == 0)
        #expect(base.stdout != ex.stdout)
        #expect(!ex.stdout.contains("gd-several-dozen"))
        #expect(ex.stdout.contains("\"irgc\" : 0.1"))
    }

    /// The same case, flags and seed give the same bytes: estimates (both Bayesian methods,
    /// run in parallel chains and chunks) and every report format, but for the time stamp.
    @Test func outputIsDeterministic() throws {
        let estimate = ["estimate", Self.khanTuman, "--format", "json", "--method", "laplace,nuts,meta-reml"]
        let a = try run(estimate), b = try run(estimate)
        #expect(a.status == 0 && a.stdout == b.stdout && !a.stdout.isEmpty)
        for format in ["md", "json", "csv"] {
            let args =
                ["report", Self.khanTuman, "--format", format, "--no-sensitivity", "--track", "laplace"]
                + (format == "md" ? [] : ["--no-timeline"])
            let first = try run(args), second = try run(args)
            let stamp = try Regex(#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"#)
            #expect(first.status == 0, "\(format): \(first.stderr)")
            #expect(
                first.stdout.replacing(stamp, with: "T") == second.stdout.replacing(stamp, with: "T"),
                "\(format) differs between runs")
        }
    }

    /// One event of a claims table, estimated by `batch`, gives the numbers `estimate` gives on
    /// the same event written as a case file (same seed), for the checked Laplace and NUTS.
    @Test func batchOfOneEventEqualsEstimateOnItsCaseFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = """
            event,source,what,who,claim,reliability,source_side,who_side,country
            e1,Ministry,killed,soldiers,13,0.5,gov,gov,Syria
            e1,Monitor,killed,soldiers,at least 18,1,,gov,Syria
            e1,Rebels,killed,soldiers,80,0.3,rebels,gov,Syria

            """
        let yaml = """
            schema: casualty-case/1
            case: {id: e1, title: e1}
            outcomes: [killed]
            groups: {soldiers: {side: gov}}
            sources:
              ministry: {name: Ministry, side: gov, reliability: 0.5}
              monitor: {name: Monitor, side: neutral, reliability: 1}
              rebels: {name: Rebels, side: rebels, reliability: 0.3}
            reports:
              - {id: r2, source: ministry, what: killed, who: soldiers, claim: 13}
              - {id: r3, source: monitor, what: killed, who: soldiers, claim: at least 18}
              - {id: r4, source: rebels, what: killed, who: soldiers, claim: 80}

            """
        try table.write(to: dir.appendingPathComponent("claims.csv"), atomically: true, encoding: .utf8)
        try yaml.write(to: dir.appendingPathComponent("e1.yaml"), atomically: true, encoding: .utf8)
        let batch = try run(["batch", "claims.csv", "--format", "jsonl", "--method", "laplace,nuts"], in: dir)
        #expect(batch.status == 0, "\(batch.stderr)")
        let rows = batch.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let single = try run(["estimate", "e1.yaml", "--format", "json", "--method", "laplace,nuts"], in: dir)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])
        let estimates = try #require(json["estimates"] as? [[String: Any]])
        #expect(rows.count == 2 && estimates.count == 2)
        for method in ["laplace", "nuts"] {
            let a = try #require(rows.first { $0["method"] as? String == method })
            let b = try #require(estimates.first { $0["method"] as? String == method })
            for key in ["best", "low", "high"] { #expect(a[key] as? Double == b[key] as? Double, "\(method) \(key)") }
            #expect(a["country"] as? String == "Syria")
        }
    }

    /// Simulated events with known truth through `simulate --events` and `batch`: the cells'
    /// 50% and 90% intervals cover the truth at about their rates (loose bands for 80 events;
    /// `python3 Benchmarks/batch/calibrate_batch.py` runs 2,000).
    @Test func batchIntervalsCoverSimulatedTruth() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sim = try run(["simulate", "--events", "80", "--seed", "7", "--out", "sim.csv"], in: dir)
        #expect(sim.status == 0, "\(sim.stderr)")
        let batch = try run(["batch", "sim.csv", "--out", "est.csv"], in: dir)
        #expect(batch.status == 0, "\(batch.stderr)")
        let (cover50, cover90, n) = try Self.coverage(
            estimates: dir.appendingPathComponent("est.csv"), truth: dir.appendingPathComponent("sim.truth.csv"))
        #expect(n >= 200, "\(n) cells")
        #expect((0.38...0.62).contains(cover50) && (0.80...0.97).contains(cover90), "50%: \(cover50), 90%: \(cover90)")
    }

    /// A directory of case files is a batch too; `--shard K/N` splits the events among N
    /// runs, each event in exactly one.
    @Test func batchReadsADirectoryOfCasesAndShards() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try run(["simulate", "--count", "5", "--out", "cases"], in: dir).status == 0)
        func events(_ extra: [String]) throws -> Set<String> {
            let r = try run(["batch", "cases", "--method", "weighted-median"] + extra, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            return Set(r.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        }
        let all = try events([])
        #expect(all == Set((1...5).map { String(format: "sim-%03d", $0) }))
        let a = try events(["--shard", "1/2"]), b = try events(["--shard", "2/2"])
        #expect(a.isDisjoint(with: b) && a.union(b) == all)
        #expect(try run(["batch", "cases", "--shard", "3/2"], in: dir).status == 64)
    }

    /// `--method` repeated adds methods (a single-valued option would keep only the last one
    /// and drop the others without a word); the default is laplace.
    @Test func repeatedMethodFlagsAddUp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-methods-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "event,source,what,who,claim\ne1,A,killed,g1,13\ne1,B,killed,g1,18\n".write(
            to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let both = try run(["batch", "t.csv", "--method", "weighted-median", "--method", "meta-dl,weighted-median"], in: dir)
        let methods = both.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }
        #expect(both.status == 0 && Set(methods) == ["weighted-median", "meta-dl"] && methods.count == 2, "\(both.stdout)")
        let plain = try run(["batch", "t.csv"], in: dir)
        #expect(plain.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",laplace,") }, "\(plain.stdout)")
    }

    /// An invalid event stops a batch (exit 65, nothing written); with `--skip-invalid` the
    /// others are estimated and each problem of the invalid ones is a row of the rejects file
    /// (line, event, reason with its fix), counted on standard error.
    @Test func skipInvalidEstimatesTheRestAndListsTheRejects() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-skip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let table =
            "event,source,what,who,claim,country\r\ne1,A,killed,g1,13,SY\ne1,B,killed,g1,at least 18,SY\n"
            + "e2,B,killed,g1,lots,SY\ne3,A,killed,g1,5,IQ\ne2,C,killed,g1,4,SY\n"
        try table.write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let stop = try run(["batch", "t.csv", "--method", "weighted-median", "--out", "o.csv"], in: dir)
        #expect(stop.status == 65 && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("o.csv").path))
        #expect(stop.stderr.contains("t.csv:4:5") && stop.stderr.contains("t.csv:6:1"), "\(stop.stderr)")
        let skip = try run(["batch", "t.csv", "--method", "weighted-median", "--out", "o.csv", "--skip-invalid"], in: dir)
        #expect(skip.status == 0, "\(skip.stderr)")
        #expect(skip.stderr.contains("4 events read, 2 estimated") && skip.stderr.contains("1 invalid event skipped"))
        let rows = try String(contentsOf: dir.appendingPathComponent("o.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.dropFirst().map { String($0.prefix { $0 != "," }) } == ["e1", "e3"])
        let rejects = try String(contentsOf: dir.appendingPathComponent("o.rejects.csv"), encoding: .utf8)
            .split(separator: "\n")
        #expect(rejects.count == 3 && rejects[0] == "line,id,reason", "\(rejects)")
        #expect(rejects[1].hasPrefix("4,e2,") && rejects[1].contains("fix:") && rejects[2].hasPrefix("6,e2,"))
        #expect(try run(["batch", "t.csv", "--rejects", "r.csv"], in: dir).status == 64)
    }

    /// The Spark recipe (`scripts/spark-batch.py`): the claims table partitioned by event over
    /// `local[2]`, each partition piped through `casualty batch -`; the output equals the
    /// single-machine run byte for byte. Needs pyspark and Java, so it runs only with
    /// `CASUALTY_SPARK=1` (`make spark`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CASUALTY_SPARK"] == "1", "set CASUALTY_SPARK=1 (make spark)"))
    func sparkRecipeEqualsTheSingleMachineRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-spark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try run(["simulate", "--events", "120", "--out", "sim.csv", "--seed", "11"], in: dir).status == 0)
        let methods = ["--method", "laplace,meta-dl,weighted-median"]
        #expect(try run(["batch", "sim.csv", "--out", "one.csv"] + methods, in: dir).status == 0)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/spark-batch.py")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments =
            ["python3", script.path, "sim.csv", "--out", "spark.csv", "--partitions", "3", "--casualty", Self.binary.path, "--"]
            + methods
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let one = try String(contentsOf: dir.appendingPathComponent("one.csv"), encoding: .utf8)
        let spark = try String(contentsOf: dir.appendingPathComponent("spark.csv"), encoding: .utf8)
        #expect(one.split(separator: "\n").count > 240 && one == spark)
    }

    /// The share of true cells inside the batch's 50% and 90% intervals, and the cell count.
    static func coverage(estimates: URL, truth: URL) throws -> (Double, Double, Int) {
        func rows(_ url: URL) throws -> [[String]] {
            try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        }
        var truths: [String: Double] = [:]
        for r in try rows(truth) { truths["\(r[0]) \(r[1])"] = Double(r[2]) }
        var in50 = 0, in90 = 0, n = 0
        for r in try rows(estimates) where r[2] == "laplace" || r[2] == "nuts" {
            guard let t = truths["\(r[0]) \(r[1])"], let a = Double(r[9]), let b = Double(r[10]), let c = Double(r[11]),
                let d = Double(r[12])
            else { continue }
            n += 1
            in50 += (a...b).contains(t) ? 1 : 0
            in90 += (c...d).contains(t) ? 1 : 0
        }
        return (Double(in50) / Double(max(n, 1)), Double(in90) / Double(max(n, 1)), n)
    }

    /// Found on a second real case: "1 documents". Counts agree with their nouns.
    @Test func countsAgreeWithTheirNouns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plural-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = """
            schema: casualty-case/1
            case: {id: one, title: One}
            outcomes: [killed]
            groups: {a: {side: x}}
            documents: {d1: {outlet: D}}
            sources: {s: {name: S, side: neutral, reliability: 1}}
            reports:
              - {source: s, documents: [d1], what: killed, who: a, claim: 5}

            """
        try yaml.write(to: dir.appendingPathComponent("one.yaml"), atomically: true, encoding: .utf8)
        let v = try run(["validate", "one.yaml"], in: dir)
        #expect(v.stdout.contains("1 report (1 about the event), 1 source, 1 document, 0 figures excluded"), "\(v.stdout)")
        let e = try run(["estimate", "one.yaml", "--method", "weighted-median"], in: dir)
        #expect(e.stdout.contains("1 event report from 1 source in 1 document;"), "\(e.stdout)")
    }

    @Test func badFlagsExit64WithAFix() throws {
        let unknown = try run(["estimate", Self.khanTuman, "--exclude", "kowsary"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'kowsari'"))
        #expect(try run(["estimate", Self.khanTuman, "--weight", "kowsari=2"]).status == 64)
        #expect(try run(["estimate", Self.khanTuman, "--weight", "kowsari"]).status == 64)
        #expect(try run(["estimate", Self.khanTuman, "--format", "xml"]).status == 64)
        let q = try run(["estimate", Self.khanTuman, "--query", "killed:iranain"])
        #expect(q.status == 64 && q.stderr.contains("iranian"))
        // Model settings are range-checked where they enter (found: these ended in inf,
        // -nan or a raw EncodingError).
        for (flag, value) in [("--bias-own", "1e308"), ("--sigma0", "1e-300"), ("--prior-median", "1e300"), ("--rho", "1")] {
            let r = try run(["estimate", Self.khanTuman, flag, value])
            #expect(r.status == 64 && r.stderr.contains("must be between"), "\(flag) \(value): \(r.stderr)")
        }
    }

    /// Closed flag values are enums: the parser refuses a bad one and lists the choices, and
    /// `estimate` and `sensitivity` take the same method names.
    @Test func bogusMethodIsRefusedByTheParserWithTheChoices() throws {
        for command in ["estimate", "sensitivity", "report"] {
            let flag = command == "report" ? "--track" : "--method"
            let r = try run([command, Self.khanTuman, flag, "bogus"])
            #expect(r.status == 64, "\(command)")
            #expect(r.stderr.contains("The value 'bogus' is invalid for '\(flag) <m>'"), "\(command): \(r.stderr)")
            for name in ["weighted-median", "meta-reml", "laplace", "nuts"] {
                #expect(r.stderr.contains("- \(name)"), "\(command) lists \(name)")
            }
        }
        let help = try run(["estimate", "--help"])
        #expect(help.stdout.contains("most-conservative") && help.stdout.contains("meta-pm"))
        let list = try run(["estimate", Self.khanTuman, "--method", "nuts,bogus"])
        #expect(list.status == 64 && list.stderr.contains("invalid"))
        let one = try run(["estimate", Self.khanTuman, "--method", "envelope", "--query", "killed:iranian", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        let methods = (json["estimates"] as? [[String: Any]])?.compactMap { $0["method"] as? String }
        #expect(methods == ["envelope"])
        #expect(try run(["sensitivity", Self.khanTuman, "--method", "all"]).status == 64)
        #expect(try run(["meta", "x.csv", "--format", "xml"]).status == 64)
    }

    /// `--draws-out` writes every draw in R posterior's draws_df layout; the quantity's
    /// column reproduces the estimate's median.
    @Test func drawsOutWritesEveryDraw() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("draws-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try run([
            "estimate", Self.khanTuman, "--method", "nuts", "--query", "killed:iranian", "--format", "json",
            "--chains", "2", "--warmup", "200", "--draws", "300", "--draws-out", path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(4)) == [".chain", ".iteration", ".draw", "z[killed:iranian]"])
        #expect(header.last == "killed:iranian")
        // Draws below a named floor are dropped, chains cut to equal length.
        let perChain = (lines.count - 1) / 2
        #expect((lines.count - 1) % 2 == 0 && perChain > 200 && perChain <= 300)
        let column = header.count - 1
        let values = lines.dropFirst().map { Double($0.split(separator: ",")[column])! }.sorted()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let best = try #require((json["estimates"] as? [[String: Any]])?.first?["best"] as? Double)
        let n = Double(values.count - 1), h = 0.5 * n  // type-7 median of the draws
        let median = values[Int(h)] + (h - h.rounded(.down)) * (values[min(values.count - 1, Int(h) + 1)] - values[Int(h)])
        #expect(abs(median - best) < 1e-9)
        let last = lines.last!.split(separator: ",")
        #expect(last[0] == "2" && last[1] == "\(perChain)" && last[2] == "\(2 * perChain)")
        let weighted = try run(["estimate", Self.khanTuman, "--method", "weighted", "--draws-out", path])
        #expect(weighted.status == 64 && weighted.stderr.contains("Bayesian"))
    }

    /// One rule for --out: an existing folder or a path ending in "/" gets the default name
    /// inside it, missing folders are created, a file that cannot be created exits 73.
    @Test func outPathsFollowOneRule() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let args = ["report", Self.khanTuman, "--format", "md", "--no-sensitivity", "--method", "weighted", "--out"]
        #expect(try run(args + [base]).status == 0)
        #expect(FileManager.default.fileExists(atPath: base + "/khan-tuman-2016.md"))
        #expect(try run(args + [base + "/new/sub/"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: base + "/new/sub/khan-tuman-2016.md"))
        let bad = try run(args + ["/proc/no/such/report.md"])
        #expect(bad.status == 73 && bad.stderr.contains("cannot write '/proc/no/such/report.md'") && bad.stderr.contains("fix:"))
    }

    @Test func oneLetterFileNamesAreReadAndWritten() throws {
        // Foundation's NSString.deletingLastPathComponent traps on "k": a case file or an
        // --out named with one letter crashed every command that looks for a file's folder.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-1-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.khanTuman, toPath: dir.appendingPathComponent("k").path)
        #expect(try run(["validate", "k"], in: dir).status == 0)
        #expect(try run(["estimate", "k", "--method", "weighted"], in: dir).status == 0)
        try "Five civilians were killed, the ministry said.\n".write(
            to: dir.appendingPathComponent("s"), atomically: true, encoding: .utf8)
        #expect(try run(["extract", "s", "--out", "d"], in: dir).status == 0)
        try "event,source,what,who,claim\ne1,A,killed,g,5\n".write(
            to: dir.appendingPathComponent("t"), atomically: true, encoding: .utf8)
        #expect(try run(["batch", "t", "--method", "weighted-median", "--out", "b"], in: dir).status == 0)
        for name in ["d", "b"] { #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path)) }
    }

    @Test func aMethodWithNoEstimateHasARowSayingWhy() throws {
        // Ranges only for killed:civ: meta-analysis pools exact figures, so it has none there,
        // and its row says so with empty numbers rather than vanishing.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-none-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "event,source,what,who,claim\ne1,A,killed,civ,3-7\ne1,B,killed,civ,at least 4\ne1,C,killed,mil,5\n".write(
            to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let r = try run(["batch", "t.csv", "--method", "meta-reml,weighted-median"], in: dir)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(lines)")
        #expect(
            lines.contains(
                "e1,killed:civ,meta-reml,,,,,,,,,,,,,0,,,,,no estimate: no exact claim (meta-analysis pools exact figures only)"),
            "\(lines)")
        #expect(lines.contains { $0.hasPrefix("e1,killed:mil,meta-reml,,5.0,") })
    }

    @Test func missingFileExits66() throws {
        let r = try run(["validate", "/nonexistent/case.yaml"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("/nonexistent/case.yaml"))
    }

    @Test func brokenCaseExits65WithFileLineColumn() throws {
        let text = try String(contentsOfFile: Self.khanTuman, encoding: .utf8)
            .replacingOccurrences(of: "reliability: 0.8", with: "reliability: 8")
            .replacingOccurrences(of: "claim: as many as 30", with: "claim: as many as thirty-ish")
        let path = try temporaryCase(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for command in ["validate", "estimate"] {
            let r = try run([command, path])
            #expect(r.status == 65)
            #expect(r.stdout.isEmpty, "nothing is written on error")
            let lines = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
            #expect(lines.count == 2, "\(r.stderr)")
            for line in lines {
                // path:line:column: error: ...
                let parts = line.replacingOccurrences(of: path, with: "P").split(separator: ":")
                #expect(parts.first == "P" && Int(parts[1]) != nil && Int(parts[2]) != nil, "\(line)")
            }
            #expect(r.stderr.contains("fix:"))
        }
    }

    @Test func malformedYAMLExits65() throws {
        let path = try temporaryCase("schema: casualty-case/1\ncase: {id: x, title: [unclosed\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try run(["validate", path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(path):"))
    }

    @Test func binaryLinksOpenBLAS() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        p.arguments = [Self.binary.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.contains("libopenblas"))
    }
}

@Suite struct ReadmeTests {
    /// The README's estimate block is the tool's output, not a hand-typed number.
    @Test func readmeEstimateBlockIsCurrent() throws {
        let readme = try String(contentsOf: CLITests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- estimate:begin -->\n```text\n"))
        let end = try #require(readme.range(of: "```\n<!-- estimate:end -->"))
        let block = String(readme[begin.upperBound..<end.lowerBound])
        let r = try CLITests().run([
            "estimate", CLITests.khanTuman, "--query", "killed:iranian",
            "--query", "killed:pro-government",
        ])
        let expected = block.split(separator: "\n", omittingEmptySubsequences: false)
        let actual = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(expected.count == actual.count, "run `make readme`")
        for (e, a) in zip(expected, actual) {
            #expect(Self.sameLine(String(e), String(a)), "run `make readme`: README has \(e), the tool prints \(a)")
        }
    }

    /// Lines are equal, except that sampled numbers (NUTS rows and diagnostics, the Laplace
    /// check's k-hat and ESS) may differ within Monte Carlo error (5%): a NUTS trajectory
    /// follows the last bits of floating point, which differ between processors, so it is
    /// reproducible per machine, not across machines.
    static func sameLine(_ e: String, _ a: String) -> Bool {
        guard e != a else { return true }
        let et = e.split(separator: " "), at = a.split(separator: " ")
        let sampled =
            et.first == "nuts" || ["NUTS diagnostics", "Laplace check", "warning: laplace"].contains { e.hasPrefix($0) }
        guard sampled, et.count == at.count else { return false }
        return zip(et, at).allSatisfy { x, y in
            guard x != y else { return true }
            guard let u = Double(x.trimmingCharacters(in: .punctuationCharacters)),
                let v = Double(y.trimmingCharacters(in: .punctuationCharacters))
            else { return false }
            return abs(u - v) <= 0.05 * max(abs(u), abs(v)) || e.hasPrefix("NUTS diagnostics")
        }
    }
}

@Suite struct MetaCLITests {
    func csv(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-meta-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func jsonHasTheDocumentedKeysForEveryMethod() throws {
        let path = try csv("study,yi,vi,note\n1,-0.89,0.33,a\n2,-1.59,0.19,b\n3,-1.35,0.42,c\n4,-1.44,0.02,d\n5,-0.22,0.05,e\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLITests().run(["meta", path, "--method", "all", "--test", "knha"])
        #expect(r.status == 0, "\(r.stderr)")
        let fits = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(fits.compactMap { $0["method"] as? String } == ["ee", "dl", "he", "hs", "sj", "ml", "reml", "eb", "pm"])
        for f in fits {
            for key in [
                "method", "tau2", "estimate", "se", "ci_lb", "ci_ub", "pi_lb", "pi_ub", "i2", "h2", "q", "q_pval", "k",
                "converged",
            ] {
                #expect(f.keys.contains(key), "missing \(key)")
            }
            #expect(f["k"] as? Int == 5 && f["converged"] as? Bool == true)
        }
    }

    @Test func badTablesExitWithLocations() throws {
        let bad = try csv("yi,vi\n0.1,0.2\n0.3,abc\n0.2,-1\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let r = try CLITests().run(["meta", bad])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(bad):3:2: error:") && r.stderr.contains("\(bad):4:2: error:"), "\(r.stderr)")
        let noColumn = try csv("effect,variance\n0.1,0.2\n")
        defer { try? FileManager.default.removeItem(atPath: noColumn) }
        let n = try CLITests().run(["meta", noColumn])
        #expect(n.status == 65 && n.stderr.contains("yi"))
        #expect(try CLITests().run(["meta", "/nonexistent.csv"]).status == 66)
        #expect(try CLITests().run(["meta", bad, "--method", "bogus"]).status == 64)
    }

    @Test func kOfOneIsExplained() throws {
        let path = try csv("yi,vi\n0.3,0.04\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLITests().run(["meta", path, "--method", "reml"])
        #expect(r.status == 0 && r.stdout.contains("not estimable"))
    }
}

@Suite struct SensitivityCLITests {
    @Test func jsonHasTheDocumentedShape() throws {
        let r = try CLITests().run([
            "sensitivity", CLITests.khanTuman, "--method", "weighted-median", "--format", "json",
            "--query", "killed:iranian", "--threshold", "killed:iranian>15", "--sweep", "alfoneh",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["schema"] as? String == "casualty-sensitivity/1")
        let baseline = try #require(json["baseline"] as? [String: Any])
        #expect((baseline["estimates"] as? [[String: Any]])?.first?["method"] as? String == "weighted-median")
        let scenarios = try #require(json["scenarios"] as? [[String: Any]])
        #expect(scenarios.count > 40)
        for key in ["id", "kind", "settings", "estimates"] { #expect(scenarios[0].keys.contains(key)) }
        let ranking = try #require((json["ranking"] as? [String: Any])?["killed:iranian"] as? [[String: Any]])
        for key in ["scenario", "delta_best", "delta_low", "delta_high"] { #expect(ranking[0].keys.contains(key)) }
        let deltas = ranking.compactMap { ($0["delta_best"] as? Double).map(abs) }
        #expect(deltas == deltas.sorted(by: >), "tornado order")
        #expect((json["thresholds"] as? [[String: Any]])?.first?["verdict"] is String)
        #expect(((json["sweep"] as? [String: Any])?["points"] as? [Any])?.count == 20)
    }

    @Test func markdownAndBadFlags() throws {
        let md = try CLITests().run([
            "sensitivity", CLITests.khanTuman, "--method", "meta-reml", "--format", "md", "--query", "killed:iranian",
        ])
        #expect(md.status == 0 && md.stdout.contains("| scenario |"))
        #expect(try CLITests().run(["sensitivity", CLITests.khanTuman, "--method", "bogus"]).status == 64)
        let sweep = try CLITests().run(["sensitivity", CLITests.khanTuman, "--method", "envelope", "--sweep", "alfone"])
        #expect(sweep.status == 64 && sweep.stderr.contains("alfoneh"))
        let doc = try CLITests().run([
            "estimate", CLITests.khanTuman, "--method", "weighted", "--exclude-document", "arab-weekly",
        ])
        #expect(doc.status == 64 && doc.stderr.contains("arab-weekly-2016-06"))
        #expect(try CLITests().run(["estimate", CLITests.khanTuman, "--method", "weighted", "--only", "alfoneh"]).status == 0)
        #expect(try CLITests().run(["estimate", CLITests.khanTuman, "--widen-vague", "0"]).status == 64)
    }

    @Test func noProgressBarWhenStderrIsNotATerminal() throws {
        let r = try CLITests().run(["sensitivity", CLITests.khanTuman, "--method", "envelope", "--query", "killed:iranian"])
        // Without ../shared the case warns that its documents' texts are missing; nothing else
        // may reach standard error.
        let lines = r.stderr.split(separator: "\n").filter { !$0.contains("not found") }
        #expect(r.status == 0 && lines.isEmpty && !r.stderr.contains("\r"), "\(r.stderr)")
        let p = try CLITests().run([
            "sensitivity", CLITests.khanTuman, "--method", "envelope", "--query", "killed:iranian", "--progress",
        ])
        #expect(p.stderr.contains("scenarios"))
    }
}

@Suite struct ReportCLITests {
    func run(_ args: [String], in dir: URL) throws -> CLITests.Run { try CLITests().run(args, in: dir) }

    @Test func defaultPathsAndStdout() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [
            CLITests.khanTuman, "--method", "weighted,meta,laplace", "--query", "killed:iranian", "--track", "weighted-median",
        ]
        let nb = try run(["report"] + common + ["--format", "ipynb"], in: dir)
        #expect(nb.status == 0, "\(nb.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Notebooks-export/khan-tuman-2016.ipynb").path))
        let html = try run(["report"] + common + ["--format", "html"], in: dir)
        #expect(
            html.status == 0 && FileManager.default.fileExists(atPath: dir.appendingPathComponent("khan-tuman-2016.html").path))
        let md = try run(["report"] + common + ["--format", "md"], in: dir)
        #expect(md.status == 0 && md.stdout.hasPrefix("# Khan Tuman ambush"))
        #expect(md.stdout.contains("casualty report"))  // provenance records the command
        let csv = try run(["report"] + common + ["--format", "csv", "--no-sensitivity"], in: dir)
        #expect(csv.stdout.hasPrefix("case,quantity,method,best,low,high,level"))
        let json = try run(["report"] + common + ["--format", "json"], in: dir)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let prov = try #require(obj["provenance"] as? [String: Any])
        #expect((prov["input_sha256"] as? String)?.count == 64)
        #expect(obj["sensitivity"] is [String: Any])
        // No file is left behind half-written: only the two outputs exist.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["Notebooks-export", "khan-tuman-2016.html"])
    }
}
