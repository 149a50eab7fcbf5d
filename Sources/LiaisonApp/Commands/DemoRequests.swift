import FluentKit
import Foundation
import LiaisonCore
import LiaisonData

/// The demo company's service desk: the support queue assigning round-robin, canned responses in both languages,
/// and requests in every state — answered and not, waiting on the customer, breached, resolved with a score.
enum DemoRequests {
    struct Entry {
        var customer: String
        var kind: RequestKind
        var priority: Priority
        var channel: LiaisonCore.Channel
        var subject: String
        var body: String
        /// Hours before now that the request came in.
        var hoursAgo: Double
        /// Staff replies and internal notes that followed: hours after it came in, internal or not, text.
        var replies: [(after: Double, isInternal: Bool, body: String)]
        var finalStatus: RequestStatus?
        var score: Int?
    }

    static let entries: [Entry] = [
        Entry(
            customer: "深圳云帆智能制造有限公司", kind: .issue, priority: .urgent, channel: .phone,
            subject: "二号产线数据采集中断", body: "今天早上 8 点起二号产线的设备数据没有上传，**影响质量追溯**，请尽快处理。",
            hoursAgo: 3, replies: [(0.3, true, "@吴昊 请先检查采集网关的日志。")], finalStatus: nil, score: nil),
        Entry(
            customer: "深圳云帆智能制造有限公司", kind: .inquiry, priority: .normal, channel: .email,
            subject: "试点验收标准确认", body: "请提供试点阶段的验收标准模板，我们内部要走审批。",
            hoursAgo: 30, replies: [(2, false, "您好，验收标准模板已作为附件发送，请查收。如需调整请告诉我们。")],
            finalStatus: .waitingOnCustomer, score: nil),
        Entry(
            customer: "Northwind Trading Ltd.", kind: .inquiry, priority: .low, channel: .email,
            subject: "Does the portal support single sign-on?",
            body: "Our IT team asks whether the customer portal can use our Azure AD for sign-in.",
            hoursAgo: 20, replies: [], finalStatus: nil, score: nil),
        Entry(
            customer: "李明（个人客户）", kind: .complaint, priority: .high, channel: .chat,
            subject: "退款迟迟未到账", body: "两周前申请的年费退款到现在还没收到，客服一直说在处理，非常不满意。",
            hoursAgo: 72, replies: [(30, true, "财务确认退款单卡在审批环节，已催办。")], finalStatus: nil, score: nil),
        Entry(
            customer: "成都蜀信软件服务有限公司", kind: .feedback, priority: .normal, channel: .portal,
            subject: "建议增加渠道伙伴报表", body: "希望能按季度导出渠道伙伴的成交与回款报表。",
            hoursAgo: 120, replies: [(4, false, "感谢建议，已转给产品团队评估，纳入下季度规划。")],
            finalStatus: .resolved, score: 5),
        Entry(
            customer: "深圳云帆智能制造有限公司", kind: .issue, priority: .normal, channel: .email,
            subject: "报表导出 Excel 后中文乱码", body: "从系统导出的质量报表用 Excel 打开后中文是乱码。",
            hoursAgo: 200,
            replies: [(3, false, "已定位：导出文件缺少 UTF-8 标记。补丁已发布，请升级后再试。"), (26, false, "升级后已正常，谢谢。")],
            finalStatus: .closed, score: 4),
    ]

    static let canned: [(title: String, zh: String, en: String)] = [
        ("确认收到 / Acknowledge",
         "{{contact.name}}您好，我们已收到您的请求 {{request.number}}，正在处理，有进展会第一时间告知您。——{{agent.name}}",
         "Dear {{contact.name}}, we have received your request {{request.number}} and are working on it. We will keep you posted. — {{agent.name}}"),
        ("请提供更多信息 / More information",
         "{{contact.name}}您好，为尽快解决 {{request.number}}，请提供出现问题的时间、截图和操作步骤。——{{agent.name}}",
         "Dear {{contact.name}}, to resolve {{request.number}} quickly, please send the time it happened, a screenshot and the steps. — {{agent.name}}"),
    ]

    /// Loads the service desk once; returns how many requests it created.
    static func load(
        people: [String: UUID], departments: [String: UUID], by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> Int {
        let admin = CustomerViewer(userID: UUID(), roles: [.admin])
        // Loaded with the rest of the demo company (see `DemoCommand.presence`), whatever requests are there.
        guard let support = departments["SUP"] else { return 0 }
        try await Assignment.setMode(.roundRobin, for: support, by: actor, at: now, on: tx)
        for item in canned {
            _ = try await CannedResponseStore.save(
                nil, CannedResponseDraft(departmentID: support, title: item.title, bodyZh: item.zh, bodyEn: item.en),
                expectedVersion: nil, by: actor, at: now, on: tx)
        }
        let agents = ["huang.li", "wu.hao", "xu.chen"].compactMap { people[$0] }
        var created = 0
        for (index, entry) in entries.enumerated() {
            guard let customer = try await CustomerQueries.findByName(entry.customer, for: admin, on: tx) else { continue }
            let contact = try await ContactQueries.list(customerID: customer.id, on: tx).first
            let opened = now.addingTimeInterval(-entry.hoursAgo * 3600)
            let agent = agents.isEmpty ? nil : agents[index % agents.count]
            let staff = AuditActor(userID: agent, label: actor.label, address: nil)
            let input = try RequestInput(
                customerID: customer.id.uuidString, contactID: contact?.id.uuidString, kind: entry.kind.rawValue,
                priority: entry.priority.rawValue, channel: entry.channel.rawValue, subject: entry.subject, body: entry.body,
                queueID: support.uuidString, assigneeID: agent?.uuidString
            ).validated()
            let request = try await RequestCommands.create(input, in: WriteContext(actor: actor, now: opened), on: tx)
            for reply in entry.replies {
                _ = try await RequestConversation.add(
                    .init(visibility: reply.isInternal ? .internal : .public, channel: entry.channel, body: reply.body),
                    to: request.id, in: WriteContext(actor: staff, now: opened.addingTimeInterval(reply.after * 3600)),
                    on: tx)
            }
            let settled = opened.addingTimeInterval((entry.replies.last?.after ?? 1) * 3600 + 600)
            if let status = entry.finalStatus {
                let path: [RequestStatus] = switch status {
                case .waitingOnCustomer: [.waitingOnCustomer]
                case .resolved: [.resolved]
                case .closed: [.resolved, .closed]
                default: []
                }
                for step in path {
                    _ = try await RequestCommands.changeStatus(
                        request.id, to: step, expectedVersion: nil, in: WriteContext(actor: staff, now: settled), on: tx)
                }
            }
            if let score = entry.score {
                let secret = "demo-\(request.id.uuidString)"
                try await Satisfaction.issue(for: request.id, tokenHash: TokenHash.of(secret), validFor: 14 * 86_400, at: settled, on: tx)
                _ = try await Satisfaction.rate(tokenHash: TokenHash.of(secret), score: score, comment: nil, at: settled, on: tx)
            }
            created += 1
        }
        // Clocks that ran out while the demo was being written are recorded as breaches, as the sweep would.
        _ = try await SLASweep.run(settings: RequestSettings(), by: .system("sla"), at: now, on: tx)
        return created
    }
}
