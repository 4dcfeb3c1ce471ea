import CasualtyData
import Foundation
import Testing

@testable import CasualtyModel

/// `SourceLearning` against simulated claims with known source noise and bias.
@Suite struct SourceLearningTests {
    /// 2,000 events of 4 cells, 10 exact claims each from 30 sources whose noise sd runs from
    /// 0.1 to 1.0 and bias from -0.4 to +0.4 (log1p scale); returns the claims, the true
    /// sigmas and biases, and the true cells per unit. With `gross`, source s's claims are
    /// instead, with probability `gross(s)`, the truth plus a t(4) error of scale 1 (no bias);
    /// `sds` changes the range of the noise sds.
    static func simulate(
        events: Int = 2000, seed: UInt64 = 7, sds: ClosedRange<Double> = 0.1...1.0, gross: ((Int) -> Double)? = nil,
        partisan: ((_ source: Int, _ cell: Int) -> (relation: String, shift: Double))? = nil
    ) -> (SourceLearning.Claims, [Double], [Double], [Double]) {
        var rng = Xoshiro256(seed: seed)
        let S = 30
        let sigma = (0..<S).map { sds.lowerBound + (sds.upperBound - sds.lowerBound) * Double($0) / Double(S - 1) }
        var bias = (0..<S).map { -0.4 + 0.8 * Double(($0 * 7) % S) / Double(S - 1) }
        let mean = bias.reduce(0, +) / Double(S)
        bias = bias.map { $0 - mean }  // the anchor (all sources neutral): mean bias 0
        var data = SourceLearning.Claims()
        data.sourceIDs = (0..<S).map { "s\($0)" }
        data.sourceNames = data.sourceIDs
        data.neutral = Array(repeating: true, count: S)
        var truth: [Double] = []
        for _ in 0..<events {
            let cells = (0..<4).map { _ in 2.5 + 1.5 * rng.normal() }
            var perCell = [[SourceLearning.Observation]](repeating: [], count: 4)
            for _ in 0..<10 {
                let s = Int.random(in: 0..<S, using: &rng), c = Int.random(in: 0..<4, using: &rng)
                let (relation, shift) = partisan?(s, c) ?? ("neutral", 0)
                var y = cells[c] + bias[s] + shift + sigma[s] * rng.normal()
                if let gross, Double.random(in: 0..<1, using: &rng) < gross(s) {
                    let chi2 = (0..<4).reduce(0.0) { acc, _ in
                        let z = rng.normal()
                        return acc + z * z
                    }
                    y = cells[c] + rng.normal() / (chi2 / 4).squareRoot()
                }
                perCell[c].append(.init(unit: -1, source: s, y: y, kappa2: 0, relation: relation))
            }
            data.events += 1
            for c in 0..<4 where Set(perCell[c].map(\.source)).count >= 2 {
                for var o in perCell[c] {
                    o.unit = data.units
                    data.observations.append(o)
                }
                truth.append(cells[c])
                data.units += 1
            }
        }
        return (data, sigma, bias, truth)
    }

    /// Normal errors, fitted as normal (`errors = .normal`): the default Student-t fit estimates a
    /// scale, not the sd, and is checked on real data (README, "Learning who to trust").
    static var normal: SourceLearning.Settings {
        var s = SourceLearning.Settings()
        s.errors = .normal
        return s
    }

    @Test func recoversNoiseAndBiasOfSimulatedSources() {
        let (data, sigma, bias, _) = Self.simulate()
        let fit = SourceLearning.fit(data, settings: Self.normal)
        #expect(fit.converged)
        var sigmaErrors: [Double] = [], biasErrors: [Double] = [], coveredS = 0, coveredB = 0, n = 0
        let learned = SourceLearning.learned(data, fit, settings: Self.normal)
        for s in 0..<30 where fit.claims[s] >= 50 {
            let e = learned.sources["s\(s)"]!
            sigmaErrors.append(abs(e.sigma / sigma[s] - 1))
            biasErrors.append(abs(e.bias - bias[s]))
            coveredS += e.sigmaInterval.contains(sigma[s]) ? 1 : 0
            coveredB += abs(e.bias - bias[s]) <= 1.6449 * e.biasSD ? 1 : 0
            n += 1
        }
        print(
            "sigma rel. errors max \(sigmaErrors.max()!), bias errors max \(biasErrors.max()!), "
                + "within 0.05: \(biasErrors.filter { $0 <= 0.05 }.count), coverage \(coveredS)/\(n) \(coveredB)/\(n)")
        // Bias: a source of sd 1.0 with 660 claims has a bias sd near 0.04, so 0.05 is a 1.2-sd
        // band; most, not all, sources fall inside it (the intervals' coverage is the check).
        #expect(n == 30 && sigmaErrors.allSatisfy { $0 <= 0.15 } && biasErrors.filter { $0 <= 0.05 }.count >= 24)
        #expect(coveredS >= 23 && coveredB >= 23, "90% intervals cover \(coveredS) and \(coveredB) of 30")
    }

