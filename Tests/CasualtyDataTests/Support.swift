import Foundation
@_exported import TestSupport

@testable import CasualtyData

/// A minimal valid case; tests splice faults into it.
let minimalCase = """
    schema: casualty-case/1
    case: {id: test, title: Test}
    outcomes: [killed, wounded]
    groups:
      a: {side: blue}
      b: {side: blue}
      c: {side: red}
    aggregates:
      blues: [a, b]
    documents:
      d1: {outlet: Daily}
    sources:
      s1: {name: One, side: neutral, reliability: 0.5}
      s2: {name: Two, side: blue, reliability: 1}
    reports:
      - {source: s1, documents: [d1], what: killed, who: a, claim: 13}
      - {source: s2, what: killed, who: blues, claim: "at least 18"}
    """

/// Parses `yaml` and returns its diagnostics (empty when it is valid).
func diagnostics(_ yaml: String, file: String = "case.yaml") -> [Diagnostic] {
    do {
        _ = try Case.parse(yaml: yaml, file: file, lexicon: .builtIn)
        return []
    } catch {
        return error.diagnostics
    }
}
