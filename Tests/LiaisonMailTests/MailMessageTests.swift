import Foundation
import Testing

@testable import LiaisonMail

/// Messages shaped as the mailers our customers use write them (our own corpus): the right text, threading headers
/// and attachments, whatever the charset and structure.
@Suite struct MailMessageTests {
    @Test func foxmailGBKAlternativeWithAnAttachment() {
        let text = "王经理：\r\n\r\n附件是本月的对账单，请查收。\r\n\r\n> 上次的发票已收到"
        let html = "<html><body><p>王经理：</p><p>附件是本月的对账单，请查收。</p></body></html>"
        let mail = MailMessage(
            parsing: Fixture.message([
                "Date: Fri, 4 Dec 2026 18:20:30 +0800",
                "From: \"=?GBK?B?\(Fixture.base64("陈静", "gbk"))?=\" <chen.jing@yunqi.example.cn>",
                "To: \"support\" <support@liaison.example>",
                "Cc: =?GBK?B?\(Fixture.base64("李娜", "gbk"))?= <li.na@liaison.example>",
                "Subject: =?GBK?B?\(Fixture.base64("回复: [R-000123] 本月对账单", "gbk"))?=",
                "X-mailer: Foxmail 7.2.25.228[cn]",
                "Mime-Version: 1.0",
                "Message-ID: <202612041820303418521@yunqi.example.cn>",
                "In-Reply-To: <r-000123.1@liaison.example>",
                "References: <r-000123.0@liaison.example>\r\n\t<r-000123.1@liaison.example>",
                "Content-Type: multipart/mixed;",
                "\tboundary=\"----=_001_NextPart745165487224_=----\"",
                "",
                "This is a multi-part message in MIME format.",
                "",
                "------=_001_NextPart745165487224_=----",
                "Content-Type: multipart/alternative;",
                "\tboundary=\"----=_002_NextPart024357236421_=----\"",
                "",
                "",
                "------=_002_NextPart024357236421_=----",
                "Content-Type: text/plain;",
                "\tcharset=\"GB2312\"",
                "Content-Transfer-Encoding: base64",
                "",
                Fixture.base64(text, "gbk"),
                "",
                "------=_002_NextPart024357236421_=----",
                "Content-Type: text/html;",
                "\tcharset=\"GB2312\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                Fixture.bytes(html, "gbk").map { String(format: "=%02X", $0) }.joined().chunked(72).joined(separator: "=\r\n"),
                "",
                "------=_002_NextPart024357236421_=------",
                "",
                "------=_001_NextPart745165487224_=----",
                "Content-Type: application/vnd.ms-excel;",
                "\tname=\"=?GBK?B?\(Fixture.base64("对账单.xls", "gbk"))?=\"",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment;",
                "\tfilename=\"=?GBK?B?\(Fixture.base64("对账单.xls", "gbk"))?=\"",
                "",
                Data("PK fake excel".utf8).base64EncodedString(),
                "",
                "------=_001_NextPart745165487224_=------",
                "",
            ]))
        #expect(mail.subject == "回复: [R-000123] 本月对账单")
        #expect(mail.from == MailAddress(name: "陈静", address: "chen.jing@yunqi.example.cn"))
        #expect(mail.to.map(\.address) == ["support@liaison.example"])
        #expect(mail.cc.first?.name == "李娜")
        #expect(mail.messageID == "202612041820303418521@yunqi.example.cn")
        #expect(mail.inReplyTo == ["r-000123.1@liaison.example"])
        #expect(mail.references == ["r-000123.0@liaison.example", "r-000123.1@liaison.example"])
        #expect(mail.date == Date(timeIntervalSince1970: 1_796_379_630))
        #expect(mail.text == "王经理：\n\n附件是本月的对账单，请查收。\n\n> 上次的发票已收到")
        #expect(mail.html == html)
        #expect(mail.attachments.map(\.filename) == ["对账单.xls"])
        #expect(mail.attachments.first?.data == Array("PK fake excel".utf8))
        #expect(mail.attachments.first?.isInline == false)
        #expect(mail.defects.isEmpty)
    }

