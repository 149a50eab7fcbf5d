import Foundation
import Testing

@testable import LiaisonCore

@Suite struct MarkdownBlockTests {
    @Test func textBecomesAParagraph() {
        #expect(Markdown.html("hello") == "<p>hello</p>")
    }

    @Test func emptyTextRendersNothing() {
        #expect(Markdown.html("") == "")
        #expect(Markdown.html("\n \n") == "")
    }

    @Test func blankLinesSeparateParagraphs() {
        #expect(Markdown.html("one\n\ntwo\r\n\r\nthree") == "<p>one</p>\n<p>two</p>\n<p>three</p>")
    }

    @Test func singleNewlinesInsideAParagraphBecomeLineBreaks() {
        #expect(Markdown.html("客户来电\r\n要求退款") == "<p>客户来电<br>\n要求退款</p>")
    }

    @Test func headingsAreShiftedDownBelowThePageHeadings() {
        #expect(Markdown.html("# One\n## Two\n### Three") == "<h3>One</h3>\n<h4>Two</h4>\n<h5>Three</h5>")
    }

    @Test func deeperHeadingsAndHashTagsAreText() {
        #expect(Markdown.html("#### four") == "<p>#### four</p>")
        #expect(Markdown.html("#42 and #标签") == "<p>#42 and #标签</p>")
    }

    @Test func closingHashesOfAHeadingAreDropped() {
        #expect(Markdown.html("## 会议纪要 ##") == "<h4>会议纪要</h4>")
        #expect(Markdown.html("# C#") == "<h3>C#</h3>")
    }

    @Test func aHeadingEndsAParagraph() {
        #expect(Markdown.html("text\n# Title") == "<p>text</p>\n<h3>Title</h3>")
    }

    @Test func dashAndStarItemsMakeABulletList() {
        #expect(Markdown.html("- 报价\n* 合同") == "<ul>\n<li>报价</li>\n<li>合同</li>\n</ul>")
    }

    @Test func numberedItemsMakeAnOrderedList() {
        #expect(Markdown.html("1. call\n2. email") == "<ol>\n<li>call</li>\n<li>email</li>\n</ol>")
    }

    @Test func anOrderedListKeepsItsStartingNumber() {
        #expect(Markdown.html("3. third\n4. fourth") == "<ol start=\"3\">\n<li>third</li>\n<li>fourth</li>\n</ol>")
    }

    @Test func aListCanInterruptAParagraph() {
        #expect(Markdown.html("Next steps:\n- send quote") == "<p>Next steps:</p>\n<ul>\n<li>send quote</li>\n</ul>")
    }

    @Test func aNumberOtherThanOneDoesNotInterruptAParagraph() {
        #expect(Markdown.html("paid on\n2023. Then left") == "<p>paid on<br>\n2023. Then left</p>")
    }

    @Test func aLazyLineContinuesTheListItem() {
        #expect(Markdown.html("- first\n  more\n- second") == "<ul>\n<li>first<br>\nmore</li>\n<li>second</li>\n</ul>")
    }

    @Test func switchingListKindsStartsANewList() {
        #expect(Markdown.html("- a\n1. b") == "<ul>\n<li>a</li>\n</ul>\n<ol>\n<li>b</li>\n</ol>")
    }

    @Test func aStarWithoutASpaceIsNotAListItem() {
        #expect(Markdown.html("*note*") == "<p><em>note</em></p>")
        #expect(Markdown.html("-5 degrees") == "<p>-5 degrees</p>")
    }

    @Test func quotesBecomeBlockquotes() {
        #expect(Markdown.html("> 客户原话\n> 第二行") == "<blockquote>\n<p>客户原话<br>\n第二行</p>\n</blockquote>")
    }

    @Test func quotesMayContainOtherBlocks() {
        #expect(Markdown.html("> # T\n> - a") == "<blockquote>\n<h3>T</h3>\n<ul>\n<li>a</li>\n</ul>\n</blockquote>")
    }

    @Test func deeplyNestedQuotesStopNestingButStillRender() {
        let html = Markdown.html(String(repeating: ">", count: 5000) + " x")
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == 8)
        #expect(html.contains("x"))
    }

    @Test func fencedCodeIsPreformattedAndEscaped() {
        #expect(
            Markdown.html("```swift\nlet a = 1 < 2\n  **no**\n```")
                == "<pre><code>let a = 1 &lt; 2\n  **no**</code></pre>")
    }

    @Test func anUnclosedFenceRunsToTheEnd() {
        #expect(Markdown.html("```\ncode\n\nmore") == "<pre><code>code\n\nmore</code></pre>")
    }

    @Test func tripleBackticksWithCodeOnTheSameLineAreInlineCode() {
        #expect(Markdown.html("```a``` b") == "<p><code>a</code> b</p>")
    }
}

