import Foundation

/// A progress bar on standard error: items done, rate and time left (or only the count and
/// rate when the total is not known); at most ten redraws a second, from any thread.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    let unit: String
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool, unit: String = "scenarios") {
        self.enabled = enabled
        self.unit = unit
    }

    func update(_ done: Int, _ total: Int?) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard done == total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(done) / max(elapsed, 1e-9)
        guard let total else {
            FileHandle.standardError.write(Data("\r\(done) \(unit), \(String(format: "%.1f", rate))/s ".utf8))
            drawn = true
            return
        }
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30, filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line =
            "\r[\(bar)] \(done)/\(total) \(unit), \(String(format: "%.1f", rate))/s, \(String(format: "%.0f", left)) s left "
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Progress as `done` items and a `fraction` of the input read (0...1), for inputs whose
    /// item count is not known in advance but whose size is: the time left is extrapolated
    /// from the fraction.
    func update(_ done: Int, fraction: Double) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start), f = min(max(fraction, 0), 1)
        let rate = Double(done) / max(elapsed, 1e-9)
        let left = f > 0 ? elapsed * (1 - f) / f : 0
        let width = 30, filled = Int((Double(width) * f).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line =
            "\r[\(bar)] \(String(format: "%3.0f", 100 * f))% \(done) \(unit), \(String(format: "%.1f", rate))/s, "
            + "\(String(format: "%.0f", left)) s left "
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
