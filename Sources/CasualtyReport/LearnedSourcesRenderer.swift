import CasualtyData
import CasualtyModel
import Foundation

/// `casualty learn` output: `sources.yaml` (schema `casualty-sources/1`, read back by
/// `--sources` and checked by `validate`), the terminal table of the learned sources, and the
/// held-out comparison with equal weights.
public enum LearnedSourcesRenderer {
    /// What the fit did, for the file's header.
    public struct Run: Sendable {
        /// Events read, claims used, claims left out (one-sided bounds; quantities one source spoke about).
        public var events: Int
        /// Claims used.
        public var claims: Int
        /// Readings implied by sums of a source's claims, used as comparators.
        public var implied: Int
        /// One-sided bounds left out.
        public var skippedBounds: Int
        /// Claims on quantities only one source spoke about, left out.
        public var skippedAlone: Int
        /// Rounds of the fit and whether it converged.
        public var iterations: Int
        /// Whether the fit converged.
        public var converged: Bool
        /// The spread of biases and the pooled sigma.
        public var tau: Double
        /// The pooled sigma.
        public var s0: Double
        /// The weight of the pooled prior, in claims.
        public var priorClaims: Double
        /// The error law ("contaminated normal (...)", "Student-t (4 df)" or "normal").
        public var errors: String
        /// The pooled scale of the gross errors (contaminated law; nil otherwise).
        public var grossSigma: Double?

        /// A run summary.
        public init(_ data: SourceLearning.Claims, _ fit: SourceLearning.Fit, _ settings: SourceLearning.Settings) {
            events = data.events
            claims = data.claimCount
            implied = data.impliedReadings
            skippedBounds = data.skippedBounds
            skippedAlone = data.skippedAlone
            iterations = fit.iterations
            converged = fit.converged
            tau = fit.tau2.squareRoot()
            s0 = fit.s02.squareRoot()
            priorClaims = settings.priorClaims
            errors = settings.errors.description
            grossSigma = settings.errors.isContaminated ? fit.grossScale2.squareRoot() : nil
        }
    }

    static func n(_ x: Double) -> String { String(format: "%.4f", x) }

    /// The `sources.yaml` text: human-readable and editable (a reliability or bias changed by
    /// hand is read back as written).
    public static func yaml(_ l: LearnedSources, run: Run) -> String {
        var out = """
            # Sources learned across events by `casualty learn`. Biases and sigmas are on the log1p scale
            # (a bias of 0.1 reads about 10% high); sigma is the scale of the error law (under the
            # contaminated law, of a source's usual errors; gross_share is how often it strays by far,
            # by a Student-t of scale gross_sigma); reliability = sigma0^2 / the error variance
            # (gross errors included), clipped to [0.01, 1].
            # Use with --sources in estimate, sensitivity, report and batch; edit freely, `casualty validate` checks it.
            schema: casualty-sources/1
            method: "empirical Bayes, leave-one-out residuals, \(run.errors) errors, partial pooling (tau \(n(run.tau)), s0 \(n(run.s0)), \(String(format: "%g", run.priorClaims)) prior claims\(run.grossSigma.map { ", gross sigma " + n($0) } ?? ""))"
            anchor: \(ExtractRenderer.q(l.anchor))
            sigma0: \(l.sigma0)
            events: \(run.events)
            claims: \(run.claims)  # used; left out: \(run.skippedBounds) one-sided bounds, \(run.skippedAlone) on quantities one source spoke about; \(run.implied) readings implied by sums compared with them
            iterations: \(run.iterations)
            converged: \(run.converged)
            sources:

            """
        for id in l.sources.keys.sorted() {
            let e = l.sources[id]!
            out += "  \(ExtractRenderer.q(id)):\n    name: \(ExtractRenderer.q(e.name))\n    claims: \(e.claims)\n"
            out +=
                "    sigma: \(n(e.sigma))\n    sigma_90: [\(n(e.sigmaInterval.lowerBound)), \(n(e.sigmaInterval.upperBound))]\n"
            out += "    reliability: \(n(e.reliability))\n    bias: \(n(e.bias))\n    bias_sd: \(n(e.biasSD))\n"
            out += "    bias_90: [\(n(e.bias - 1.6449 * e.biasSD)), \(n(e.bias + 1.6449 * e.biasSD))]\n"
            if let g = e.gross {
                out +=
                    "    gross_share: \(n(g.share))\n    gross_share_90: [\(n(g.interval.lowerBound)), \(n(g.interval.upperBound))]\n"
                out += "    gross_sigma: \(n(g.scale))\n"
            }
            for (key, table) in [("by_relation", e.byRelation), ("by_side", e.bySide), ("by_outcome", e.byOutcome)]
            where !table.isEmpty {
                out += "    \(key):\n"
                for (r, b) in table.sorted(by: { $0.key < $1.key }) {
                    out += "      \(ExtractRenderer.q(r)): {bias: \(n(b.mean)), bias_sd: \(n(b.sd)), claims: \(b.claims)}\n"
                }
            }
        }
        return out
    }

    /// The learned sources as a terminal table, most claims first.
    public static func table(_ l: LearnedSources, run: Run) -> String {
        var out = [
            "Sources learned from \(plural(run.claims, "claim")) in \(plural(run.events, "event")) "
                + "(\(run.iterations) iterations, \(run.converged ? "converged" : "NOT converged")); \(l.anchor).",
            "  source                     claims   sigma (90%)          weight   gross   bias (90%)              by side",
        ]
        for (id, e) in l.sources.sorted(by: { ($0.value.claims, $1.key) > ($1.value.claims, $0.key) }) {
            let name = String(terminalSafe(id).prefix(26)).padding(toLength: 26, withPad: " ", startingAt: 0)
            out.append(
                "  \(name) \(String(e.claims).leftPad(6))   "
                    + String(format: "%.3f (%.3f-%.3f)", e.sigma, e.sigmaInterval.lowerBound, e.sigmaInterval.upperBound)
                    + String(format: "   %.3f", e.reliability)
                    + (e.gross.map { String(format: "   %.3f", $0.share) } ?? "       -")
                    + String(format: "   %+.3f (%+.3f to %+.3f)", e.bias, e.bias - 1.6449 * e.biasSD, e.bias + 1.6449 * e.biasSD)
                    + "   "
                    + e.bySide.sorted { $0.key < $1.key }.map { String(format: "%@ %+.3f", $0.key, $0.value.mean) }
                    .joined(separator: ", "))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Held-out claims predicted by the learned sources and by equal weights.
    public static func holdout(_ scores: [SourceLearning.HoldoutScore]) -> String {
        var out = [
            "Held-out claims (log1p scale): mean absolute error and mean log predictive density; the differences",
            "learned - equal with their standard errors (clustered by quantity)",
            "  held out                   claims   MAE learned   MAE equal   difference (se)     LPD learned   LPD equal   difference (se)",
        ]
        for s in scores {
            let name = String(terminalSafe(s.label).prefix(26)).padding(toLength: 26, withPad: " ", startingAt: 0)
            out.append(
                "  \(name) \(String(s.claims).leftPad(6))"
                    + String(
                        format: "   %11.3f   %9.3f   %+.3f (%.3f)", s.maeLearned, s.maeEqual, s.maeLearned - s.maeEqual,
                        s.differenceSE.mae)
                    + String(
                        format: "   %11.3f   %9.3f   %+.3f (%.3f)", s.lpdLearned, s.lpdEqual, s.lpdLearned - s.lpdEqual,
                        s.differenceSE.lpd))
        }
        return out.joined(separator: "\n") + "\n"
    }
}
