import Foundation
import Testing

@testable import LiaisonCore

@Suite struct MessageCheckTests {
    typealias F = MessageCheckFixtures

    func kinds(_ text: String, _ context: MessageCheckContext = F.context()) -> [String] {
        F.run(text, context).findings.map { "\($0.kind.rawValue):\($0.excerpt)" }
    }

    @Test func rudeWordingIsFoundThroughDodges() {
        #expect(kinds("这是你们自己的问题。") == ["disrespect:是你们自己的问题"])
        #expect(kinds("这是你们自\u{200B}己的问题。") == ["disrespect:是你们自\u{200B}己的问题"])
        #expect(kinds("這是你們自己的問題") == ["disrespect:是你們自己的問題"])
        #expect(kinds("As I already told you, restart it.") == ["disrespect:As I already told you"])
        #expect(kinds("you are ѕtupid") == ["disrespect:ѕtupid"])
        #expect(F.run("说了多少遍了").findings.first?.severity == .block)
        #expect(F.run("说了多少遍了").findings.first?.suggestion == "耐心地再说明一次，必要时附上步骤或截图")
    }

    @Test func vagueTimesAreFineWhenTheSentenceHasADate() {
        #expect(kinds("我们会尽快处理。") == ["vagueness:尽快"])
        #expect(kinds("我们会尽快在明天下午三点前处理。").isEmpty)
        #expect(kinds("We will look into it.") == ["vagueness:We will look into it"])
        #expect(kinds("We will look into it and reply by Thursday 3pm.").isEmpty)
    }

    @Test func latinPhrasesDoNotMatchAcrossOtherWords() {
        // "maybe" is not in "may be"; a spelt-out dodge still counts; gaps stay inside one sentence.
        #expect(kinds("The case study may be useful.").isEmpty)
        #expect(kinds("m a y b e").map { $0 } == ["vagueness:m a y b e"])
        #expect(kinds("都说了三遍了。") == ["disrespect:说了三遍"])
        #expect(kinds("I have told your team three times now.") == ["disrespect:told your team three times"])
        #expect(kinds("我们说了。这是第三遍测试").isEmpty)
    }

    @Test func aHolidayWarningIsLeftOutWhenTheSentenceSpeaksOfTheHoliday() {
        #expect(kinds("由于中秋节放假，原定周五的上线顺延到下周一下午。").isEmpty)
        #expect(kinds("原定周五上线。") == ["date:周五"])
    }

    @Test func placeholdersAreFound() {
        #expect(kinds("{{customer_name}}您好") == ["placeholder:{{customer_name}}"])
        #expect(kinds("尊敬的【客户名称】：") == ["placeholder:【客户名称】"])
        #expect(kinds("Dear <name>, hi [Customer Name]") == ["placeholder:<name>", "placeholder:[Customer Name]"])
        #expect(kinds("XXX公司的合同 TODO") == ["placeholder:XXX", "placeholder:TODO"])
        #expect(kinds("【重要】请查看[附件1]，USB接口 TODOLIST").isEmpty)
        #expect(kinds("{客户名}您好，请在____前回复") == ["placeholder:{客户名}", "placeholder:____"])
        #expect(kinds("配置示例：{\"retry\": 3}，a_b").isEmpty)
    }

    @Test func copiedInternalNotesAreFoundAsOneSpan() {
        var context = F.context()
        context.internalNotes = ["客户环境的数据库密码是弱密码，运维那边还没改，先别让客户知道，下周再安排修复。"]
        let result = F.run("您好，关于此事：运维那边还没改，先别让客户知道，谢谢。", context)
        // The copy is one span; 别让客户知道 is also a marker of its own.
        #expect(result.findings.map(\.code) == ["internalText", "internalText.marker"])
        #expect(result.findings.first?.excerpt == "运维那边还没改，先别让客户知道")
        // A shared short phrase is not a copy.
        #expect(F.run("您好，下周再安排。", context).findings.isEmpty)
        #expect(kinds("以下为内部备注") == ["internalText:内部备注"])
        #expect(kinds("This is for internal use only.") == ["internalText:internal use only"])
    }

    @Test func anotherCustomersNameAlwaysBlocks() {
        var policy = MessageCheckPolicy.standard
        policy.disabled = [.otherCustomer]
        policy.severities[.otherCustomer] = .warn
        let result = MessageCheck.run(
            "天远物流那边也遇到过这个问题，赵立新反馈过。", context: F.context(), lexicon: .standard, parties: F.parties,
            policy: policy)
        #expect(result.findings.map(\.excerpt) == ["天远物流", "赵立新"])
        #expect(result.findings.allSatisfy { $0.severity == .block && $0.kind == .otherCustomer })
        #expect(result.findings.first?.arguments == ["name": "天远物流股份有限公司"])
    }

