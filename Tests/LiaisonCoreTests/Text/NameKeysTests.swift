import Foundation
import Testing

@testable import LiaisonCore

@Suite struct NameKeysTests {
    @Test func aChineseNameIsKeyedByCharactersSyllablesAndInitials() {
        let keys = NameKeys.make(["上海星河科技"]).split(separator: " ").map(String.init)
        #expect(Array(keys.prefix(6)) == ["上", "海", "星", "河", "科", "技"])
        #expect(Array(keys[6..<12]) == ["shang", "hai", "xing", "he", "ke", "ji"])
        // Initials from each syllable on, at most three.
        #expect(Array(keys[12...]) == ["0shx", "0hxh", "0xhk", "0hkj", "0kj", "0j"])
    }

    @Test func englishNamesAndTraditionalCharactersAreKeyedAsWordsAndSimplified() {
        let keys = NameKeys.make(["臺北貿易", "Taipei Trading Co."]).split(separator: " ").map(String.init)
        #expect(keys.starts(with: ["台", "北", "贸", "易", "tai", "bei", "mao", "yi"]))
        #expect(keys.suffix(3) == ["taipei", "trading", "co"])
    }

    @Test func toneMarksAndUmlautsAreFoldedAway() {
        #expect(NameKeys.make(["绿"]).contains("lu"))
        #expect(NameKeys.make(["女"]).contains("nu"))
    }

    @Test func typedPinyinIsCutIntoTheFewestSyllables() {
        #expect(NameKeys.syllables(of: "xinghe") == ["xing", "he"])
        #expect(NameKeys.syllables(of: "xianggang") == ["xiang", "gang"])
        #expect(NameKeys.syllables(of: "shanghaix") == ["shang", "hai", "x"])
        #expect(NameKeys.syllables(of: "lvse") == ["lu", "se"])
        // One syllable, or not pinyin: the word itself is the search.
        #expect(NameKeys.syllables(of: "xian") == nil)
        #expect(NameKeys.syllables(of: "galaxy") == nil)
        #expect(NameKeys.syllables(of: "ab12") == nil)
    }

    @Test func aQuerySearchesEveryWayAWordMayBeMeant() throws {
        let query = try #require(NameKeys.query("星河 xinghe"))
        #expect(query.fts5 == #""星" + "河" AND ("xinghe"* OR "0xin" + "0ing" + "0ngh" + "0ghe" OR "xing" + "he"*)"#)
        #expect(query.tsquery == "'星' <-> '河' & ('xinghe':* | '0xin' <-> '0ing' <-> '0ngh' <-> '0ghe' | 'xing' <-> 'he':*)")
        let initials = try #require(NameKeys.query("shxh"))
        // Initials: consecutive keys of three, or the start of one.
        #expect(initials.fts5 == #"("shxh"* OR "0shx" + "0hxh")"#)
        #expect(NameKeys.query("xh")?.fts5 == #"("xh"* OR "0xh"*)"#)
    }

    @Test func quotesAndOperatorsInTypedTextCannotBreakTheQuery() throws {
        #expect(NameKeys.query("\"*()-:'") == nil)
        #expect(NameKeys.query("   ") == nil)
        // A quote or an operator word is a separator or a word like any other, always inside quotes.
        let query = try #require(NameKeys.query("a\"b NOT c"))
        #expect(query.fts5.hasPrefix(#""a"* AND "b"* AND ("not"* OR "0not""#))
        #expect(query.fts5.hasSuffix(#" AND "c"*"#))
        let quoted = try #require(NameKeys.query("o'neil"))
        #expect(quoted.tsquery == "('o' <-> 'neil':* | 'o' <-> 'nei' <-> 'l':*)")
    }

    @Test func pinyinTypedApartIsMatchedInOrder() throws {
        #expect(NameKeys.query("xing he")?.fts5 == #""xing" + "he"*"#)
        #expect(NameKeys.query("xi anj")?.fts5 == #"("xi" + "anj"* OR "xi" + "an" + "j"*)"#)
        // English words stay apart, in any order.
        #expect(NameKeys.query("galaxy tech")?.fts5 == #"("galaxy"* OR "0gal" + "0ala" + "0lax" + "0axy") AND ("tech"* OR "0tec" + "0ech" OR "te" + "ch"*)"#)
    }

    /// A start longer than the index's own prefixes that begins a syllable is looked up as each syllable it begins,
    /// whole: "xian"* would gather every posting of 有限 and 香 before the first match.
    @Test func aLongSyllableStartIsLookedUpAsTheSyllablesItBegins() throws {
        #expect(NameKeys.query("xian")?.fts5 == #"("xian" OR "xiang" OR "0xia" + "0ian")"#)
        #expect(NameKeys.query("youxian")?.fts5 == #"("youxian"* OR "you" + "xian" OR "you" + "xiang")"#)
        #expect(NameKeys.query("xin")?.fts5 == #"("xin"* OR "0xin")"#)
        // Not the start of a syllable: an English word's start, looked up as a start.
        #expect(NameKeys.query("tech")?.fts5 == #"("tech"* OR "0tec" + "0ech" OR "te" + "ch"*)"#)
    }

    @Test func fullWidthAndUpperCaseTypeAsTheyIndex() throws {
        #expect(NameKeys.query("ＸＩＮＧ")?.fts5 == NameKeys.query("xing")?.fts5)
    }

    @Test func aLongQueryKeepsItsFirstEightParts() {
        #expect(NameKeys.parts("a b c d e f g h i j").count == 8)
    }
}
