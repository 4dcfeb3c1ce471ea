import CFuzzer
import CasualtyData
import Foundation

// Any bytes as a case file: decoding ends in a case or in diagnostics that each carry a fix,
// never traps, hangs or expands aliases.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        do {
            _ = try Case.parse(yaml: text, file: "fuzz.yaml", lexicon: .builtIn)
        } catch {
            precondition((error as? DataError)?.diagnostics.allSatisfy { $0.fix != nil } ?? false, "\(error)")
        }
        return 0
    })