@Suite struct MarkdownInlineTests {
    @Test func chineseBoldPassesThrough() {
        #expect(Markdown.html("**合同**已发送") == "<p><strong>合同</strong>已发送</p>")
    }

    @Test func starsAndUnderscoresMakeItalics() {
        #expect(Markdown.html("*a* and _b_") == "<p><em>a</em> and <em>b</em></p>")
    }

    @Test func emphasisNests() {
        #expect(Markdown.html("*a **b** c*") == "<p><em>a <strong>b</strong> c</em></p>")
        #expect(Markdown.html("***both***") == "<p><strong><em>both</em></strong></p>")
    }

    @Test func unmatchedMarkersAreText() {
        #expect(Markdown.html("2 * 3 = 6, a*b") == "<p>2 * 3 = 6, a*b</p>")
        #expect(Markdown.html("**open") == "<p>**open</p>")
    }

    @Test func underscoresInsideWordsAreText() {
        #expect(Markdown.html("snake_case_name") == "<p>snake_case_name</p>")
    }

    @Test func emphasisDoesNotSpanParagraphs() {
        #expect(Markdown.html("*a\n\nb*") == "<p>*a</p>\n<p>b*</p>")
    }

    @Test func inlineCodeIsEscapedAndNotFormatted() {
        #expect(Markdown.html("run `a **b** <c>`") == "<p>run <code>a **b** &lt;c&gt;</code></p>")
    }

    @Test func doubleBackticksMayContainABacktick() {
        #expect(Markdown.html("``a ` b``") == "<p><code>a ` b</code></p>")
    }

    @Test func anUnmatchedBacktickIsText() {
        #expect(Markdown.html("it`s") == "<p>it`s</p>")
    }

    @Test func backslashEscapesMarkup() {
        #expect(Markdown.html("\\*not italic\\*") == "<p>*not italic*</p>")
    }

    @Test func linksWithAllowedSchemesBecomeAnchors() {
        #expect(
            Markdown.html("[官网](https://example.com/a?b=1&c=2)")
                == "<p><a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\">官网</a></p>")
        #expect(
            Markdown.html("[mail](mailto:zhang@corp.cn)")
                == "<p><a href=\"mailto:zhang@corp.cn\" rel=\"noopener noreferrer nofollow\">mail</a></p>")
    }

    @Test func linkTextMayBeFormatted() {
        #expect(
            Markdown.html("[**合同**](http://a.cn)")
                == "<p><a href=\"http://a.cn\" rel=\"noopener noreferrer nofollow\"><strong>合同</strong></a></p>")
    }

    @Test func anEmptyLinkTextShowsTheURL() {
        #expect(
            Markdown.html("[](http://a.cn)")
                == "<p><a href=\"http://a.cn\" rel=\"noopener noreferrer nofollow\">http://a.cn</a></p>")
    }

    @Test func bareURLsBecomeLinks() {
        #expect(
            Markdown.html("见https://a.cn/x。谢谢")
                == "<p>见<a href=\"https://a.cn/x\" rel=\"noopener noreferrer nofollow\">https://a.cn/x</a>。谢谢</p>")
    }

    @Test func trailingPunctuationIsNotPartOfABareURL() {
        #expect(
            Markdown.html("(see http://a.cn/x).")
                == "<p>(see <a href=\"http://a.cn/x\" rel=\"noopener noreferrer nofollow\">http://a.cn/x</a>).</p>")
    }

    @Test func balancedParenthesesStayInABareURL() {
        #expect(Markdown.html("https://w.org/Foo_(bar)").contains("href=\"https://w.org/Foo_(bar)\""))
    }

    @Test func aBareURLInsideBoldIsLinked() {
        #expect(
            Markdown.html("**https://a.cn**")
                == "<p><strong><a href=\"https://a.cn\" rel=\"noopener noreferrer nofollow\">https://a.cn</a></strong></p>"
        )
    }

    @Test func linkTextIsNotLinkedAgain() {
        #expect(Markdown.html("[http://b.cn](http://a.cn)").components(separatedBy: "<a ").count == 2)
    }

    @Test(arguments: ["[x](/relative)", "[x](//evil.com)", "[x](ftp://a.cn)", "[x](http:evil)", "[x](mailto:)"])
    func otherLinkTargetsStayText(_ text: String) {
        #expect(!Markdown.html(text).contains("<a "))
    }

    @Test func linkTitlesAreNotSupportedButTheURLIsStillLinked() {
        #expect(
            Markdown.html("[x](http://a.cn \"t\")")
                == "<p>[x](<a href=\"http://a.cn\" rel=\"noopener noreferrer nofollow\">http://a.cn</a> &quot;t&quot;)</p>"
        )
    }

    @Test func pathologicalInputRendersQuickly() {
        let start = Date()
        _ = Markdown.html(String(repeating: "*a _b [c `d ", count: 20_000))
        _ = Markdown.html(String(repeating: "[", count: 50_000) + "](http://a.cn)")
        _ = Markdown.html(String(repeating: "**", count: 50_000))
        #expect(Date().timeIntervalSince(start) < 10)
    }
}

