import Foundation
import Testing

@testable import LiaisonCore

/// Every message, suggestion and label the message check hands out is in the catalog, in both languages.
@Suite struct GuardCatalogTests {
    static var keys: [String] {
        MessageFinding.codes.flatMap { code in
            let finding = MessageFinding(kind: .date, severity: .warn, start: 0, end: 0, code: code, excerpt: "")
            return [finding.messageKey, finding.suggestionKey]
        } + MessageFindingKind.allCases.map(\.labelKey) + MessageFindingSeverity.allCases.map(\.labelKey)
            + ["badCSV", "emptyFile", "required", "tooLong", "controlCharacter", "invalidChoice", "duplicateValue"]
            .map { ValidationIssue("field", $0).messageKey }
    }

    @Test(arguments: ["en", "zh-Hans"]) func everyKeyIsInTheCatalog(language: String) throws {
        let catalog = try ProjectsCatalogTests.catalog(language)
        let missing = Self.keys.filter { (catalog[$0] ?? "").isEmpty }
        #expect(missing.isEmpty, "missing in \(language): \(missing)")
    }

    @Test(arguments: ["en", "zh-Hans"]) func findingMessagesUseTheirArguments(language: String) throws {
        let catalog = try ProjectsCatalogTests.catalog(language)
        for code in MessageFinding.codes {
            let text = catalog["guard.finding.\(code)"] ?? ""
            for (index, _) in (MessageFinding.argumentOrder[code] ?? []).enumerated() where code != "internalText" {
                #expect(text.contains("{\(index)}"), "guard.finding.\(code) in \(language) lacks {\(index)}")
            }
        }
    }
}
