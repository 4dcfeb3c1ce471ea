import Foundation
import Yams

/// Sources' noise and bias learned across events (`casualty learn`), as written to and read
/// from `sources.yaml` (schema `casualty-sources/1`): per source id its noise scale (sigma on
/// the log1p scale, and the reliability weight `(sigma0 / sigma)^2` that gives it), its bias
/// relative to the anchor, each with a 90% interval and its number of claims, and its bias
/// by relation to the counted group (own, enemy, neutral) where it had claims of that kind.
public struct LearnedSources: Hashable, Sendable {
    /// One source's estimates.
    public struct Entry: Hashable, Sendable {
        /// The source's name as the claims give it.
        public var name: String
        /// Claims that informed the estimates (on quantities at least one other source spoke about).
        public var claims: Int
        /// The noise sd on the log1p scale and its 90% interval.
        public var sigma: Double
        /// The 90% interval of `sigma`.
        public var sigmaInterval: ClosedRange<Double>
        /// The weight `(sigma0 / sigma)^2`, clipped to [0.01, 1].
        public var reliability: Double
        /// The bias on the log1p scale (relative to the anchor), its posterior sd and 90% interval.
        public var bias: Double
        /// The posterior sd of `bias`.
        public var biasSD: Double
        /// The bias by relation ("own", "enemy", "neutral"): (bias, sd, claims).
        public var byRelation: [String: Bias]
        /// The bias by the counted groups' side ("union", "confederacy"; "mixed"), for reading
        /// only (estimation uses the relation): which side's losses a source runs high on.
        public var bySide: [String: Bias]
        /// The bias by the outcomes counted ("killed", "killed+wounded"), for reading only.
        public var byOutcome: [String: Bias]
        /// How often the source strays from the others by far (contaminated error law; nil
        /// under the other laws): its gross share, for reading (the reliability already
        /// counts it).
        public var gross: GrossShare?

        /// A source's estimates.
        public init(
            name: String, claims: Int, sigma: Double, sigmaInterval: ClosedRange<Double>, reliability: Double, bias: Double,
            biasSD: Double, byRelation: [String: Bias] = [:], bySide: [String: Bias] = [:],
            byOutcome: [String: Bias] = [:], gross: GrossShare? = nil
        ) {
            self.name = name
            self.claims = claims
            self.sigma = sigma
            self.sigmaInterval = sigmaInterval
            self.reliability = reliability
            self.bias = bias
            self.biasSD = biasSD
            self.byRelation = byRelation
            self.bySide = bySide
            self.byOutcome = byOutcome
            self.gross = gross
        }

        /// The bias prior for claims of `relation`: the relation's own estimate where the source
        /// had claims of that kind, else the overall one.
        public func bias(for relation: String) -> Bias {
            byRelation[relation] ?? Bias(mean: bias, sd: biasSD, claims: claims)
        }
    }

    /// A source's share of gross errors (readings far from the others, from a wide Student-t
    /// about the truth), its 90% interval and the scale of those errors (log1p scale).
    public struct GrossShare: Hashable, Sendable {
        /// The share, in [0, 1).
        public var share: Double
        /// Its 90% interval.
        public var interval: ClosedRange<Double>
        /// The scale of the gross errors: pooled over sources, or three times the source's own
        /// sigma where that is wider.
        public var scale: Double

        /// A gross share.
        public init(share: Double, interval: ClosedRange<Double>, scale: Double) {
            self.share = share
            self.interval = interval
            self.scale = scale
        }
    }

    /// A bias estimate: mean and sd on the log1p scale, from `claims` claims.
    public struct Bias: Hashable, Sendable {
        /// The bias on the log1p scale.
        public var mean: Double
        /// Its posterior sd.
        public var sd: Double
        /// The claims it rests on.
        public var claims: Int

        /// A bias estimate.
        public init(mean: Double, sd: Double, claims: Int) {
            self.mean = mean
            self.sd = sd
            self.claims = claims
        }
    }

