import Foundation

/// Collects per-chain results written from parallel workers.
final class ResultBox<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) {
        lock.lock()
        slots[i] = v
        lock.unlock()
    }
    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}

/// A thread-safe counter for progress reports.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Prior variances of log1p(Q) (`LatentCountModel.priorVarianceOfLog1p(_:)`) already
/// computed, keyed by the prior means then sds of Q's cells. Shared by every thread; at most
/// `capacity` values are kept (the memo is emptied when full), so hostile input with a new
/// prior per event costs the computation, never unbounded memory.
final class PriorVarianceMemo: @unchecked Sendable {
    /// The one memo of the process.
    static let shared = PriorVarianceMemo()
    /// The most values kept.
    static let capacity = 4096
    private var values: [[Double]: Double] = [:]
    private let lock = NSLock()

    /// The value for `key`, computed by `compute` (outside the lock) when not remembered.
    func value(_ key: [Double], compute: () -> Double) -> Double {
        lock.lock()
        let known = values[key]
        lock.unlock()
        if let known { return known }
        let v = compute()
        lock.lock()
        if values.count >= Self.capacity { values.removeAll(keepingCapacity: true) }
        values[key] = v
        lock.unlock()
        return v
    }
}
