import Foundation
import Testing

@testable import LiaisonCore

@Suite struct AuditContentTests {
    private func content(actor: String = "li.na@corp.cn", changes: String = "{}", recordID: String? = "r1") -> AuditContent {
        AuditContent(
            sequence: 7, occurredAtMillis: 1_790_000_000_123, actorID: nil, actorLabel: actor, action: "user.update",
            recordType: "user", recordID: recordID, address: "10.0.0.1", changes: changes)
    }

    @Test func theTextIsStableAndOrdered() {
        #expect(content().canonicalText == "v1\n7\n1790000000123\n-\n=li.na@corp.cn\n=user.update\n=user\n=r1\n=10.0.0.1\n={}")
    }

    @Test func recordTypesKeepTheTextTheTrailStores() {
        // Existing entries are hashed with these words: renaming a case must not change them.
        #expect(
            AuditRecordType.allCases.map(\.rawValue) == [
                "apiToken", "attachment", "calendar", "cannedResponse", "contact", "customer", "database", "department",
                "import", "mailbox", "mail", "mailQuarantine", "interaction", "request", "search", "session", "slaPolicy",
                "system", "user", "webhook", "robot", "announcement", "settings", "survey", "project",
                "requirement", "requirementDocument",
                "task", "milestone", "communicationPlan", "risk", "projectIssue", "progressReport", "projectReview",
                "evaluation", "improvement", "meeting", "changeRequest", "qualityCheck", "commitment",
            ])
    }

    @Test func noValueCanImitateAnotherField() {
        // Without escaping, a label with a line break could make two different entries hash alike.
        let forged = content(actor: "li.na@corp.cn\n=user.update")
        #expect(forged.canonicalText != content().canonicalText)
        #expect(forged.canonicalText.components(separatedBy: "\n").count == 10)
        #expect(content(recordID: nil).canonicalText != content(recordID: "").canonicalText)
    }

    @Test func escapingIsExactlyTheOriginalCharacterByCharacterForm() {
        // Entries already hashed must verify: the escaped text cannot change, whatever the value holds.
        func original(_ value: String) -> String {
            var out = "="
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        let pieces = ["a", "张", "\\", "\n", "\r", "\r\n", "😀", "e\u{301}", "\"", " ", "\u{0}", "\u{85}", "\u{2028}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let value = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(AuditContent.escape(value) == original(value), "\(value.debugDescription)")
        }
        #expect(AuditContent.escape(nil) == "-")
        #expect(AuditContent.escape("a\\b\nc\rd") == "=a\\\\b\\nc\\rd")
    }

    @Test func theChainedTextStartsWithThePreviousHash() {
        #expect(content().chainedText(previousHash: "abc").hasPrefix("abc\nv1\n"))
    }

    @Test func changesRecordOnlyRealChanges() {
        var changes = AuditChanges()
        changes.field("name", from: "张伟", to: "张伟")
        #expect(changes.isEmpty)
        changes.field("name", from: "张伟", to: "张薇")
        #expect(changes.fields["name"] == .init(from: "张伟", to: "张薇"))
    }
}