    /// The entries by source id.
    public var sources: [String: Entry]
    /// How the biases are anchored (they are identified only relative to one another).
    public var anchor: String
    /// The noise sd of a reliability-1 source the weights were computed with.
    public var sigma0: Double
    /// Where the file was read from, if it was.
    public var origin: String

    /// Learned sources.
    public init(sources: [String: Entry], anchor: String, sigma0: Double, origin: String = "learned") {
        self.sources = sources
        self.anchor = anchor
        self.sigma0 = sigma0
        self.origin = origin
    }

    /// Reads and checks a `sources.yaml`: every number finite, sigmas and sds positive,
    /// intervals ordered and containing their estimate, reliabilities in [0.01, 1], claims
    /// whole; every problem listed with its line and a fix.
    public static func load(path: String) throws(DataError) -> LearnedSources {
        let (y, root) = try YAMLInput.load(path: path)
        return try decode(y, root)
    }

    /// Reads `sources.yaml` text; `file` names it in diagnostics.
    public static func parse(yaml: String, file: String) throws(DataError) -> LearnedSources {
        let (y, root) = try YAMLInput.parse(text: yaml, file: file)
        return try decode(y, root)
    }

    private static func decode(_ y: YAMLInput, _ root: Node) throws(DataError) -> LearnedSources {
        var out = LearnedSources(sources: [:], anchor: "", sigma0: 0.25, origin: y.file)
        guard
            let top = y.record(
                root, "the learned sources", required: ["schema", "anchor", "sigma0", "sources"],
                optional: ["method", "iterations", "converged", "events", "claims", "pooling"])
        else { throw .invalid(y.diagnostics) }
        if let s = y.string(top["schema"], "schema"), s != "casualty-sources/1" {
            y.error(top["schema"], "unknown schema '\(s)'", fix: "use 'schema: casualty-sources/1' (written by casualty learn)")
        }
        out.anchor = y.string(top["anchor"], "anchor") ?? ""
        if let s0 = y.number(top["sigma0"], "sigma0") {
            if s0 > 0 {
                out.sigma0 = s0
            } else {
                y.error(top["sigma0"], "sigma0 must be positive", fix: "write e.g. sigma0: 0.25")
            }
        }
        guard case .mapping(let m)? = top["sources"] else {
            y.error(top["sources"], "'sources' must be a mapping of source ids", fix: "see the file casualty learn writes")
            throw .invalid(y.diagnostics)
        }
        for (k, v) in m {
            guard let id = k.string, let e = entry(y, v, id: id) else { continue }
            out.sources[id] = e
        }
        if !y.diagnostics.isEmpty { throw .invalid(y.diagnostics) }
        return out
    }

    private static func entry(_ y: YAMLInput, _ node: Node, id: String) -> Entry? {
        guard
            let f = y.record(
                node, "source '\(id)'", required: ["name", "claims", "sigma", "sigma_90", "reliability", "bias", "bias_sd"],
                optional: [
                    "bias_90", "by_relation", "by_side", "by_outcome", "note", "gross_share", "gross_share_90", "gross_sigma",
                ])
        else { return nil }
        let sigmaRange = pair(y, f["sigma_90"], "sigma_90")
        guard let name = y.string(f["name"], "name"), let claims = y.number(f["claims"], "claims"),
            let sigma = y.number(f["sigma"], "sigma"), let reliability = y.number(f["reliability"], "reliability"),
            let bias = y.number(f["bias"], "bias"), let sd = y.number(f["bias_sd"], "bias_sd")
        else { return nil }
        if claims < 0 || claims != claims.rounded() {
            y.error(f["claims"], "claims must be a whole number", fix: "count the claims")
        }
        if !(sigma > 0) { y.error(f["sigma"], "sigma must be positive", fix: "a noise sd on the log1p scale, e.g. 0.3") }
        if !(sd > 0) { y.error(f["bias_sd"], "bias_sd must be positive", fix: "e.g. 0.05") }
        if !(0.01...1).contains(reliability) {
            y.error(f["reliability"], "reliability \(reliability) is outside [0.01, 1]", fix: "use a weight from 0.01 to 1")
        }
        if let r = sigmaRange, !(r.lowerBound <= sigma && sigma <= r.upperBound) {
            y.error(f["sigma_90"], "sigma \(sigma) is outside its interval", fix: "write [low, high] with low <= sigma <= high")
        }
        guard let sigmaRange else { return nil }
        let gross = grossShare(y, f)
        let byRelation = biases(y, f["by_relation"], of: id, keys: ["own", "enemy", "neutral"])
        let bySide = biases(y, f["by_side"], of: id, keys: nil)
        let byOutcome = biases(y, f["by_outcome"], of: id, keys: nil)
        return Entry(
            name: name, claims: Int(claims), sigma: sigma, sigmaInterval: sigmaRange, reliability: reliability, bias: bias,
            biasSD: sd, byRelation: byRelation, bySide: bySide, byOutcome: byOutcome, gross: gross)
    }

