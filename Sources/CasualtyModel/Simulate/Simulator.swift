import CasualtyData
import Foundation

/// Draws synthetic cases from the latent-count model (or from a deliberately misspecified
/// generator) with the truth known, for calibration checks and for `casualty simulate`.
///
/// Design: one outcome ("killed"), `groups` groups on the side "blue"; `sources` sources,
/// each neutral, on the blue side (own losses) or the red side (enemy), with weights drawn
/// uniformly from [0.2, 1]; source 2 derives from source 1 when there are 3 or more. Each of
/// the `reports` reports counts one group (70%) or two. Parameters are drawn from their
/// priors; each reading is log1p(Y) = mu + eps. How a reading is stated is chosen
/// independently of its value (so the censoring is ignorable): exact (50%), or the bucket of
/// a fixed grid that contains it, written as a range, or as "at least" for the top bucket
/// and "at most" for the bottom one.
public struct Simulator: Sendable {
    /// Number of groups (cells).
    public var groups = 3
    /// Number of sources.
    public var sources = 4
    /// Number of reports.
    public var reports = 6
    /// Model assumptions the case is drawn from.
    public var settings = ModelSettings()
    /// Misspecification: noise from Student t with 3 degrees of freedom (scaled to the same
    /// sd) and biases drawn at twice their prior means.
    public var misspecified = false

    /// Bucket edges on the count scale (the grid claims are stated on).
    public static let grid: [Double] = [
        0, 1, 2, 3, 5, 8, 13, 20, 30, 50, 80, 130, 200, 300, 500, 800,
        1300, 2000, 3000, 5000, 8000, 13000, 20000, 50000,
    ]

    /// A simulator with the defaults above.
    public init() {}

    /// A synthetic case: the model to fit, the true parameters, and the case file text.
    public struct Draw: Sendable {
        /// The model, built directly from the simulated readings (exact readings may be
        /// negative counts in (-1, 0), which a case file cannot state).
        public var model: LatentCountModel
        /// The true parameter vector, in the model's parameter order.
        public var truth: [Double]
        /// The case file (figures rounded to whole counts, negatives to 0) with the truth as comments.
        public var yaml: String
        /// The same reports as claims-table rows of event `id` (figures as in the case file).
        public var claims: [ImportedClaim]
    }

    /// Draws one synthetic case with `rng`.
    public func draw(_ rng: inout Xoshiro256, id: String = "simulated") -> Draw {
        var p = Parameters(settings: settings, groups: groups, rng: &rng)
        let sides = (0..<sources).map { i in ["neutral", "blue", "red"][i % 3] }
        let weights = (0..<sources).map { _ in 0.2 + 0.8 * rng.uniform() }
        let derived = sources >= 3  // source 2 derives from source 1
        var terms: [LatentCountModel.Term] = []
        var yamlReports: [String] = []
        var claims: [ImportedClaim] = []
        for r in 0..<reports {
            let src = r % sources
            let k = rng.uniform() < 0.7 || groups < 2 ? 1 : 2
            var chosen: [Int] = []
            while chosen.count < k {
                let g = Int(rng.uniform() * Double(groups))
                if !chosen.contains(g) { chosen.append(g) }
            }
            chosen.sort()
            var term = LatentCountModel.Term(
                report: "r\(r + 1)", cells: chosen, sigma: settings.sigma0 / weights[src].squareRoot(),
                bias: nil, origin: nil, observation: .exact(0))
            var mu = log1p(chosen.reduce(0) { $0 + exp(p.truth[$1]) })
            if settings.useBias && sides[src] != "neutral" {
                term.bias = p.bias(of: src, own: sides[src] == "blue", misspecified: misspecified, rng: &rng)
                mu += p.truth[term.bias!]
            }
            if derived && settings.rho > 0 && (src == 0 || src == 1) {
                term.origin = p.origin(rng: &rng)
                mu += p.truth[term.origin!]
            }
            let y = mu + term.sigma * noise(&rng)
            let (observation, claimText) = Self.statement(of: y, rng: &rng)
            term.observation = observation
            terms.append(term)
            let who = chosen.map { "g\($0 + 1)" }.joined(separator: "+")
            yamlReports.append("  - {id: r\(r + 1), source: s\(src + 1), what: killed, who: \(who), claim: \"\(claimText)\"}")
            var row = ImportedClaim(event: id, source: "s\(src + 1)", what: "killed", who: who, claim: claimText)
            row.reliability = (weights[src] * 1000).rounded() / 1000  // as the case file writes it
            row.sourceSide = sides[src]
            row.whoSide = "blue"
            if derived && src == 1 { row.derivesFrom = "s1" }
            claims.append(row)
        }
        let model = LatentCountModel(
            cells: p.cells, parameterNames: p.names, priorMean: p.mean, priorSD: p.sd,
            terms: terms, settings: settings)
        let yaml = caseFile(
            id: id, truth: p.truth, cells: p.cells, sides: sides, weights: weights, derived: derived, reports: yamlReports)
        return Draw(model: model, truth: p.truth, yaml: yaml, claims: claims)
    }

