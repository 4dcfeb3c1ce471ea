import CasualtyData

/// A problem a reader of an estimate must know about, as a value: what happened, which
/// method and quantity it concerns, and a sentence for people. Renderers decide how to show
/// it; `description` is the one-line form (`nuts: killed:iranian: R-hat 1.020 > 1.01`).
public struct AnalysisWarning: Hashable, Sendable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// An approximation could not be computed (no estimates from its method).
        case approximationFailed = "approximation-failed"
        /// NUTS transitions diverged after warm-up.
        case divergences
        /// NUTS transitions hit the maximum tree depth.
        case treeDepth = "tree-depth"
        /// Split R-hat above 1.01.
        case rhat
        /// Bulk or tail effective sample size below 400.
        case lowESS = "low-ess"
        /// A sensitivity scenario's settings do not apply to the case.
        case scenarioNotApplicable = "scenario-not-applicable"
        /// The Laplace approximation failed its importance-sampling check and is shown anyway.
        case approximationNotTrusted = "approximation-not-trusted"
        /// A method could not be trusted and another took its place.
        case fallback
        /// No report is left to estimate from: every figure is the prior's.
        case noEvidence = "no-evidence"
        /// A claim lies so far outside the consensus (posterior predictive p < 0.001) that the
        /// model's noise cannot explain it: the Bayesian intervals are too narrow.
        case claimsConflict = "claims-conflict"
    }

    /// What happened.
    public var kind: Kind
    /// The method that produced it, if one did.
    public var method: MethodID?
    /// The quantity it concerns, if one.
    public var quantity: Quantity?
    /// The explanation, for people.
    public var message: String

    /// A warning of `kind`.
    public init(_ kind: Kind, method: MethodID? = nil, quantity: Quantity? = nil, _ message: String) {
        self.kind = kind
        self.method = method
        self.quantity = quantity
        self.message = message
    }

    /// `method: quantity: message`, leaving out the parts that are absent.
    public var description: String {
        ([method?.rawValue, quantity?.name].compactMap { $0 } + [message]).joined(separator: ": ")
    }
}
