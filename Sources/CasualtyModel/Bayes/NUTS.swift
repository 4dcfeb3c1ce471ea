import Foundation
import LinearAlgebra

/// The no-U-turn sampler as in Stan (Hoffman & Gelman 2014; Betancourt 2017): multinomial
/// sampling of states along the trajectory (biased progressive sampling between subtrees),
/// the generalised no-U-turn criterion checked over merged subtrees and across their
/// boundaries, divergence when the energy error exceeds 1000, and a maximum tree depth.
///
/// Warm-up follows Stan's windowed adaptation: dual-averaging step size (delta = target
/// acceptance, gamma 0.05, t0 10, kappa 0.75) throughout; the diagonal inverse metric
/// re-estimated at the end of slow windows (75 fast iterations, windows of 25, 50, 100, ...,
/// 50 fast iterations at the end; scaled down for short warm-ups), regularised as
/// (n / (n + 5)) var + 1e-3 (5 / (n + 5)).
public struct NUTS: Sendable {
    /// The draws and diagnostics of one chain.
    public struct Chain: Sendable {
        /// Kept draws, each a full parameter vector.
        public var draws: [[Double]]
        /// Whether each kept transition diverged.
        public var divergent: [Bool]
        /// Tree depth of each kept transition.
        public var treeDepth: [Int]
        /// Mean acceptance statistic over kept transitions.
        public var meanAcceptStat: Double
        /// Step size after adaptation.
        public var stepSize: Double
        /// Diagonal inverse metric after adaptation.
        public var inverseMetric: [Double]
        /// Leapfrog steps taken in total (warm-up and sampling).
        public var leapfrogSteps: Int
    }

    /// The model sampled.
    public let model: LatentCountModel
    /// Run lengths, seed and targets.
    public let settings: SamplerSettings

    /// A sampler for `model`.
    public init(model: LatentCountModel, settings: SamplerSettings) {
        self.model = model
        self.settings = settings
    }

    /// Runs `settings.chains` chains in parallel on all cores, chain k from `starts[k]`
    /// (default: jittered prior mean) with random stream k of the seed, so results are the
    /// same bit for bit for a seed and chain count whatever the number of cores.
    ///
    /// With `inverseMetric` (the diagonal of a fixed inverse metric, e.g. the Laplace
    /// marginal variances), warm-up adapts the step size only, over `settings.warmup`
    /// iterations.
    public func run(starts: [[Double]]? = nil, inverseMetric: [Double]? = nil) -> [Chain] {
        let n = settings.chains
        let box = ResultBox<Chain>(count: n)
        // A warm start applies only to a model with exactly the same parameters.
        let warm = settings.warmStart.flatMap { w in
            w.count == n && w.allSatisfy { $0.parameterNames == model.parameterNames } ? w : nil
        }
        DispatchQueue.concurrentPerform(iterations: n) { k in
            var rng = Xoshiro256(seed: settings.seed, stream: k)
            var start: [Double]
            if let s = starts, k < s.count {
                start = s[k]
            } else {
                start = zip(model.priorMean, model.priorSD).map { m, sd in m + sd * (2 * rng.uniform() - 1) * 0.5 }
            }
            if let w = warm?[k] { start = w.position }
            var chain = ChainState(model: model, settings: settings, start: start)
            if let w = warm?[k] {
                chain.invMetric = w.inverseMetric
                chain.epsilon = w.stepSize
            }
            let fixed = warm == nil ? inverseMetric.flatMap { $0.count == chain.invMetric.count ? $0 : nil } : nil
            if let fixed { chain.invMetric = fixed }
            box.set(k, chain.run(&rng, warm: warm != nil, fixedMetric: fixed != nil))
        }
        return box.values
    }

