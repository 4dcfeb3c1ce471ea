import Foundation

/// The standard normal distribution, evaluated stably in the tails.
///
/// `logCDF` uses `erfc` down to x = -30 (where erfc is still accurate to a few ulps) and the
/// asymptotic series of the Mills ratio below it, so log Phi(-40) = -804.608... is returned
/// instead of log(0) = -inf. `quantile` is Wichura's AS 241 (PPND16), accurate to about
/// 1e-16 relative.
public enum StandardNormal {
    static let logRoot2Pi = 0.5 * log(2 * Double.pi)

    /// Density phi(x).
    public static func pdf(_ x: Double) -> Double { exp(-0.5 * x * x - logRoot2Pi) }

    /// log phi(x).
    public static func logPDF(_ x: Double) -> Double { -0.5 * x * x - logRoot2Pi }

    /// Phi(x).
    public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// log Phi(x), finite for every finite x.
    public static func logCDF(_ x: Double) -> Double {
        if x > -30 { return log(0.5 * erfc(-x / 2.0.squareRoot())) }
        // Phi(x) = phi(x)/(-x) * (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 - ...), x -> -inf.
        let z = 1 / (x * x)
        let series = 1 - z * (1 - 3 * z * (1 - 5 * z * (1 - 7 * z)))
        return logPDF(x) - log(-x) + log(series)
    }

    /// The inverse Mills ratio phi(x) / Phi(x), finite for every finite x (about -x far left).
    public static func millsRatio(_ x: Double) -> Double { exp(logPDF(x) - logCDF(x)) }

    /// log(Phi(b) - Phi(a)) for a < b, without cancellation in either tail; -inf when the
    /// interval is empty or not a number (e.g. both ends at -inf).
    public static func logDiffCDF(_ a: Double, _ b: Double) -> Double {
        guard a < b else { return -.infinity }
        if a > 0 {
            // Both in the upper tail: Phi(b) - Phi(a) = Phi(-a) - Phi(-b).
            let la = logCDF(-a), lb = logCDF(-b)
            return la + log1p(-exp(lb - la))
        }
        if b < 0 {
            let la = logCDF(a), lb = logCDF(b)
            return lb + log1p(-exp(la - lb))
        }
        // Straddling 0: both CDFs are moderate, the difference is at least Phi(b)-Phi(0) or so.
        return log(cdf(b) - cdf(a))
    }

    /// The quantile Phi^{-1}(p) for p in (0, 1) (AS 241); -inf at 0 and +inf at 1.
    public static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let r = 0.180625 - q * q
            let num =
                (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.387132872796366608)
            let den =
                (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                    + 42.313330701600911252) * r + 1)
            return q * num / den
        }
        var r = q < 0 ? p : 1 - p
        r = (-log(r)).squareRoot()
        var value: Double
        if r <= 5 {
            r -= 1.6
            let num =
                (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                    + 4.6303378461565452959) * r + 1.42343711074968357734)
            let den =
                (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
                    + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                    + 2.05319162663775882187) * r + 1)
            value = num / den
        } else {
            r -= 5
            let num =
                (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
                    + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                    + 5.4637849111641143699) * r + 6.6579046435011037772)
            let den =
                (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
                    + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                    + 0.59983220655588793769) * r + 1)
            value = num / den
        }
        return q < 0 ? -value : value
    }
}