@Suite struct MarkdownSafetyTests {
    /// Tags the renderer itself writes. Any other "<" in the output must have come from the input.
    private static let ownTags = [
        "<p>", "</p>", "<br>", "<pre>", "</pre>", "<h3>", "</h3>", "<h4>", "</h4>", "<h5>", "</h5>", "<ul>", "</ul>",
        "<ol>", "<ol start=\"",
        "</ol>", "<li>", "</li>", "<blockquote>", "</blockquote>", "<pre><code>", "</code></pre>", "<code>", "</code>",
        "<strong>", "</strong>", "<em>", "</em>", "<a href=\"", "</a>",
    ]

    /// Scans scalars, not characters, so a "<" hidden in front of a combining mark is still found.
    private func onlyOwnTags(_ html: String) -> Bool {
        let scalars = Array(html.unicodeScalars)
        return scalars.indices.filter { scalars[$0] == "<" }.allSatisfy { index in
            Self.ownTags.contains { scalars[index...].starts(with: $0.unicodeScalars) }
        }
    }

    /// The inside of every tag. Attribute-like text ("onerror=") may appear escaped in content, where it is inert;
    /// it must never appear here.
    /// Works on scalars like a browser's tokenizer: a combining mark after ">" must not hide the end of a tag.
    private func tags(_ html: String) -> [String] {
        html.unicodeScalars.split(separator: "<", omittingEmptySubsequences: false).dropFirst().map {
            String(String.UnicodeScalarView($0.prefix { $0 != ">" }))
        }
    }

    /// Every href the renderer wrote, as the browser will see it after decoding entities.
    private func hrefs(_ html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map {
            String($0.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    static let attacks = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](java\nscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x]( javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](vbscript:msgbox(1))",
        "[x](/x:javascript:alert(1))",
        "[x](http://a.cn\"onmouseover=\"alert(1))",
        "[x](http://a.cn'onmouseover='alert(1))",
        "\" onmouseover=\"x",
        "' onmouseover='x",
        "`<script>alert(1)</script>`",
        "```\n<script>alert(1)</script>\n```",
        "**<img src=x onerror=alert(1)>**",
        "[<script>alert(1)</script>](http://a.cn)",
        "<scr<script>ipt>alert(1)</script>",
        "<\u{301}script>",
        "javascript:alert(1)",
        "http://a.cn/<script>",
        "https://a.cn/\"onmouseover=\"x",
        "> <iframe src=javascript:alert(1)>",
        "- <svg onload=alert(1)>",
        "# <b onclick=x>",
        "\u{0}<script>",
        "[x](https://a.cn\u{202E}moc.evil)",
    ]

    @Test(arguments: attacks)
    func hostileInputCannotInjectMarkup(_ input: String) {
        let html = Markdown.html(input)
        #expect(!html.lowercased().contains("<script"), "\(html)")
        #expect(onlyOwnTags(html), "\(html)")
        for tag in tags(html) {
            #expect(!tag.lowercased().contains("onerror") && !tag.lowercased().contains("onmouseover"), "\(html)")
            #expect(!tag.lowercased().contains("onload") && !tag.lowercased().contains("onclick"), "\(html)")
        }
        for href in hrefs(html) {
            #expect(href.hasPrefix("http://") || href.hasPrefix("https://") || href.hasPrefix("mailto:"), "\(html)")
            #expect(!href.lowercased().contains("javascript:"), "\(html)")
            #expect(!href.contains("\"") && !href.contains("'") && !href.contains("<"), "\(html)")
        }
    }

    @Test func randomMarkupNeverBreaksOutOrCrashes() {
        let pieces = [
            "*", "**", "_", "`", "``", "[", "]", "(", ")", "\\", "<", ">", "\n", "\n\n", "\"", "'", "&", "# ", "> ",
            "- ", "1. ", "```", " ", "a", "华", "http://a.cn", "https://", "mailto:x", "javascript:", "](", "\u{301}",
        ]
        var generator = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let length = Int(generator.next() % 24)
            let input = (0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let html = Markdown.html(input)
            #expect(onlyOwnTags(html), "\(input.debugDescription) → \(html)")
            #expect(tagsNestProperly(html), "\(input.debugDescription) → \(html)")
            for href in hrefs(html) {
                #expect(href.hasPrefix("http://") || href.hasPrefix("https://") || href.hasPrefix("mailto:"))
            }
            _ = Markdown.plainText(input)
        }
    }

    /// Every opened tag is closed, innermost first, so rendered notes cannot swallow the rest of the page.
    private func tagsNestProperly(_ html: String) -> Bool {
        var open: [String] = []
        for tag in tags(html) {
            let name = String(tag.prefix { $0 != " " })
            if name == "br" { continue }
            if name.hasPrefix("/") {
                guard open.popLast() == String(name.dropFirst()) else { return false }
            } else {
                open.append(name)
            }
        }
        return open.isEmpty
    }

    @Test func everySpecialCharacterIsEscaped() {
        #expect(Markdown.html("a & b < c > d \" e ' f") == "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>")
    }

    @Test func javascriptLinksRenderAsTheirText() {
        #expect(Markdown.html("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>")
    }

    @Test func entitiesInInputAreShownLiterally() {
        #expect(Markdown.html("&#106;&lt;") == "<p>&amp;#106;&amp;lt;</p>")
    }

    @Test func aQuoteEndsAnAllowedURLInsteadOfTheAttribute() {
        #expect(
            Markdown.html("[x](http://a.cn\"onmouseover=\"x)")
                == "<p>[x](<a href=\"http://a.cn\" rel=\"noopener noreferrer nofollow\">http://a.cn</a>"
                + "&quot;onmouseover=&quot;x)</p>")
    }