    @Test func theAddressedCustomersOwnNamesNeverCount() {
        #expect(kinds("星河科技的王芳您好，深圳星河科技有限公司的合同已收到。").isEmpty)
        #expect(
            kinds("Northwind Traders and Laura Callahan") == [
                "otherCustomer:Northwind Traders", "otherCustomer:Laura Callahan",
            ])
        // Short keys and generic words are not names.
        #expect(PartyNames.keys(for: "北京科技有限公司", isContact: false).count == 1)
        #expect(PartyNames.keys(for: "王", isContact: true).isEmpty)
        #expect(PartyNames.keys(for: "Laura", isContact: true).isEmpty)
        #expect(PartyNames.shortName("Blue Harbor Medical Co., Ltd.") == "Blue Harbor Medical")
        #expect(PartyNames.shortName("星河科技（深圳）有限公司") == "星河科技")
    }

    @Test func recipientsAndAttachmentsOutsideTheCustomer() {
        var context = F.context()
        context.recipients = ["王芳 <wangfang@xinghe.cn>", "ops@mail.xinghe.cn", "zhao@tianyuan.com", "not-an-address"]
        context.attachments = [
            .init(name: "报价单.pdf", customerID: F.xinghe), .init(name: "天远合同.pdf", customerID: F.tianyuan),
        ]
        let findings = F.run("您好，附件请查收。", context).findings
        #expect(findings.map(\.code) == ["recipient", "recipient", "attachment"])
        #expect(findings.map(\.excerpt) == ["zhao@tianyuan.com", "not-an-address", "天远合同.pdf"])
        #expect(findings.allSatisfy { $0.start == 0 && $0.end == 0 })
    }

    @Test func aTextNotInThePreferredLanguageWarns() {
        #expect(kinds("Please find the report attached.", F.context(language: "zh")) == ["language:"])
        #expect(kinds("您好，报告已经发送到您的邮箱，请查收 report。", F.context(language: "zh")).isEmpty)
        #expect(kinds("OK", F.context(language: "zh")).isEmpty)
    }

    @Test func unansweredQuestionsOfTheCustomer() {
        var context = F.context()
        context.lastCustomerMessage = "请问导出功能什么时候修复？另外发票能否重新开具？"
        #expect(kinds("导出功能的修复已于今天上线。", context) == ["vagueness:另外发票能否重新开具？"])
        #expect(kinds("导出功能今天修复，发票明天重新开具。", context).isEmpty)
        context.lastCustomerMessage = "When will the export be fixed? Can you also resend the invoice?"
        #expect(kinds("The export fix is live.", context) == ["vagueness:Can you also resend the invoice?"])
        context.lastCustomerMessage = "导出功能什么时候修复？"
        #expect(kinds("我们正在看。", context).isEmpty)
        // A time answers "when"; a question without key terms is not held against the reply.
        context.lastCustomerMessage = "系统什么时候能恢复？需要我们做什么吗？"
        #expect(kinds("预计明天上午10点前恢复，贵司无需任何操作。", context).isEmpty)
        context.lastCustomerMessage = "When will the report be ready? Will you also refund the fee?"
        #expect(kinds("You will have it by Thursday noon.", context) == ["vagueness:Will you also refund the fee?"])
    }

    @Test func datesThatDoNotExistOrArePast() {
        #expect(kinds("我们2月30日前交付。") == ["date:2月30日前"])
        #expect(kinds("今天上午9点前发给您。") == ["date:今天上午9点前"])
        #expect(F.run("本周五前完成").findings.map(\.code) == ["date.holiday"])
    }

    @Test func thePolicyDisablesKindsAndSetsSeverities() {
        let policy = MessageCheckPolicy(severities: [.vagueness: .block], disabled: [.placeholder])
        let result = MessageCheck.run(
            "XXX 我们会尽快处理", context: F.context(), lexicon: .standard, parties: F.parties, policy: policy)
        #expect(result.findings.map(\.code) == ["vagueness.noDate"])
        #expect(result.findings.first?.severity == .block)
        let data = try? JSONEncoder().encode(policy)
        #expect(data.flatMap { try? JSONDecoder().decode(MessageCheckPolicy.self, from: $0) } == policy)
    }

    @Test func everyCodeHasItsArgumentOrder() {
        #expect(Set(MessageFinding.codes) == Set(MessageFinding.argumentOrder.keys))
    }
}
