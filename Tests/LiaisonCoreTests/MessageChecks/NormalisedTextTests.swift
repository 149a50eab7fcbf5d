import Foundation
import Testing

@testable import LiaisonCore

@Suite struct NormalisedTextTests {
    func string(_ text: NormalisedText) -> String {
        String(String.UnicodeScalarView(text.scalars.compactMap(Unicode.Scalar.init)))
    }

    @Test func widthCaseTraditionalAndSeparatorsAreFolded() {
        #expect(string(NormalisedText("ＡＢＣ１２３")) == "abc123")
        #expect(string(NormalisedText("說了多少遍")) == "说了多少遍")
        #expect(string(NormalisedText("你们 自.己-的/问题")) == "你们自己的问题")
        #expect(string(NormalisedText("It's  YOUR fault!")) == "itsyourfault")
    }

    @Test func zeroWidthCharactersAndLookAlikesAreFolded() {
        #expect(string(NormalisedText("你们自\u{200B}己的问题")) == "你们自己的问题")
        // Cyrillic а and о, Greek ο.
        #expect(string(NormalisedText("ѕtupid іdiоt")) == "stupididiot")
        #expect(string(NormalisedText("café")) == "cafe")
    }

    @Test func offsetsPointBackIntoTheOriginal() {
        let text = NormalisedText("好的，你们 自\u{200B}己的问题！")
        // 你 is scalar 3 of the original; 题 is scalar 11.
        let key = NormalisedText.key("你们自己的问题")
        let start = text.scalars.firstIndex(of: key[0]) ?? -1
        let span = text.originalSpan(start, start + key.count)
        #expect(span.start == 3)
        #expect(text.excerpt(span.start, span.end) == "你们 自\u{200B}己的问题")
    }

    @Test func emojiAndSupplementaryCharactersKeepOffsetsInScalars() {
        let text = NormalisedText("👍🏻ok")
        #expect(string(text) == "ok")
        #expect(text.origins == [2, 3])
    }
}

@Suite struct PhraseAutomatonTests {
    @Test func findsEveryPhraseInOnePass() {
        let automaton = PhraseAutomaton(["明天", "天下", "下午", "明天下午三点", "午饭"].map(NormalisedText.key))
        let matches = automaton.matches(in: NormalisedText("明天下午三点前"))
        #expect(Set(matches.map(\.pattern)) == [0, 1, 2, 3])
    }

    @Test func latinPhrasesMatchOnlyWholeWords() {
        let automaton = PhraseAutomaton(["ass", "sb"].map(NormalisedText.key))
        #expect(automaton.matches(in: NormalisedText("a world-class team, USB cable")).isEmpty)
        #expect(automaton.matches(in: NormalisedText("你是sb吗")).count == 1)
        #expect(automaton.matches(in: NormalisedText("you s.b")).count == 1)
    }

    @Test func chinesePhrasesMatchAnywhere() {
        let automaton = PhraseAutomaton(["说了多少遍"].map(NormalisedText.key))
        #expect(automaton.matches(in: NormalisedText("我都說了 多少遍了")).count == 1)
    }
}

@Suite struct LexiconTests {
    @Test func theBuiltInLexiconHasHundredsOfEntriesInBothLanguages() {
        let entries = Lexicon.builtIn
        #expect(entries.count >= 300)
        #expect(entries.contains { $0.language == "zh" && $0.kind == .vagueness })
        #expect(entries.contains { $0.language == "en" && $0.kind == .disrespect && $0.severity == .block })
    }

    @Test func overlappingEntriesOfOneKindGiveTheLongest() {
        let found = Lexicon.standard.matches(in: NormalisedText("这是你们自己的问题"))
        #expect(found.map(\.entry.phrase) == ["是你们自己的问题"])
    }

    @Test func csvRoundTripsAndReportsBadRowsByLine() {
        let written = LexiconCSV.write(Array(Lexicon.builtIn.prefix(20)))
        let back = LexiconCSV.parse(written)
        #expect(back.issues.isEmpty)
        #expect(back.entries == Array(Lexicon.builtIn.prefix(20)))
        let bad =
            "phrase,kind,severity,language\n说了多少遍,disrespect,block,zh\n,disrespect,warn,\nsoon,vague,warn,en\n尽快,vagueness,never,zh\n说了多少遍,disrespect,warn,zh\n我们会处理,promise,warn,fr\n"
        let parsed = LexiconCSV.parse(bad)
        #expect(parsed.entries.count == 1)
        #expect(
            parsed.issues == [
                .init(row: 3, field: "phrase", code: "required"), .init(row: 4, field: "kind", code: "invalidChoice"),
                .init(row: 5, field: "severity", code: "invalidChoice"),
                .init(row: 6, field: "phrase", code: "duplicateValue"),
                .init(row: 7, field: "language", code: "invalidChoice"),
            ])
        #expect(LexiconCSV.parse("").issues.map(\.code) == ["emptyFile"])
        #expect(LexiconCSV.parse("word,kind\nx,y\n").issues.map(\.code) == ["required"])
        #expect(LexiconCSV.parse("phrase\n\"unterminated").issues.map(\.code) == ["badCSV"])
    }
}
