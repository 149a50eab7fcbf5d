import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Stored JSON: decoded values are kept by their text, and text that does not decode is never replaced by a
/// made-up value without a trace: it is counted, and thrown wherever the value could be written back.
@Suite struct JSONColumnTests {
    private let start = Date(timeIntervalSince1970: 1_790_000_000)
    private let actor = AuditActor(userID: nil, label: "tester", address: "127.0.0.1")

    @Test func theMemoGivesWhatTheDecoderGivesAndRefusesWhatDoesNotDecode() throws {
        let memo = JSONColumnMemo<RequestSLA>(capacity: 2)
        let values = [
            RequestSLA.start(SLATargets(firstResponse: 30, nextResponse: 60, resolution: 480), at: start),
            RequestSLA.start(SLATargets(firstResponse: 240, nextResponse: 480, resolution: 4800), at: start),
            RequestSLA.start(SLATargets(firstResponse: 15, nextResponse: 30, resolution: 240), at: start),
        ]
        for _ in 0..<2 {  // the second round is answered from the memo (and the third value empties it once)
            for value in values {
                #expect(try memo.decode(JSONColumn.encode(value), column: "requests.sla", row: nil) == value)
            }
        }
        let row = UUID()
        let before = JSONColumnFailures.count
        for text in ["not json", "{}"] {
            #expect {
                try memo.decode(text, column: "requests.sla", row: row)
            } throws: { error in
                let failure = error as? JSONColumn.Undecodable
                return failure?.column == "requests.sla" && failure?.row == row.uuidString
            }
        }
        #expect(JSONColumnFailures.count >= before + 2)
    }

    @Test func emptyListsNeedNoDecoderAndShownValuesFallBackOnlyAfterTheCount() throws {
        #expect(try JSONColumn.decode([String].self, "[]", column: "t.c", row: nil) == [])
        #expect(try JSONColumn.decode([String].self, "[\"a\"]", column: "t.c", row: nil) == ["a"])
        let before = JSONColumnFailures.count
        #expect(JSONColumn.decode([String].self, "oops", default: ["x"], column: "t.c", row: nil) == ["x"])
        #expect(JSONColumnFailures.count >= before + 1)
    }

    /// A request whose SLA clocks were damaged in the file: reading it fails with the column named (no clock
    /// started again from nothing), the sweep leaves it alone and goes on with the others, and a write to it
    /// fails and changes nothing.
    @Test func aRequestWithDamagedSLAStateIsRefusedNotMadeUp() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let (start, actor) = (self.start, self.actor)
            let admin = CustomerViewer(userID: UUID(), roles: [.admin])
            let (damaged, intact) = try await writer.write(on: db) { tx in
                let customer = try await CustomerCommands.create(
                    try CustomerInput(name: "损坏数据客户").validated(), in: WriteContext(actor: actor, now: start), on: tx)
                var made: [ServiceRequest] = []
                for subject in ["损坏的请求", "完好的请求"] {
                    let input = try RequestInput(
                        customerID: customer.id.uuidString, kind: "issue", priority: "normal", channel: "email",
                        subject: subject, body: "正文"
                    ).validated()
                    made.append(
                        try await RequestCommands.create(
                            input, in: WriteContext(actor: actor, now: start), on: tx))
                }
                return (made[0], made[1])
            }
            try await writer.write(on: db) { tx in
                try await tx.sql.raw(
                    """
                    UPDATE requests SET sla = '{"broken": true}', next_check_at = \(bind: start)
                    WHERE id = \(bind: damaged.id)
                    """
                ).run()
                try await tx.sql.raw(
                    "UPDATE requests SET next_check_at = \(bind: start) WHERE id = \(bind: intact.id)"
                ).run()
            }
            let before = JSONColumnFailures.count
            await #expect(throws: JSONColumn.Undecodable.self) {
                _ = try await RequestQueries.find(damaged.id, for: admin, on: db)
            }
            #expect(try await RequestQueries.find(intact.id, for: admin, on: db)?.0.id == intact.id)
            let swept = try await writer.write(on: db) { tx in
                try await SLASweep.run(
                    settings: RequestSettings(), by: actor, at: start.addingTimeInterval(60), on: tx)
            }
            #expect(swept.damaged == 1)
            #expect(swept.examined == 1)
            await #expect(throws: JSONColumn.Undecodable.self) {
                _ = try await writer.write(on: db) { tx in
                    try await RequestCommands.changeStatus(
                        damaged.id, to: .open, expectedVersion: nil,
                        in: WriteContext(actor: actor, now: start.addingTimeInterval(120)), on: tx)
                }
            }
            struct Stored: Decodable { var sla: String, status: String }
            let stored = try await db.sql.raw(
                "SELECT sla, status FROM requests WHERE id = \(bind: damaged.id)"
            ).first(decoding: Stored.self)
            #expect(stored?.sla == "{\"broken\": true}", "the damaged value is left as it was")
            #expect(stored?.status == RequestStatus.new.rawValue)
            #expect(JSONColumnFailures.count >= before + 3)
        }
    }

    @Test func aCustomerWithDamagedTagsIsRefusedAndANotificationShowsWithoutItsValues() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let (start, actor) = (self.start, self.actor)
            let admin = CustomerViewer(userID: UUID(), roles: [.admin])
            let customer = try await writer.write(on: db) { tx in
                try await CustomerCommands.create(
                    try CustomerInput(name: "标签损坏", tags: ["重点"]).validated(), in: WriteContext(actor: actor, now: start), on: tx)
            }
            #expect(try await CustomerQueries.find(customer.id, for: admin, on: db)?.tags == ["重点"])
            try await writer.write(on: db) { tx in
                try await tx.sql.raw(
                    "UPDATE customers SET tags = '[\"重点\"' WHERE id = \(bind: customer.id)"
                ).run()
            }
            await #expect(throws: JSONColumn.Undecodable.self) {
                _ = try await CustomerQueries.find(customer.id, for: admin, on: db)
            }
            // A notification's values are only shown: a damaged list is counted and the text shown without it.
            let person = try await writer.write(on: db) { tx in
                try await PeopleCommands.create(
                    try PersonInput(email: "reader@t.cn", name: "读者", roles: ["admin"]).validated(), passwordHash: "x",
                    mustChangePassword: false, by: actor, at: start, on: tx)
            }
            let reader = CustomerViewer(userID: person.id, roles: [.admin])
            try await writer.write(on: db) { tx in
                try await NotificationStore.add(
                    to: reader.userID, kind: .calendarNeedsYear, textKey: "notify.calendar", values: ["甲"],
                    subject: .calendar(UUID()), about: nil, at: start, on: tx)
                try await tx.sql.raw(
                    "UPDATE notifications SET \"values\" = 'oops' WHERE user_id = \(bind: reader.userID)"
                ).run()
            }
            let before = JSONColumnFailures.count
            let shown = try await NotificationStore.recent(for: reader, on: db)
            #expect(shown.map(\.values) == [[]])
            #expect(JSONColumnFailures.count >= before + 1)
        }
    }
}