    /// `chains` (a run of this sampler) each continued `extra` transitions from its last draw
    /// with its step size and diagonal metric, without adaptation, chain k on random stream
    /// 100 + k of the seed: the same chains, longer, for a run whose ESS or R-hat fell short.
    public func extend(_ chains: [Chain], by extra: Int) -> [Chain] {
        let box = ResultBox<Chain>(count: chains.count)
        DispatchQueue.concurrentPerform(iterations: chains.count) { k in
            var chain = chains[k]
            guard let last = chain.draws.last, extra > 0 else { return box.set(k, chain) }
            var rng = Xoshiro256(seed: settings.seed, stream: 100 + k)
            var state = ChainState(model: model, settings: settings, start: last)
            state.invMetric = chain.inverseMetric
            state.epsilon = chain.stepSize
            let more = state.sample(&rng, count: extra)
            let n = Double(chain.draws.count), m = Double(more.draws.count)
            chain.meanAcceptStat = (chain.meanAcceptStat * n + more.meanAcceptStat * m) / (n + m)
            chain.draws += more.draws
            chain.divergent += more.divergent
            chain.treeDepth += more.treeDepth
            chain.leapfrogSteps += more.leapfrogSteps
            box.set(k, chain)
        }
        return box.values
    }
}

/// A point in phase space with its cached log density and gradient.
struct PhasePoint {
    var q: [Double]
    var p: [Double]
    var grad: [Double]
    var logp: Double

    /// Copies `other` into this point's own storage (no allocation once both are unique).
    @inline(__always)
    mutating func assign(_ other: PhasePoint) {
        copyElements(other.q, into: &q)
        copyElements(other.p, into: &p)
        copyElements(other.grad, into: &grad)
        logp = other.logp
    }
}

/// Element-wise copy into an array of the same length, reusing its storage.
@inline(__always)
func copyElements(_ from: [Double], into to: inout [Double]) {
    for i in 0..<from.count { to[i] = from[i] }
}

/// The vectors one level of the trajectory tree needs, kept per depth so that building a
/// tree allocates nothing.
struct TreeLevel {
    var pInitEnd: [Double]
    var pSharpInitEnd: [Double]
    var rhoInit: [Double]
    var pFinalBeg: [Double]
    var pSharpFinalBeg: [Double]
    var rhoFinal: [Double]
    var ext: [Double]
    var zProposeFinal: PhasePoint

    init(_ n: Int) {
        let zero = [Double](repeating: 0, count: n)
        pInitEnd = zero
        pSharpInitEnd = zero
        rhoInit = zero
        pFinalBeg = zero
        pSharpFinalBeg = zero
        rhoFinal = zero
        ext = zero
        // Distinct buffers (not shared) so the first writes do not copy.
        zProposeFinal = PhasePoint(q: zero.map { $0 }, p: zero.map { $0 }, grad: zero.map { $0 }, logp: 0)
    }

    static let empty = TreeLevel(0)
}

/// One chain's sampler state.
struct ChainState {
    let model: LatentCountModel
    let settings: SamplerSettings
    var z: PhasePoint
    /// Diagonal of the inverse metric (the whole of it unless `dense`).
    var invMetric: [Double]
    /// With a dense metric: the inverse metric Sigma (row-major n x n) and the lower Cholesky
    /// factor L of Sigma (row-major), with which momenta are drawn as p = L'^{-1} z.
    var dense = false
    var denseInverse: [Double] = []
    var denseFactor: [Double] = []
    /// M^{-1} p scratch for the leapfrog step.
    var velocity: [Double]
    var epsilon = 1.0
    var divergent = false
    let maxDeltaH = 1000.0
    /// Scratch for the log density (`LatentCountModel.scratchCount`).
    var scratch: [Double]
    /// Per-depth workspaces of `buildTree`.
    var levels: [TreeLevel]
    /// Workspaces of `transition`.
    var top: TopLevel

    struct TopLevel {
        var zFwd, zBck, zSample, zPropose: PhasePoint
        var pFwdFwd, pSharpFwdFwd, pFwdBck, pSharpFwdBck: [Double]
        var pBckFwd, pSharpBckFwd, pBckBck, pSharpBckBck: [Double]
        var rho, rhoFwd, rhoBck, ext: [Double]
        init(_ n: Int) {
            func v() -> [Double] { [Double](repeating: 0, count: n) }
            func pt() -> PhasePoint { PhasePoint(q: v(), p: v(), grad: v(), logp: 0) }
            zFwd = pt()
            zBck = pt()
            zSample = pt()
            zPropose = pt()
            pFwdFwd = v()
            pSharpFwdFwd = v()
            pFwdBck = v()
            pSharpFwdBck = v()
            pBckFwd = v()
            pSharpBckFwd = v()
            pBckBck = v()
            pSharpBckBck = v()
            rho = v()
            rhoFwd = v()
            rhoBck = v()
            ext = v()
        }
        static let empty = TopLevel(0)
    }

