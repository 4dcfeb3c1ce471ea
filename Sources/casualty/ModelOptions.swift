import ArgumentParser
import CasualtyData
import CasualtyModel
import Foundation

/// Flags of the Bayesian model and the NUTS sampler; unset flags keep the case file's
/// `model:` values, then the documented defaults.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("meta-method"), help: ArgumentHelp("tau^2 estimators for meta, comma-separated.", valueName: "m"))
    var metaMethod = CommaList<TauChoice>([.estimator(.reml)])

    @Option(name: .customLong("meta-test"), help: "Meta-analysis interval (knha: Hartung-Knapp).")
    var metaTest: MetaTest = .z

    @Option(help: "Noise sd on the log1p scale of a reliability-1 source (default 0.25).")
    var sigma0: Double?
    @Option(name: .customLong("prior-median"), help: "Prior median of each cell's count (default 10).")
    var priorMedian: Double?
    @Option(name: .customLong("prior-scale"), help: "Prior sd of each cell's log count (default 2.5).")
    var priorScale: Double?
    @Option(name: .customLong("bias-own"), help: "Prior mean bias of a source on its own side's losses (default -0.2).")
    var biasOwn: Double?
    @Option(name: .customLong("bias-enemy"), help: "Prior mean bias of a source on the enemy's losses (default 0.4).")
    var biasEnemy: Double?
    @Option(name: .customLong("bias-sd"), help: "Prior sd of each bias (default 0.3).")
    var biasSD: Double?
    @Flag(name: .customLong("no-bias"), help: "Do not model partisan bias.")
    var noBias = false
    @Flag(
        name: .customLong("no-fallback"),
        help:
            "Keep a Laplace approximation that fails its importance-sampling check (Pareto k-hat > 0.7), with a warning, instead of running NUTS in its place."
    )
    var noFallback = false
    @Option(help: "Share of sigma0^2 common to sources that derive from one another, in [0, 1) (default 0.5).")
    var rho: Double?

    @Option(help: "Random seed (NUTS and Laplace draws); same seed and chains give the same output.")
    var seed: UInt64 = SamplerSettings().seed
    @Option(help: "NUTS chains, run in parallel.")
    var chains: Int = SamplerSettings().chains
    @Option(help: "NUTS warm-up iterations per chain.")
    var warmup: Int = SamplerSettings().warmup
    @Option(help: "NUTS kept draws per chain.")
    var draws: Int = SamplerSettings().draws
    @Option(
        help:
            "NUTS mass matrix: adapted in warm-up (diag; dense for strongly correlated posteriors) or fixed at the Laplace variances (laplace: warm-up tunes the step size only, so --warmup 150 suffices)."
    )
    var metric: SamplerSettings.Metric = .diagonal

    @Option(
        name: .customLong("threshold"),
        help: ArgumentHelp("Report P(Q > t) for QUANTITY>t, e.g. 'killed:iranian>20'. Repeatable.", valueName: "q>t"))
    var thresholds: [String] = []

    func validate() throws {
        let checked = Result { () throws(SettingsError) in
            try model(defaults: Case.ModelDefaults()).validate()
            try sampler().validate()
        }
        if case .failure(let e) = checked { throw ValidationError("\(e.message); \(e.fix)") }
    }

    func model(defaults: Case.ModelDefaults) -> ModelSettings {
        var s = ModelSettings().merging(defaults)
        if let v = sigma0 { s.sigma0 = v }
        if let v = priorMedian { s.priorMedian = v }
        if let v = priorScale { s.priorScale = v }
        if let v = biasOwn { s.biasOwn = v }
        if let v = biasEnemy { s.biasEnemy = v }
        if let v = biasSD { s.biasSD = v }
        if let v = rho { s.rho = v }
        if noBias { s.useBias = false }
        return s
    }

    func sampler() -> SamplerSettings {
        var s = SamplerSettings()
        s.seed = seed
        s.chains = chains
        s.warmup = warmup
        s.draws = draws
        s.metric = metric
        return s
    }

    /// The analysis options for `theCase` (all method families; the command narrows them),
    /// or a usage error (exit 64) for a bad threshold.
    func options(for theCase: Case) throws -> AnalysisOptions {
        var o = AnalysisOptions()
        o.model = model(defaults: theCase.modelDefaults)
        o.sampler = sampler()
        o.metaMethods = metaMethod.estimators
        o.laplaceFallback = !noFallback
        o.metaTest = metaTest
        for t in thresholds {
            switch Threshold.parse(t, in: theCase) {
            case .success(let th): o.thresholds.append(th)
            case .failure(let e):
                printError("error: --threshold: \(e.message)\n    fix: \(e.fix)")
                throw Exit.usage
            }
        }
        return o
    }
}
