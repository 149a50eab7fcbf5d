import Foundation
import LiaisonCore
import Testing

/// `trimmed()` and `trimmedSpaces()` replace Foundation's trimming: they must agree with it everywhere.
@Suite struct TrimmingTests {
    @Test func everyScalarIsTrimmedExactlyAsFoundationTrimsIt() {
        for value in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "x" + String(scalar)
            let expected = text.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(text.trimmed() == expected, "U+\(String(value, radix: 16))")
            #expect(text.trimmedSpaces() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
        }
    }

    @Test func mixedTextKeepsItsInsideAndCombiningMarks() {
        let samples = [
            "", " ", "\n\t \u{3000}", "  客户 名称  ", "\u{3000}华为技术有限公司\u{3000}", "\r\nline one\nline two\r\n",
            " \u{301}abc", "abc \u{301}", "\u{A0}x\u{A0}", "\u{200B}zero width\u{200B}", "e\u{301} ", " 👍🏽 ", "\t\ttab\t",
            "\u{85}next line\u{2028}", "plain",
        ]
        for text in samples {
            #expect(text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.trimmedSpaces() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
            let slice = text[...]
            #expect(slice.trimmed() == text.trimmed())
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = [" ", "\n", "\t", "\u{3000}", "\u{A0}", "a", "中", "\u{301}", "\r\n", "文", "😀", "\u{2029}"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
            #expect(text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(text.trimmedSpaces() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}