    init(model: LatentCountModel, settings: SamplerSettings, start: [Double]) {
        self.model = model
        self.settings = settings
        let n = model.dimension
        var g = [Double](repeating: 0, count: n)
        scratch = [Double](repeating: 0, count: model.scratchCount)
        let lp = model.logDensity(start, gradient: &g, scratch: &scratch)
        z = PhasePoint(q: start, p: [Double](repeating: 0, count: n), grad: g, logp: lp)
        invMetric = [Double](repeating: 1, count: n)
        velocity = [Double](repeating: 0, count: n)
        levels = (0...max(1, settings.maxDepth)).map { _ in TreeLevel(n) }
        top = TopLevel(n)
    }

    // MARK: Hamiltonian

    func kinetic(_ p: [Double]) -> Double {
        var k = 0.0
        if dense {
            let n = p.count
            for i in 0..<n {
                var row = 0.0
                for j in 0..<n { row += denseInverse[i * n + j] * p[j] }
                k += p[i] * row
            }
            return 0.5 * k
        }
        for i in 0..<p.count { k += p[i] * p[i] * invMetric[i] }
        return 0.5 * k
    }

    func hamiltonian(_ s: PhasePoint) -> Double { -s.logp + kinetic(s.p) }

    /// Writes M^{-1} p into `out`.
    @inline(__always)
    func sharp(_ p: [Double], into out: inout [Double]) {
        if dense {
            let n = p.count
            for i in 0..<n {
                var row = 0.0
                for j in 0..<n { row += denseInverse[i * n + j] * p[j] }
                out[i] = row
            }
            return
        }
        for i in 0..<p.count { out[i] = p[i] * invMetric[i] }
    }

    /// One leapfrog step of size `eps` (negative to go backwards).
    mutating func leapfrog(_ s: inout PhasePoint, _ eps: Double) {
        let n = s.q.count
        for i in 0..<n { s.p[i] += 0.5 * eps * s.grad[i] }
        if dense {
            var v = velocity
            sharp(s.p, into: &v)
            for i in 0..<n { s.q[i] += eps * v[i] }
            velocity = v
        } else {
            for i in 0..<n { s.q[i] += eps * invMetric[i] * s.p[i] }
        }
        s.logp = model.logDensity(s.q, gradient: &s.grad, scratch: &scratch)
        for i in 0..<n { s.p[i] += 0.5 * eps * s.grad[i] }
    }

