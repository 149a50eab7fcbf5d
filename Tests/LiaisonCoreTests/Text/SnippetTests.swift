import Testing

@testable import LiaisonCore

@Suite struct SnippetTests {
    @Test func cutsAroundTheFirstTermFoundSkippingTheTitleLine() {
        let text = "合同续签\n" + String(repeating: "前文", count: 30) + "合同条款已确认" + String(repeating: "后文", count: 30)
        let snippet = Snippet.around(["发票", "合同"], in: text, skippingFirstLine: true, radius: 4)
        #expect(snippet == "…前文前文合同条款已确…")
    }

    @Test func keepsShortTextWholeAndFlattensLines() {
        #expect(Snippet.around(["b"], in: "title\na\nb c", skippingFirstLine: true) == "a b c")
        #expect(Snippet.around(["x"], in: "just one line", skippingFirstLine: false) == "just one line")
        #expect(Snippet.around(["x"], in: "title\n", skippingFirstLine: true) == "")
    }

    @Test func withoutAMatchShowsTheBeginning() {
        let text = "t\n" + String(repeating: "abc ", count: 50)
        #expect(Snippet.around(["zzz"], in: text, skippingFirstLine: true, radius: 3) == "abc ab")
    }

    @Test func aMatchInsideAComposedCharacterWidensToIt() {
        // "é" written as e + combining acute: a search for "e" lands inside the character.
        let text = "t\nxx cafe\u{301} yy"
        #expect(Snippet.around(["e"], in: text, skippingFirstLine: true, radius: 1) == "…fe\u{301} …")
    }

    @Test func aFoldedMatchIsShownAsWritten() {
        let written = "臺北貿易\n" + String(repeating: "前文", count: 10) + "請提供報價單。謝謝" + String(repeating: "後文", count: 10)
        let (text, unfolded) = SearchText.normaliseKeepingScript(written)
        #expect(unfolded == written)
        #expect(Snippet.around(["报价"], in: text, shown: unfolded, skippingFirstLine: true, radius: 3) == "…請提供報價單。謝…")
        #expect(Snippet.around(["报价"], in: text, skippingFirstLine: true, radius: 3) == "…请提供报价单。谢…")
        // A fold outside the Basic Multilingual Plane changes the bytes, not the characters.
        let (wide, wideShown) = SearchText.normaliseKeepingScript("t\n㠣 臺 报价")
        #expect(wide == "t\n𫵷 台 报价")
        #expect(Snippet.around(["报价"], in: wide, shown: wideShown, skippingFirstLine: true, radius: 3) == "… 臺 报价")
        #expect(Snippet.around(["zz"], in: wide, shown: wideShown, skippingFirstLine: true, radius: 2) == "㠣 臺 ")
    }

    @Test func findsByteOffsets() {
        #expect(Snippet.firstOffset(of: Array("合同".utf8), in: Array("签合同".utf8)) == 3)
        #expect(Snippet.firstOffset(of: Array("ab".utf8), in: Array("a".utf8)) == nil)
        #expect(Snippet.firstOffset(of: [], in: Array("a".utf8)) == nil)
    }
}

@Suite struct SnippetMarkingTests {
    @Test func matchesAreMarkedInTheTextAsWritten() {
        #expect(
            Snippet.marked("上海星河科技有限公司", terms: ["星河"])
                == [MarkedText("上海", match: false), MarkedText("星河", match: true), MarkedText("科技有限公司", match: false)])
        // Upper case, full width and traditional characters are found by their normalised form and shown as written.
        #expect(Snippet.marked("Huawei Cloud", terms: ["cloud"]).filter(\.match).map(\.text) == ["Cloud"])
        #expect(Snippet.marked("型号ＡＢＣ１２３", terms: ["abc123"]).filter(\.match).map(\.text) == ["ＡＢＣ１２３"])
        #expect(Snippet.marked("臺北貿易", terms: ["台北"]).filter(\.match).map(\.text) == ["臺北"])
        // Every term, every time; the pieces are the whole text.
        let pieces = Snippet.marked("发票金额错误，请重开发票", terms: ["发票", "错误"])
        #expect(pieces.filter(\.match).map(\.text) == ["发票", "错误", "发票"])
        #expect(pieces.map(\.text).joined() == "发票金额错误，请重开发票")
        #expect(Snippet.marked("", terms: ["x"]).isEmpty)
        #expect(Snippet.marked("abc", terms: [""]) == [MarkedText("abc", match: false)])
    }

    @Test func anExcerptIsCutFromTheTextAsWritten() {
        let text = String(repeating: "前文", count: 30) + "\n请提供ＡＢＣ公司的報價單，謝謝！" + String(repeating: "后文", count: 30)
        #expect(Snippet.excerpt(["abc公司的报价"], in: text, radius: 3) == "…请提供ＡＢＣ公司的報價單，謝…")
        #expect(Snippet.excerpt(["报价单"], in: "Invoice: 報價單 No.7", radius: 40) == "Invoice: 報價單 No.7")
        // Upper case, accents (the slow path) and a term that ends inside a composed character.
        #expect(Snippet.excerpt(["café"], in: "Visit the CAFÉ today", radius: 2) == "…e CAFÉ t…")
        #expect(Snippet.excerpt(["caf"], in: "Le Café", radius: 1) == "… Café")
        // No term in the text: its start; nothing to show: nothing.
        #expect(Snippet.excerpt(["zzz"], in: "abcdef", radius: 1) == "ab…")
        #expect(Snippet.excerpt(["zzz"], in: "abc\ndef", radius: 40) == "abc def")
        #expect(Snippet.excerpt(["x"], in: "\n \n", radius: 40) == "")
        #expect(Snippet.excerpt([], in: "abc", radius: 40) == "abc")
    }
}
