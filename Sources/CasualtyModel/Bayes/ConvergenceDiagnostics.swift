import Foundation

/// Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
/// "Rank-normalization, folding, and localization: an improved R-hat", as implemented in
/// the R package `posterior` (`rhat`, `ess_bulk`, `ess_tail`).
///
/// Input: `chains[m][i]`, draw i of chain m, every chain the same length. Chains are split in
/// half (an odd last draw is dropped), values rank-normalised over all draws
/// (z = Phi^{-1}((rank - 3/8) / (S + 1/4)), ties averaged).
public enum Diagnostics {
    /// Rank-normalised split R-hat: the larger of the R-hat of the rank-normalised draws and of
    /// the rank-normalised folded draws |x - median|. Near 1 when chains agree; > 1.01 warns.
    public static func rhat(_ chains: [[Double]]) -> Double {
        let split = splitChains(chains)
        let folded = foldAroundMedian(split)
        return max(basicRhat(zScale(split)), basicRhat(zScale(folded)))
    }

    /// Bulk effective sample size: ESS of the rank-normalised split chains.
    public static func essBulk(_ chains: [[Double]]) -> Double {
        ess(zScale(splitChains(chains)))
    }

    /// Tail effective sample size: the smaller ESS of the indicators x <= q5% and x <= q95%.
    public static func essTail(_ chains: [[Double]]) -> Double {
        let split = splitChains(chains)
        let all = sortedValues(split.flatMap { $0 })
        let q05 = quantile(sorted: all, 0.05), q95 = quantile(sorted: all, 0.95)
        let i05 = split.map { $0.map { $0 <= q05 ? 1.0 : 0.0 } }
        let i95 = split.map { $0.map { $0 <= q95 ? 1.0 : 0.0 } }
        return min(ess(i05), ess(i95))
    }

    /// Each chain cut into its first and second halves.
    static func splitChains(_ chains: [[Double]]) -> [[Double]] {
        chains.flatMap { c -> [[Double]] in
            let half = c.count / 2
            guard half > 0 else { return [c] }
            return [Array(c[0..<half]), Array(c[half..<(2 * half)])]
        }
    }

    static func foldAroundMedian(_ chains: [[Double]]) -> [[Double]] {
        let med = quantile(sorted: sortedValues(chains.flatMap { $0 }), 0.5)
        return chains.map { $0.map { abs($0 - med) } }
    }

    /// R-hat, bulk ESS and tail ESS of one quantity's chains together: the numbers `rhat`,
    /// `essBulk` and `essTail` give one by one, with the split chains' values sorted once
    /// for their ranks, their median and their tail quantiles (five sorts become two).
    public static func convergence(_ chains: [[Double]]) -> Convergence {
        let split = splitChains(chains)
        let flat = split.flatMap { $0 }
        let order = ascendingOrder(flat) ?? flat.indices.sorted { flat[$0] < flat[$1] }
        let sorted = order.map { flat[$0] }
        let z = zScale(split, flat: flat, order: order)
        let med = quantile(sorted: sorted, 0.5)
        let folded = split.map { $0.map { abs($0 - med) } }
        let rhat = max(basicRhat(z), basicRhat(zScale(folded)))
        let q05 = quantile(sorted: sorted, 0.05), q95 = quantile(sorted: sorted, 0.95)
        let i05 = split.map { $0.map { $0 <= q05 ? 1.0 : 0.0 } }
        let i95 = split.map { $0.map { $0 <= q95 ? 1.0 : 0.0 } }
        return Convergence(rhat: rhat, essBulk: ess(z), essTail: min(ess(i05), ess(i95)))
    }

    /// R-hat and the bulk and tail effective sample sizes of one quantity.
    public struct Convergence: Hashable, Sendable {
        /// Rank-normalised split R-hat (`rhat`).
        public var rhat: Double
        /// Bulk ESS (`essBulk`).
        public var essBulk: Double
        /// Tail ESS (`essTail`).
        public var essTail: Double
    }

    /// Rank normalisation over all chains (average ranks for ties).
    static func zScale(_ chains: [[Double]]) -> [[Double]] {
        let flat = chains.flatMap { $0 }
        let order = ascendingOrder(flat) ?? flat.indices.sorted { flat[$0] < flat[$1] }
        return zScale(chains, flat: flat, order: order)
    }