    /// p ~ N(0, M): with a dense metric M = Sigma^{-1}, p = L'^{-1} z solves L' p = z.
    mutating func sampleMomentum(_ rng: inout Xoshiro256) {
        let n = z.p.count
        guard dense else {
            for i in 0..<n { z.p[i] = rng.normal() / invMetric[i].squareRoot() }
            return
        }
        for i in 0..<n { z.p[i] = rng.normal() }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var x = z.p[i]
            for j in (i + 1)..<max(i + 1, n) { x -= denseFactor[j * n + i] * z.p[j] }
            z.p[i] = x / denseFactor[i * n + i]
        }
    }

    /// Uses the covariance `sigma` (row-major) as the inverse metric; false (metric
    /// unchanged) when it is not positive definite.
    mutating func setDenseMetric(_ sigma: [Double]) -> Bool {
        let n = invMetric.count
        guard let m = try? Matrix(rows: n, columns: n, columnMajor: sigma), let ch = try? Cholesky(m) else { return false }
        denseInverse = sigma
        denseFactor = (0..<(n * n)).map { k in ch.factor[k / n, k % n] }
        invMetric = (0..<n).map { sigma[$0 * n + $0] }
        dense = true
        return true
    }

    @inline(__always)
    static func logSumExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let m = max(a, b)
        return m + log(exp(a - m) + exp(b - m))
    }

    @inline(__always)
    static func criterion(_ pSharpMinus: [Double], _ pSharpPlus: [Double], _ rho: [Double]) -> Bool {
        var a = 0.0, b = 0.0
        for i in 0..<rho.count {
            a += pSharpPlus[i] * rho[i]
            b += pSharpMinus[i] * rho[i]
        }
        return a > 0 && b > 0
    }

    // MARK: Transition

    struct Stats {
        var acceptStat: Double
        var depth: Int
        var divergent: Bool
        var leapfrogs: Int
    }

    /// One NUTS transition from `z`. The trajectory's vectors live in `top` and `levels`,
    /// taken out of `self` for the duration so that nothing is allocated.
    ///
    /// Kept in one piece (and `buildTree` too) although longer than 60 lines: it is the
    /// sampler's hot path, and it follows Stan's `base_nuts.hpp` statement by statement so
    /// that the two can be read side by side.
    ///
    /// Tests pin the tree building by giving the initial `momentum` and the `directions` of
    /// the successive doublings (true = forward); otherwise both are drawn from `rng`.
    mutating func transition(_ rng: inout Xoshiro256, momentum: [Double]? = nil, directions: [Bool]? = nil) -> Stats {
        if let momentum { copyElements(momentum, into: &z.p) } else { sampleMomentum(&rng) }
        divergent = false
        let n = z.q.count
        var t = TopLevel.empty
        swap(&t, &top)
        defer { swap(&t, &top) }
        t.zFwd.assign(z)
        t.zBck.assign(z)
        t.zSample.assign(z)
        t.zPropose.assign(z)
        sharp(z.p, into: &t.pSharpFwdFwd)
        copyElements(z.p, into: &t.pFwdFwd)
        copyElements(z.p, into: &t.pFwdBck)
        copyElements(t.pSharpFwdFwd, into: &t.pSharpFwdBck)
        copyElements(z.p, into: &t.pBckFwd)
        copyElements(t.pSharpFwdFwd, into: &t.pSharpBckFwd)
        copyElements(z.p, into: &t.pBckBck)
        copyElements(t.pSharpFwdFwd, into: &t.pSharpBckBck)
        copyElements(z.p, into: &t.rho)
        var logSumWeight = 0.0
        let h0 = hamiltonian(z)
        var nLeapfrog = 0, sumMetroProb = 0.0, depth = 0

        while depth < settings.maxDepth {
            for i in 0..<n {
                t.rhoFwd[i] = 0
                t.rhoBck[i] = 0
            }
            var valid = false
            var logSumWeightSubtree = -Double.infinity
            let forward = directions.map { depth < $0.count ? $0[depth] : true } ?? (rng.uniform() > 0.5)
            if forward {
                // The trajectory so far becomes the backward subtree: its forward end is the
                // old forward end (Stan's base_nuts.hpp: p_bck_fwd = p_fwd_fwd).
                copyElements(t.rho, into: &t.rhoBck)
                copyElements(t.pFwdFwd, into: &t.pBckFwd)
                copyElements(t.pSharpFwdFwd, into: &t.pSharpBckFwd)
                valid = buildTree(
                    depth, &t.zFwd, &t.zPropose, &t.pSharpFwdBck, &t.pSharpFwdFwd, &t.rhoFwd,
                    &t.pFwdBck, &t.pFwdFwd, h0, 1, &nLeapfrog, &logSumWeightSubtree, &sumMetroProb, &rng)
            } else {
                // The trajectory so far becomes the forward subtree: its backward end is the
                // old backward end (p_fwd_bck = p_bck_bck).
                copyElements(t.rho, into: &t.rhoFwd)
                copyElements(t.pBckBck, into: &t.pFwdBck)
                copyElements(t.pSharpBckBck, into: &t.pSharpFwdBck)
                valid = buildTree(
                    depth, &t.zBck, &t.zPropose, &t.pSharpBckFwd, &t.pSharpBckBck, &t.rhoBck,
                    &t.pBckFwd, &t.pBckBck, h0, -1, &nLeapfrog, &logSumWeightSubtree, &sumMetroProb, &rng)
            }
            if !valid { break }
            depth += 1
            if logSumWeightSubtree > logSumWeight {
                t.zSample.assign(t.zPropose)
            } else if rng.uniform() < exp(logSumWeightSubtree - logSumWeight) {
                t.zSample.assign(t.zPropose)
            }
            logSumWeight = Self.logSumExp(logSumWeight, logSumWeightSubtree)
            for i in 0..<n { t.rho[i] = t.rhoBck[i] + t.rhoFwd[i] }
            var persist = Self.criterion(t.pSharpBckBck, t.pSharpFwdFwd, t.rho)
            for i in 0..<n { t.ext[i] = t.rhoBck[i] + t.pFwdBck[i] }
            persist = persist && Self.criterion(t.pSharpBckBck, t.pSharpFwdBck, t.ext)
            for i in 0..<n { t.ext[i] = t.rhoFwd[i] + t.pBckFwd[i] }
            persist = persist && Self.criterion(t.pSharpBckFwd, t.pSharpFwdFwd, t.ext)
            if !persist { break }
        }
        z.assign(t.zSample)
        return Stats(
            acceptStat: nLeapfrog > 0 ? sumMetroProb / Double(nLeapfrog) : 0, depth: depth,
            divergent: divergent, leapfrogs: nLeapfrog)
    }

    /// Builds a subtree of 2^depth leapfrog steps in direction `sign` from `cur`.
    mutating func buildTree(
        _ depth: Int, _ cur: inout PhasePoint, _ zPropose: inout PhasePoint,
        _ pSharpBeg: inout [Double], _ pSharpEnd: inout [Double], _ rho: inout [Double],
        _ pBeg: inout [Double], _ pEnd: inout [Double], _ h0: Double, _ sign: Double,
        _ nLeapfrog: inout Int, _ logSumWeight: inout Double, _ sumMetroProb: inout Double,
        _ rng: inout Xoshiro256
    ) -> Bool {
        let n = cur.q.count
        if depth == 0 {
            leapfrog(&cur, sign * epsilon)
            nLeapfrog += 1
            var h = hamiltonian(cur)
            if h.isNaN { h = .infinity }
            if h - h0 > maxDeltaH { divergent = true }
            logSumWeight = Self.logSumExp(logSumWeight, h0 - h)
            sumMetroProb += h0 - h > 0 ? 1 : exp(h0 - h)
            zPropose.assign(cur)
            sharp(cur.p, into: &pSharpBeg)
            copyElements(pSharpBeg, into: &pSharpEnd)
            for i in 0..<n { rho[i] += cur.p[i] }
            copyElements(cur.p, into: &pBeg)
            copyElements(cur.p, into: &pEnd)
            return !divergent
        }
        var lv = TreeLevel.empty
        swap(&lv, &levels[depth])
        defer { swap(&lv, &levels[depth]) }
        for i in 0..<n {
            lv.rhoInit[i] = 0
            lv.rhoFinal[i] = 0
        }
        var logSumWeightInit = -Double.infinity
        if !buildTree(
            depth - 1, &cur, &zPropose, &pSharpBeg, &lv.pSharpInitEnd, &lv.rhoInit, &pBeg, &lv.pInitEnd,
            h0, sign, &nLeapfrog, &logSumWeightInit, &sumMetroProb, &rng)
        {
            return false
        }
        lv.zProposeFinal.assign(cur)
        var logSumWeightFinal = -Double.infinity
        if !buildTree(
            depth - 1, &cur, &lv.zProposeFinal, &lv.pSharpFinalBeg, &pSharpEnd, &lv.rhoFinal, &lv.pFinalBeg, &pEnd,
            h0, sign, &nLeapfrog, &logSumWeightFinal, &sumMetroProb, &rng)
        {
            return false
        }
        let logSumWeightSubtree = Self.logSumExp(logSumWeightInit, logSumWeightFinal)
        logSumWeight = Self.logSumExp(logSumWeight, logSumWeightSubtree)
        if logSumWeightFinal > logSumWeightSubtree {
            zPropose.assign(lv.zProposeFinal)
        } else if rng.uniform() < exp(logSumWeightFinal - logSumWeightSubtree) {
            zPropose.assign(lv.zProposeFinal)
        }
        // Satisfaction between the subtrees, then around the merged subtree, whose
        // rho_init + rho_final is accumulated into rhoInit last.
        for i in 0..<n { lv.ext[i] = lv.rhoInit[i] + lv.pFinalBeg[i] }
        var persist = Self.criterion(pSharpBeg, lv.pSharpFinalBeg, lv.ext)
        for i in 0..<n { lv.ext[i] = lv.rhoFinal[i] + lv.pInitEnd[i] }
        persist = Self.criterion(lv.pSharpInitEnd, pSharpEnd, lv.ext) && persist
        for i in 0..<n {
            lv.rhoInit[i] += lv.rhoFinal[i]
            rho[i] += lv.rhoInit[i]
        }
        return Self.criterion(pSharpBeg, pSharpEnd, lv.rhoInit) && persist
    }

    // MARK: Adaptation

    /// Stan's heuristic for a first step size: double or halve until the acceptance
    /// probability of one leapfrog step crosses 0.8.
    mutating func initStepSize(_ rng: inout Xoshiro256) {
        let saved = z
        sampleMomentum(&rng)
        let h0 = hamiltonian(z)
        var s = z
        leapfrog(&s, epsilon)
        var h = hamiltonian(s)
        if h.isNaN { h = .infinity }
        let direction: Double = (h0 - h) > log(0.8) ? 1 : -1
        for _ in 0..<100 {
            sampleMomentum(&rng)
            let hStart = hamiltonian(z)
            s = z
            leapfrog(&s, epsilon)
            h = hamiltonian(s)
            if h.isNaN { h = .infinity }
            let delta = hStart - h
            if direction == 1 && !(delta > log(0.8)) { break }
            if direction == -1 && !(delta < log(0.8)) { break }
            epsilon = direction == 1 ? 2 * epsilon : 0.5 * epsilon
            if epsilon > 1e7 || epsilon < 1e-12 { break }
        }
        z = saved
    }

    /// Runs warm-up then sampling. A `warm` chain keeps its metric and only re-tunes the
    /// step size by dual averaging (from its current value) during a quarter of the warm-up.
    mutating func run(_ rng: inout Xoshiro256, warm: Bool = false, fixedMetric: Bool = false) -> NUTS.Chain {
        let warmup = warm ? max(20, settings.warmup / 4) : settings.warmup
        var windows = AdaptationWindows(
            warmup: warmup, adaptMetric: !warm && !fixedMetric, dimension: z.q.count, dense: settings.metric == .dense)
        if !warm { initStepSize(&rng) }
        var averaging = DualAveraging(stepSize: epsilon, target: settings.targetAccept)
        var leapfrogs = 0
        for iteration in 0..<warmup {
            let st = transition(&rng)
            leapfrogs += st.leapfrogs
            epsilon = averaging.update(acceptStat: st.acceptStat)
            if let metric = windows.observe(z.q, iteration: iteration) {
                if settings.metric == .dense {
                    if !setDenseMetric(metric) { invMetric = (0..<z.q.count).map { metric[$0 * z.q.count + $0] } }
                } else {
                    invMetric = metric
                }
                initStepSize(&rng)
                averaging = DualAveraging(stepSize: epsilon, target: settings.targetAccept)
            }
        }
        if warmup > 0 { epsilon = averaging.finalStepSize }
        var chain = sample(&rng, count: settings.draws)
        chain.leapfrogSteps += leapfrogs
        return chain
    }

    /// `count` transitions with the current step size and metric, no adaptation: the draws
    /// kept and their diagnostics (leapfrog steps of these transitions only).
    mutating func sample(_ rng: inout Xoshiro256, count: Int) -> NUTS.Chain {
        var draws: [[Double]] = [], divergent: [Bool] = [], depths: [Int] = [], acceptSum = 0.0, leapfrogs = 0
        draws.reserveCapacity(count)
        for _ in 0..<count {
            let st = transition(&rng)
            leapfrogs += st.leapfrogs
            draws.append(z.q)
            divergent.append(st.divergent)
            depths.append(st.depth)
            acceptSum += st.acceptStat
        }
        return NUTS.Chain(
            draws: draws, divergent: divergent, treeDepth: depths, meanAcceptStat: acceptSum / Double(max(1, count)),
            stepSize: epsilon, inverseMetric: invMetric, leapfrogSteps: leapfrogs)
    }
}

