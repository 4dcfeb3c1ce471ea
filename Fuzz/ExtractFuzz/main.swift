import CFuzzer
import CasualtyData
import Foundation

// Any bytes as article text: the extractor never traps; every figure's offsets lie in the
// text with the span the text between them, its claim reads in the claim grammar, its numbers
// are finite and ordered, and a draft case can be built from the figures.
let extractor = Extractor()
let grammar = ClaimGrammar(lexicon: .builtIn)
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        let doc = extractor.extract(text, file: "fuzz.txt")
        for f in doc.figures {
            precondition(0 <= f.start && f.start <= f.end && f.end <= scalars.count, "offsets \(f.start)..<\(f.end)")
            precondition(String(String.UnicodeScalarView(scalars[f.start..<f.end])) == f.span, "span \(f.span.debugDescription)")
            precondition(f.quoteStart <= f.start && f.end <= f.quoteEnd && f.quoteEnd <= scalars.count, "quote offsets")
            if case .failure = grammar.parse(f.claim) { preconditionFailure("claim \(f.claim.debugDescription) does not parse") }
            for v in [f.value, f.low, f.high].compactMap({ $0 }) { precondition(v.isFinite && v >= 0, "number \(v)") }
            if let lo = f.low, let hi = f.high { precondition(lo <= hi, "range \(lo)-\(hi)") }
            precondition(!f.outcome.isEmpty && f.confidence > 0 && f.confidence <= 1, "outcome or confidence")
        }
        _ = DraftCase(documents: [doc], caseID: nil, draftPath: nil)
        return 0
    })
