import CasualtyData
import Foundation
import LinearAlgebra

/// The Bayesian latent-count model of a case (README.md, "The Bayesian latent-count model").
///
/// Parameters, in this order in every parameter vector:
/// - `z_c = log theta_c` for every cell c (outcome x group) of the case, prior N(mu0, s0^2);
/// - `b_k` for every (source, relation) pair with relation own or enemy among the pooled
///   reports, prior N(m_relation, biasSD^2) (absent with `useBias == false`);
/// - `u_o` for every group of two or more sources linked by `derives_from`, prior
///   N(0, rho * sigma0^2) (absent when rho == 0).
///
/// A report r about Q_r = sum of its cells' theta is read on the log1p scale:
/// `log(1 + Y_r) = mu_r + eps_r`, `mu_r = log(1 + Q_r) + b_k(r) + u_o(r)`,
/// `eps_r ~ N(0, sigma_r^2)`, `sigma_r = sigma0 / sqrt(w_r)`.
/// An exact claim contributes the normal log density of `log1p(Y)`; a lower bound L,
/// `log Phi((mu - log1p L)/sigma)`; an upper bound U, `log Phi((log1p U - mu)/sigma)`; an
/// interval [L, U] (ranges, hedges, vague words), `log(Phi(beta) - Phi(alpha))`. A lower
/// end of 0 is no bound. All terms use the stable tails of `StandardNormal`.
public struct LatentCountModel: Sendable {
    /// How a report's claim enters the likelihood, on the log1p scale.
    public enum Observation: Hashable, Sendable {
        /// Density at y = log1p(figure).
        case exact(Double)
        /// log1p(Y) >= a.
        case atLeast(Double)
        /// log1p(Y) <= b.
        case atMost(Double)
        /// a <= log1p(Y) <= b.
        case between(Double, Double)
        /// A named count: log1p(Q) >= a holds for certain (a truncation, not a reading).
        case floor(Double)
    }

    /// Width on the log1p scale of the smooth wall below a named floor (0.05: narrower walls
    /// made NUTS diverge on Khan Tuman, 13 divergences at 0.01, none at 0.05). The samplers and
    /// the optimiser see the density times exp(-(a - log1p Q)^2 / (2 tau^2)) below the
    /// floor a, which is continuous with its gradient; draws below the floor are then
    /// discarded, so the draws kept follow the posterior truncated at the floor exactly.
    public static let floorWall = 0.05

    /// Whether `theta` satisfies every named floor.
    public func satisfiesFloors(_ theta: [Double]) -> Bool {
        for t in flat.floors {
            guard case .floor(let a) = flat.observations[t] else { continue }
            var q = 0.0
            for k in flat.cellStart[t]..<flat.cellStart[t + 1] { q += exp(theta[flat.cellIndex[k]]) }
            if log1p(q) < a { return false }
        }
        return true
    }

    /// The terms as parallel arrays of plain values: the density's loops then read numbers and
    /// retain nothing (iterating `[Term]` copies each term's array and string).
    struct FlatTerms: Sendable {
        /// Term t sums cells `cellIndex[cellStart[t]..<cellStart[t + 1]]`.
        let cellStart: [Int]
        let cellIndex: [Int]
        /// Bias and origin parameter of each term, -1 for none.
        let bias: [Int]
        let origin: [Int]
        let sigma: [Double]
        /// log(sigma) of each term, for the exact figures' density.
        let logSigma: [Double]
        let observations: [Observation]
        /// The terms that are named floors.
        let floors: [Int]
        /// The distinct cell lists the terms sum (a low, best and high figure of one count
        /// share one): set s sums cells `setCells[setStart[s]..<setStart[s + 1]]`, and term t
        /// sums set `termSet[t]`, so Q and log1p(Q) are computed once per set and evaluation.
        let setStart: [Int]
        let setCells: [Int]
        let termSet: [Int]
        /// Number of distinct cell lists.
        var setCount: Int { setStart.count - 1 }

        init(_ terms: [Term]) {
            var start = [0]
            for t in terms { start.append(start[start.count - 1] + t.cells.count) }
            cellStart = start
            cellIndex = terms.flatMap(\.cells)
            bias = terms.map { $0.bias ?? -1 }
            origin = terms.map { $0.origin ?? -1 }
            sigma = terms.map(\.sigma)
            logSigma = terms.map { log($0.sigma) }
            observations = terms.map(\.observation)
            floors = terms.indices.filter { if case .floor = terms[$0].observation { return true } else { return false } }
            var sets: [[Int]: Int] = [:], setStart = [0], setCells: [Int] = []
            termSet = terms.map { t in
                if let s = sets[t.cells] { return s }
                sets[t.cells] = setStart.count - 1
                setCells += t.cells
                setStart.append(setCells.count)
                return setStart.count - 2
            }
            self.setStart = setStart
            self.setCells = setCells
        }
    }

