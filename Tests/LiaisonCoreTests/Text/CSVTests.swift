import Foundation
import Testing

@testable import LiaisonCore

@Suite struct CSVParseTests {
    @Test func simpleRowsSplitOnCommas() throws {
        #expect(try CSV.parse("a,b,c\n1,2,3") == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func crlfLfAndCrLineEndsAreAllLineEnds() throws {
        #expect(try CSV.parse("a\r\nb\nc\rd") == [["a"], ["b"], ["c"], ["d"]])
    }

    @Test func aTrailingNewlineAddsNoRow() throws {
        #expect(try CSV.parse("a,b\r\n") == [["a", "b"]])
    }

    @Test func blankLinesAreSkipped() throws {
        #expect(try CSV.parse("\n\na,b\r\n\r\n\nc,d\n\n") == [["a", "b"], ["c", "d"]])
    }

    @Test func emptyTextHasNoRows() throws {
        #expect(try CSV.parse("") == [])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try CSV.parse("a,,c,\n,,") == [["a", "", "c", ""], ["", "", ""]])
    }

    @Test func quotedFieldsMayContainDelimiters() throws {
        #expect(try CSV.parse("\"深圳, 南山\",b") == [["深圳, 南山", "b"]])
    }

    @Test func doubledQuotesAreOneQuote() throws {
        #expect(try CSV.parse("\"say \"\"hi\"\"\",x") == [["say \"hi\"", "x"]])
    }

    @Test func quotedFieldsMaySpanLines() throws {
        #expect(try CSV.parse("\"line 1\nline 2\",b\r\nc,d") == [["line 1\nline 2", "b"], ["c", "d"]])
    }

    @Test func crlfInsideQuotesIsKeptVerbatim() throws {
        #expect(try CSV.parse("\"a\r\nb\"") == [["a\r\nb"]])
    }

    @Test func aQuotedEmptyFieldIsARowNotABlankLine() throws {
        #expect(try CSV.parse("\"\"\na") == [[""], ["a"]])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstHeader() throws {
        #expect(try CSV.parse("\u{FEFF}名称,电话\n张伟,138") == [["名称", "电话"], ["张伟", "138"]])
    }

    @Test func whitespaceAroundFieldsIsKept() throws {
        #expect(try CSV.parse(" a , b ") == [[" a ", " b "]])
    }

    @Test func chineseTextPassesThrough() throws {
        #expect(try CSV.parse("客户名称,联系人\r\n华为技术有限公司,张伟\r\n") == [["客户名称", "联系人"], ["华为技术有限公司", "张伟"]])
    }

    @Test func aCombiningMarkAfterADelimiterDoesNotHideIt() throws {
        #expect(try CSV.parse("a,\u{301}b") == [["a", "\u{301}b"]])
    }
}

@Suite struct CSVDelimiterTests {
    @Test func semicolonsAreDetected() throws {
        #expect(try CSV.parse("name;city\n张伟;深圳, 南山") == [["name", "city"], ["张伟", "深圳, 南山"]])
    }

    @Test func tabsAreDetected() throws {
        #expect(try CSV.parse("name\tcity\nzhang\tshenzhen") == [["name", "city"], ["zhang", "shenzhen"]])
    }

    @Test func delimitersInsideQuotesDoNotCount() throws {
        #expect(try CSV.parse("\"a;b;c\",d\n1,2") == [["a;b;c", "d"], ["1", "2"]])
    }

    @Test func aFirstLineWithoutDelimitersMeansComma() throws {
        #expect(try CSV.parse("name\na,b") == [["name"], ["a", "b"]])
    }

    @Test func detectionLooksAtTheFirstNonBlankLine() throws {
        #expect(try CSV.parse("\r\n\r\na;b\n1;2") == [["a", "b"], ["1", "2"]])
    }

    @Test func onlyTheFirstLineDecides() throws {
        #expect(try CSV.parse("a,b\nc;d;e;f") == [["a", "b"], ["c;d;e;f"]])
    }

    @Test func aGivenDelimiterWins() throws {
        #expect(try CSV.parse("a;b,c", delimiter: ",") == [["a;b", "c"]])
    }
}

@Suite struct CSVErrorTests {
    @Test func anUnterminatedQuoteReportsTheLineWhereItStarts() {
        #expect(throws: CSVError(line: 2, reason: .unterminatedQuote)) { try CSV.parse("a,b\n\"c\nd\ne") }
    }

    @Test func aQuoteInsideAnUnquotedFieldIsAnError() {
        #expect(throws: CSVError(line: 1, reason: .quoteInUnquotedField)) { try CSV.parse("ab\"c\",d") }
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        #expect(throws: CSVError(line: 3, reason: .quoteInUnquotedField)) { try CSV.parse("a\n\"b\nc\"d") }
    }

