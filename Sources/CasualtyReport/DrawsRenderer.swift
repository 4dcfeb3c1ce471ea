import CasualtyData
import CasualtyModel
import Foundation

/// Every posterior draw as CSV, one row per draw, in the `draws_df` layout of R's
/// posterior package: `.chain`, `.iteration`, `.draw` (1-based; `.draw` runs over all
/// chains), then every model parameter (`z[outcome:group]` on the log scale, biases,
/// origins), then every estimated quantity on the count scale.
///
/// R: `posterior::as_draws_df(read.csv(FILE, check.names = FALSE))`.
/// Python: `pandas.read_csv(FILE)`, then per variable
/// `arviz.from_dict(posterior={name: frame.pivot(index=".iteration", columns=".chain", values=name).T.to_numpy()})`.
public enum DrawsRenderer {
    /// The draws of `fit`, with the values of `quantities`. Numbers are written in their
    /// shortest round-trip form; a non-finite value (none arises from a finite parameter
    /// vector) would be written empty.
    public static func csv(_ fit: PosteriorFit, quantities: [Quantity]) -> String {
        let names = fit.model.parameterNames + quantities.map(\.name)
        var out = ([".chain", ".iteration", ".draw"] + names).map(csvCell).joined(separator: ",") + "\n"
        let values = quantities.map { fit.values(of: $0) }
        var drawIndex = 0
        for (c, chain) in fit.draws.enumerated() {
            for (i, theta) in chain.enumerated() {
                drawIndex += 1
                var cells = ["\(c + 1)", "\(i + 1)", "\(drawIndex)"]
                cells += theta.map { $0.isFinite ? $0.description : "" }
                cells += values.map { v in v[c][i].isFinite ? v[c][i].description : "" }
                out += cells.joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