    /// A claim on a sum is compared with the sum of another source's claims on its parts (an
    /// implied reading), which is not itself evidence about that source; a partition needs
    /// every cell, ranges sum their ends, and one-sided bounds imply nothing.
    @Test func sumsOfAnotherSourcesClaimsAreComparators() throws {
        let yaml = """
            schema: casualty-case/1
            case: {id: sums, title: Sums}
            outcomes: [killed, wounded, captured]
            groups: {a: {side: x}}
            documents: {d1: {outlet: D}}
            sources:
              cells: {name: Cells, side: neutral, reliability: 1}
              total: {name: Total, side: neutral, reliability: 1}
            reports:
              - {source: cells, documents: [d1], what: killed, who: a, claim: 10}
              - {source: cells, documents: [d1], what: wounded, who: a, claim: between 20 and 30}
              - {source: cells, documents: [d1], what: captured, who: a, claim: at least 5}
              - {source: total, documents: [d1], what: killed+wounded, who: a, claim: 33}
              - {source: total, documents: [d1], what: killed+wounded+captured, who: a, claim: 45}
            """
        var data = SourceLearning.Claims()
        data.add(try Case.parse(yaml: yaml, file: "sums.yaml", lexicon: .builtIn))
        // killed+wounded: Total's 33 against Cells' 10 + (20 to 30); the three-cell total has no
        // comparator (Cells' captured is a bound), nor have Cells' own claims.
        #expect(data.units == 1 && data.claimCount == 1 && data.impliedReadings == 1 && data.skippedAlone == 3)
        let implied = try #require(data.observations.first { $0.implied })
        #expect(data.sourceIDs[implied.source] == "cells" && implied.parts == 2)
        #expect(abs(implied.y - (log1p(30.0) + log1p(40.0)) / 2) < 1e-12)
        let fit = SourceLearning.fit(data)
        #expect(fit.claims == [0, 1])
    }

    /// Never confidently wrong on a handful of claims: two sources that disagree wildly on
    /// one quantity (0 against 10^10, the largest count a claim may give) cannot tell bias
    /// from noise, so neither gets a bias (within a wide interval) and both a large sigma,
    /// under every law; two that agree on two events are not thereby known to agree to
    /// within 3%.
    @Test func aHandfulOfClaimsLearnsLittle() throws {
        func claims(_ rows: [(String, String, Double)]) throws -> SourceLearning.Claims {
            var data = SourceLearning.Claims()
            for event in Set(rows.map(\.0)).sorted() {
                let reports = rows.filter { $0.0 == event }.map {
                    "  - {source: \($0.1), documents: [d1], what: killed, who: g, claim: \(Int($0.2))}"
                }
                let yaml = """
                    schema: casualty-case/1
                    case: {id: \(event), title: T}
                    outcomes: [killed]
                    groups: {g: {side: x}}
                    documents: {d1: {outlet: D}}
                    sources:
                      a: {name: A, side: neutral, reliability: 1}
                      b: {name: B, side: neutral, reliability: 1}
                    reports:

                    """ + reports.joined(separator: "\n")
                data.add(try Case.parse(yaml: yaml, file: "\(event).yaml", lexicon: .builtIn))
            }
            return data
        }
        let wild = try claims([("e1", "a", 0), ("e1", "b", 1e10)])
        for law in [SourceLearning.ErrorLaw.contaminated(grossDF: 4), .studentT(df: 4), .normal] {
            var settings = SourceLearning.Settings()
            settings.errors = law
            let learned = SourceLearning.learned(wild, SourceLearning.fit(wild, settings: settings), settings: settings)
            for e in learned.sources.values {
                #expect(abs(e.bias) < 0.5 && e.biasSD > 0.05 && e.sigma > 1 && e.reliability < 0.05, "\(law): \(e)")
            }
        }
        let agree = try claims([("e1", "a", 10), ("e1", "b", 10), ("e2", "a", 5), ("e2", "b", 5)])
        let learned = SourceLearning.learned(agree, SourceLearning.fit(agree), settings: .init())
        #expect(learned.sources.values.allSatisfy { $0.sigma > 0.1 && $0.biasSD > 0.05 })
    }

