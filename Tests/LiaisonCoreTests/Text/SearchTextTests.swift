import Foundation
import Testing

@testable import LiaisonCore

@Suite struct SearchTextNormaliseTests {
    @Test func fullWidthLettersAndDigitsBecomeASCII() {
        #expect(SearchText.normalise("ＡＢＣ１２３") == "abc123")
        #expect(SearchText.normalise("ＨＵＡＷＥＩ") == "huawei")
    }

    @Test func latinIsLowerCasedAndChineseUnchanged() {
        #expect(SearchText.normalise("Huawei 华为 Technologies") == "huawei 华为 technologies")
    }

    @Test func compatibilityIdeographsBecomeTheirUnifiedFormThenFold() {
        #expect(SearchText.normalise("\u{F900}") == "岂")  // U+F900 → 豈 (U+8C48) → 岂
        #expect(SearchText.normalise("\u{F91C}") == "卵")  // a compatibility ideograph with no traditional form
    }

    @Test func traditionalChineseIsFoldedToSimplified() {
        #expect(SearchText.normalise("臺北貿易股份有限公司") == "台北贸易股份有限公司")
        #expect(SearchText.normalise("報價") == "报价")
        #expect(SearchText.normalise("报价") == "报价")
        #expect(SearchText.normalise("臺灣 ＡＣＭＥ") == "台湾 acme")
    }

    @Test func theSlowPathFoldsToo() {
        // é and kana send the text through Foundation; the Han characters are folded all the same.
        #expect(SearchText.quickNormalised("Café 臺北") == nil)
        #expect(SearchText.normalise("Café 臺北") == "café 台北")
        #expect(SearchText.normalise("トヨタ報價") == "トヨタ报价")
        #expect(SearchText.normalise("𨭎") == "𬭳")  // a key outside the Basic Multilingual Plane
    }

    @Test func theUnfoldedFormIsKeptOnlyWhenFoldingChangedSomething() {
        #expect(SearchText.normaliseKeepingScript("臺北 ＡＣＭＥ") == ("台北 acme", "臺北 acme"))
        #expect(SearchText.normaliseKeepingScript("台北 ACME") == ("台北 acme", nil))
        #expect(SearchText.normaliseKeepingScript("Café 臺北") == ("café 台北", "café 臺北"))
    }

    @Test func bigramsAndQueriesAreFolded() {
        #expect(SearchText.bigramText("臺北貿易") == "台北 北贸 贸易")
        #expect(SearchText.plan("報價") == SearchPlan(bigramMatch: "\"报价\"", terms: ["报价"]))
        #expect(SearchText.plan("臺北貿易").trigramMatch == "\"台北贸易\"")
    }
}

/// The quick path of `normalise` must give exactly Foundation's NFKC and lower case, folded.
@Suite struct SearchTextQuickNormaliseTests {
    static func foundation(_ text: String) -> String {
        HanFolding.folded(text.precomposedStringWithCompatibilityMapping.lowercased())
    }

    @Test func everyCharacterItTakesMapsAsFoundationMapsIt() {
        let taken = (0...0x7F).map { $0 } + Array(0x3400...0x4DBF) + Array(0x4E00...0x9FFF) + Array(0xFF01...0xFF5E)
            + [0x3000, 0x3001, 0x3002, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x00B7] + Array(0x3008...0x3011)
        for value in taken {
            let text = String(Character(Unicode.Scalar(value)!))
            guard let quick = SearchText.quickNormalised(text) else {
                Issue.record("U+\(String(value, radix: 16)) not taken")
                continue
            }
            #expect(quick == Self.foundation(text), "U+\(String(value, radix: 16))")
        }
    }

