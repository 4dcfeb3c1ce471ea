import CFuzzer
import CasualtyData
import Foundation

// Any bytes as a sources.yaml (casualty learn's output, read by --sources) or as the extract
// rules: learned sources or diagnostics that each have a place and a fix, never a trap;
// accepted sources have positive sigmas and sds, ordered intervals and weights in [0.01, 1].
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(
    LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
        do throws(DataError) {
            let l = try LearnedSources.parse(yaml: text, file: "fuzz.yaml")
            for e in l.sources.values {
                precondition(e.sigma > 0 && e.biasSD > 0 && (0.01...1).contains(e.reliability), "accepted \(e)")
                precondition(e.sigmaInterval.contains(e.sigma), "interval \(e.sigmaInterval) without \(e.sigma)")
            }
        } catch {
            precondition(error.diagnostics.allSatisfy { $0.fix != nil }, "a diagnostic without a fix")
        }
        do throws(DataError) { _ = try ExtractRules.parse(yaml: text, file: "fuzz.yaml") } catch {
            precondition(error.diagnostics.allSatisfy { $0.fix != nil }, "a diagnostic without a fix")
        }
        return 0
    })
