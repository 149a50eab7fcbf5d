import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Opening, changing and moving requests at the data level: what each writes beside the request (its first
/// message, timeline, search entry, audit entries, notifications), and what it refuses.
@Suite struct RequestCommandsTests {
    @Test func openingARequestWritesItsFirstMessageTimelineSearchEntryAndAuditEntry() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let contact = try await f.contact("陈静", of: customer, email: "chen.jing@yunqi.cn")
            f.advance()
            let request = try await f.openRequest(
                "门户登录失败", for: customer, contact: contact, kind: .complaint, body: "今天起**无法登录**门户")
            #expect(request.numberText == "R-000001")
            #expect(request.status == .new)
            #expect(request.version == 1)
            // A complaint's targets from the standard policy; the first response is due an hour of work later.
            #expect(request.sla.targets == SLATargets(firstResponse: 60, nextResponse: 120, resolution: 960))
            #expect(request.firstResponseDueAt == f.now.addingTimeInterval(3600))

            let messages = try await f.messages(of: request.id)
            #expect(messages.map(\.body) == ["今天起**无法登录**门户"])
            #expect(messages.first?.contactID == contact.id)
            #expect(messages.first?.visibility == .public)

            let entry = try #require(try await f.timeline(of: customer).first)
            #expect(entry.kind == .request)
            #expect(entry.refID == request.id)
            #expect(entry.title == "R-000001 门户登录失败")
            #expect(entry.excerpt.contains("今天起无法登录门户"))

            let audit = try #require(try await f.lastAudit(.requestCreated))
            #expect(audit.recordID == request.id.uuidString)
            #expect(audit.actorID == f.admin.id.uuidString)
            #expect(audit.fields["number"]?.to == "R-000001")
            #expect(audit.fields["kind"]?.to == "complaint")
            #expect(audit.fields["customerId"]?.to == customer.id.uuidString)

            let found = try await SearchQueries.search("无法登录", for: f.admin.viewer, on: f.db)
            #expect(found.map(\.refID) == [request.id])

            f.advance()
            let second = try await f.openRequest("发票抬头修改", for: customer, kind: .inquiry)
            #expect(second.numberText == "R-000002")
        }
    }

    @Test func aRequestNamingAnUnknownCustomerOrQueueOrAnotherCustomersContactIsRefusedWithNothingWritten()
        async throws
    {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let other = try await f.customer("苏州工业园区服务中心")
            let stranger = try await f.contact("吴磊", of: other)
            let entries = try await f.auditCount()
            await #expect(throws: ValidationFailure([ValidationIssue("contactId", "notOfThisCustomer")])) {
                try await f.openRequest("门户登录失败", for: customer, contact: stranger)
            }
            await #expect(throws: ValidationFailure([ValidationIssue("queueId", "invalidReference")])) {
                try await f.openRequest("门户登录失败", for: customer, queue: UUID())
            }
            var deleted = customer
            deleted.id = UUID()
            await #expect(throws: ValidationFailure([ValidationIssue("customerId", "invalidReference")])) {
                try await f.openRequest("门户登录失败", for: deleted)
            }
            #expect(try await f.auditCount() == entries)
            #expect(try await f.openRequest("门户登录失败", for: customer).numberText == "R-000001")
        }
    }

    @Test func aConfidentialCustomersRequestIsAssignedOnlyToSomeoneWhoMayKnowTheCustomer() async throws {
        try await withFixture { f in
            let insider = try await f.person("li.na@test.cn", name: "李娜", roles: [.sales])
            let outsider = try await f.person("zhao.gang@test.cn", name: "赵刚", roles: [.agent])
            let customer = try await f.customer("华东保密项目组", classification: .confidential, owner: insider)
            let refused = ValidationFailure([ValidationIssue("assigneeId", "assigneeCannotSeeCustomer")])
            await #expect(throws: refused) {
                try await f.openRequest("并购尽调资料", for: customer, assignee: outsider)
            }
            let request = try await f.openRequest("并购尽调资料", for: customer, assignee: insider)
            #expect(request.assigneeID == insider.id)
            await #expect(throws: refused) { try await f.assign(request.id, to: outsider) }
            #expect(try await f.request(request.id).assigneeID == insider.id)
            #expect(try await f.notifications(for: outsider).isEmpty)

            // Once on the account team, they may take it.
            try await f.addToTeam(outsider, of: customer)
            #expect(try await f.assign(request.id, to: outsider).assigneeID == outsider.id)

            // Nobody inactive or unknown takes a request.
            let leaver = try await f.person("leaver@test.cn", name: "离职员工", roles: [.agent])
            let (actor, now) = (f.actor(f.admin), f.now)
            _ = try await f.write { tx in
                try await PeopleCommands.setActive(
                    id: leaver.id, active: false, expectedVersion: nil, by: actor, at: now, on: tx)
            }
            let internalCustomer = try await f.customer("杭州云栖科技有限公司")
            await #expect(throws: ValidationFailure([ValidationIssue("assigneeId", "invalidReference")])) {
                try await f.openRequest("门户登录失败", for: internalCustomer, assignee: leaver)
            }
        }
    }

    @Test func assigningTellsTheAssigneeButNobodyAssigningThemself() async throws {
        try await withFixture { f in
            let agent = try await f.person("zhou.min@test.cn", name: "周敏", roles: [.agent])
            let colleague = try await f.person("wang.fang@test.cn", name: "王芳", roles: [.agent])
            let customer = try await f.customer("杭州云栖科技有限公司")
            f.advance()
            let request = try await f.openRequest("门户登录失败", for: customer, assignee: colleague, by: agent)
            let told = try await f.notifications(for: colleague)
            #expect(told.map(\.kind) == ["assigned"])
            #expect(told.first?.textKey == "notify.assigned")
            #expect(told.first?.values == ["R-000001", "门户登录失败"])
            #expect(told.first?.subject == .request(request.id))

            f.advance()
            let taken = try await f.assign(request.id, to: agent, by: agent)
            #expect(taken.assigneeID == agent.id)
            #expect(taken.version == 2)
            #expect(try await f.notifications(for: agent).isEmpty)
            let audit = try #require(try await f.lastAudit(.requestAssigned))
            #expect(audit.recordID == request.id.uuidString)
            #expect(audit.fields["assigneeId"]?.from == colleague.id.uuidString)
            #expect(audit.fields["assigneeId"]?.to == agent.id.uuidString)

            // Unassigning tells nobody.
            f.advance()
            #expect(try await f.assign(request.id, to: nil, by: agent).assigneeID == nil)
            #expect(try await f.notifications(for: colleague).count == 1)
        }
    }

    @Test func aQueueAssignsItsMembersInTurnSkippingThoseAwayAndThoseWhoMayNotKnowTheCustomer() async throws {
        try await withFixture { f in
            let queue = try await f.department("客户服务部", code: "SUP")
            let anna = try await f.person("anna@test.cn", name: "Anna Wang", roles: [.agent], department: queue.id)
            let ben = try await f.person("ben@test.cn", name: "Ben Li", roles: [.agent], department: queue.id)
            let cara = try await f.person("cara@test.cn", name: "Cara Zhou", roles: [.agent], department: queue.id)
            let (actor, now) = (f.actor(f.admin), f.now)
            try await f.write { tx in
                try await Assignment.setMode(.roundRobin, for: queue.id, by: actor, at: now, on: tx)
                try await Assignment.setAbsence(
                    of: cara.id, until: now.addingTimeInterval(86_400), by: actor, at: now, on: tx)
            }
            let customer = try await f.customer("杭州云栖科技有限公司")
            var assignees: [UUID?] = []
            for subject in ["一", "二", "三"] {
                f.advance()
                assignees.append(try await f.openRequest(subject, for: customer, queue: queue.id).assigneeID)
            }
            #expect(assignees == [anna.id, ben.id, anna.id])

            // A confidential customer's request goes to the one member on its account team.
            let secret = try await f.customer("华东保密项目组", classification: .confidential, owner: ben)
            f.advance()
            #expect(try await f.openRequest("四", for: secret, queue: queue.id).assigneeID == ben.id)
            #expect(try await f.notifications(for: cara).isEmpty)
        }
    }

    @Test func aNewKindOrPriorityRetargetsTheRequestAndBothChangesAreAudited() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer, kind: .issue, priority: .normal)
            #expect(request.sla.targets == SLATargets(firstResponse: 240, nextResponse: 480, resolution: 4800))
            f.advance()
            let urgent = try await f.change(request.id, RequestCommands.Changes(priority: .urgent))
            #expect(urgent.priority == .urgent)
            #expect(urgent.sla.targets == SLATargets(firstResponse: 30, nextResponse: 60, resolution: 480))
            #expect(urgent.version == 2)
            let entries = try await f.audit(of: request.id).map(\.action)
            #expect(entries == [AuditAction.requestCreated, .requestRetargeted, .requestUpdated].map(\.rawValue))
            let update = try #require(try await f.lastAudit(.requestUpdated))
            #expect(update.fields["priority"]?.from == "normal")
            #expect(update.fields["priority"]?.to == "urgent")

            // Asking for what it already is changes nothing.
            f.advance()
            let same = try await f.change(request.id, RequestCommands.Changes(priority: .urgent))
            #expect(same.version == 2)
            #expect(try await f.audit(of: request.id).count == 3)
        }
    }

    @Test func aNewSubjectRetitlesTheTimelineAndTheSearchEntry() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            try await f.change(request.id, RequestCommands.Changes(subject: "统一认证账号锁定"))
            #expect(try await f.timeline(of: customer).first?.title == "R-000001 统一认证账号锁定")
            let found = try await SearchQueries.search("统一认证", for: f.admin.viewer, on: f.db)
            #expect(found.map(\.title) == ["R-000001 统一认证账号锁定"])
        }
    }

    @Test func aChangeMadeAgainstAnOlderVersionIsRefused() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            try await f.reply(to: request.id, "已收到，正在排查。")
            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await f.change(request.id, RequestCommands.Changes(priority: .high), expectedVersion: 1)
            }
            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await f.move(request.id, to: .resolved, expectedVersion: 1)
            }
            #expect(try await f.move(request.id, to: .resolved, expectedVersion: 2).version == 3)
        }
    }

    @Test func statusMovesFollowTheAllowedPathsAndKeepTheirTimes() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            let resolved = try await f.move(request.id, to: .resolved)
            #expect(resolved.status == .resolved)
            #expect(resolved.resolvedAt == f.now)
            f.advance()
            let closed = try await f.move(request.id, to: .closed)
            #expect(closed.closedAt == f.now)
            #expect(closed.resolvedAt == resolved.resolvedAt)
            f.advance()
            let reopened = try await f.move(request.id, to: .open)
            #expect(reopened.status == .open)
            #expect(reopened.resolvedAt == nil)
            #expect(reopened.closedAt == nil)
            await #expect(throws: DataError.conflict(reason: "badTransition")) {
                try await f.move(request.id, to: .new)
            }
            let moves = try await f.audit(of: request.id).filter {
                $0.action == AuditAction.requestStatusChanged.rawValue
            }
            #expect(moves.map { $0.fields["status"]?.to } == ["resolved", "closed", "open"])
            #expect(moves.map { $0.fields["status"]?.from } == ["new", "resolved", "closed"])
        }
    }

    @Test func aRequestThatDoesNotExistIsNotFound() async throws {
        try await withFixture { f in
            let missing = UUID()
            await #expect(throws: DataError.notFound) { try await f.move(missing, to: .open) }
            await #expect(throws: DataError.notFound) {
                try await f.change(missing, RequestCommands.Changes(priority: .high))
            }
            await #expect(throws: DataError.notFound) { try await f.reply(to: missing, "你好") }
        }
    }
}