    @Test func mixedTextMatchesFoundationAndOthersFallBack() {
        var generator = CalendarFixtures.SeededGenerator(seed: 20261129)
        // Taken characters beside ones that must fall back: accents, combining marks, kana, Hangul, compatibility
        // ideographs, half-width katakana, the ellipsis and yen sign (both changed by NFKC).
        let pool: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "\n", "-", "华", "為", "，", "：", "（", "Ａ", "ｚ", "\u{3000}", "、", "《", "“", "—",
            "é", "\u{301}", "ト", "ﾄ", "한", "\u{F900}", "…", "￥", "İ", "ß", "\u{E0100}",
        ]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in pool.randomElement(using: &generator)! }))
            #expect(SearchText.normalise(text) == Self.foundation(text), "\(text.unicodeScalars.map { $0.value })")
            if let quick = SearchText.quickNormalised(text) { #expect(quick == Self.foundation(text)) }
        }
        #expect(SearchText.quickNormalised("café") == nil)
        #expect(SearchText.quickNormalised("トヨタ") == nil)
        #expect(SearchText.quickNormalised("Huawei（深圳）") == "huawei(深圳)")
    }
}

/// The bigram text as runs and pairs would build it, to check the one-pass builder against.
private func bigramsByRuns(_ text: String) -> String {
    var runs: [[Unicode.Scalar]] = []
    var run: [Unicode.Scalar] = []
    for scalar in SearchText.normalise(text).unicodeScalars {
        if SearchText.isCJK(scalar) {
            run.append(scalar)
        } else if (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value) {
            continue
        } else if !run.isEmpty {
            runs.append(run)
            run = []
        }
    }
    if !run.isEmpty { runs.append(run) }
    return runs.map { run in
        run.count == 1
            ? String(String.UnicodeScalarView(run))
            : (0..<(run.count - 1)).map { String(String.UnicodeScalarView(run[$0...($0 + 1)])) }.joined(separator: " ")
    }.joined(separator: " | ")
}

@Suite struct SearchTextBigramTests {
    @Test func aRunBecomesOverlappingBigrams() {
        #expect(SearchText.bigramText("深圳华为") == "深圳 圳华 华为")
    }

    @Test func aLoneCharacterStaysItself() {
        #expect(SearchText.bigramText("A栋") == "栋")
    }

    @Test func runsAreSeparatedAndNeverBridged() {
        #expect(SearchText.bigramText("联系深圳华为, call 张伟 at 3pm") == "联系 系深 深圳 圳华 华为 | 张伟")
    }

    @Test func chinesePunctuationSeparatesRuns() {
        #expect(SearchText.bigramText("合同，退款。") == "合同 | 退款")
    }

    @Test func latinAndDigitsAreDropped() {
        #expect(SearchText.bigramText("Huawei P40 2024") == "")
        #expect(SearchText.bigramText("") == "")
    }

    @Test func kanaAndHangulAreCJK() {
        #expect(SearchText.bigramText("トヨタ") == "トヨ ヨタ")
        #expect(SearchText.bigramText("서울 대학교") == "서울 | 대학 학교")
    }

    @Test func extensionBIdeographsAreCJK() {
        #expect(SearchText.bigramText("𠀀客") == "𠀀客")
    }

    @Test func variationSelectorsDoNotSplitOrAppear() {
        #expect(SearchText.bigramText("葛\u{E0100}城") == "葛城")
    }

    @Test func halfWidthKatakanaIsNormalisedFirst() {
        #expect(SearchText.bigramText("ﾄﾖﾀ") == "トヨ ヨタ")
    }

    @Test func randomTextGivesWhatRunsAndPairsGive() {
        var generator = CalendarFixtures.SeededGenerator(seed: 7)
        let pool: [Unicode.Scalar] = ["深", "圳", "华", "为", "a", " ", "，", "ト", "한", "\u{E0100}", "\u{FE0F}", "1", "𠀀"]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...10, using: &generator)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in pool.randomElement(using: &generator)! }))
            #expect(SearchText.bigramText(text) == bigramsByRuns(text), "\(text.unicodeScalars.map { $0.value })")
        }
    }
}

@Suite struct SearchPlanTests {
    @Test func aTwoCharacterChineseWordUsesTheBigramIndex() {
        #expect(SearchText.plan("华为") == SearchPlan(bigramMatch: "\"华为\"", terms: ["华为"]))
    }

