import ArgumentParser
import CasualtyModel
import CasualtyReport
import Foundation

/// `casualty simulate`: synthetic cases with known truth, and simulation-based calibration.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw synthetic cases from the model (truth written beside them), or check calibration.",
        discussion: """
            Without --out, one case file is printed. With --out DIR, --count files DIR/sim-NNN.yaml \
            are written, each with DIR/sim-NNN.truth.json. With --calibrate N, N cases are drawn \
            and fitted and the rank-histogram statistic and interval coverage are printed.
            """)

    @Option(help: "Groups (cells) per case.") var groups = 3
    @Option(help: "Sources per case.") var sources = 4
    @Option(help: "Reports per case.") var reports = 6
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Number of cases to write with --out.") var count = 1
    @Flag(help: "Draw from a misspecified generator (t(3) noise, doubled biases).") var misspecified = false
    @Option(help: ArgumentHelp("Directory to write cases into.", valueName: "dir")) var out: String?
    @Option(help: ArgumentHelp("Run simulation-based calibration over N cases.", valueName: "n")) var calibrate: Int?
    @Option(help: "Method for --calibrate.") var method: PosteriorMethod = .nuts
    @Option(help: "NUTS mass matrix for --calibrate.") var metric: SamplerSettings.Metric = .diagonal
    @Option(
        name: .customLong("check-laplace"),
        help: ArgumentHelp(
            "Check the Laplace approximation on N simulated cases against NUTS (k-hat, fallbacks, accuracy).", valueName: "n"))
    var checkLaplace: Int?
    @Option(
        help: ArgumentHelp(
            "Write N events as one claims table to --out (for batch), the true cells beside it in <out>.truth.csv.",
            valueName: "n"))
    var events: Int?
    @Option(help: "Coordinates of the Laplace check's proposals for --check-laplace.")
    var laplaceCoordinates: CheckedLaplace.Coordinates = .totalsAndShares

    func validate() throws {
        guard groups >= 2, groups <= 50 else { throw ValidationError("--groups must be 2 to 50") }
        guard sources >= 1, sources <= 100 else { throw ValidationError("--sources must be 1 to 100") }
        guard reports >= 1, reports <= 1000 else { throw ValidationError("--reports must be 1 to 1000") }
        guard count >= 1, count <= 100_000 else { throw ValidationError("--count must be 1 to 100000") }
        if let n = calibrate, n < 10 { throw ValidationError("--calibrate needs at least 10 cases") }
        if let n = checkLaplace, n < 1 || n > 100_000 { throw ValidationError("--check-laplace must be 1 to 100000") }
        if let n = events {
            guard n >= 1 && n <= 10_000_000 else { throw ValidationError("--events must be 1 to 10000000") }
            guard out != nil else { throw ValidationError("--events writes a claims table: give --out FILE") }
        }
    }

    func run() throws {
        var sim = Simulator()
        sim.groups = groups
        sim.sources = sources
        sim.reports = reports
        sim.misspecified = misspecified
        if let n = events, let out {
            try writeEvents(n, sim, to: out)
            return
        }
        if let n = checkLaplace {
            let study = LaplaceStudy.run(simulations: n, seed: seed, simulator: sim, coordinates: laplaceCoordinates)
            print(LaplaceStudyRenderer.table(study, misspecified: misspecified), terminator: "")
            return
        }
        if let n = calibrate {
            let cal = Calibration.run(method: method, simulations: n, seed: seed, simulator: sim, metric: metric)
            print(CalibrationRenderer.table(cal, misspecified: misspecified), terminator: "")
            return
        }
        guard let dir = out else {
            var rng = Xoshiro256(seed: seed, stream: 0)
            print(sim.draw(&rng, id: "sim-001").yaml, terminator: "")
            return
        }
        for i in 0..<count {
            var rng = Xoshiro256(seed: seed, stream: i)
            let id = String(format: "sim-%03d", i + 1)
            let draw = sim.draw(&rng, id: id)
            let truth: [String: Any] = [
                "case": id, "parameters": Dictionary(uniqueKeysWithValues: zip(draw.model.parameterNames, draw.truth)),
                "cells": Dictionary(
                    uniqueKeysWithValues: draw.model.cells.enumerated().map { ("\($0.element)", exp(draw.truth[$0.offset])) }),
            ]
            let json = try JSONSerialization.data(withJSONObject: truth, options: [.prettyPrinted, .sortedKeys])
            try writeAtomically(Data(draw.yaml.utf8), to: (dir as NSString).appendingPathComponent("\(id).yaml"))
            try writeAtomically(json + Data("\n".utf8), to: (dir as NSString).appendingPathComponent("\(id).truth.json"))
        }
        printError("wrote \(count) case\(count == 1 ? "" : "s") to \(dir)")
    }

    /// `n` simulated events as a claims table at `out` and their true cells in
    /// `<out>.truth.csv` (`event,quantity,truth`), both written atomically.
    func writeEvents(_ n: Int, _ sim: Simulator, to out: String) throws {
        let path = outputPath(out, defaultName: "simulated-claims.csv")
        let table = try AtomicOutput(path, defaultName: "simulated-claims.csv")
        let truthPath = (path as NSString).deletingPathExtension + ".truth.csv"
        let truth = try AtomicOutput(truthPath, defaultName: "simulated-claims.truth.csv")
        table.write(ClaimsTableRenderer.header(extraColumns: []))
        truth.write("event,quantity,truth\n")
        for i in 0..<n {
            var rng = Xoshiro256(seed: seed, stream: i)
            let id = String(format: "sim-%06d", i + 1)
            let draw = sim.draw(&rng, id: id)
            for row in draw.claims { table.write(ClaimsTableRenderer.line(row)) }
            for (c, cell) in draw.model.cells.enumerated() { truth.write("\(id),\(cell),\(exp(draw.truth[c]))\n") }
        }
        try table.finish()
        try truth.finish()
        printError("wrote \(plural(n, "event")) to \(path), their truth to \(truthPath)")
    }
}