    /// The prior variance of log1p of the sum of `q`'s cells: by quadrature for one cell, else
    /// from 4,000 draws of the cells' prior (a fixed stream, so the same for every call).
    /// Remembered by the cells' prior means and sds (`PriorVarianceMemo`): the events of a
    /// batch share their priors, and the value depends on nothing else.
    public func priorVarianceOfLog1p(_ q: Quantity) -> Double {
        let idx = q.cells.compactMap { cells.firstIndex(of: $0) }
        guard !idx.isEmpty else { return 0 }
        let means = idx.map { priorMean[$0] }, sds = idx.map { priorSD[$0] }
        return PriorVarianceMemo.shared.value(means + sds) {
            if idx.count == 1 { return Self.varianceOfLog1pExp(mean: means[0], sd: sds[0]) }
            var rng = Xoshiro256(seed: 0x5EED, stream: 77)
            let values = (0..<4000).map { _ in
                log1p(idx.indices.reduce(0) { $0 + exp(means[$1] + sds[$1] * rng.normal()) })
            }
            return Diagnostics.variance(values)
        }
    }

    /// Var[log1p(exp(Z))] for Z ~ N(mean, sd^2), by the trapezoidal rule on t in [-9, 9] with
    /// step 1/16 against the standard normal density (for a smooth integrand times a Gaussian
    /// the rule converges geometrically; the error is far below 1e-9 relative here).
    static func varianceOfLog1pExp(mean: Double, sd: Double) -> Double {
        var m1 = 0.0, m2 = 0.0, total = 0.0
        for k in -144...144 {
            let t = Double(k) / 16, w = exp(-0.5 * t * t)
            let z = mean + sd * t
            let f = z > 35 ? z : log1p(exp(z))
            m1 += w * f
            m2 += w * f * f
            total += w
        }
        m1 /= total
        return max(0, m2 / total - m1 * m1)
    }

    /// Whether the model has a named floor.
    public var hasFloors: Bool {
        terms.contains { if case .floor = $0.observation { return true } else { return false } }
    }

    /// One pooled report, compiled to indices.
    public struct Term: Hashable, Sendable {
        /// Report id.
        public var report: String
        /// Indices of the cells summed.
        public var cells: [Int]
        /// Noise sd.
        public var sigma: Double
        /// Index of the bias parameter, if any.
        public var bias: Int?
        /// Index of the origin parameter, if any.
        public var origin: Int?
        /// The claim.
        public var observation: Observation
    }

    /// The cells, in parameter order.
    public let cells: [Cell]
    /// Names of all parameters (`z[killed:iranian]`, `bias[irgc/own]`, `origin[jam-news]`).
    public let parameterNames: [String]
    /// Prior mean of each parameter.
    public let priorMean: [Double]
    /// Prior sd of each parameter.
    public let priorSD: [Double]
    /// The likelihood terms.
    public let terms: [Term]
    /// The settings the model was built with.
    public let settings: ModelSettings
    /// The terms in flat arrays for the density's hot loops.
    let flat: FlatTerms

    /// Number of parameters.
    public var dimension: Int { priorMean.count }

