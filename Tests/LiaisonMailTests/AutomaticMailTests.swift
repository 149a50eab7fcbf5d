import Testing

@testable import LiaisonMail

@Suite struct AutomaticMailTests {
    private func mail(_ headers: [String], body: String = "text") -> MailMessage {
        MailMessage(parsing: Fixture.message(headers + ["", body]))
    }

    @Test func robotsAreRecognisedAndPeopleAreNot() {
        let base = ["From: chen@yunqi.example.cn", "To: support@liaison.example"]
        #expect(AutomaticMail.classify(mail(base + ["Subject: Re: [R-000001] 登录失败"])) == nil)
        #expect(AutomaticMail.classify(mail(base + ["Subject: 关于自动回复功能的问题"])) == nil)
        #expect(AutomaticMail.classify(mail(base + ["Auto-Submitted: no", "Subject: hi"])) == nil)
        #expect(
            AutomaticMail.classify(mail(base + ["Auto-Submitted: auto-replied", "Subject: hi"]))
                == .autoReply("Auto-Submitted: auto-replied"))
        #expect(AutomaticMail.classify(mail(base + ["X-Autoreply: yes", "Subject: hi"])) == .autoReply("X-Autoreply"))
        #expect(AutomaticMail.classify(mail(base + ["Precedence: bulk", "Subject: hi"])) == .bulk("Precedence: bulk"))
        #expect(
            AutomaticMail.classify(mail(base + ["Subject: =?UTF-8?B?\(Fixture.base64("自动回复：我正在休假", "utf-8"))?="]))
                == .autoReply("Subject: 自动回复"))
        #expect(
            AutomaticMail.classify(mail(base + ["Subject: Automatic reply: [R-000002] Invoice"]))
                == .autoReply("Subject: automatic reply"))
        #expect(AutomaticMail.classify(mail(base + ["Subject: RE: Out of Office"])) == .autoReply("Subject: out of office"))
        #expect(AutomaticMail.classify(mail(base + ["List-Id: <news.example>", "Subject: hi"])) == .bulk("List-Id"))
        #expect(
            AutomaticMail.classify(mail(["From: MAILER-DAEMON@mx.example", "Subject: Undelivered Mail Returned to Sender"]))
                == .bounce("From: mailer-daemon"))
        #expect(
            AutomaticMail.classify(
                mail(["From: a@b.cn", "Content-Type: multipart/report; report-type=delivery-status; boundary=x"]))
                == .bounce("Content-Type: multipart/report; report-type=delivery-status"))
        #expect(
            AutomaticMail.classify(mail(["From: system@qq.example", "Return-Path: <>", "Subject: 系统退信"]))
                == .bounce("Return-Path: <> and a delivery failure subject"))
    }

    @Test func subjectsLoseTheirReplyPrefixes() {
        #expect(SubjectLine.withoutPrefixes("Re: RE：回复: 答复:转发: Fwd: FW: 关于  合同") == "关于 合同")
        #expect(SubjectLine.withoutPrefixes("Re[2]: AW: Angebot") == "Angebot")
        #expect(SubjectLine.withoutPrefixes("Reply needed") == "Reply needed")
        #expect(SubjectLine.withoutPrefixes("回复") == "回复")
        #expect(SubjectLine.requestNumber(in: "Re: [R-000123] 登录") == 123)
        #expect(SubjectLine.requestNumber(in: "[note] [r-42]") == 42)
        #expect(SubjectLine.requestNumber(in: "[R-] [R-12a] [R-0]") == nil)
        #expect(SubjectLine.requestNumber(in: "R-000123") == nil)
    }
}
