import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import Testing

@testable import LiaisonData

/// Messages worked out before their write (`RequestConversation.prepare`): the write stores the plan only while the
/// request is as the plan read it, and otherwise decides as an unprepared message would.
@Suite struct PreparedMessageTests {
    private func prepare(
        _ f: DataFixture, _ body: String, to request: UUID, visibility: RequestMessage.Visibility = .public,
        contact: Contact? = nil
    ) async -> RequestConversation.PreparedMessage {
        let message = RequestConversation.NewMessage(
            visibility: visibility, channel: .email, body: body, contactID: contact?.id)
        return await RequestConversation.prepare(message, to: request, in: context(f), on: f.db)
    }

    private func context(_ f: DataFixture) -> WriteContext {
        WriteContext(actor: f.actor(f.admin), now: f.now, settings: f.settings)
    }

    private func add(_ f: DataFixture, _ prepared: RequestConversation.PreparedMessage) async throws -> RequestMessage {
        let context = context(f)
        return try await f.write { tx in try await RequestConversation.add(prepared, in: context, on: tx) }
    }

    @Test func aPreparedReplyStoresWhatAnUnpreparedOneWould() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let first = try await f.openRequest("门户登录失败", for: customer)
            let second = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            let prepared = await prepare(f, "您好，已为您解锁账号。", to: first.id)
            let plan = try #require(prepared.plan)
            let created = try await add(f, prepared)
            #expect(created.id == plan.messageID)
            try await f.reply(to: second.id, "您好，已为您解锁账号。")

            let (planned, plain) = (try await f.request(first.id), try await f.request(second.id))
            #expect(planned.status == .open)
            #expect(planned.version == 2)
            #expect(planned.status == plain.status)
            #expect(planned.sla == plain.sla)
            #expect(planned.firstResponseDueAt == plain.firstResponseDueAt)
            #expect(planned.nextResponseDueAt == plain.nextResponseDueAt)
            #expect(planned.resolutionDueAt == plain.resolutionDueAt)
            #expect(planned.updatedAt == plain.updatedAt)
            #expect(try await f.messages(of: first.id).map(\.id).last == created.id)
            let audit = try await f.audit(of: first.id)
            #expect(audit.last?.action == AuditAction.messageAdded.rawValue)
            #expect(audit.last?.notes["messageId"] == created.id.uuidString)
            #expect(audit.last?.notes["visibility"] == "public")
            #expect(
                try await SearchQueries.search("解锁账号", for: f.admin.viewer, on: f.db).map(\.refID).contains(first.id))
        }
    }

    @Test func aRequestChangedSinceThePlanIsAnsweredAsItNowStands() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            let prepared = await prepare(f, "您好，已为您解锁账号。", to: request.id)
            #expect(prepared.plan != nil)
            try await f.move(request.id, to: .closed)
            await #expect(throws: DataError.conflict(reason: "requestClosed")) { try await add(f, prepared) }
            #expect(try await f.messages(of: request.id).count == 1)
        }
    }

    @Test func aChangeWithoutANewVersionSetsThePlanAside() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            f.advance()
            let prepared = await prepare(f, "您好，已为您解锁账号。", to: request.id)
            let plan = try #require(prepared.plan)
            // As the SLA sweep records a warning: the handled events change, the version does not.
            try await f.write { tx in
                try await tx.sql.raw(
                    "UPDATE requests SET escalations = '[\"firstResponse.warning\"]' WHERE id = \(bind: request.id)"
                ).run()
            }
            let created = try await add(f, prepared)
            #expect(created.id != plan.messageID)
            let stored = try await f.write { tx in try #require(try await RequestModel.load(request.id, on: tx)) }
            #expect(try stored.handled == ["firstResponse.warning"])
            #expect(stored.version == 2)
        }
    }

    @Test func whatCannotBePlannedIsLeftToTheWrite() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let request = try await f.openRequest("门户登录失败", for: customer)
            let empty = await prepare(f, "   ", to: request.id)
            #expect(empty.plan == nil)
            await #expect(throws: ValidationFailure.self) { try await add(f, empty) }
            let missing = await prepare(f, "你好", to: UUID())
            #expect(missing.plan == nil)
            await #expect(throws: DataError.notFound) { try await add(f, missing) }
        }
    }

    @Test func fixedStatementsBindAsTheSQLiteDriverDoes() throws {
        let id = UUID()
        let date = Date(timeIntervalSince1970: 1_790_040_600.25)
        let encoder = SQLiteDataEncoder()
        #expect(SQLValue.uuid(id).sqlite == (try SQLiteDirectDatabase.data(of: id, encoder)))
        #expect(SQLValue.date(date).sqlite == (try SQLiteDirectDatabase.data(of: date, encoder)))
        #expect(SQLValue(nil as String?).sqlite == (try SQLiteDirectDatabase.data(of: nil as String?, encoder)))
        #expect(SQLValue(Int64(42)).sqlite == (try SQLiteDirectDatabase.data(of: Int64(42), encoder)))
        #expect(id.idText == id.uuidString)
        #expect(FixedStatement("INSERT INTO t (a, b) VALUES (?, ?)").placeholders == 2)
    }
}
