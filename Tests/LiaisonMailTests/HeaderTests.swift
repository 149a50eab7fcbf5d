import Foundation
import Testing

@testable import LiaisonMail

@Suite struct HeaderTests {
    @Test func encodedWordsAreReadAndJoinedAcrossLines() {
        // One GBK character split between two words, as long Chinese subjects are.
        let bytes = Fixture.bytes("关于合同续签", "gbk")
        let first = Data(bytes[0..<5]).base64EncodedString()
        let second = Data(bytes[5...]).base64EncodedString()
        #expect(EncodedWords.decode("=?GBK?B?\(first)?=\r\n =?GBK?B?\(second)?=") == "关于合同续签")
        #expect(EncodedWords.decode("Re: =?utf-8?Q?=E5=9B=9E=E5=A4=8D_ok?= done") == "Re: 回复 ok done")
        #expect(EncodedWords.decode("Re:=?gb2312?B?\(Fixture.base64("你好", "gbk"))?=") == "Re:你好")
        // Words of different charsets each read in their own.
        #expect(
            EncodedWords.decode("=?big5?B?\(Fixture.base64("臺北", "big5"))?= =?utf-8?B?\(Fixture.base64("贸易", "utf-8"))?=")
                == "臺北贸易")
        // Not a word: left as written.
        #expect(EncodedWords.decode("=?broken") == "=?broken")
        #expect(EncodedWords.decode("a =?x?Z?abc?= b") == "a =?x?Z?abc?= b")
        #expect(EncodedWords.decode("=?utf-8*zh?Q?=E4=BD=A0?=") == "你")
    }

    @Test func unfoldedHeadersKeepTheirOrderAndRawGBKIsRead() {
        let block = Fixture.message(
            ["From nobody Mon Jan  1 00:00:00 2026", "Subject: first", " line two", "X-Empty:", "{raw}", "To: a@b.cn"],
            raw: [Array("Subject: ".utf8) + Fixture.bytes("报价单", "gbk")])
        let headers = MailHeaders.parse(block[...])
        #expect(headers.fields.map(\.name) == ["Subject", "X-Empty", "Subject", "To"])
        #expect(headers["subject"] == "first line two")
        #expect(headers.all("Subject").last == "报价单")
        #expect(headers["X-Empty"] == "")
    }

    @Test func aLineBreakSmuggledIntoAnEncodedWordIsASpace() {
        let headers = MailHeaders([.init(name: "Subject", raw: "=?utf-8?Q?Hello=0D=0ABcc:_evil@example.com?=")])
        #expect(headers.text("Subject") == "Hello Bcc: evil@example.com")
    }

    @Test func parametersFollowRFC2231AndEncodedWords() {
        let rfc2231 = HeaderParameters("attachment; filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95.pdf")
        #expect(rfc2231.value == "attachment")
        #expect(rfc2231["filename"] == "报价单.pdf")
        let continued = HeaderParameters(
            "attachment;\r\n filename*0*=gbk''%B1%A8%BC%DB; filename*1*=%B5%A5; filename*2=\".xlsx\"")
        #expect(continued["filename"] == "报价单.xlsx")
        let encoded = HeaderParameters("application/pdf; name=\"=?GBK?B?\(Fixture.base64("合同.pdf", "gbk"))?=\"")
        #expect(encoded.value == "application/pdf")
        #expect(encoded["name"] == "合同.pdf")
        let quoted = HeaderParameters("text/plain; charset=\"GB2312\"; format=flowed; x=\"a;b\\\"c\"")
        #expect(quoted["charset"] == "GB2312")
        #expect(quoted["x"] == "a;b\"c")
        #expect(HeaderParameters(nil).value == "")
        #expect(HeaderParameters("TEXT/HTML").value == "text/html")
    }

    @Test func addressListsGiveTheRealAddress() {
        let list = MailAddress.list(
            "\"Zhang, San\" <zhang.san@example.cn>, =?GBK?B?\(Fixture.base64("李四", "gbk"))?= <li.si@example.cn>,"
                + " wang@example.cn (王五), Team: a@x.cn, b@x.cn;, <mailto:c@x.cn>, not-an-address")
        #expect(list.map(\.address) == ["zhang.san@example.cn", "li.si@example.cn", "wang@example.cn", "a@x.cn", "b@x.cn", "c@x.cn"])
        #expect(list.map(\.name) == ["Zhang, San", "李四", "王五", nil, nil, nil])
        // A display name that looks like an address is only a name.
        let trick = MailAddress.list("\"support@bank.example\" <attacker@evil.example>")
        #expect(trick == [MailAddress(name: "support@bank.example", address: "attacker@evil.example")])
        #expect(MailAddress.list("undisclosed-recipients:;").isEmpty)
        #expect(MailAddress(address: "A@B.CN").key == "a@b.cn")
        #expect(MailAddress(address: "a@b.cn").isValid)
        #expect(!MailAddress(address: "a b@c.cn").isValid)
        #expect(!MailAddress(address: "a@localhost").isValid)
    }

    @Test func messageIDsAndDates() {
        #expect(MessageIDs.list("<a@x> (comment) <b@y>\r\n <a@x>") == ["a@x", "b@y"])
        #expect(MessageIDs.list("<1234.5678@mail.example.cn> from someone") == ["1234.5678@mail.example.cn"])
        #expect(MessageIDs.list("bare@id.example other") == ["bare@id.example"])
        #expect(MessageIDs.list("<no-at-sign>").isEmpty)
        let date = MailDate.parse("Fri, 4 Dec 2026 18:20:30 +0800 (CST)")
        #expect(date == Date(timeIntervalSince1970: 1_796_379_630))
        #expect(MailDate.parse("4 Dec 26 10:20 GMT") == Date(timeIntervalSince1970: 1_796_379_600))
        #expect(MailDate.parse("31 Feb 2026 10:00:00 +0000") == nil)
        #expect(MailDate.parse("yesterday") == nil)
        #expect(MailDate.format(Date(timeIntervalSince1970: 1_796_379_630)) == "Fri, 04 Dec 2026 10:20:30 +0000")
    }
}