    @Test func longerChineseUsesTheTrigramIndex() {
        #expect(SearchText.plan("深圳华为技术") == SearchPlan(trigramMatch: "\"深圳华为技术\"", terms: ["深圳华为技术"]))
    }

    @Test func twoChineseWordsMustBothMatch() {
        #expect(SearchText.plan("合同 退款") == SearchPlan(bigramMatch: "\"合同\" AND \"退款\"", terms: ["合同", "退款"]))
    }

    @Test func latinAndChineseTermsSplitAcrossIndexes() {
        #expect(
            SearchText.plan("Huawei 合同")
                == SearchPlan(trigramMatch: "\"huawei\"", bigramMatch: "\"合同\"", terms: ["huawei", "合同"]))
    }

    @Test func threeDigitsUseTheTrigramIndex() {
        #expect(SearchText.plan("138") == SearchPlan(trigramMatch: "\"138\"", terms: ["138"]))
    }

    @Test func twoDigitsAreScanned() {
        #expect(SearchText.plan("13") == SearchPlan(scanTerms: ["13"], terms: ["13"]))
    }

    @Test func aSingleChineseCharacterIsScanned() {
        #expect(SearchText.plan("华") == SearchPlan(scanTerms: ["华"], terms: ["华"]))
    }

    @Test func mixedTwoCharacterTermsAreScanned() {
        #expect(SearchText.plan("a华 AB") == SearchPlan(scanTerms: ["a华", "ab"], terms: ["a华", "ab"]))
    }

    @Test func fullWidthInputIsNormalised() {
        #expect(SearchText.plan("ＨＵＡＷＥＩ") == SearchPlan(trigramMatch: "\"huawei\"", terms: ["huawei"]))
    }

    @Test func everyTermIsQuotedSoNothingIsFTS5Syntax() {
        #expect(
            SearchText.plan("a\"b NEAR(x")
                == SearchPlan(trigramMatch: "\"a\"\"b\" AND \"near(x\"", terms: ["a\"b", "near(x"]))
    }

    @Test func operatorsAreSearchedLiterally() {
        let plan = SearchText.plan("OR * -x col:val \"\"\" ^abc")
        #expect(plan.trigramMatch == "\"col:val\" AND \"\"\"\"\"\"\"\" AND \"^abc\"")
        #expect(plan.scanTerms == ["or", "*", "-x"])
    }

    @Test func emptyOrSeparatorOnlyQueriesPlanNothing() {
        #expect(SearchText.plan("") == SearchPlan())
        #expect(SearchText.plan(" \u{3000}，。、,; ") == SearchPlan())
    }

    @Test func fullWidthSpacesAndChinesePunctuationSeparateTerms() {
        #expect(SearchText.plan("合同\u{3000}退款，华为。深圳、报价;发票").terms == ["合同", "退款", "华为", "深圳", "报价", "发票"])
    }

    @Test func controlCharactersSeparateTerms() {
        #expect(SearchText.plan("abc\u{0}def").terms == ["abc", "def"])
    }

    @Test func emailsAndCodesStayWhole() {
        #expect(SearchText.plan("Zhang.Wei@corp.cn SAL-1").terms == ["zhang.wei@corp.cn", "sal-1"])
    }

    @Test func atMostEightTermsAreUsed() {
        let plan = SearchText.plan((1...12).map { "term\($0)" }.joined(separator: " "))
        #expect(plan.terms == (1...8).map { "term\($0)" })
    }

    @Test func repeatedTermsCountOnce() {
        #expect(SearchText.plan("华为 华为 HUAWEI huawei").terms == ["华为", "huawei"])
    }

    @Test func longTermsAreCutTo64Characters() {
        let plan = SearchText.plan(String(repeating: "长", count: 100))
        #expect(plan.terms == [String(repeating: "长", count: 64)])
    }

    @Test func queryBigramsMatchTheTokensTheIndexHolds() {
        let indexed = Set(SearchText.bigramText("与深圳华为签订合同").split(separator: " ").map(String.init))
        for word in ["华为", "合同", "深圳"] {
            let phrase = SearchText.plan(word).bigramMatch?.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            #expect(phrase.map(indexed.contains) == true)
        }
    }
}