    /// Compiles the model of `evidence` under `settings`.
    public init(_ evidence: Evidence, settings: ModelSettings) {
        let c = evidence.theCase
        self.settings = settings
        cells = c.cells
        var index: [Cell: Int] = [:]
        for (i, cell) in cells.enumerated() { index[cell] = i }
        var p = ParameterTable(
            names: cells.map { "z[\($0)]" }, mean: [Double](repeating: log(settings.priorMedian), count: cells.count),
            sd: [Double](repeating: settings.priorScale, count: cells.count))
        let origins = Self.origins(c)
        var terms: [Term] = []
        for r in evidence.pooledReports {
            guard let source = c.source(r.source) else { continue }
            let cellIndices = r.quantity.cells.compactMap { index[$0] }
            if r.basis == .named {
                // A documented minimum: no noise, no bias, no shared origin.
                terms.append(
                    Term(
                        report: r.id, cells: cellIndices, sigma: Self.floorWall, bias: nil, origin: nil,
                        observation: .floor(log1p(r.claim.lower))))
                continue
            }
            var term = Term(
                report: r.id, cells: cellIndices, sigma: settings.sigma0 / evidence.weight(of: r.source).squareRoot(),
                bias: nil, origin: nil, observation: Self.observation(r.claim))
            if settings.useBias, let learned = evidence.settings.learned?.sources[source.id] {
                // A learned bias (by relation where the source had claims of that kind) replaces the prior.
                let relation = c.relation(of: source, to: r.quantity).rawValue, b = learned.bias(for: relation)
                term.bias = p.index("bias[\(source.id)/learned/\(relation)]", mean: b.mean, sd: max(b.sd, 1e-3))
            } else if settings.useBias, let (relation, rule) = c.biasRule(of: source, to: r.quantity) {
                // One bias per source, relation and counted kind; combatants keep the short name.
                let key = "\(source.id)/\(relation.rawValue)" + (c.countedKind(r.quantity) == .civilian ? "/civilian" : "")
                term.bias = p.index("bias[\(key)]", mean: Self.biasMean(rule.mean, settings), sd: rule.sd ?? settings.biasSD)
            }
            if settings.rho > 0, let origin = origins[source.id] {
                term.origin = p.index("origin[\(origin)]", mean: 0, sd: settings.rho.squareRoot() * settings.sigma0)
            }
            terms.append(term)
        }
        self.parameterNames = p.names
        self.priorMean = p.mean
        self.priorSD = p.sd
        self.terms = terms
        self.flat = FlatTerms(terms)
    }

    /// Parameters as they are added: names with their prior means and sds.
    struct ParameterTable {
        var names: [String]
        var mean: [Double]
        var sd: [Double]
        var byName: [String: Int] = [:]

        /// The index of the parameter `name`, added with this prior the first time.
        mutating func index(_ name: String, mean m: Double, sd s: Double) -> Int {
            if let i = byName[name] { return i }
            byName[name] = names.count
            names.append(name)
            mean.append(m)
            sd.append(s)
            return names.count - 1
        }
    }

    /// For every source in a group of two or more linked by `derives_from` (connected
    /// components of the graph), the component's root: the sources that share an origin.
    static func origins(_ c: Case) -> [String: String] {
        var parent: [String: String] = [:]
        func root(_ s: String) -> String {
            var x = s
            while let p = parent[x], p != x { x = p }
            return x
        }
        for s in c.sources { parent[s.id] = s.id }
        for s in c.sources { for d in s.derivesFrom where parent[d] != nil { parent[root(s.id)] = root(d) } }
        let componentSize = Dictionary(grouping: c.sources.map(\.id), by: root).mapValues(\.count)
        var out: [String: String] = [:]
        for s in c.sources where (componentSize[root(s.id)] ?? 1) > 1 { out[s.id] = root(s.id) }
        return out
    }

    /// The prior mean of a bias rule under `settings`.
    public static func biasMean(_ mean: BiasPriorTable.Mean, _ settings: ModelSettings) -> Double {
        switch mean {
        case .own: return settings.biasOwn
        case .enemy: return settings.biasEnemy
        case .value(let v): return v
        }
    }

    /// A model from explicit parts (simulation and tests).
    public init(
        cells: [Cell], parameterNames: [String], priorMean: [Double], priorSD: [Double],
        terms: [Term], settings: ModelSettings
    ) {
        self.cells = cells
        self.parameterNames = parameterNames
        self.priorMean = priorMean
        self.priorSD = priorSD
        self.terms = terms
        self.settings = settings
        self.flat = FlatTerms(terms)
    }

    /// The likelihood form of a claim.
    public static func observation(_ claim: Claim) -> Observation {
        if claim.kind == .exact { return .exact(log1p(claim.lower)) }
        let a = claim.lower > 0 ? log1p(claim.lower) : nil
        let b = claim.upper.map { log1p($0) }
        switch (a, b) {
        case let (a?, b?): return a < b ? .between(a, b) : .exact(a)
        case let (a?, nil): return .atLeast(a)
        case let (nil, b?): return .atMost(b)
        case (nil, nil): return .atLeast(-Double.infinity)
        }
    }

    // MARK: - Log density

    /// The report's summed count Q and its location mu = log1p(Q) + bias + origin at `theta`.
    @inline(__always)
    public func location(_ t: Term, _ theta: [Double]) -> (q: Double, mu: Double) {
        var q = 0.0
        for c in t.cells { q += exp(theta[c]) }
        var mu = log1p(q)
        if let b = t.bias { mu += theta[b] }
        if let o = t.origin { mu += theta[o] }
        return (q, mu)
    }