    @Test func aSpaceBeforeAnOpeningQuoteMakesItAStrayQuote() {
        #expect(throws: CSVError(line: 1, reason: .quoteInUnquotedField)) { try CSV.parse("a, \"b\"") }
    }

    @Test func lineNumbersCountBlankLinesAndLinesInsideQuotes() {
        #expect(throws: CSVError(line: 5, reason: .quoteInUnquotedField)) {
            try CSV.parse("\"x\r\ny\",1\r\n\r\nz\rbad\"")
        }
    }

    @Test func oneHundredThousandRowsAreAllowed() throws {
        let text = String(repeating: "a,b\n", count: CSV.maximumRows)
        #expect(try CSV.parse(text).count == CSV.maximumRows)
    }

    @Test func moreRowsThanTheLimitThrow() {
        let text = String(repeating: "1\n", count: CSV.maximumRows + 1)
        #expect(throws: CSVError(line: CSV.maximumRows + 1, reason: .tooManyRows)) { try CSV.parse(text) }
    }

    @Test func aFieldAtTheLengthLimitIsAllowed() throws {
        let field = String(repeating: "名", count: CSV.maximumFieldLength)
        #expect(try CSV.parse("a\n\(field)") == [["a"], [field]])
    }

    @Test func aLongerFieldThrowsAtTheLineWhereItStarts() {
        let field = String(repeating: "x", count: CSV.maximumFieldLength + 1)
        #expect(throws: CSVError(line: 2, reason: .fieldTooLong)) { try CSV.parse("a\n\"\(field)\"") }
    }

    @Test func theFieldLimitCountsCharactersNotScalars() throws {
        // "é" written as e + combining accent is one character but two scalars.
        let field = String(repeating: "e\u{301}", count: CSV.maximumFieldLength)
        #expect(try CSV.parse(field).first?.first?.count == CSV.maximumFieldLength)
    }
}

@Suite struct CSVEncodeTests {
    @Test func rowsEndWithCRLF() {
        #expect(CSV.encode([["a", "b"], ["1", "2"]]) == "a,b\r\n1,2\r\n")
    }

    @Test func noRowsIsEmptyText() {
        #expect(CSV.encode([]) == "")
    }

    @Test func fieldsWithDelimitersQuotesOrNewlinesAreQuoted() {
        #expect(
            CSV.encode([["a,b", "say \"hi\"", "x\ny", "r\rs"]]) == "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\",\"r\rs\"\r\n")
    }

    @Test func leadingAndTrailingSpacesAreQuoted() {
        #expect(CSV.encode([[" a", "b ", "c"]]) == "\" a\",\"b \",c\r\n")
    }

    @Test func theGivenDelimiterIsUsedAndQuoted() {
        #expect(CSV.encode([["a;b", "c,d"]], delimiter: ";") == "\"a;b\";c,d\r\n")
    }

    @Test func chineseIsWrittenAsIs() {
        #expect(CSV.encode([["华为技术有限公司", "张伟"]]) == "华为技术有限公司,张伟\r\n")
    }

    @Test(arguments: ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=1+1"])
    func formulasGetALeadingApostrophe(_ field: String) throws {
        let encoded = CSV.encode([[field]])
        #expect(try CSV.parse(encoded) == [["'" + field]])
    }

    @Test func tabAndCarriageReturnStartsAreNeutralisedAndQuoted() {
        #expect(CSV.encode([["\t=1", "\r=1"]]) == "'\t=1,\"'\r=1\"\r\n")
    }

    @Test(arguments: ["-12.5", "+3", "-0", "-.5", "-1.", "12", "+86"])
    func plainNumbersAreNotTouched(_ number: String) {
        #expect(CSV.encode([[number]]) == number + "\r\n")
    }

    @Test(arguments: ["-", "-1-2", "+86 138 0013 8000", "-1e5", "--1", "-1.2.3"])
    func thingsThatOnlyLookNumericAreNeutralised(_ field: String) {
        #expect(CSV.encode([[field]]).hasPrefix("'") || CSV.encode([[field]]).hasPrefix("\"'"))
    }

    @Test func aSingleEmptyFieldSurvivesARoundTrip() throws {
        #expect(try CSV.parse(CSV.encode([["a"], [""], ["b"]])) == [["a"], [""], ["b"]])
    }

    @Test func encodedRowsParseBackUnchanged() throws {
        let rows = [["名称", "备注", "金额"], ["华为, 深圳", "他说\"好\"\n第二行", "12.5"], [" 空格 ", "", "-3"]]
        #expect(try CSV.parse(CSV.encode(rows)) == rows)
        #expect(try CSV.parse(CSV.encode(rows, delimiter: "\t")) == rows)
        #expect(try CSV.parse(CSV.encode(rows, delimiter: ";")) == rows)
    }
}
