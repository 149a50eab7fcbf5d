import FluentKit
import Foundation
import LiaisonCore
import LiaisonData

/// The customers of the demo company: organisations and people, Chinese and English, every classification,
/// with contacts and a history of interactions on several channels.
enum DemoCustomers {
    struct Entry {
        var name: String
        var nameEn: String?
        var industry: String
        var region: String
        var tier: CustomerTier
        var status: CustomerStatus
        var classification: Classification
        var tags: [String]
        var owner: String
        var contacts: [(name: String, title: String, role: ContactRole, email: String, phone: String)]
        var interactions: [(daysAgo: Double, channel: LiaisonCore.Channel, direction: Direction, subject: String, body: String)]
    }

    static let entries: [Entry] = [
        Entry(
            name: "深圳云帆智能制造有限公司", nameEn: "Yunfan Smart Manufacturing", industry: "智能制造", region: "广东 深圳",
            tier: .strategic, status: .active, classification: .internal, tags: ["重点", "制造业"], owner: "wang.lei",
            contacts: [
                ("陈立群", "信息化总监", .decisionMaker, "chen.liqun@yunfan-mfg.cn", "+86 138 2345 6789"),
                ("周婷", "IT 项目经理", .technical, "zhou.ting@yunfan-mfg.cn", "+86 139 8765 4321"),
            ],
            interactions: [
                (40, .visit, .outbound, "首次拜访：了解 MES 系统改造需求", "与陈总沟通了产线数据采集的痛点，**对方希望三个月内上线试点**。"),
                (21, .meeting, .outbound, "需求澄清会", "确认了试点范围：两条产线、设备联网、质量追溯。\n\n- 交付标准待定\n- 需要研发评估接口"),
                (7, .email, .outbound, "发送初步方案与报价", "已发送方案 V1 与报价单，请对方在周五前反馈。"),
                (2, .phone, .inbound, "客户来电询问合同条款", "周婷询问付款方式与验收条款，已答复按 3-6-1 分期。"),
            ]),
        Entry(
            name: "杭州青禾生物科技有限公司", nameEn: nil, industry: "生物医药", region: "浙江 杭州", tier: .key,
            status: .active, classification: .confidential, tags: ["医药", "保密项目"], owner: "li.na",
            contacts: [("刘敏", "研发副总裁", .decisionMaker, "liu.min@qinghe-bio.com", "+86 137 1111 2222")],
            interactions: [
                (30, .video, .outbound, "保密项目启动沟通", "签署保密协议后讨论实验数据平台的权限设计。"),
                (5, .email, .inbound, "客户提出数据隔离要求", "客户要求实验数据按课题组隔离，并保留访问日志。"),
            ]),
        Entry(
            name: "Northwind Trading Ltd.", nameEn: "Northwind Trading Ltd.", industry: "Retail", region: "Singapore",
            tier: .standard, status: .prospect, classification: .internal, tags: ["海外"], owner: "emily.carter",
            contacts: [("James Miller", "Procurement Manager", .procurement, "james.miller@northwind.example", "+65 6123 4567")],
            interactions: [
                (12, .email, .inbound, "Inquiry about the customer portal", "James asked whether the portal supports English and Chinese."),
                (3, .video, .outbound, "Demo of the collaboration platform", "Showed the bilingual portal; **follow-up: send the security whitepaper**."),
            ]),
        Entry(
            name: "成都蜀信软件服务有限公司", nameEn: "Shuxin Software", industry: "软件与信息服务", region: "四川 成都",
            tier: .standard, status: .dormant, classification: .public, tags: ["渠道伙伴"], owner: "wang.lei",
            contacts: [("王强", "总经理", .decisionMaker, "wang.qiang@shuxin.cn", "+86 028 8765 4321")],
            interactions: [(200, .phone, .outbound, "渠道合作回访", "对方暂无新项目，约定下季度再联系。")]),
        Entry(
            name: "北京国泰安全科技有限公司", nameEn: nil, industry: "网络安全", region: "北京", tier: .strategic,
            status: .active, classification: .secret, tags: ["机密", "政企"], owner: "li.na",
            contacts: [("赵峰", "CTO", .technical, "zhao.feng@guotai-sec.cn", "+86 136 0000 8888")],
            interactions: [(9, .visit, .outbound, "机密项目需求评审", "只限项目组知悉：评审了等保三级改造方案。")]),
        Entry(
            name: "李明（个人客户）", nameEn: "Li Ming", industry: "咨询", region: "上海", tier: .small, status: .active,
            classification: .internal, tags: ["个人"], owner: "li.na",
            contacts: [("李明", "独立顾问", .user, "liming@example.com", "+86 135 6789 0123")],
            interactions: [(15, .chat, .inbound, "咨询退款流程", "客户询问年费退款规则，已说明按剩余月份退还。")]),
    ]

    /// The demo customers' names, by which `DemoCommand.presence` finds them.
    static var names: [String] { entries.map(\.name) }

    static func load(people: [String: UUID], by actor: AuditActor, at now: Date, on tx: any Database) async throws -> Int {
        var created = 0
        let viewer = CustomerViewer(userID: UUID(), roles: [.admin])
        for entry in entries {
            if try await CustomerQueries.findByName(entry.name, for: viewer, on: tx) != nil { continue }
            let owner = people[entry.owner]
            let context = WriteContext(actor: AuditActor(userID: owner, label: actor.label, address: nil), now: now)
            let valid = try CustomerInput(
                kind: entry.name.contains("个人") ? "individual" : "organization", name: entry.name, nameEn: entry.nameEn,
                industry: entry.industry, tier: entry.tier.rawValue, region: entry.region, status: entry.status.rawValue,
                classification: entry.classification.rawValue, tags: entry.tags, ownerID: owner?.uuidString
            ).validated()
            let customer = try await CustomerCommands.create(valid, in: context, on: tx)
            var contactIDs: [UUID] = []
            for contact in entry.contacts {
                let input = try ContactInput(
                    customerID: customer.id.uuidString, name: contact.name, title: contact.title,
                    role: contact.role.rawValue, emails: [contact.email], phones: [contact.phone]
                ).validated()
                contactIDs.append(try await ContactCommands.create(input, in: context, on: tx).id)
            }
            for (index, item) in entry.interactions.enumerated() {
                let isLast = index == entry.interactions.count - 1
                let input = try InteractionInput(
                    customerID: customer.id.uuidString, channel: item.channel.rawValue,
                    direction: item.direction.rawValue, subject: item.subject, body: item.body,
                    occurredAt: now.addingTimeInterval(-item.daysAgo * 86_400), durationMinutes: 30,
                    staffIDs: owner.map { [$0.uuidString] }, contactIDs: contactIDs.prefix(1).map(\.uuidString),
                    nextStep: isLast ? "跟进客户反馈 / Follow up on feedback" : nil,
                    nextStepOwnerID: isLast ? owner?.uuidString : nil,
                    nextStepDueAt: isLast ? now.addingTimeInterval(3 * 86_400) : nil
                ).validated(now: now, defaultOwner: owner ?? UUID())
                _ = try await InteractionCommands.create(input, in: context, on: tx)
            }
            created += 1
        }
        return created
    }
}