    /// Partisan sources (ten of the thirty, one in three across the noise levels, five of each
    /// side, reading their own side's losses 0.2 low and the enemy's 0.3 high on top of their
    /// own bias; the anchor the neutral twenty): the learned biases by relation recover those of
    /// each partisan source, every one within three of its sds and 0.05 on average, and their
    /// 90% intervals cover about 90% of them; the partisan sources' sigmas are within 15% (the
    /// fit models their offsets by relation, which would otherwise pass for noise).
    @Test func partisanBiasesAreRecoveredByRelation() {
        let partisan = { (s: Int, c: Int) -> (relation: String, shift: Double) in
            guard s % 3 == 2 else { return ("neutral", 0) }
            let own = (s % 6 == 2) == (c < 2)  // cells 0-1 are side A's losses, 2-3 side B's
            return own ? ("own", -0.2) : ("enemy", 0.3)
        }
        var (data, sigma, bias, _) = Self.simulate(seed: 17, partisan: partisan)
        data.neutral = (0..<30).map { $0 % 3 != 2 }
        let neutral = (0..<30).filter { $0 % 3 != 2 }
        let shift = neutral.map { bias[$0] }.reduce(0, +) / 20  // the anchor: the neutral sources' mean bias is 0
        for settings in [Self.normal, SourceLearning.Settings()] {
            let learned = SourceLearning.learned(data, SourceLearning.fit(data, settings: settings), settings: settings)
            var errors: [Double] = [], zs: [Double] = [], sigmaErrors: [Double] = []
            for s in stride(from: 2, to: 30, by: 3) {
                let e = learned.sources["s\(s)"]!
                sigmaErrors.append(abs(e.sigma / sigma[s] - 1))
                for (relation, offset) in [("own", -0.2), ("enemy", 0.3)] {
                    let b = e.bias(for: relation), truth = bias[s] - shift + offset
                    errors.append(abs(b.mean - truth))
                    zs.append(abs(b.mean - truth) / b.sd)
                }
            }
            let covered = zs.filter { $0 <= 1.6449 }.count, mean = errors.reduce(0, +) / 20
            print(
                "partisan \(settings.errors): errors max \(errors.max()!), mean \(mean), |z| max \(zs.max()!), "
                    + "covered \(covered)/20, sigma errors max \(sigmaErrors.max()!)")
            #expect(zs.allSatisfy { $0 <= 3 } && mean <= 0.05 && covered >= 15 && sigmaErrors.allSatisfy { $0 <= 0.15 })
        }
    }

    /// The default contaminated law on the same normal errors: gross shares near 0 and the
    /// sigmas and biases of the normal fit (within 15% and 0.05).
    @Test func theContaminatedLawOnNormalErrorsFindsFewGrossOnes() {
        let (data, sigma, bias, _) = Self.simulate()
        let settings = SourceLearning.Settings()
        let fit = SourceLearning.fit(data, settings: settings)
        let learned = SourceLearning.learned(data, fit, settings: settings)
        let entries = (0..<30).map { learned.sources["s\($0)"]! }
        let sigmaErrors = entries.indices.map { abs(entries[$0].sigma / sigma[$0] - 1) }
        let biasErrors = entries.indices.map { abs(entries[$0].bias - bias[$0]) }
        let shares = entries.compactMap { $0.gross?.share }
        print("contaminated on normal: sigma errors max \(sigmaErrors.max()!), shares max \(shares.max()!)")
        #expect(fit.converged && shares.count == 30 && shares.allSatisfy { $0 < 0.05 })
        #expect(sigmaErrors.allSatisfy { $0 <= 0.15 } && biasErrors.filter { $0 <= 0.05 }.count >= 24)
    }

