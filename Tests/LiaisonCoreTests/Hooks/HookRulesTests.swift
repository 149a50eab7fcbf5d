import Foundation
import Testing

@testable import LiaisonCore

/// What an address must be, which audit entries raise which events, and what each chat app is sent.
@Suite struct HookRulesTests {
    @Test func onlyPlainHTTPAddressesArePostedTo() {
        #expect(HookURL.parse(" https://hooks.example.com/a?b=c ") == "https://hooks.example.com/a?b=c")
        #expect(HookURL.parse("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080/x")
        for bad in [
            "", "ftp://example.com", "file:///etc/passwd", "javascript:alert(1)", "https://u:p@example.com/",
            "https://example.com/a b", "https://example.com/#frag", "//example.com", "https:///x", "https://例子.com/",
            "https://example.com/\u{0}", String(repeating: "a", count: 2001),
        ] {
            #expect(HookURL.parse(bad) == nil, "\(bad)")
        }
        #expect(
            HookURL.hint("https://oapi.dingtalk.com/robot/send?access_token=abc") == "https://oapi.dingtalk.com/robot/…"
        )
        #expect(HookURL.hint("https://hooks.slack.com/services/T0/B0/XYZ") == "https://hooks.slack.com/services/…")
    }

    @Test func auditEntriesBecomeEventsAndInternalNotesNever() {
        #expect(HookTrigger(action: "request.create").webhookEvent == .requestCreated)
        for action in ["request.update", "request.status", "request.assign"] {
            #expect(HookTrigger(action: action).webhookEvent == .requestUpdated)
        }
        #expect(HookTrigger(action: "request.message", visibility: "public").webhookEvent == .requestReplied)
        #expect(HookTrigger(action: "request.message", visibility: "internal").webhookEvent == nil)
        #expect(HookTrigger(action: "request.slaBreach").webhookEvent == .requestSLABreached)
        #expect(HookTrigger(action: "customer.create").webhookEvent == .customerCreated)
        #expect(HookTrigger(action: "customer.update").webhookEvent == .customerUpdated)
        #expect(HookTrigger(action: "customer.read").webhookEvent == nil)
        #expect(
            HookTrigger(action: "request.message", visibility: "public").robotEvent(fromCustomer: true)
                == .customerReplied)
        #expect(HookTrigger(action: "request.message", visibility: "public").robotEvent(fromCustomer: false) == nil)
        #expect(HookTrigger(action: "request.update").robotEvent(fromCustomer: false) == nil)
        #expect(HookTrigger.actions.count == 8)
    }

    @Test func eventNamesAreTheContract() {
        #expect(
            WebhookEvent.allCases.map(\.rawValue) == [
                "request.created", "request.updated", "request.replied", "request.sla_breached", "customer.created",
                "customer.updated",
            ])
    }

    @Test func inputIsValidatedFieldByField() {
        var input = WebhookInput(
            name: "同步", url: "https://example.com/h",
            events: ["customer.updated", "request.created", "request.created"])
        let valid = try? input.validated()
        #expect(valid?.events == [.requestCreated, .customerUpdated])
        #expect(valid?.maxClassification == .internal && valid?.secret == .keep && valid?.active == true)
        input.secret = "1234567"
        #expect(throws: ValidationFailure.self) { try input.validated() }
        let robot = RobotInput(
            name: "群", departmentID: UUID().uuidString, kind: "wecom", url: nil, secret: nil,
            events: ["request.created"])
        #expect(throws: ValidationFailure.self) { try robot.validated() }
        #expect((try? robot.validated(hasURL: true))?.secret == .clear)
    }

    @Test func eachAppGetsItsBody() throws {
        let notice = RobotNotice(
            title: "新请求", lines: ["R-000123 · 问题 · 优先级：高", "主题：[点我](http://evil) <b>"],
            link: "https://l.example/requests/1",
            linkLabel: "查看")
        let wecom = try JSONSerialization.jsonObject(with: RobotMessage.body(.wecom, notice)) as? [String: Any]
        let content = (wecom?["markdown"] as? [String: String])?["content"] ?? ""
        #expect(wecom?["msgtype"] as? String == "markdown")
        #expect(content.hasPrefix("**新请求**\n") && content.hasSuffix("[查看](https://l.example/requests/1)"))
        #expect(!content.contains("[点我]") && !content.contains("<b>"), "a subject cannot add links or markup")
        let ding = try JSONSerialization.jsonObject(with: RobotMessage.body(.dingtalk, notice)) as? [String: Any]
        #expect((ding?["markdown"] as? [String: String])?["title"] == "新请求")
        #expect((ding?["markdown"] as? [String: String])?["text"]?.contains("\n\n") == true)
        let feishu =
            try JSONSerialization.jsonObject(
                with: RobotMessage.body(.feishu, notice, feishuSignature: (1_790_000_000, "c2lnbg==")))
            as? [String: Any]
        #expect(feishu?["timestamp"] as? String == "1790000000" && feishu?["sign"] as? String == "c2lnbg==")
        #expect((feishu?["content"] as? [String: String])?["text"]?.hasSuffix("\nhttps://l.example/requests/1") == true)
        let slack = try JSONSerialization.jsonObject(with: RobotMessage.body(.slack, notice)) as? [String: String]
        #expect(slack?["text"]?.contains("&lt;b&gt;") == true)
        #expect(slack?["text"]?.hasSuffix("<https://l.example/requests/1|查看>") == true)
    }

    @Test func dingTalkTakesItsSignInTheAddressURLEncoded() {
        #expect(
            RobotMessage.signedURL(
                "https://oapi.dingtalk.com/robot/send?access_token=t", timestampMillis: 1_790_000_000_000,
                sign: "hqTkBBMf94pnVwc0bmNGz+mbdATQEY0TAQpdswC1zMI=")
                == "https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1790000000000&sign=hqTkBBMf94pnVwc0bmNGz%2BmbdATQEY0TAQpdswC1zMI%3D"
        )
    }

    @Test func theAppsAnswersAreRead() {
        #expect(RobotMessage.refusal(.wecom, body: Data(#"{"errcode":0,"errmsg":"ok"}"#.utf8)) == nil)
        #expect(
            RobotMessage.refusal(.dingtalk, body: Data(#"{"errcode":310000,"errmsg":"sign not match"}"#.utf8))
                == "errcode 310000: sign not match")
        #expect(
            RobotMessage.refusal(.feishu, body: Data(#"{"code":19021,"msg":"sign match fail"}"#.utf8))
                == "code 19021: sign match fail")
        #expect(RobotMessage.refusal(.feishu, body: Data(#"{"StatusCode":0,"StatusMessage":"success"}"#.utf8)) == nil)
        #expect(RobotMessage.refusal(.wecom, body: Data("<html>".utf8)) == "not a JSON answer")
        #expect(RobotMessage.refusal(.slack, body: Data("ok".utf8)) == nil)
    }
}
