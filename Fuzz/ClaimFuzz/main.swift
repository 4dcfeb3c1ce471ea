import CFuzzer
import CasualtyData
import Foundation

// Any bytes as a claim's text: the grammar answers with a claim or an error, never traps; a
// claim it accepts is finite, ordered and not negative.
let grammar = ClaimGrammar(lexicon: .builtIn)
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        if case .success(let claim) = ClaimGrammar(lexicon: .builtIn).parse(text) {
            precondition(claim.lower.isFinite && claim.lower >= 0, "lower bound \(claim.lower) from \(text.debugDescription)")
            if let upper = claim.upper { precondition(upper >= claim.lower, "inverted claim from \(text.debugDescription)") }
        }
        return 0
    })