    /// Log-likelihood of one observation and its first two derivatives in mu.
    @inline(__always)
    static func logLikelihood(_ o: Observation, mu: Double, sigma: Double) -> (Double, Double, Double) {
        logLikelihood(o, mu: mu, sigma: sigma, logSigma: log(sigma))
    }

    /// The same with log(sigma) given (the hot loops keep it per term).
    @inline(__always)
    static func logLikelihood(_ o: Observation, mu: Double, sigma: Double, logSigma: Double) -> (Double, Double, Double) {
        // Far outside the prior (an overflowing trial point of an optimiser or a wild
        // leapfrog step) the density is 0: the caller rejects the point.
        guard mu.isFinite else { return (-.infinity, 0, 0) }
        switch o {
        case .exact(let y):
            let r = (y - mu) / sigma
            return (-0.5 * r * r - logSigma - StandardNormal.logRoot2Pi, r / sigma, -1 / (sigma * sigma))
        case .atLeast(let a):
            if a == -.infinity { return (0, 0, 0) }
            let x = (mu - a) / sigma, lc = StandardNormal.logCDF(x)
            let l = exp(StandardNormal.logPDF(x) - lc)  // inverse Mills ratio
            return (lc, l / sigma, -l * (x + l) / (sigma * sigma))
        case .atMost(let b):
            let x = (b - mu) / sigma, lc = StandardNormal.logCDF(x)
            let l = exp(StandardNormal.logPDF(x) - lc)
            return (lc, -l / sigma, -l * (x + l) / (sigma * sigma))
        case .floor(let a):
            // Zero above the floor; a one-sided quadratic wall of width sigma below it.
            guard mu < a else { return (0, 0, 0) }
            let x = (a - mu) / sigma
            return (-0.5 * x * x, x / sigma, -1 / (sigma * sigma))
        case let .between(a, b):
            let alpha = (a - mu) / sigma, beta = (b - mu) / sigma
            let logD = StandardNormal.logDiffCDF(alpha, beta)
            let pa = exp(StandardNormal.logPDF(alpha) - logD), pb = exp(StandardNormal.logPDF(beta) - logD)
            let d1 = (pa - pb) / sigma
            let d2 = (alpha * pa - beta * pb) / (sigma * sigma) - d1 * d1
            return (logD, d1, d2)
        }
    }

    /// The log posterior density (up to a constant) at `theta`, writing its gradient into
    /// `gradient` (which must have `dimension` elements).
    public func logDensity(_ theta: [Double], gradient: inout [Double]) -> Double {
        var scratch = [Double](repeating: 0, count: scratchCount)
        return logDensity(theta, gradient: &gradient, scratch: &scratch)
    }

    /// Elements of the caller-owned scratch of `logDensity(_:gradient:scratch:)` and
    /// `logDensityValue(_:scratch:)`: exp(z_c) for every cell, then Q and log1p(Q) for
    /// every distinct cell list of the terms.
    public var scratchCount: Int { cells.count + 2 * flat.setCount }

    /// Fills `scratch` (`scratchCount` elements) with exp(z_c), then each cell list's Q and
    /// log1p(Q) (cells summed in the terms' order, so the numbers are those of summing per term).
    @inline(__always)
    func fillScratch(_ theta: [Double], _ scratch: inout [Double]) {
        let k = cells.count, f = flat, n = f.setCount
        for c in 0..<k { scratch[c] = exp(theta[c]) }
        for s in 0..<n {
            var q = 0.0
            for j in f.setStart[s]..<f.setStart[s + 1] { q += scratch[f.setCells[j]] }
            scratch[k + s] = q
            scratch[k + n + s] = log1p(q)
        }
    }

