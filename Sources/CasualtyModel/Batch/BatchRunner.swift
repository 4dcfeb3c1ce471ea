import CasualtyData
import Foundation

/// Estimates the events of a claims table, a chunk at a time, on `threads` workers: each
/// event becomes a case (`ClaimsTable.Event.makeCase(path:columns:lexicon:biasPriors:)`),
/// then the methods of `options` run on every cell and every quantity a claim speaks about
/// (`queries(_:)`), as `casualty estimate` would on the same event written as a case file.
public struct BatchRunner: Sendable {
    /// The claims table's name in diagnostics.
    public var path: String
    /// Each known column's 1-based position, for diagnostics.
    public var columns: [String: Int]
    /// How claims are read.
    public var lexicon: Lexicon
    /// Which methods, with which settings.
    public var options: AnalysisOptions
    /// Workers (at least 1).
    public var threads: Int
    /// Whether each event's contributions to totals are kept (`--total-by`).
    public var collectTotals = false
    /// Sources learned across events (`--sources`), applied to every event.
    public var learned: LearnedSources?
    /// Formats an event's rows for output on the worker that estimated it, so writing is
    /// not left to one thread (nil: rows are not formatted; `Outcome.rows` text is empty).
    public var render: (@Sendable ([BatchRow]) throws -> String)?

    /// Each worker's claims already read (worker w uses only `memos[w]`).
    let memos: [ClaimMemo]

    /// A runner.
    public init(path: String, columns: [String: Int], lexicon: Lexicon, options: AnalysisOptions, threads: Int) {
        self.path = path
        self.columns = columns
        self.lexicon = lexicon
        self.options = options
        self.threads = max(1, threads)
        memos = (0..<max(1, threads)).map { _ in ClaimMemo() }
    }

    /// What one event gave: its rows, or why it could not be estimated.
    public enum Outcome: Sendable {
        /// The event's rows and their text (by `render`); whether NUTS answered for an
        /// untrusted Laplace; whether a short Laplace-metric NUTS run was redone with the
        /// full warm-up (`EstimationResult.nutsFullWarmup`) or went on as long again
        /// (`EstimationResult.nutsExtended`); how many warnings; its
        /// contributions to totals (empty unless `collectTotals`).
        case rows(
            [BatchRow], text: String, fellBack: Bool, fullWarmup: Bool, extended: Bool, warnings: Int,
            totals: [BatchTotals.Contribution])
        /// Why the event could not be estimated, at its rows.
        case invalid(DataError)
    }

    /// The outcome of each event of `chunk`, in order.
    public func run(_ chunk: [ClaimsTable.Event]) -> [Outcome] {
        let box = ResultBox<Outcome>(count: chunk.count)
        let workers = min(threads, chunk.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: chunk.count, by: workers) { box.set(i, estimate(chunk[i], memo: memos[w])) }
        }
        return box.values
    }

    /// Every cell of the case, then its default quantities (what the claims speak about).
    public static func queries(_ c: Case) -> [Quantity] {
        var out = c.cellQuantities
        for q in c.defaultQuantities where !out.contains(q) { out.append(q) }
        return out
    }

    /// One event's outcome (`memo`: claims already read by this thread).
    public func estimate(_ event: ClaimsTable.Event, memo: ClaimMemo? = nil) -> Outcome {
        switch event.makeCase(path: path, columns: columns, lexicon: lexicon, memo: memo) {
        case .failure(let e): return .invalid(e)
        case .success(let theCase):
            return estimate(theCase, event: event.id, extras: event.extras, line: event.line)
        }
    }

    /// The cases of `cases` (a directory of case files), in order, each its own event.
    public func run(cases: [Case]) -> [Outcome] {
        let box = ResultBox<Outcome>(count: cases.count)
        let workers = min(threads, cases.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: cases.count, by: workers) {
                box.set(i, estimate(cases[i], event: cases[i].info.id, extras: [], line: 1))
            }
        }
        return box.values
    }

    /// `theCase`'s outcome as event `event`.
    func estimate(_ theCase: Case, event: String, extras: [String], line: Int) -> Outcome {
        do {
            var settings = EvidenceSettings()
            settings.learned = learned
            let evidence = try Evidence(theCase, settings: settings)
            let result = evidence.estimate(Self.queries(theCase), options: options)
            let rows = BatchRow.rows(of: result, event: event, extras: extras)
            let text: String
            do { text = try render?(rows) ?? "" } catch {
                return .invalid(
                    .invalid([
                        Diagnostic(
                            SourceLocation(file: theCase.path, line: line, column: 1),
                            "event '\(event)': its rows cannot be written: \(error)", fix: "report this as a bug")
                    ]))
            }
            return .rows(
                rows, text: text, fellBack: result.laplaceCheck?.fellBack == true, fullWarmup: result.nutsFullWarmup,
                extended: result.nutsExtended,
                warnings: result.warnings.count,
                totals: collectTotals ? BatchTotals.contributions(of: result) : [])
        } catch {
            return .invalid(
                .invalid([
                    Diagnostic(
                        SourceLocation(file: theCase.path, line: line, column: 1), "event '\(event)': \(error.message)",
                        fix: error.fix)
                ]))
        }
    }
}