    /// Contaminated errors, as compilers make them (usual sds 0.03 to 0.3; sources 0-9 never
    /// stray, 10-19 one claim in ten, 20-29 one in four, by a t(4) of scale 1): the
    /// contaminated law recovers the shares (within 0.06) and the usual sds (within 15%); the
    /// intervals of the shares cover at about their rate.
    @Test func theContaminatedLawRecoversGrossShares() {
        let share = { (s: Int) in [0.0, 0.1, 0.25][s / 10] }
        let (data, sigma, _, _) = Self.simulate(seed: 13, sds: 0.03...0.3, gross: share)
        let settings = SourceLearning.Settings()
        let fit = SourceLearning.fit(data, settings: settings)
        let learned = SourceLearning.learned(data, fit, settings: settings)
        let entries = (0..<30).map { learned.sources["s\($0)"]! }
        let shareErrors = entries.indices.map { abs(entries[$0].gross!.share - share($0)) }
        let sigmaErrors = entries.indices.map { abs(entries[$0].sigma / sigma[$0] - 1) }
        let covered = entries.indices.filter { entries[$0].gross!.interval.contains(share($0)) }.count
        print(
            "contaminated: share errors max \(shareErrors.max()!), sigma errors max \(sigmaErrors.max()!), "
                + "covered \(covered)/30, gross sigma \(fit.grossScale2.squareRoot())")
        #expect(fit.converged && shareErrors.allSatisfy { $0 <= 0.06 } && sigmaErrors.allSatisfy { $0 <= 0.15 })
        #expect(covered >= 23)
    }

    /// Held-out readings: with the source known (a random 20%), its learned bias and noise
    /// predict them better than equal weights in error and density; a source held out whole
    /// gets the mixture over the sources seen (each source weighted once, however many claims
    /// it made), which beats one shared scale in density on the average over sources. The
    /// mixture is checked against its closed form.
    @Test func heldOutReadingsArePredictedBetterThanWithEqualWeights() {
        let (data, _, _, _) = Self.simulate(events: 400, seed: 5)
        let scores = SourceLearning.holdout(data, settings: Self.normal, minClaims: 20)
        let random = scores.first { $0.label == "random 20%" }!
        #expect(random.maeLearned < 0.9 * random.maeEqual && random.lpdLearned > random.lpdEqual, "\(random)")
        let whole = scores.filter { $0.label != "random 20%" && $0.label != "every source in turn" }
        let pooled = scores.first { $0.label == "every source in turn" }!
        #expect(pooled.claims == whole.reduce(0) { $0 + $1.claims } && pooled.lpdLearned > pooled.lpdEqual)
        let gain = whole.reduce(0) { $0 + $1.lpdLearned - $1.lpdEqual } / Double(whole.count)
        #expect(whole.count == 30 && gain > 0, "mean LPD gain \(gain)")

        var fit = SourceLearning.fit(data, settings: Self.normal)
        fit.claims = Array(repeating: 0, count: fit.claims.count)
        (fit.claims[0], fit.claims[1], fit.sigma2[0], fit.sigma2[1]) = (30, 10, 0.04, 1.0)
        let p = { (v: Double) in exp(-0.09 / (2 * v)) / (2 * Double.pi * v).squareRoot() }
        let expected = log(0.5 * p(0.05) + 0.5 * p(1.01))
        let got = SourceLearning.newSourceLogDensity(fit) { SourceLearning.logDensity(0.3, 0, fit.sigma2[$0] + 0.01, df: nil) }
        #expect(abs(got - expected) < 1e-12, "\(got) vs \(expected)")
    }

    /// The quantities estimated with the learned sources (precision weights, biases removed)
    /// against equal weights: lower error, and 90% intervals that cover.
    @Test func learnedSourcesEstimateEventsBetterThanEqualWeights() {
        let (data, _, _, truth) = Self.simulate(seed: 11)
        let fit = SourceLearning.fit(data, settings: Self.normal)
        var w = [Double](repeating: 0, count: data.units), m = w, sum = w, count = w
        for o in data.observations {
            let wi = 1 / fit.sigma2[o.source]
            w[o.unit] += wi
            m[o.unit] += wi * (o.y - fit.bias[o.source])
            sum[o.unit] += o.y
            count[o.unit] += 1
        }
        var errLearned = 0.0, errEqual = 0.0, covered = 0
        for u in 0..<data.units {
            let learned = m[u] / w[u], equal = sum[u] / count[u]
            errLearned += abs(learned - truth[u])
            errEqual += abs(equal - truth[u])
            covered += abs(learned - truth[u]) <= 1.6449 / w[u].squareRoot() ? 1 : 0
        }
        let coverage = Double(covered) / Double(data.units)
        print(
            "event error learned \(errLearned / Double(data.units)), equal \(errEqual / Double(data.units)), coverage \(coverage)"
        )
        #expect(errLearned <= 0.8 * errEqual && (0.85...0.95).contains(coverage))
    }
}