    /// The same, with a caller-owned `scratch` of `scratchCount` elements (`fillScratch`):
    /// the sampler's hot path, which then allocates nothing and computes each cell's
    /// exponential and each cell list's log1p(Q) once per evaluation.
    public func logDensity(_ theta: [Double], gradient: inout [Double], scratch: inout [Double]) -> Double {
        var lp = 0.0
        for i in 0..<theta.count {
            let d = (theta[i] - priorMean[i]) / priorSD[i]
            lp -= 0.5 * d * d
            gradient[i] = -d / priorSD[i]
        }
        fillScratch(theta, &scratch)
        let f = flat, k = cells.count, n = f.setCount
        for t in 0..<f.sigma.count {
            let set = f.termSet[t], b = f.bias[t], o = f.origin[t]
            let q = scratch[k + set]
            var mu = scratch[k + n + set]
            if b >= 0 { mu += theta[b] }
            if o >= 0 { mu += theta[o] }
            let (l, d1, _) = Self.logLikelihood(f.observations[t], mu: mu, sigma: f.sigma[t], logSigma: f.logSigma[t])
            lp += l
            let scale = d1 / (1 + q)
            for j in f.setStart[set]..<f.setStart[set + 1] { gradient[f.setCells[j]] += scale * scratch[f.setCells[j]] }
            if b >= 0 { gradient[b] += d1 }
            if o >= 0 { gradient[o] += d1 }
        }
        return lp
    }

    /// The log posterior density (up to a constant) at `theta`, without the gradient, with a
    /// caller-owned `scratch` of `scratchCount` elements: the importance sampler's hot path.
    public func logDensityValue(_ theta: [Double], scratch: inout [Double]) -> Double {
        var lp = 0.0
        for i in 0..<theta.count {
            let d = (theta[i] - priorMean[i]) / priorSD[i]
            lp -= 0.5 * d * d
        }
        fillScratch(theta, &scratch)
        let f = flat, k = cells.count, n = f.setCount
        for t in 0..<f.sigma.count {
            var mu = scratch[k + n + f.termSet[t]]
            if f.bias[t] >= 0 { mu += theta[f.bias[t]] }
            if f.origin[t] >= 0 { mu += theta[f.origin[t]] }
            lp += Self.logLikelihoodValue(f.observations[t], mu: mu, sigma: f.sigma[t], logSigma: f.logSigma[t])
        }
        return lp
    }

    /// The first element of `logLikelihood(_:mu:sigma:)` alone, with log(sigma) given: the
    /// same numbers without the derivatives' inverse Mills ratios (an `exp` per bound) and
    /// the exact figures' `log` (a third of the importance sampler's transcendental calls
    /// on an event of exact, bounded and ranged figures).
    @inline(__always)
    static func logLikelihoodValue(_ o: Observation, mu: Double, sigma: Double, logSigma: Double) -> Double {
        guard mu.isFinite else { return -.infinity }
        switch o {
        case .exact(let y):
            let r = (y - mu) / sigma
            return -0.5 * r * r - logSigma - StandardNormal.logRoot2Pi
        case .atLeast(let a): return a == -.infinity ? 0 : StandardNormal.logCDF((mu - a) / sigma)
        case .atMost(let b): return StandardNormal.logCDF((b - mu) / sigma)
        case .floor(let a):
            guard mu < a else { return 0 }
            let x = (a - mu) / sigma
            return -0.5 * x * x
        case let .between(a, b): return StandardNormal.logDiffCDF((a - mu) / sigma, (b - mu) / sigma)
        }
    }

    /// The log posterior density (up to a constant) at `theta`.
    public func logDensity(_ theta: [Double]) -> Double {
        var scratch = [Double](repeating: 0, count: scratchCount)
        return logDensityValue(theta, scratch: &scratch)
    }

    /// The Hessian of the log posterior density at `theta` (analytic).
    public func hessian(_ theta: [Double]) -> Matrix {
        var h = Matrix(rows: dimension, columns: dimension)
        for i in 0..<dimension { h[i, i] = -1 / (priorSD[i] * priorSD[i]) }
        for t in terms {
            let (q, mu) = location(t, theta)
            let (_, d1, d2) = Self.logLikelihood(t.observation, mu: mu, sigma: t.sigma)
            // d mu / d theta: g_c = e^{z_c}/(1+Q) for cells, 1 for bias and origin.
            var idx: [Int] = [], g: [Double] = []
            for c in t.cells {
                idx.append(c)
                g.append(exp(theta[c]) / (1 + q))
            }
            if let b = t.bias {
                idx.append(b)
                g.append(1)
            }
            if let o = t.origin {
                idx.append(o)
                g.append(1)
            }
            for (m, i) in idx.enumerated() {
                for (n, j) in idx.enumerated() { h[i, j] += d2 * g[m] * g[n] }
            }
            // d2 mu / dz_c dz_d = delta_cd g_c - g_c g_d (cells only).
            for (m, i) in t.cells.enumerated() {
                for (n, j) in t.cells.enumerated() { h[i, j] -= d1 * g[m] * g[n] }
                h[i, i] += d1 * g[m]
            }
        }
        return h
    }
}
