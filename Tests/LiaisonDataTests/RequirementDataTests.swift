import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Requirements at the data level: capture with references checked inside the write, moves by capability, the
/// assessment and its decision, need-to-know in finds and lists, versioned documents, and the late-assessment
/// reminder (once per hand-off).
@Suite struct RequirementDataTests {
    private func capture(
        _ f: DataFixture, for customer: Customer, title: String = "按月批量导出", by person: Person? = nil,
        source: (RequirementSourceKind, UUID?)? = nil, contact: UUID? = nil
    ) async throws -> Requirement {
        let valid = ValidRequirement(
            customerID: customer.id, contactID: contact, title: title, description: "客户希望按月导出全部工单。",
            businessValue: nil, desiredDate: nil, priority: .high, sourceKind: source?.0 ?? .typed,
            sourceID: source?.1, sourceReference: nil, ownerID: nil)
        let (actor, now) = (f.actor(person ?? f.admin), f.now)
        return try await f.write { tx in
            try await RequirementCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func move(
        _ f: DataFixture, _ requirement: Requirement, to status: RequirementStatus, department: UUID? = nil,
        by person: Person
    ) async throws -> Requirement {
        let (actor, now) = (f.actor(person), f.now)
        let capabilities = person.capabilities
        return try await f.write { tx in
            try await RequirementCommands.move(
                requirement.id, ValidRequirementMove(status: status, departmentID: department, note: nil),
                capabilities: capabilities, expectedVersion: nil, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func assess(
        _ f: DataFixture, _ requirement: Requirement, decision: AssessmentDecision?, by person: Person
    ) async throws -> (Requirement, RequirementAssessment) {
        let input = try RequirementAssessmentInput(
            feasibility: "feasible", effortDays: "8", value: "high", risks: "依赖报表服务",
            decision: decision?.rawValue, customerReason: "符合路线图", internalNotes: "内部：与 Q3 计划合并"
        ).validated(over: nil)
        let (actor, now) = (f.actor(person), f.now)
        let capabilities = person.capabilities
        return try await f.write { tx in
            try await RequirementCommands.assess(
                requirement.id, input, capabilities: capabilities, expectedVersion: nil,
                in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    @Test func aRequirementGoesFromSalesToRAndDToAcceptedSpecifiedAndPlanned() async throws {
        try await withFixture { f in
            let rnd = try await f.department("研发部", code: "RND")
            let sales = try await f.person("sales@test.cn", name: "销售", roles: [.sales])
            let engineer = try await f.person("eng@test.cn", name: "工程师", roles: [.engineer], department: rnd.id)
            let manager = try await f.person("pm@test.cn", name: "项目经理", roles: [.projectManager])
            let customer = try await f.customer("苏州精密")
            let captured = try await capture(f, for: customer, by: sales)
            #expect(captured.status == .captured)

            f.advance()
            let handed = try await move(f, captured, to: .inReview, department: rnd.id, by: sales)
            #expect(handed.status == .inReview && handed.departmentID == rnd.id && handed.handedOffAt == f.now)
            f.advance()
            let (accepted, assessment) = try await assess(f, handed, decision: .accept, by: engineer)
            #expect(accepted.status == .accepted && assessment.decision == .accept && assessment.version == 1)
            #expect(assessment.internalNotes == "内部：与 Q3 计划合并" && assessment.customerReason == "符合路线图")
            let specified = try await move(f, accepted, to: .specified, by: engineer)
            let planned = try await move(f, specified, to: .planned, by: manager)
            #expect(planned.status == .planned && planned.version == 5)

            let history = try await RequirementQueries.history(captured.id, on: f.db)
            #expect(history.map(\.to) == [.captured, .inReview, .accepted, .specified, .planned])
            let actions = try await f.audit(of: captured.id).map(\.action)
            #expect(actions.filter { $0 == AuditAction.requirementStatusChanged.rawValue }.count == 4)
            #expect(actions.contains(AuditAction.requirementAssessed.rawValue))
        }
    }

    @Test func theWrongRoleAnIllegalMoveAndADecisionOutsideTheAssessmentAreRefusedAndChangeNothing() async throws {
        try await withFixture { f in
            let rnd = try await f.department("研发部")
            let sales = try await f.person("sales@test.cn", name: "销售", roles: [.sales])
            let engineer = try await f.person("eng@test.cn", name: "工程师", roles: [.engineer])
            let customer = try await f.customer("苏州精密")
            let captured = try await capture(f, for: customer, by: sales)
            let before = try await f.auditCount()

            await #expect(throws: RequirementMoveRefusal.forbidden(needs: .requirementsCapture)) {
                try await move(f, captured, to: .inReview, department: rnd.id, by: engineer)
            }
            await #expect(throws: RequirementMoveRefusal.illegal(from: .captured, to: .planned)) {
                try await move(f, captured, to: .planned, by: f.admin)
            }
            await #expect(throws: DataError.conflict(reason: "requirementNeedsDepartment")) {
                try await move(f, captured, to: .inReview, by: sales)
            }
            let handed = try await move(f, captured, to: .inReview, department: rnd.id, by: sales)
            await #expect(throws: DataError.conflict(reason: "requirementDecidedByAssessment")) {
                try await move(f, handed, to: .accepted, by: engineer)
            }
            await #expect(throws: RequirementMoveRefusal.forbidden(needs: .requirementsAssess)) {
                try await assess(f, handed, decision: .accept, by: sales)
            }
            #expect(try await RequirementQueries.assessment(captured.id, on: f.db) == nil)
            #expect(try await f.auditCount() == before + 1)
            #expect(try await RequirementQueries.history(captured.id, on: f.db).count == 2)
        }
    }

    @Test func referencesAreCheckedInsideTheWrite() async throws {
        try await withFixture { f in
            let customer = try await f.customer("苏州精密")
            let other = try await f.customer("无锡电子")
            let theirs = try await f.contact("李强", of: other, email: "li@wx.cn")
            let request = try await f.openRequest("导出报表", for: other)
            await #expect(throws: ValidationFailure.self) {
                try await capture(f, for: customer, contact: theirs.id)
            }
            await #expect(throws: ValidationFailure.self) {
                try await capture(f, for: customer, source: (.request, request.id))
            }
            let linked = try await capture(f, for: other, source: (.request, request.id))
            #expect(linked.sourceKind == .request && linked.sourceID == request.id)
            #expect(try await RequirementQueries.fromSource(request.id, for: f.admin.viewer, on: f.db).map(\.id) == [linked.id])
        }
    }

    @Test func aConfidentialCustomersRequirementsAreInvisibleOutsideItsAccountTeam() async throws {
        try await withFixture { f in
            let insider = try await f.person("in@test.cn", name: "团队成员", roles: [.sales])
            let outsider = try await f.person("out@test.cn", name: "局外人", roles: [.sales])
            let secret = try await f.customer("机密客户", classification: .confidential)
            try await f.addToTeam(insider, of: secret)
            let open = try await f.customer("普通客户")
            let hidden = try await capture(f, for: secret, title: "保密需求")
            f.advance()
            let shown = try await capture(f, for: open, title: "公开需求")

            #expect(try await RequirementQueries.find(hidden.id, for: outsider.viewer, on: f.db) == nil)
            #expect(try await RequirementQueries.find(hidden.id, for: insider.viewer, on: f.db)?.1.classification == .confidential)
            let outsiders = try await RequirementQueries.list(
                RequirementFilter(), page: PageQuery(), for: outsider.viewer, on: f.db)
            #expect(outsiders.items.map(\.requirement.id) == [shown.id])
            let insiders = try await RequirementQueries.list(
                RequirementFilter(), page: PageQuery(), for: insider.viewer, on: f.db)
            #expect(insiders.items.map(\.requirement.id) == [shown.id, hidden.id])
            #expect(try await RequirementQueries.counts(RequirementFilter(), for: outsider.viewer, on: f.db) == [.captured: 1])
        }
    }

    @Test func listsPageByCursorNewestFirstAndFilter() async throws {
        try await withFixture { f in
            let customer = try await f.customer("苏州精密")
            var ids: [UUID] = []
            for n in 1...5 {
                ids.append(try await capture(f, for: customer, title: "需求 \(n)").id)
                f.advance()
            }
            let first = try await RequirementQueries.list(
                RequirementFilter(), page: PageQuery(limit: 2), for: f.admin.viewer, on: f.db)
            #expect(first.items.map(\.requirement.id) == [ids[4], ids[3]])
            let second = try await RequirementQueries.list(
                RequirementFilter(), page: PageQuery(limit: 2, after: first.nextCursor.flatMap(Cursor.init(encoded:))),
                for: f.admin.viewer, on: f.db)
            #expect(second.items.map(\.requirement.id) == [ids[2], ids[1]])
            let none = try await RequirementQueries.list(
                RequirementFilter(statuses: [.inReview]), page: PageQuery(), for: f.admin.viewer, on: f.db)
            #expect(none.items.isEmpty && none.nextCursor == nil)
        }
    }

    @Test func aDocumentKeepsEveryVersionWithItsAuthorAndRefusesAStaleOne() async throws {
        try await withFixture { f in
            let engineer = try await f.person("eng@test.cn", name: "工程师", roles: [.engineer])
            let customer = try await f.customer("苏州精密")
            let other = try await f.customer("无锡电子")
            let one = try await capture(f, for: customer)
            let two = try await capture(f, for: customer, title: "第二个需求")
            let foreign = try await capture(f, for: other)
            let (actor, now) = (f.actor(engineer), f.now)
            let first = try RequirementDocumentInput(
                kind: "specification", title: "导出规格", body: "# 目标\n按月导出\n", requirementIDs: [one.id.uuidString]
            ).validated()
            let document = try await f.write { tx in
                try await RequirementDocumentCommands.create(first, in: WriteContext(actor: actor, now: now), on: tx)
            }
            f.advance()
            let second = try RequirementDocumentInput(
                body: "# 目标\n按月和按周导出\n", note: "加上按周", requirementIDs: [one.id.uuidString, two.id.uuidString]
            ).validated(over: document)
            let (later, adminActor) = (f.now, f.actor(f.admin))
            let revised = try await f.write { tx in
                try await RequirementDocumentCommands.revise(
                    document.id, second, expectedVersion: 1, in: WriteContext(actor: adminActor, now: later), on: tx)
            }
            #expect(revised.currentVersion == 2 && Set(revised.requirementIDs) == [one.id, two.id])
            let versions = try await RequirementDocumentQueries.versions(document.id, on: f.db)
            #expect(versions.map(\.number) == [2, 1])
            #expect(versions.map(\.authorID) == [f.admin.id, engineer.id])
            #expect(versions.last?.createdAt == now && versions.first?.note == "加上按周")
            #expect(try await RequirementDocumentQueries.ofRequirement(two.id, on: f.db).map(\.id) == [document.id])

            await #expect(throws: DataError.staleVersion(current: 2)) {
                try await f.write { tx in
                    try await RequirementDocumentCommands.revise(
                        document.id, second, expectedVersion: 1, in: WriteContext(actor: adminActor, now: later), on: tx)
                }
            }
            let mixed = try RequirementDocumentInput(
                kind: "developmentPlan", title: "计划", body: "x", requirementIDs: [one.id.uuidString, foreign.id.uuidString]
            ).validated()
            await #expect(throws: ValidationFailure.self) {
                try await f.write { tx in
                    try await RequirementDocumentCommands.create(mixed, in: WriteContext(actor: actor, now: now), on: tx)
                }
            }
            #expect(try await RequirementDocumentQueries.versions(document.id, on: f.db).count == 2)
        }
    }

    @Test func aLateAssessmentTellsTheDepartmentsLeadsOncePerHandOff() async throws {
        try await withFixture { f in
            let rnd = try await f.department("研发部")
            let lead = try await f.person("lead@test.cn", name: "研发总监", roles: [.departmentLead, .engineer], department: rnd.id)
            let otherLead = try await f.person("lead2@test.cn", name: "别的总监", roles: [.departmentLead])
            let customer = try await f.customer("苏州精密")
            let requirement = try await capture(f, for: customer)
            let handed = try await move(f, requirement, to: .inReview, department: rnd.id, by: f.admin)
            // A calendar where every day works: five days later it is not yet late, six days later it is.
            var calendar = BusinessCalendar.standardChina()
            calendar.week = Dictionary(uniqueKeysWithValues: (1...7).map { ($0, [WorkingBlock(start: 540, end: 1080)]) })
            calendar.holidays = []
            let everyDay = calendar
            let actor = AuditActor.system("requirements")
            func run(after days: Double) async throws -> AssessmentReminders.Result {
                let at = handed.handedOffAt!.addingTimeInterval(days * 86_400)
                return try await f.write { tx in
                    try await AssessmentReminders.run(days: 5, calendar: everyDay, by: actor, at: at, on: tx)
                }
            }
            #expect(try await run(after: 4).reminded == 0)
            #expect(try await run(after: 6.5) == {
                var r = AssessmentReminders.Result()
                r.examined = 1
                r.reminded = 1
                r.notices = 1
                return r
            }())
            #expect(try await run(after: 8).examined == 0)
            let told = try await f.notifications(for: lead)
            #expect(told.count == 1 && told.first?.kind == NotificationKind.assessmentDue.rawValue)
            #expect(try await f.notifications(for: otherLead).isEmpty)
            #expect(try await f.lastAudit(.requirementReminded)?.recordID == requirement.id.idText)
        }
    }
}