    @Test func outlookRelatedHTMLWithAnInlineImageAndNoInReplyTo() {
        let mail = MailMessage(
            parsing: Fixture.message([
                "From: David Lee <David.Lee@yunqi.example.cn>",
                "To: \"support@liaison.example\" <support@liaison.example>",
                "Subject: RE: [R-000042] Invoice title",
                "Thread-Topic: [R-000042] Invoice title",
                "Thread-Index: AQHbQ1c2eJ8vXx1yS0+yZ0aW1yW9Iw==",
                "Date: Thu, 3 Dec 2026 02:05:00 +0000",
                "Message-ID: <SG2PR06MB1234ABCD@SG2PR06MB1234.apcprd06.prod.outlook.com>",
                "Content-Language: zh-CN",
                "Content-Type: multipart/related;",
                "\tboundary=\"_004_SG2PR06MB_\"; type=\"multipart/alternative\"",
                "MIME-Version: 1.0",
                "",
                "--_004_SG2PR06MB_",
                "Content-Type: multipart/alternative; boundary=\"_000_SG2PR06MB_\"",
                "",
                "--_000_SG2PR06MB_",
                "Content-Type: text/plain; charset=\"utf-8\"",
                "Content-Transfer-Encoding: base64",
                "",
                Fixture.base64("Fine, thanks. 谢谢！\r\n\r\nFrom: Liaison Support\r\nSent: 2 December 2026", "utf-8"),
                "",
                "--_000_SG2PR06MB_",
                "Content-Type: text/html; charset=\"utf-8\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "<html><body><p>Fine, thanks. =E8=B0=A2=E8=B0=A2=EF=BC=81</p><img src=3D\"cid:image001.png@01DB4=",
                "5A0\"></body></html>",
                "",
                "--_000_SG2PR06MB_--",
                "",
                "--_004_SG2PR06MB_",
                "Content-Type: image/png; name=\"image001.png\"",
                "Content-Description: image001.png",
                "Content-Disposition: inline; filename=\"image001.png\"; size=4;",
                "Content-ID: <image001.png@01DB45A0>",
                "Content-Transfer-Encoding: base64",
                "",
                "iVBORw",
                "",
                "--_004_SG2PR06MB_--",
            ]))
        #expect(mail.subject == "RE: [R-000042] Invoice title")
        #expect(mail.inReplyTo.isEmpty && mail.references.isEmpty)
        #expect(mail.from?.key == "david.lee@yunqi.example.cn")
        #expect(mail.text.hasPrefix("Fine, thanks. 谢谢！\n\nFrom: Liaison Support"))
        #expect(mail.html?.contains("cid:image001.png@01DB45A0") == true)
        #expect(mail.attachments.count == 1)
        #expect(mail.attachments.first?.contentID == "image001.png@01DB45A0")
        #expect(mail.attachments.first?.isInline == true)
        #expect(mail.attachments.first?.data == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test func gmailQuotedPrintableUTF8() {
        let mail = MailMessage(
            parsing: Fixture.message([
                "MIME-Version: 1.0",
                "From: =?UTF-8?B?5byg5LiJ?= <zhangsan.work@gmail.example>",
                "Date: Fri, 4 Dec 2026 09:00:00 +0800",
                "Message-ID: <CAF=abc123+XyZ@mail.gmail.example>",
                "Subject: =?UTF-8?Q?Re=3A_=5BR=2D000007=5D_=E7=99=BB=E5=BD=95=E5=A4=B1=E8=B4=A5?=",
                "In-Reply-To: <r-000007.2@liaison.example>",
                "To: support@liaison.example",
                "Content-Type: multipart/alternative; boundary=\"000000000000a1b2c3\"",
                "",
                "--000000000000a1b2c3",
                "Content-Type: text/plain; charset=\"UTF-8\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "=E5=B7=B2=E7=BB=8F=E5=8F=AF=E4=BB=A5=E7=99=BB=E5=BD=95=E4=BA=86=EF=BC=8C=E8=B0=A2=E8=B0=A2=E3=80=82 A ve=",
                "ry long line=3D ok",
                "",
                "On Thu, Dec 3, 2026 at 10:00 AM <support@liaison.example> wrote:",
                "> =E8=AF=B7=E5=86=8D=E8=AF=95=E4=B8=80=E6=AC=A1",
                "",
                "--000000000000a1b2c3",
                "Content-Type: text/html; charset=\"UTF-8\"",
                "",
                "<div dir=\"ltr\">已经可以登录了</div>",
                "--000000000000a1b2c3--",
            ]))
        #expect(mail.subject == "Re: [R-000007] 登录失败")
        #expect(mail.from?.name == "张三")
        #expect(mail.messageID == "CAF=abc123+XyZ@mail.gmail.example")
        #expect(mail.text.hasPrefix("已经可以登录了，谢谢。 A very long line= ok\n\nOn Thu, Dec 3"))
        #expect(mail.text.hasSuffix("> 请再试一次"))
    }

    /// NetEase 163 labels GBK text GB2312; 镕 is in GBK only. QQ Mail writes GB18030.
    @Test func chineseCharsetsAndMislabelledGB2312() {
        func single(_ charset: String, label: String, _ text: String, encoding: String = "base64") -> MailMessage {
            let body = encoding == "base64" ? Fixture.base64(text, charset) : nil
            var lines = [
                "From: someone@163.example", "Subject: test", "Content-Type: text/plain; charset=\(label)",
                "Content-Transfer-Encoding: \(encoding)", "",
            ]
            if let body { lines.append(body) } else { lines.append("{raw}") }
            return MailMessage(parsing: Fixture.message(lines, raw: [Fixture.bytes(text, charset)]))
        }
        #expect(single("gbk", label: "gb2312", "朱镕基同志的报告").text == "朱镕基同志的报告")
        #expect(single("gb18030", label: "GB18030", "𠀀字与镕").text == "𠀀字与镕")
        #expect(single("gbk", label: "\"gbk\"", "八位原样传输", encoding: "8bit").text == "八位原样传输")
        #expect(single("big5", label: "big5", "臺北貿易").text == "臺北貿易")
        #expect(single("iso-2022-jp", label: "ISO-2022-JP", "こんにちは", encoding: "7bit").text == "こんにちは")
        // No charset, or one nobody knows: UTF-8 if it is, else GB18030.
        #expect(single("gbk", label: "x-unknown", "未知字符集", encoding: "8bit").text == "未知字符集")
        #expect(single("utf-8", label: "unknown-8bit", "未知字符集", encoding: "8bit").text == "未知字符集")
        // Labelled UTF-8 but GBK.
        #expect(single("gbk", label: "utf-8", "标错的字符集", encoding: "8bit").text == "标错的字符集")
    }

