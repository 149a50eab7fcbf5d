import Foundation

@testable import LiaisonCore

/// The customers, parties and context the message-check tests share.
enum MessageCheckFixtures {
    static let xinghe = UUID(uuidString: "00000000-0000-0000-0000-000000000001") ?? UUID()
    static let tianyuan = UUID(uuidString: "00000000-0000-0000-0000-000000000002") ?? UUID()
    static let northwind = UUID(uuidString: "00000000-0000-0000-0000-000000000003") ?? UUID()
    static let blueharbor = UUID(uuidString: "00000000-0000-0000-0000-000000000004") ?? UUID()

    /// Other customers of the organisation, with contacts.
    static let parties = PartyNames([
        .init(customerID: xinghe, name: "深圳星河科技有限公司", isContact: false),
        .init(customerID: xinghe, name: "王芳", isContact: true),
        .init(customerID: tianyuan, name: "天远物流股份有限公司", isContact: false),
        .init(customerID: tianyuan, name: "赵立新", isContact: true),
        .init(customerID: northwind, name: "Northwind Traders Inc.", isContact: false),
        .init(customerID: northwind, name: "Laura Callahan", isContact: true),
        .init(customerID: blueharbor, name: "上海蓝港医疗器械有限公司", isContact: false),
        .init(customerID: blueharbor, name: "Blue Harbor Medical Co., Ltd.", isContact: false),
        .init(customerID: blueharbor, name: "陈静怡", isContact: true),
    ])

    /// A context addressed to 星河科技 on the China calendar at `now`.
    static func context(_ now: String = "2026-09-23 10:00", language: String? = nil) -> MessageCheckContext {
        MessageCheckContext(
            customerID: xinghe, customerNames: ["深圳星河科技有限公司", "星河科技", "王芳"], knownDomains: ["xinghe.cn"],
            knownAddresses: ["wangfang@xinghe.cn"], language: language, calendar: CalendarFixtures.china,
            now: CalendarFixtures.local(now))
    }

    static func run(_ text: String, _ context: MessageCheckContext = context()) -> MessageCheckResult {
        MessageCheck.run(text, context: context, lexicon: .standard, parties: parties, policy: .standard)
    }
}