/// Learned sources used in estimation: the weight and the bias prior of the sources they know.
@Suite struct LearnedSourcesUseTests {
    static let yaml = """
        schema: casualty-case/1
        case: {id: use, title: Use}
        outcomes: [killed]
        groups: {a: {side: x}}
        documents: {d1: {outlet: D}}
        sources:
          known: {name: Known, side: neutral, reliability: 0.3}
          other: {name: Other, side: neutral, reliability: 0.8}
        reports:
          - {source: known, documents: [d1], what: killed, who: a, claim: 20}
          - {source: other, documents: [d1], what: killed, who: a, claim: 10}
        """

    @Test func learnedWeightsAndBiasesReplaceTheCaseValues() throws {
        let c = try Case.parse(yaml: Self.yaml, file: "case.yaml", lexicon: .builtIn)
        let learned = LearnedSources(
            sources: [
                "known": .init(
                    name: "Known", claims: 100, sigma: 0.1, sigmaInterval: 0.09...0.11, reliability: 1, bias: 0.5, biasSD: 0.01)
            ], anchor: "test", sigma0: 0.25)
        var settings = EvidenceSettings()
        settings.learned = learned
        let plain = try Evidence(c), used = try Evidence(c, settings: settings)
        #expect(plain.weight(of: "known") == 0.3 && used.weight(of: "known") == 1 && used.weight(of: "other") == 0.8)
        let model = LatentCountModel(used, settings: ModelSettings())
        #expect(model.parameterNames.contains("bias[known/learned/neutral]"))
        // Known reads 0.5 high on the log1p scale: its 20 is read as about 12, pulling the estimate down.
        var o = AnalysisOptions()
        o.methods = [.laplace]
        let q = try c.quantity("killed:a").get()
        let a = plain.estimate([q], options: o).estimates[0].best, b = used.estimate([q], options: o).estimates[0].best
        #expect(b < a, "with the learned bias \(b), without \(a)")
        // Sensitivity adds the scenario "hand weights instead of learned", which gives the plain fit back.
        let scenarios = Sensitivity.scenarios(used, options: o)
        let hand = try #require(scenarios.first { $0.id == "hand-weights" })
        #expect(hand.kind == .learned && hand.evidence.learned == nil)
        #expect(!Sensitivity.scenarios(plain, options: o).contains { $0.id == "hand-weights" })
    }

    @Test func aSourcesFileIsCheckedLikeACase() throws {
        let bad = """
            schema: casualty-sources/1
            anchor: test
            sigma0: 0.25
            sources:
              s: {name: S, claims: 3.5, sigma: -1, sigma_90: [0.2, 0.1], reliability: 2, bias: 0, bias_sd: 0.1}
            """
        #expect(throws: DataError.self) { _ = try LearnedSources.parse(yaml: bad, file: "s.yaml") }
        do { _ = try LearnedSources.parse(yaml: bad, file: "s.yaml") } catch {
            #expect(error.diagnostics.count >= 4 && error.diagnostics.allSatisfy { $0.fix != nil && $0.location?.line == 5 })
        }
        // A gross share goes with its interval and scale, inside [0, 1) and its interval.
        let entry = "name: S, claims: 30, sigma: 0.1, sigma_90: [0.08, 0.12], reliability: 1, bias: 0, bias_sd: 0.1"
        let head = "schema: casualty-sources/1\nanchor: test\nsigma0: 0.25\nsources:\n"
        let good = try LearnedSources.parse(
            yaml: head + "  s: {\(entry), gross_share: 0.2, gross_share_90: [0.1, 0.3], gross_sigma: 0.4}\n", file: "s.yaml")
        #expect(good.sources["s"]?.gross == .init(share: 0.2, interval: 0.1...0.3, scale: 0.4))
        for extra in ["gross_share: 0.2", "gross_share: 1.2, gross_share_90: [0.1, 0.3], gross_sigma: 0.4"] {
            #expect(throws: DataError.self) {
                _ = try LearnedSources.parse(yaml: head + "  s: {\(entry), \(extra)}\n", file: "s.yaml")
            }
        }
    }
}
