import Foundation
import TestSupport
import Testing

/// The Civil War compilers imported as claims, their noise and bias learned, the file checked
/// by `validate`, and used by `batch --sources`.
@Suite struct LearnCLITests {
    func run(_ args: [String], in dir: URL) throws -> CLITests.Run { try CLITests().run(args, in: dir) }

    @Test(.enabled(if: Repo.sharedAvailable, Comment(rawValue: Repo.sharedMissing)))
    func civilWarCompilersAreImportedLearnedAndUsed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("learn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let acw = Repo.shared.appendingPathComponent("data/acw-battles").path
        let imported = try run(["import", "acw", acw, "--out", "acw.csv"], in: dir)
        // 3,504 compiler rows: 4,247 claims on 356 CWSAC battles; 1,037 rows skipped with their reasons
        // (crosswalk entries that are not one-to-one, Native American belligerents, rows without a figure).
        #expect(imported.status == 0 && imported.stderr.contains("3504 rows read, 4247 claims written, 1037 rows rejected"))
        let table = try String(contentsOf: dir.appendingPathComponent("acw.csv"), encoding: .utf8)
        // Livermore's Antietam (his battle 16): kia 2,108 US killed, as written.
        #expect(table.contains("MD003,Livermore,killed,us,2108,"))
        // Fox's "missing" is the Official Records' "captured or missing": at Harpers Ferry, the
        // surrendered garrison (CWSAC: 12,419 captured, 0 missing).
        #expect(table.contains("WV010,Fox,captured+missing,us,12520,"))
        #expect(table.contains("WV010,CWSAC,captured,us,12419,") && !table.contains("WV010,Fox,missing,"))
        #expect(table.contains(",Kennedy,") && table.contains(",Wikipedia,") && table.contains(",Fox,"))

        let learned = try run(["learn", "acw.csv", "--out", "sources.yaml"], in: dir)
        #expect(learned.status == 0 && learned.stderr.contains("converged"), "\(learned.stderr)")
        // The held-out comparison on the first 1,200 claims (the whole table takes minutes in a debug build).
        let head = table.split(separator: "\n", omittingEmptySubsequences: false).prefix(1201).joined(separator: "\n")
        try head.write(to: dir.appendingPathComponent("head.csv"), atomically: true, encoding: .utf8)
        let evaluated = try run(["learn", "head.csv", "--evaluate"], in: dir)
        #expect(evaluated.status == 0 && evaluated.stderr.contains("random 20%") && evaluated.stderr.contains("Livermore"))
        let v = try run(["validate", "sources.yaml"], in: dir)
        #expect(v.status == 0 && v.stdout.contains("8 sources"))
        let batch = try run(["batch", "acw.csv", "--method", "weighted-median", "--sources", "sources.yaml"], in: dir)
        #expect(batch.status == 0 && batch.stdout.contains("MD003"))
        #expect(try run(["learn", "acw.csv", "--reference", "nobody"], in: dir).status == 64)
    }
}
