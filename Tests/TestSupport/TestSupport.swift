import Foundation

/// Paths of the repository, its fixtures and `../shared` beside it, found from this file's
/// location (`Tests/TestSupport/TestSupport.swift`), for every test target.
public enum Repo {
    /// The repository's root folder.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `relative` inside the repository.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// `relative` inside the repository, as a path.
    public static func path(_ relative: String) -> String { url(relative).path }

    /// The Khan Tuman case file.
    public static let khanTuman = path("Models/khan-tuman-2016/case.yaml")

    /// The `shared` folder beside the repository (seed articles and real data sets).
    public static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")

    /// Whether `../shared` is there; tests that need it are skipped, with this reason, when not.
    public static let sharedAvailable = FileManager.default.fileExists(atPath: shared.appendingPathComponent("seeds").path)

    /// Why a test that needs `../shared` was skipped.
    public static let sharedMissing = "needs ../shared (seed articles and data sets) beside the repository"

    /// A fixture of a test target: `Tests/<target>/Fixtures/<name>`.
    public static func fixture(_ target: String, _ name: String) -> URL {
        url("Tests/\(target)/Fixtures/\(name)")
    }
}

/// Whether `a` and `b` agree within `relative` of the larger magnitude or within
/// `absolute`, whichever is looser.
public func isClose(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 0) -> Bool {
    if a == b { return true }
    guard a.isFinite && b.isFinite else { return false }
    return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}
