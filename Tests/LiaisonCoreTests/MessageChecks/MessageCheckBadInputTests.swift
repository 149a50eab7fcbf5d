import Foundation
import Testing

@testable import LiaisonCore

/// Input meant to break or dodge the check: it must answer, quickly, with spans inside the text.
@Suite struct MessageCheckBadInputTests {
    typealias F = MessageCheckFixtures

    func assertSpansInside(_ text: String, _ result: MessageCheckResult) {
        let count = text.unicodeScalars.count
        for finding in result.findings {
            #expect(0 <= finding.start && finding.start <= finding.end && finding.end <= count)
        }
        for commitment in result.commitments {
            #expect(0 <= commitment.start && commitment.start < commitment.end && commitment.end <= count)
        }
    }

    @Test func anEmptyTextHasNoFindings() {
        #expect(F.run("").findings.isEmpty)
        #expect(F.run("   \n").findings.isEmpty)
    }

    @Test func aOneMegabyteTextFinishesQuickly() {
        let paragraph = "您好，关于导出报表的问题，我们已定位原因并将于明天下午三点前发布修复版本。Thanks for your patience. "
        let text = String(repeating: paragraph, count: 1_000_000 / paragraph.utf8.count + 1)
        let start = Date()
        let result = F.run(text)
        #expect(Date().timeIntervalSince(start) < 30)
        assertSpansInside(text, result)
    }

    @Test func aOneMegabyteTextFullOfFindingsFinishesQuickly() {
        let paragraph = "sb 尽快 XXX {{name}} 说了多少遍 明天下午三点前 2月30日 天远物流 soon 内部备注 "
        let text = String(repeating: paragraph, count: 1_000_000 / paragraph.utf8.count + 1)
        let start = Date()
        let result = F.run(text)
        #expect(Date().timeIntervalSince(start) < 60)
        for kind in MessageFindingKind.allCases {
            #expect(result.findings.filter { $0.kind == kind }.count <= MessageCheck.maximumFindingsPerKind)
        }
        assertSpansInside(text, result)
    }

    @Test func emojiMixedScriptsAndLookAlikesNeverCrash() {
        for text in [
            "👍🏻👨‍👩‍👧 ok 好的 ✅", "\u{200B}\u{200D}\u{FEFF}", "ѕb 你是ѕb", "Ｓ Ｂ", "a\u{0301}\u{0301}\u{0301}", "🀄️12月", "2月30日",
            "{{", "【", "<",
        ] {
            assertSpansInside(text, F.run(text))
        }
        #expect(F.run("你是ѕb").findings.map(\.code) == ["disrespect"])
        #expect(F.run("你们自\u{200D}己\u{FEFF}的问题").findings.map(\.code) == ["disrespect"])
    }

    @Test func randomTextNeverCrashesAndSpansStayInside() {
        var generator = CalendarFixtures.SeededGenerator(seed: 19)
        let alphabet = Array("你们自己的问题说了多少遍明天下午三点前周五月底工作日内12/3:0 pmXx{}[]【】<>😀🏻\u{200B}\u{200D}аеоρ.,，。？?吗")
        for _ in 0..<500 {
            let length = Int.random(in: 0..<80, using: &generator)
            let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            assertSpansInside(text, F.run(text))
        }
    }
}