/// Nesterov dual averaging of the log step size towards a target acceptance statistic
/// (Hoffman and Gelman 2014, section 3.2; Stan's `stepsize_adaptation` with its defaults
/// gamma 0.05, t0 10, kappa 0.75, mu = log(10 epsilon0)).
struct DualAveraging {
    let mu: Double
    let target: Double
    let gamma = 0.05, t0 = 10.0, kappa = 0.75
    var sBar = 0.0, xBar = 0.0, counter = 0.0

    init(stepSize: Double, target: Double) {
        mu = log(10 * stepSize)
        self.target = target
    }

    /// The next step size after a transition with `acceptStat`.
    mutating func update(acceptStat: Double) -> Double {
        counter += 1
        let a = min(1, acceptStat)
        let eta = 1 / (counter + t0)
        sBar = (1 - eta) * sBar + eta * (target - a)
        let x = mu - sBar * counter.squareRoot() / gamma
        let xEta = pow(counter, -kappa)
        xBar = (1 - xEta) * xBar + xEta * x
        return exp(x)
    }

    /// The step size kept after warm-up: exp of the averaged iterate.
    var finalStepSize: Double { exp(xBar) }
}

/// Stan's windowed adaptation of a diagonal metric: a fast initial buffer (75
/// iterations), slow windows doubling from 25 in which the draws' variances are
/// accumulated (Welford), and a fast terminal buffer (50); scaled down for short warm-ups.
/// At the end of each slow window the metric becomes the regularised variance
/// (n / (n + 5)) var + 1e-3 (5 / (n + 5)).
struct AdaptationWindows {
    let warmup: Int
    var initBuffer = 75, termBuffer = 50, baseWindow = 25
    var windowSize: Int
    var windowEnd: Int
    var n = 0
    var mean: [Double]
    var m2: [Double]
    /// Estimate the whole covariance (row-major co-moments in `m2`) rather than variances.
    let dense: Bool

