import Foundation

extension SourceLearning {
    /// How a source's readings scatter about the truth plus the source's bias, on the log1p
    /// scale: the likelihood of `casualty learn`.
    public enum ErrorLaw: Sendable, Hashable {
        /// Normal errors, sd `sigma_s`.
        case normal
        /// Student-t errors with `df` degrees of freedom and scale `sigma_s`.
        case studentT(df: Double)
        /// A contaminated normal: with probability `1 - pi_s` a normal error of sd `sigma_s` about
        /// truth + bias (the source's usual precision), with probability `pi_s` (its gross share)
        /// a gross error from a Student-t with `grossDF` degrees of freedom and a scale `sigma_g`
        /// pooled over sources (at least `3 sigma_s`), centred on the truth (a figure of another definition, a
        /// misprint, a different battle):
        ///
        ///     p(y | theta) = (1 - pi_s) N(y - theta - b_s; sigma_s^2) + pi_s t_df(y - theta; sigma_g^2).
        ///
        /// Compilers that copy one another agree to the man most of the time and disagree now
        /// and then by far; the share of those disagreements, not only the scale of the
        /// agreements, is what tells two such sources apart.
        case contaminated(grossDF: Double)

        /// The log density of a reading as a function of its residual above the truth, for a
        /// source of bias `bias`, (core) scale^2 `scale2`, gross share `grossShare` and gross
        /// scale^2 `grossScale2` (the last two used by the contaminated law only), with its
        /// constants computed once, for evaluating one reading's density at many values of the
        /// truth (`QuantityPosterior`'s grid).
        func density(bias: Double, scale2: Double, grossShare: Double, grossScale2: Double) -> ReadingDensity {
            switch self {
            case .normal:
                return ReadingDensity(bias: bias, core: -0.5 * log(2 * Double.pi * scale2), inverse: 1 / scale2)
            case .studentT(let df):
                return ReadingDensity(
                    bias: bias, core: Self.tConstant(df, scale2), inverse: 1 / scale2, coreDF: df)
            case .contaminated(let df):
                return ReadingDensity(
                    bias: bias, core: log1p(-grossShare) - 0.5 * log(2 * Double.pi * scale2), inverse: 1 / scale2,
                    gross: log(grossShare) + Self.tConstant(df, grossScale2), grossInverse: 1 / grossScale2, grossDF: df)
            }
        }

        /// The Student-t log density's constant, `log Gamma((df + 1) / 2) - log Gamma(df / 2) -
        /// log(df pi s^2) / 2`.
        static func tConstant(_ df: Double, _ scale2: Double) -> Double {
            lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi * scale2)
        }

        /// The variance of a source's errors: `sigma^2` (normal), `sigma^2 df / (df - 2)`
        /// (Student-t), `(1 - pi) sigma^2 + pi sigma_g^2 df / (df - 2)` (contaminated).
        func variance(sigma2: Double, grossShare: Double, grossScale2: Double) -> Double {
            switch self {
            case .normal: return sigma2
            case .studentT(let df): return sigma2 * df / (df - 2)
            case .contaminated(let df): return (1 - grossShare) * sigma2 + grossShare * grossScale2 * df / (df - 2)
            }
        }

        /// The degrees of freedom of the error law's Student-t part (nil: none).
        var tailDF: Double? {
            switch self {
            case .normal: return nil
            case .studentT(let df), .contaminated(let df): return df
            }
        }

        /// For reports: "normal", "Student-t (4 df)", "contaminated normal (gross errors Student-t, 4 df)".
        public var description: String {
            switch self {
            case .normal: return "normal"
            case .studentT(let df): return String(format: "Student-t (%g df)", df)
            case .contaminated(let df): return String(format: "contaminated normal (gross errors Student-t, %g df)", df)
            }
        }
    }
}

extension SourceLearning.ErrorLaw {
    /// Whether this is the contaminated law.
    public var isContaminated: Bool {
        if case .contaminated = self { return true }
        return false
    }
}

extension SourceLearning {
    /// One reading's log density as a function of its residual `r` above the truth, with the
    /// constants of its error law precomputed: the core term `core - z^2 / 2` (normal) or
    /// `core - (df + 1) / 2 log1p(z^2 / df)` (Student-t), `z^2 = (r - bias)^2 inverse`, and for
    /// the contaminated law the log-sum with the gross term `gross - (grossDF + 1) / 2
    /// log1p(r^2 grossInverse / grossDF)`.
    struct ReadingDensity {
        var bias: Double, core: Double, inverse: Double
        var coreDF: Double? = nil
        var gross: Double? = nil, grossInverse = 0.0, grossDF = 4.0

        /// The log density at residual `r`.
        func callAsFunction(_ r: Double) -> Double {
            let z2 = (r - bias) * (r - bias) * inverse
            let c = coreDF.map { core - ($0 + 1) / 2 * log1p(z2 / $0) } ?? core - z2 / 2
            guard let gross else { return c }
            let g = gross - (grossDF + 1) / 2 * log1p(r * r * grossInverse / grossDF)
            return max(c, g) + log1p(exp(-abs(c - g)))
        }
    }
}