    @Test func escapedAttributeTextInContentIsInert() {
        #expect(Markdown.html("<img src=x onerror=alert(1)>") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>")
    }

    @Test func aNulIsReplaced() {
        #expect(Markdown.html("a\u{0}b") == "<p>a\u{FFFD}b</p>")
    }
}

@Suite struct MarkdownPlainTextTests {
    @Test func markupIsRemoved() {
        #expect(Markdown.plainText("# 标题\n**合同**已发送, see [官网](https://a.cn) and `code`") == "标题 合同已发送, see 官网 and code")
    }

    @Test func whitespaceIsCollapsed() {
        #expect(Markdown.plainText("  a\n\n\n b\t\tc  \r\n") == "a b c")
    }

    @Test func listsQuotesAndCodeKeepTheirText() {
        #expect(Markdown.plainText("- one\n- two\n\n> said\n\n```\nx = 1\n```") == "one two said x = 1")
    }

    @Test func htmlIsNotEscapedInPlainText() {
        #expect(Markdown.plainText("a < b & c") == "a < b & c")
    }

    @Test func bareURLsStay() {
        #expect(Markdown.plainText("see https://a.cn/x.") == "see https://a.cn/x.")
    }

    @Test func unsafeLinksStayAsTyped() {
        #expect(Markdown.plainText("[x](javascript:alert(1))") == "[x](javascript:alert(1))")
    }
}

/// A small deterministic generator so the random-input test fails the same way every time.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct MarkdownShortcutTests {
    /// Text without markup skips the renderer: both ways give the same plain text, for text made of the characters
    /// the shortcut takes and of those it refuses.
    @Test func theShortcutForTextWithoutMarkupMatchesTheRenderer() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        let pieces = [
            "a", "Z", "7", " ", "  ", "\n", "\n\n", ",", ".", ";", "?", "'", "\"", "@", "%", "/", ":", "合同", "，", "。",
            "＊", "http://x.cn/a", "10:30", "*", "_", "#", "-", "1.", "`", "[", "]", "(", ")", "<b>", "&amp;", ">", "=",
            "    ", "\t", "~", "|", "!", "+",
        ]
        var shortcuts = 0
        for _ in 0..<20_000 {
            let text = (0..<(1 + next(12))).map { _ in pieces[next(pieces.count)] }.joined()
            let slow = BlockRenderer(plain: true).render(
                text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline), depth: 0
            ).joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(Markdown.plainText(text) == slow, "\(text.debugDescription)")
            if Markdown.hasNoMarkup(text) { shortcuts += 1 }
        }
        #expect(shortcuts > 500)
    }
}