    init(warmup: Int, adaptMetric: Bool, dimension: Int, dense: Bool = false) {
        self.warmup = warmup
        self.dense = dense
        if !adaptMetric || warmup < 20 {
            initBuffer = warmup
            termBuffer = 0
            baseWindow = 0
        } else if warmup < initBuffer + termBuffer + baseWindow {
            initBuffer = Int(0.15 * Double(warmup))
            termBuffer = Int(0.1 * Double(warmup))
            baseWindow = warmup - initBuffer - termBuffer
        }
        windowSize = baseWindow
        windowEnd = initBuffer + windowSize
        mean = [Double](repeating: 0, count: dimension)
        m2 = [Double](repeating: 0, count: dense ? dimension * dimension : dimension)
    }

    /// Records the draw `q` of warm-up `iteration`; at the end of a slow window, the new
    /// inverse metric (the diagonal, or with `dense` the row-major covariance), regularised
    /// as Stan does: (n / (n + 5)) S + 1e-3 (5 / (n + 5)) I.
    mutating func observe(_ q: [Double], iteration: Int) -> [Double]? {
        guard baseWindow > 0 && iteration >= initBuffer && iteration < warmup - termBuffer else { return nil }
        let d = q.count
        n += 1
        if dense {
            // Welford for co-moments: M2 += (x - mean_old)(x - mean_new)'.
            let old = mean
            for i in 0..<d { mean[i] += (q[i] - old[i]) / Double(n) }
            for i in 0..<d { for j in 0..<d { m2[i * d + j] += (q[i] - old[i]) * (q[j] - mean[j]) } }
        } else {
            for i in 0..<d {
                let delta = q[i] - mean[i]
                mean[i] += delta / Double(n)
                m2[i] += delta * (q[i] - mean[i])
            }
        }
        guard iteration + 1 == windowEnd else { return nil }
        let nn = Double(n)
        let shrink = nn / (nn + 5), ridge = 1e-3 * (5 / (nn + 5))
        let metric: [Double]
        if dense {
            metric = (0..<(d * d)).map { k in
                let (i, j) = (k / d, k % d)
                let cov = n > 1 ? 0.5 * (m2[i * d + j] + m2[j * d + i]) / (nn - 1) : (i == j ? 1 : 0)
                return shrink * cov + (i == j ? ridge : 0)
            }
        } else {
            metric = (0..<d).map { i in shrink * (n > 1 ? m2[i] / (nn - 1) : 1) + ridge }
        }
        n = 0
        mean = [Double](repeating: 0, count: d)
        m2 = [Double](repeating: 0, count: m2.count)
        windowSize *= 2
        let nextEnd = windowEnd + windowSize
        windowEnd = nextEnd + 2 * windowSize > warmup - termBuffer ? warmup - termBuffer : nextEnd
        return metric
    }
}
