import Foundation
import Testing

@testable import CasualtyData

/// The yi,vi table reader: the quote-free fast path and the full CSV parser agree, and
/// errors name file, line and column.
@Suite struct EffectSizeTableTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("casualty-table-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func fastPathAndFullParserAgree() throws {
        let plain = try write("event,yi,vi,note\r\nA,0.1,0.04,x\n\nB, -1.5e-1 ,0.2,y\nB,2,1e-3,z")
        let quoted = try write("event,yi,vi,note\nA,0.1,0.04,\"x, with comma\"\n\nB, -1.5e-1 ,0.2,\"y\"\nB,2,1e-3,z\n")
        defer {
            try? FileManager.default.removeItem(atPath: plain)
            try? FileManager.default.removeItem(atPath: quoted)
        }
        let a = try EffectSizeTable.load(path: plain, groupColumn: "event")
        let b = try EffectSizeTable.load(path: quoted, groupColumn: "event")
        #expect(a.yi == [0.1, -0.15, 2] && a.vi == [0.04, 0.2, 0.001])
        #expect(a.yi == b.yi && a.vi == b.vi && a.groups == b.groups && a.groups == ["A", "B", "B"])
        #expect(a.lines == [2, 4, 5] && b.lines == [2, 4, 5])
    }

    /// Found on hostile input: `meta /dev/zero` read forever. Devices, pipes and directories
    /// are refused before reading, by tables and case files alike.
    @Test func onlyRegularFilesAreRead() {
        for path in ["/dev/zero", FileManager.default.temporaryDirectory.path] {
            for read in [{ _ = try EffectSizeTable.load(path: path) }, { _ = try Case.load(path: path, lexicon: .builtIn) }] {
                do {
                    try read()
                    Issue.record("\(path) should be refused")
                } catch let error as DataError {
                    guard case .missingFile(_, let reason) = error else {
                        Issue.record("\(error)")
                        continue
                    }
                    #expect(reason.contains("not a regular file") || reason.contains("directory"), "\(reason)")
                } catch {
                    Issue.record("\(error)")
                }
            }
        }
    }

    /// Excel's "CSV UTF-8" starts with a byte-order mark, which is not part of the first name.
    @Test func aByteOrderMarkIsNotPartOfTheHeader() throws {
        let path = try write("\u{FEFF}yi,vi\n0.1,0.2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try EffectSizeTable.load(path: path).yi == [0.1])
    }

    /// Variances of 1e-320 made every weight infinite and `meta` wrote nan marked converged:
    /// effects and variances are range-checked on reading.
    @Test func degenerateNumbersAreRefusedWithTheirLocation() throws {
        for (text, column) in [("yi,vi\n0.1,1e-320\n", 2), ("yi,vi\n1e300,0.2\n", 1), ("yi,vi\n0.1,1e300\n", 2)] {
            let path = try write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try EffectSizeTable.load(path: path)
                Issue.record("should throw: \(text)")
            } catch {
                let d = try #require(error.diagnostics.first)
                #expect(d.location?.line == 2 && d.location?.column == column && d.fix != nil, "\(d)")
            }
        }
    }

    @Test func errorsNameLineAndColumn() throws {
        for text in ["yi,vi\n0.1,0.2\n0.3,abc\n", "yi,vi\n\"0.1\",0.2\n0.3,abc\n"] {
            let path = try write(text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try EffectSizeTable.load(path: path)
                Issue.record("should throw")
            } catch {
                let d = try #require(error.diagnostics.first)
                #expect(d.location?.line == 3 && d.location?.column == 2, "\(d)")
            }
        }
        let missing = try write("a,b\n1,2\n")
        defer { try? FileManager.default.removeItem(atPath: missing) }
        #expect(throws: DataError.self) { try EffectSizeTable.load(path: missing) }
        #expect(throws: DataError.self) { try EffectSizeTable.load(path: "/nonexistent/file.csv") }
        let noRows = try write("yi,vi\n")
        defer { try? FileManager.default.removeItem(atPath: noRows) }
        #expect(throws: DataError.self) { try EffectSizeTable.load(path: noRows) }
    }
}
