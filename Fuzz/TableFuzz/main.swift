import CFuzzer
import CasualtyData
import Foundation

// Any bytes as a yi,vi table, through the quote-free fast path and (with a quoted row added)
// the full CSV parser, with and without a group column: reading ends in a table of finite
// numbers or in located diagnostics with a fix, never traps.
let path = NSTemporaryDirectory() + "casualty-fuzz-\(getpid()).csv"
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = Data(UnsafeBufferPointer(start: data, count: size))
        for variant in [bytes, bytes + Data("\n\"q\",1,1\n".utf8)] {
            guard FileManager.default.createFile(atPath: path, contents: variant) else { return 0 }
            defer { unlink(path) }
            for group in [nil, "event"] as [String?] {
                do {
                    let t = try EffectSizeTable.load(path: path, groupColumn: group)
                    precondition(t.yi.allSatisfy(\.isFinite) && t.vi.allSatisfy { $0.isFinite && $0 > 0 })
                } catch {
                    let ds = (error as? DataError)?.diagnostics ?? []
                    precondition(!ds.isEmpty && ds.allSatisfy { $0.fix != nil }, "\(error)")
                }
            }
        }
        return 0
    })
