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
    public static let grid: [Double] = [0, 1, 2, 3, 5, 8, 13, 20, 30, 50, 80, 130, 200, 300, 500, 800,
                                        1300, 2000, 3000, 5000, 8000, 13000, 20000, 50000]

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
    }

    /// Draws one synthetic case with `rng`.
    public func draw(_ rng: inout Xoshiro256, id: String = "simulated") -> Draw {
        let s = settings
        let cells = (1...groups).map { Cell(outcome: "killed", group: "g\($0)") }
        var names = cells.map { "z[\($0)]" }
        var mean = [Double](repeating: log(s.priorMedian), count: groups)
        var sd = [Double](repeating: s.priorScale, count: groups)
        var truth = (0..<groups).map { _ in log(s.priorMedian) + s.priorScale * rng.normal() }

        // Sources: side and weight.
        let sides = (0..<sources).map { i in ["neutral", "blue", "red"][i % 3] }
        let weights = (0..<sources).map { _ in 0.2 + 0.8 * rng.uniform() }
        let derived = sources >= 3  // source 2 derives from source 1
        var biasIndex: [Int: Int] = [:]
        var originIndex: Int?
        var terms: [LatentCountModel.Term] = []
        var yamlReports: [String] = []
        for r in 0..<reports {
            let src = r % sources
            let k = rng.uniform() < 0.7 || groups < 2 ? 1 : 2
            var chosen: [Int] = []
            while chosen.count < k { let g = Int(rng.uniform() * Double(groups)); if !chosen.contains(g) { chosen.append(g) } }
            chosen.sort()
            var term = LatentCountModel.Term(report: "r\(r + 1)", cells: chosen, sigma: s.sigma0 / weights[src].squareRoot(),
                                             bias: nil, origin: nil, observation: .exact(0))
            var mu = log1p(chosen.reduce(0) { $0 + exp(truth[$1]) })
            if s.useBias && sides[src] != "neutral" {
                if biasIndex[src] == nil {
                    let own = sides[src] == "blue"
                    let m = own ? s.biasOwn : s.biasEnemy
                    biasIndex[src] = names.count
                    names.append("bias[s\(src + 1)/\(own ? "own" : "enemy")]")
                    mean.append(m); sd.append(s.biasSD)
                    truth.append((misspecified ? 2 * m : m) + s.biasSD * rng.normal())
                }
                term.bias = biasIndex[src]
                mu += truth[biasIndex[src]!]
            }
            if derived && s.rho > 0 && (src == 0 || src == 1) {
                if originIndex == nil {
                    originIndex = names.count
                    names.append("origin[s1]")
                    mean.append(0); sd.append(s.rho.squareRoot() * s.sigma0)
                    truth.append(s.rho.squareRoot() * s.sigma0 * rng.normal())
                }
                term.origin = originIndex
                mu += truth[originIndex!]
            }
            let eps: Double
            if misspecified {
                // Student t(3) scaled to unit variance: t / sqrt(3).
                let z = rng.normal()
                let chi2 = (0..<3).reduce(0.0) { acc, _ in let n = rng.normal(); return acc + n * n }
                eps = z / (chi2 / 3).squareRoot() / 3.0.squareRoot()
            } else {
                eps = rng.normal()
            }
            let y = mu + term.sigma * eps
            let count = expm1(y)
            let who = chosen.map { "g\($0 + 1)" }.joined(separator: "+")
            let claimText: String
            if rng.uniform() < 0.5 {
                term.observation = .exact(y)
                claimText = String(format: "%.0f", max(0, count).rounded())
            } else {
                let edges = Self.grid.map { log1p($0) }
                if y <= edges[0] {
                    term.observation = .atMost(edges[0]); claimText = "at most 0"
                } else if y > edges[edges.count - 1] {
                    term.observation = .atLeast(edges[edges.count - 1]); claimText = "at least \(Int(Self.grid.last!))"
                } else {
                    let i = edges.lastIndex { $0 < y }!
                    term.observation = .between(edges[i], edges[i + 1])
                    claimText = "between \(Int(Self.grid[i])) and \(Int(Self.grid[i + 1]))"
                }
            }
            terms.append(term)
            yamlReports.append("  - {id: r\(r + 1), source: s\(src + 1), what: killed, who: \(who), claim: \"\(claimText)\"}")
        }
        var modelSettings = s
        modelSettings.useBias = s.useBias
        let model = LatentCountModel(cells: cells, parameterNames: names, priorMean: mean, priorSD: sd,
                                     terms: terms, settings: modelSettings)
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
            yaml += "  s\(i + 1): {name: Source \(i + 1), side: \(sides[i]), reliability: \(String(format: "%.3f", weights[i]))\(d)}\n"
        }
        yaml += "reports:\n" + yamlReports.joined(separator: "\n") + "\n"
        yaml += "model: {sigma0: \(s.sigma0), prior_median: \(s.priorMedian), prior_scale: \(s.priorScale), "
            + "bias_own: \(s.biasOwn), bias_enemy: \(s.biasEnemy), bias_sd: \(s.biasSD), rho: \(s.rho)}\n"
        return Draw(model: model, truth: truth, yaml: yaml)
    }
}