    @Test func htmlOnlyMailIsReadAsTextWithoutItsScripts() {
        let mail = MailMessage(
            parsing: Fixture.message([
                "From: exmail@tencent.example", "Subject: html", "Content-Type: text/html; charset=utf-8", "",
                "<html><head><style>p{color:red}</style><title>t</title></head><body>",
                "<p>您好，</p><script>alert('x')</script><div>请见&nbsp;<b>附件</b> &amp; 回复&#x3002;<br>谢谢</div>",
                "<!-- a comment <p>hidden</p> --><table><tr><td>型号</td><td>数量</td></tr></table></body></html>",
            ]))
        #expect(mail.text == "您好，\n请见 附件 & 回复。\n谢谢\n型号 数量")
        #expect(mail.html != nil)
    }

    @Test func brokenStructuresLoseNothing() {
        // A multipart that never closes: its parts so far.
        let unclosed = MailMessage(
            parsing: Fixture.message([
                "Content-Type: multipart/mixed; boundary=b1", "", "--b1", "Content-Type: text/plain", "", "first part",
                "--b1", "Content-Type: application/pdf; name=a.pdf", "Content-Transfer-Encoding: base64", "", "JVBERi0x",
            ]))
        #expect(unclosed.text == "first part")
        #expect(unclosed.attachments.map(\.filename) == ["a.pdf"])
        #expect(unclosed.defects == ["multipart not closed"])
        // A boundary that never appears: the body as text.
        let lost = MailMessage(
            parsing: Fixture.message(["Content-Type: multipart/mixed; boundary=nothere", "", "just text"]))
        #expect(lost.text == "just text")
        #expect(lost.defects == ["multipart boundary not found"])
        // No headers at all, or nothing.
        #expect(MailMessage(parsing: Array("hello world".utf8)).text == "hello world")
        #expect(MailMessage(parsing: []).text == "")
        // A boundary that is a prefix of a longer line is not a delimiter.
        let prefix = MailMessage(
            parsing: Fixture.message([
                "Content-Type: multipart/mixed; boundary=ab", "", "--ab", "", "one", "--abc not a delimiter", "--ab--",
            ]))
        #expect(prefix.text == "one\n--abc not a delimiter")
    }

    @Test func deepNestingAndManyPartsAreBounded() {
        var lines = ["Subject: deep"]
        for depth in 0..<40 {
            lines += ["Content-Type: multipart/mixed; boundary=b\(depth)", "", "--b\(depth)"]
        }
        lines += ["Content-Type: text/plain", "", "bottom"]
        let deep = MailMessage(parsing: Fixture.message(lines))
        #expect(deep.defects.contains("parts nested too deep"))
        var many = ["Content-Type: multipart/mixed; boundary=m", ""]
        for index in 0..<1500 { many += ["--m", "Content-Type: application/octet-stream; name=f\(index).bin", "", "x"] }
        many.append("--m--")
        let wide = MailMessage(parsing: Fixture.message(many))
        #expect(wide.defects.contains("too many parts"))
        #expect(wide.attachments.count == MIMEPart.maximumParts - 1)
    }

    @Test func attachmentNamesAreSafe() {
        let mail = MailMessage(
            parsing: Fixture.message([
                "Content-Type: multipart/mixed; boundary=x", "", "--x", "Content-Type: text/plain", "", "body", "--x",
                "Content-Type: application/octet-stream", "Content-Disposition: attachment; filename=\"..\\\\..\\\\evil.exe\"",
                "", "MZ", "--x", "Content-Type: image/png", "Content-Disposition: attachment", "", "png", "--x",
                "Content-Type: message/rfc822", "", "Subject: inner", "", "inner body", "--x",
                "Content-Type: text/plain; name=\"log.txt\"", "", "a log file", "--x--",
            ]))
        #expect(mail.text == "body")
        #expect(mail.attachments.map(\.filename) == ["evil.exe", "attachment.png", "message.eml", "log.txt"])
    }
}

extension String {
    /// Pieces of `size` characters (the tests cut "=XX" escapes at multiples of three).
    func chunked(_ size: Int) -> [String] {
        stride(from: 0, to: count, by: size).map { start in
            let from = index(startIndex, offsetBy: start)
            return String(self[from..<(index(from, offsetBy: size, limitedBy: endIndex) ?? endIndex)])
        }
    }
}