    /// The optional `gross_share`, `gross_share_90` and `gross_sigma` of an entry: all three or
    /// none, the share in [0, 1) within its interval, the sigma positive.
    private static func grossShare(_ y: YAMLInput, _ f: [String: Node]) -> GrossShare? {
        guard f["gross_share"] != nil || f["gross_share_90"] != nil || f["gross_sigma"] != nil else { return nil }
        guard let p = y.number(f["gross_share"], "gross_share"), let range = pair(y, f["gross_share_90"], "gross_share_90"),
            let scale = y.number(f["gross_sigma"], "gross_sigma")
        else {
            y.error(f["gross_share"], "gross_share, gross_share_90 and gross_sigma go together", fix: "write all three or none")
            return nil
        }
        if !(0..<1).contains(p) || !range.contains(p) {
            y.error(
                f["gross_share"], "gross_share \(p) must be in [0, 1) and within gross_share_90", fix: "e.g. 0.1 in [0.05, 0.15]")
        }
        if !(scale > 0) { y.error(f["gross_sigma"], "gross_sigma must be positive", fix: "e.g. 0.3") }
        return GrossShare(share: p, interval: range, scale: scale)
    }

    /// A `{key: {bias, bias_sd, claims}}` mapping; `keys` limits the keys (nil: any).
    private static func biases(_ y: YAMLInput, _ node: Node?, of id: String, keys: Set<String>?) -> [String: Bias] {
        guard case .mapping(let m)? = node else { return [:] }
        var out: [String: Bias] = [:]
        for (k, v) in m {
            guard let key = k.string, keys?.contains(key) ?? true else {
                y.error(k, "unknown relation '\(k.string ?? "")'", fix: "use own, enemy or neutral")
                continue
            }
            guard let g = y.record(v, "'\(key)' of '\(id)'", required: ["bias", "bias_sd", "claims"], optional: []),
                let b = y.number(g["bias"], "bias"), let s = y.number(g["bias_sd"], "bias_sd"),
                let n = y.number(g["claims"], "claims")
            else { continue }
            guard s > 0 else {
                y.error(g["bias_sd"], "bias_sd must be positive", fix: "e.g. 0.05")
                continue
            }
            out[key] = Bias(mean: b, sd: s, claims: Int(n))
        }
        return out
    }

    /// A `[low, high]` pair with low <= high.
    private static func pair(_ y: YAMLInput, _ node: Node?, _ what: String) -> ClosedRange<Double>? {
        guard case .sequence(let seq)? = node, seq.count == 2, let a = y.number(seq[0], what), let b = y.number(seq[1], what)
        else {
            y.error(node, "\(what) must be [low, high]", fix: "write two numbers in brackets")
            return nil
        }
        guard a <= b else {
            y.error(node, "\(what) has low \(a) above high \(b)", fix: "swap them")
            return nil
        }
        return a...b
    }
}