    /// A standard noise draw: normal, or Student t(3) scaled to unit variance (t / sqrt(3))
    /// when misspecified.
    func noise(_ rng: inout Xoshiro256) -> Double {
        guard misspecified else { return rng.normal() }
        let z = rng.normal()
        let chi2 = (0..<3).reduce(0.0) { acc, _ in
            let n = rng.normal()
            return acc + n * n
        }
        return z / (chi2 / 3).squareRoot() / 3.0.squareRoot()
    }

    /// How a reading y = log1p(count) is stated: exact (half the time), else the bucket of
    /// `grid` that contains it, written as a range, "at least" the top edge or "at most" 0.
    static func statement(of y: Double, rng: inout Xoshiro256) -> (LatentCountModel.Observation, String) {
        if rng.uniform() < 0.5 { return (.exact(y), String(format: "%.0f", max(0, expm1(y)).rounded())) }
        let edges = grid.map { log1p($0) }
        if y <= edges[0] { return (.atMost(edges[0]), "at most 0") }
        if y > edges[edges.count - 1] { return (.atLeast(edges[edges.count - 1]), "at least \(Int(grid.last!))") }
        let i = edges.lastIndex { $0 < y }!
        return (.between(edges[i], edges[i + 1]), "between \(Int(grid[i])) and \(Int(grid[i + 1]))")
    }

    /// The case file of a draw, with the truth as a comment.
    func caseFile(
        id: String, truth: [Double], cells: [Cell], sides: [String], weights: [Double], derived: Bool,
        reports: [String]
    ) -> String {
        let s = settings
        var yaml = """
            # Synthetic case drawn by `casualty simulate`\(misspecified ? " (misspecified generator)" : "").
            # Truth (counts): \(cells.enumerated().map { "\($0.element.group)=\(String(format: "%.3f", exp(truth[$0.offset])))" }.joined(separator: ", "))
            schema: casualty-case/1
            case: {id: \(id), title: "Synthetic case \(id)"}
            outcomes: [killed]
            groups:

            """
        for g in 1...groups { yaml += "  g\(g): {side: blue}\n" }
        yaml += "sources:\n"
        for i in 0..<sources {
            let d = derived && i == 1 ? ", derives_from: [s1]" : ""
            yaml +=
                "  s\(i + 1): {name: Source \(i + 1), side: \(sides[i]), reliability: \(String(format: "%.3f", weights[i]))\(d)}\n"
        }
        yaml += "reports:\n" + reports.joined(separator: "\n") + "\n"
        yaml +=
            "model: {sigma0: \(s.sigma0), prior_median: \(s.priorMedian), prior_scale: \(s.priorScale), "
            + "bias_own: \(s.biasOwn), bias_enemy: \(s.biasEnemy), bias_sd: \(s.biasSD), rho: \(s.rho)}\n"
        return yaml
    }

    /// The parameters of a draw as they are created: cells first, then a bias per partisan
    /// source and the shared origin, each with its prior and true value.
    struct Parameters {
        let settings: ModelSettings
        let cells: [Cell]
        var names: [String]
        var mean: [Double]
        var sd: [Double]
        var truth: [Double]
        var biasIndex: [Int: Int] = [:]
        var originIndex: Int?

        init(settings s: ModelSettings, groups: Int, rng: inout Xoshiro256) {
            settings = s
            cells = (1...groups).map { Cell(outcome: "killed", group: "g\($0)") }
            names = cells.map { "z[\($0)]" }
            mean = [Double](repeating: log(s.priorMedian), count: groups)
            sd = [Double](repeating: s.priorScale, count: groups)
            truth = (0..<groups).map { _ in log(s.priorMedian) + s.priorScale * rng.normal() }
        }

        /// The index of source `src`'s bias, drawn the first time it is needed (at twice its
        /// prior mean when misspecified).
        mutating func bias(of src: Int, own: Bool, misspecified: Bool, rng: inout Xoshiro256) -> Int {
            if let i = biasIndex[src] { return i }
            let m = own ? settings.biasOwn : settings.biasEnemy
            biasIndex[src] = names.count
            names.append("bias[s\(src + 1)/\(own ? "own" : "enemy")]")
            mean.append(m)
            sd.append(settings.biasSD)
            truth.append((misspecified ? 2 * m : m) + settings.biasSD * rng.normal())
            return names.count - 1
        }

        /// The index of the origin shared by sources 1 and 2, drawn the first time.
        mutating func origin(rng: inout Xoshiro256) -> Int {
            if let i = originIndex { return i }
            let scale = settings.rho.squareRoot() * settings.sigma0
            originIndex = names.count
            names.append("origin[s1]")
            mean.append(0)
            sd.append(scale)
            truth.append(scale * rng.normal())
            return names.count - 1
        }
    }
}
