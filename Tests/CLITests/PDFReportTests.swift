import Foundation
import TestSupport
import Testing

/// `casualty report --format pdf`: the HTML report printed by headless Chromium keeps its
/// charts (a page rendered by pdftoppm has ink on it, not a blank page).
@Suite struct PDFReportTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: chromium != nil, "needs headless Chromium (apt-get install chromium)"))
    func thePDFKeepsTheCharts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLITests().run(
            [
                "report", Repo.khanTuman, "--format", "pdf", "--out", "k.pdf", "--no-sensitivity", "--method",
                "weighted,laplace", "--no-timeline",
            ], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = try Data(contentsOf: dir.appendingPathComponent("k.pdf"))
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftoppm") else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/pdftoppm")
        p.arguments = [
            "-r", "30", "-gray", "-f", "2", "-l", "2", dir.appendingPathComponent("k.pdf").path,
            dir.appendingPathComponent("page").path,
        ]
        try p.run()
        p.waitUntilExit()
        let page = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasPrefix("page") })
        let pgm = try Data(contentsOf: dir.appendingPathComponent(page))
        // The page's pixels (after the PGM header): charts' fills and text make a few per cent
        // of them grey; a blank page has none.
        let pixels = pgm.suffix(255 * 330 / 2)
        let ink = pixels.filter { $0 < 230 }.count
        #expect(ink > pixels.count / 50, "page 2 has \(ink) grey pixels of \(pixels.count)")
    }

    @Test func withoutChromiumPDFSaysHowToPrintTheHTML() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = Process()
        p.executableURL = CLITests.binary
        p.arguments = ["report", Repo.khanTuman, "--format", "pdf", "--no-sensitivity", "--method", "weighted", "--no-timeline"]
        p.currentDirectoryURL = dir
        p.environment = ["PATH": dir.path]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 64 && text.contains("--format html"), "\(text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