    /// Rank normalisation of `chains`, whose values are `flat` in ascending `order`.
    static func zScale(_ chains: [[Double]], flat: [Double], order: [Int]) -> [[Double]] {
        let s = Double(flat.count)
        var ranks = [Double](repeating: 0, count: flat.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && flat[order[j + 1]] == flat[order[i]] { j += 1 }
            let avg = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = avg }
            i = j + 1
        }
        var out: [[Double]] = []
        var offset = 0
        for c in chains {
            out.append((0..<c.count).map { StandardNormal.quantile((ranks[offset + $0] - 0.375) / (s + 0.25)) })
            offset += c.count
        }
        return out
    }

    /// Classic (non-split) R-hat of equal-length chains.
    static func basicRhat(_ chains: [[Double]]) -> Double {
        let m = Double(chains.count), n = Double(chains.first?.count ?? 0)
        guard m > 1, n > 1 else { return .nan }
        let means = chains.map { $0.reduce(0, +) / n }
        let vars = zip(chains, means).map { c, mu in c.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / (n - 1) }
        let grand = means.reduce(0, +) / m
        let b = n * means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / (m - 1)
        let w = vars.reduce(0, +) / m
        guard w > 0 else { return b == 0 ? 1 : .infinity }
        return (((n - 1) / n * w + b / n) / w).squareRoot()
    }

    /// Effective sample size with Geyer's initial monotone sequence (posterior's `ess_basic`
    /// on already split chains).
    static func ess(_ chains: [[Double]]) -> Double {
        let m = chains.count
        guard let n = chains.first?.count, n >= 4, m >= 1 else { return .nan }
        let means = chains.map { $0.reduce(0, +) / Double(n) }
        // Biased autocovariances at lag t, computed lazily.
        var cache: [Int: Double] = [:]
        func meanAcov(_ t: Int) -> Double {
            if let v = cache[t] { return v }
            var total = 0.0
            for (c, mu) in zip(chains, means) {
                var s = 0.0
                for i in 0..<(n - t) { s += (c[i] - mu) * (c[i + t] - mu) }
                total += s / Double(n)
            }
            let v = total / Double(m)
            cache[t] = v
            return v
        }
        let meanVar = meanAcov(0) * Double(n) / Double(n - 1)
        var varPlus = meanVar * Double(n - 1) / Double(n)
        if m > 1 {
            let g = means.reduce(0, +) / Double(m)
            varPlus += means.reduce(0) { $0 + ($1 - g) * ($1 - g) } / Double(m - 1)
        }
        guard varPlus > 0 else { return .nan }
        var rho = [Double](repeating: 0, count: n)
        rho[0] = 1
        var t = 0
        var rhoEven = 1.0
        var rhoOdd = 1 - (meanVar - meanAcov(1)) / varPlus
        rho[1] = rhoOdd
        while t < n - 5 && (rhoEven + rhoOdd) > 0 {
            t += 2
            rhoEven = 1 - (meanVar - meanAcov(t)) / varPlus
            rhoOdd = 1 - (meanVar - meanAcov(t + 1)) / varPlus
            if rhoEven + rhoOdd >= 0 {
                rho[t] = rhoEven
                rho[t + 1] = rhoOdd
            }
        }
        let maxT = t
        if rhoEven > 0 { rho[maxT] = rhoEven }
        // Initial monotone sequence.
        t = 0
        while t <= maxT - 4 {
            t += 2
            if rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1] {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2
                rho[t + 1] = rho[t]
            }
        }
        let total = Double(m * n)
        var tau = -1.0
        for k in 0..<maxT { tau += 2 * rho[k] }
        tau += rho[maxT]
        tau = max(tau, 1 / log10(total))
        return total / tau
    }

    /// The sample variance (n - 1 in the denominator); 0 for fewer than two values.
    public static func variance(_ x: [Double]) -> Double {
        guard x.count > 1 else { return 0 }
        let m = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// `x` in ascending order. Values that are all zero or positive (posterior counts) are
    /// sorted by a least-significant-digit radix sort on their bit patterns, which order such
    /// doubles as the numbers do (8 passes of 8 bits, a pass skipped where every value shares
    /// its byte): linear time and the same order (a checked-Laplace batch of 1,000 events
    /// spent a seventh of its time sorting draws; it now takes 8% less time). Anything else
    /// (a negative number, -0, NaN) uses the comparison sort.
    static func sortedCounts(_ x: [Double]) -> [Double] {
        guard x.count > 64, x.allSatisfy({ $0.sign == .plus && !$0.isNaN }) else { return x.sorted() }
        var keys = x.map(\.bitPattern), scratch = keys
        var counts = byteCounts(keys)
        for b in 0..<8 where startPass(&counts, byte: b, of: keys) {
            let base = b * 256, shift = 8 * UInt64(b)
            for k in keys {
                let d = base + Int((k >> shift) & 0xFF)
                scratch[counts[d]] = k
                counts[d] += 1
            }
            swap(&keys, &scratch)
        }
        return keys.map(Double.init(bitPattern:))
    }

    /// The histograms of the 8 bytes of `keys`: `counts[b * 256 + d]` keys have byte b equal
    /// to d (byte 0 the least significant).
    static func byteCounts(_ keys: [UInt64]) -> [Int] {
        var counts = [Int](repeating: 0, count: 8 * 256)
        for k in keys {
            for b in 0..<8 { counts[b * 256 + Int((k >> (8 * UInt64(b))) & 0xFF)] += 1 }
        }
        return counts
    }

    /// Turns byte `b`'s histogram into the first slot of each bucket (exclusive prefix sums)
    /// for a radix pass over `keys`; false, and nothing to do, when every key has the same
    /// byte there (one bucket: nothing moves).
    static func startPass(_ counts: inout [Int], byte b: Int, of keys: [UInt64]) -> Bool {
        let base = b * 256
        guard let first = keys.first, counts[base + Int((first >> (8 * UInt64(b))) & 0xFF)] != keys.count else { return false }
        var offset = 0
        for d in 0..<256 {
            let c = counts[base + d]
            counts[base + d] = offset
            offset += c
        }
        return true
    }

    /// An order-preserving key of a double that is not NaN: its bit pattern with the sign bit
    /// set when it is positive, every bit flipped when it is negative, so that keys compare
    /// as the numbers do (-0 sorts just below +0; `==` holds them equal, so ties stay adjacent).
    @inline(__always)
    static func orderKey(_ x: Double) -> UInt64 {
        x.sign == .minus ? ~x.bitPattern : x.bitPattern | (1 << 63)
    }

    /// `x` in ascending order by the radix sort of `ascendingOrder(_:)` (the comparison sort
    /// for 64 values or fewer, or with a NaN). Used where only comparisons with the sorted
    /// values matter (quantile thresholds, the median to fold around).
    static func sortedValues(_ x: [Double]) -> [Double] {
        guard let order = ascendingOrder(x) else { return x.sorted() }
        return order.map { x[$0] }
    }

    /// The positions of `x` in ascending order of value, equal values in the order they come
    /// (nil for 64 values or fewer, or with a NaN: the caller's comparison sort is as fast
    /// there, and NaN has no place): a least-significant-digit radix sort of `orderKey` with
    /// the positions carried along, 8 passes of 8 bits, a pass skipped where every key shares
    /// its byte. Rank normalisation sorted the draws of every parameter with a comparison
    /// closure, a fifth of a NUTS batch; this gives the same ranks in linear time.
    static func ascendingOrder(_ x: [Double]) -> [Int]? {
        guard x.count > 64, !x.contains(where: \.isNaN) else { return nil }
        var keys = x.map(orderKey), keyScratch = keys
        var order = Array(x.indices), orderScratch = order
        var counts = byteCounts(keys)
        for b in 0..<8 where startPass(&counts, byte: b, of: keys) {
            scatter(keys, order, into: &keyScratch, &orderScratch, counts: &counts, base: b * 256, shift: 8 * UInt64(b))
            swap(&keys, &keyScratch)
            swap(&order, &orderScratch)
        }
        return order
    }

    /// One pass of `ascendingOrder(_:)`: each key and its position to the slot its byte at
    /// `shift` gives (`counts[base + byte]`, then advanced), through unsafe buffers, since
    /// this loop is the whole of the sort (a checked access per element doubled it).
    static func scatter(
        _ keys: [UInt64], _ order: [Int], into keyOut: inout [UInt64], _ orderOut: inout [Int], counts: inout [Int],
        base: Int, shift: UInt64
    ) {
        keys.withUnsafeBufferPointer { k in
            order.withUnsafeBufferPointer { o in
                keyOut.withUnsafeMutableBufferPointer { ko in
                    orderOut.withUnsafeMutableBufferPointer { oo in
                        counts.withUnsafeMutableBufferPointer { c in
                            for j in 0..<k.count {
                                let d = base + Int((k[j] >> shift) & 0xFF)
                                ko[c[d]] = k[j]
                                oo[c[d]] = o[j]
                                c[d] += 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The p-quantile of sorted values, R's type 7 (linear interpolation between order
    /// statistics).
    public static func quantile(sorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }

    /// The same p-quantile of values in any order (no NaN), by selection: the order statistic
    /// at floor(h) (`select(_:rank:)`), then the least value after it; equal to
    /// `quantile(sorted: x.sorted(), p)`.
    public static func quantile(unsorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        var a = x
        let h = Double(a.count - 1) * p
        let lo = Int(h.rounded(.down))
        select(&a, rank: lo)
        let next = lo + 1 < a.count ? a[(lo + 1)...].min() ?? a[lo] : a[lo]
        return a[lo] + (h - Double(lo)) * (next - a[lo])
    }

    /// Reorders `a` (no NaN) so that `a[rank]` is its rank-th smallest value (0-based), none
    /// before it larger and none after it smaller: Hoare's selection with a middle pivot,
    /// expected linear time where sorting is O(n log n).
    static func select(_ a: inout [Double], rank: Int) {
        var lo = 0, hi = a.count - 1
        while lo < hi {
            let pivot = a[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j { hi = j } else if rank >= i { lo = i } else { return }
        }
    }
}
