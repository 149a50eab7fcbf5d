import Foundation
import Testing

@testable import LiaisonMail

@Suite struct MailComposerTests {
    private func reply() -> OutgoingMail {
        var mail = OutgoingMail(
            from: MailAddress(name: "星河科技 客服", address: "support@liaison.example"),
            to: [MailAddress(name: "陈静", address: "chen.jing@yunqi.example.cn")],
            subject: "[R-000123] 关于本月对账单的回复，请查收附件中的发票与对账明细（含十二月份）",
            messageID: "r-000123.4.abc@liaison.example", date: Date(timeIntervalSince1970: 1_796_379_630),
            text: "陈经理：\n\n对账单已更新，= 号与行尾空格 \n一行很长" + String(repeating: "很长", count: 60),
            html: "<p>陈经理：</p><p>对账单已更新。</p>")
        mail.cc = [MailAddress(name: "Li \"Na\"", address: "li.na@liaison.example")]
        mail.inReplyTo = "202612041820303418521@yunqi.example.cn"
        mail.references = ["r-000123.0@liaison.example", "202612041820303418521@yunqi.example.cn"]
        mail.attachments = [.init(filename: "发票 2026-12.pdf", mediaType: "application/pdf", data: Array(0...255))]
        mail.extraHeaders = [("Auto-Submitted", "auto-generated"), ("Bad:Name", "x")]
        return mail
    }

    @Test func whatWeSendReadsBackAsWritten() {
        let mail = reply()
        let bytes = mail.rendered()
        let read = MailMessage(parsing: bytes)
        #expect(read.subject == mail.subject)
        #expect(read.from == mail.from)
        #expect(read.to == mail.to)
        #expect(read.cc == mail.cc)
        #expect(read.messageID == mail.messageID)
        #expect(read.inReplyTo == [mail.inReplyTo!])
        #expect(read.references == mail.references)
        #expect(read.date == mail.date)
        #expect(read.text == mail.text)
        #expect(read.html == mail.html)
        #expect(read.attachments.map(\.filename) == ["发票 2026-12.pdf"])
        #expect(read.attachments.first?.data == Array(0...255))
        #expect(read.headers["Auto-Submitted"] == "auto-generated")
        #expect(read.headers["Bad"] == nil)
        #expect(read.defects.isEmpty)
        // Every line within 998 bytes, headers within 78 where they can fold, only CRLF line ends.
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.filter { $0.utf8.count > 78 })")
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test func aLineBreakInASubjectOrNameStartsNoHeader() {
        var mail = reply()
        mail.subject = "Hello\r\nBcc: victim@example.com"
        mail.to = [MailAddress(name: "x\r\nBcc: victim@example.com", address: "a@b.cn")]
        let read = MailMessage(parsing: mail.rendered())
        #expect(read.headers["Bcc"] == nil)
        #expect(read.subject == "Hello Bcc: victim@example.com")
    }

    @Test func plainTextAloneIsOnePart() {
        var mail = reply()
        mail.html = nil
        mail.attachments = []
        let text = String(decoding: mail.rendered(), as: UTF8.self)
        #expect(!text.contains("multipart"))
        #expect(MailMessage(parsing: mail.rendered()).text == mail.text)
    }
}
