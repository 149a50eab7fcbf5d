import FluentKit
import FluentPostgresDriver
import Foundation
import LiaisonCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import LiaisonData

/// Events leave a write only once it committed: never from a write that threw, never from the run of a group
/// that was rolled back and run again, once from every write that committed. On SQLite through the group
/// committer and the in-process hub; on PostgreSQL through NOTIFY and the hub's listening connection.
@Suite struct LiveEventDeliveryTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)

    struct Refused: Error {}

    /// A hub and a writer whose events reach it, on the test's database.
    private func withHub(
        _ db: any Database, _ base: Writer, _ body: (LiveEventHub, Writer) async throws -> Void
    ) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let hub: LiveEventHub
        let writer: Writer
        if Engine(db) == .postgres, let url = ProcessInfo.processInfo.environment["LIAISON_TEST_DATABASE_URL"] {
            // A channel of its own: the tests share one database.
            let channel =
                "liaison_events_t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            hub = LiveEventHub(
                transport: .postgres(try SQLPostgresConfiguration(url: url).coreConfiguration, channel: channel),
                database: { db }, eventLoop: loop, logger: logger)
            writer = Writer(committer: base.committer, eventChannel: channel)
        } else {
            let box = NIOLockedValueBox<LiveEventHub?>(nil)
            writer = Writer(
                committer: GroupCommitter(
                    thread: base.committer.thread,
                    published: { events in
                        box.withLockedValue { $0 }?.publish(events)
                    }))
            hub = LiveEventHub(transport: .inProcess, database: { db }, eventLoop: loop, logger: logger)
            box.withLockedValue { $0 = hub }
        }
        do {
            try await body(hub, writer)
        } catch {
            await hub.close()
            throw error
        }
        await hub.close()
    }

    /// A person who sees everything, and a customer.
    private func setUp(_ writer: Writer, on db: any Database) async throws -> (person: UUID, customer: UUID) {
        let now = self.now
        let person = try await writer.write(on: db) { tx in
            try await PeopleCommands.create(
                ValidPerson(email: EmailAddress("events@test.local")!, name: "事件", departmentID: nil, roles: [.admin]),
                passwordHash: "x", mustChangePassword: false, by: .system("test"), at: now, on: tx)
        }
        let customer = try await writer.write(on: db) { tx in
            try await CustomerCommands.create(
                try CustomerInput(name: "事件客户").validated(), in: WriteContext(actor: .system("test"), now: now), on: tx)
        }
        return (person.id, customer.id)
    }

    /// A write that announces a change of request `id` (audited, as every write is), and fails when told to.
    private func change(
        _ id: UUID, of customer: UUID, failing: Bool = false, with writer: Writer, on db: any Database
    ) async throws {
        let now = self.now
        try await writer.write(on: db) { tx in
            LiveEvents.announce(.requestChanged(id, customer: customer))
            try await AuditLog.append(
                .departmentCreated, recordType: .department, recordID: id.uuidString, by: .system("test"), at: now,
                on: tx)
            if failing { throw Refused() }
        }
    }

    /// Events up to and including the change of `last`; gives up after a minute rather than hang.
    private func received(_ subscription: LiveEventSubscription, until last: UUID) async -> [LiveEvent] {
        await withTaskGroup(of: [LiveEvent]?.self) { group in
            group.addTask {
                var seen: [LiveEvent] = []
                for await item in subscription.items {
                    guard case .event(let event) = item else { continue }
                    seen.append(event)
                    if event.requestID == last { return seen }
                }
                return seen
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if first == nil { Issue.record("the last event did not come within a minute") }
            return first ?? []
        }
    }

    @Test func aWriteThatThrowsSendsNothingAndOneThatCommitsSendsItsEventOnce() async throws {
        try await withDatabase { (db: any Database, base: Writer) async throws in
            try await withHub(db, base) { hub, writer in
                let (person, customer) = try await setUp(writer, on: db)
                let subscription = await hub.subscribe(person: person, seesRequests: true)
                let (refused, committed) = (UUID(), UUID())
                await #expect(throws: Refused.self) {
                    try await change(refused, of: customer, failing: true, with: writer, on: db)
                }
                try await change(committed, of: customer, with: writer, on: db)
                let seen = await received(subscription, until: committed)
                #expect(seen.map(\.requestID) == [committed])
                #expect(seen.first?.kind == .requestChanged)
                #expect(seen.first?.customerID == customer)
            }
        }
    }

    @Test func aChangeToldTwiceInOneWriteIsSentOnce() async throws {
        try await withDatabase { (db: any Database, base: Writer) async throws in
            try await withHub(db, base) { hub, writer in
                let (person, customer) = try await setUp(writer, on: db)
                let subscription = await hub.subscribe(person: person, seesRequests: true)
                let (request, last) = (UUID(), UUID())
                let now = self.now
                try await writer.write(on: db) { tx in
                    // An update that also moves the status tells of the request's change twice.
                    LiveEvents.announce(.requestChanged(request, customer: customer))
                    LiveEvents.announce(.requestChanged(request, customer: customer))
                    LiveEvents.announce(.requestChanged(last, customer: customer))
                    try await AuditLog.append(
                        .departmentCreated, recordType: .department, recordID: "twice", by: .system("test"), at: now,
                        on: tx)
                }
                #expect(await received(subscription, until: last).compactMap(\.requestID) == [request, last])
            }
        }
    }

    @Test func aGroupRunAgainAfterAFailureSendsTheEventsOfTheWritesThatCommittedOnce() async throws {
        try await withDatabase { (db: any Database, base: Writer) async throws in
            try await withHub(db, base) { hub, writer in
                let (person, customer) = try await setUp(writer, on: db)
                let subscription = await hub.subscribe(person: person, seesRequests: true)
                // Concurrent writes share groups on SQLite; every third one fails, so groups are rolled back and
                // run again with a savepoint per write.
                let writes = (0..<48).map { (id: UUID(), fails: $0 % 3 == 0) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for write in writes {
                        group.addTask {
                            do {
                                try await change(write.id, of: customer, failing: write.fails, with: writer, on: db)
                            } catch is Refused {}
                        }
                    }
                    try await group.waitForAll()
                }
                let last = UUID()
                try await change(last, of: customer, with: writer, on: db)
                let seen = await received(subscription, until: last).compactMap(\.requestID)
                #expect(seen.count == Set(seen).count, "no event twice")
                #expect(Set(seen) == Set(writes.filter { !$0.fails }.map(\.id) + [last]))
            }
        }
    }

    @Test func aGroupRolledBackForOneFailingWriteSendsTheOthersEventsOnce() async throws {
        try await withDatabase { (db: any Database, base: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            try await withHub(db, base) { hub, writer in
                let (person, customer) = try await setUp(writer, on: db)
                let subscription = await hub.subscribe(person: person, seesRequests: true)
                // As in GroupCommitTests: a write held open lets three queue up; they run as one group, the second
                // fails after announcing, the group is rolled back and run again with savepoints.
                let gate = AsyncStream<Void>.makeStream()
                let transactions = writer.committer.counts.transactions
                async let held: Void = writer.write(on: db) { _ in
                    for await _ in gate.stream { break }
                }
                try await until { writer.committer.counts.transactions == transactions + 1 }
                let (first, second, third) = (UUID(), UUID(), UUID())
                async let one: Void = change(first, of: customer, with: writer, on: db)
                try await until { writer.committer.waiting == 1 }
                async let two: Void = change(second, of: customer, failing: true, with: writer, on: db)
                try await until { writer.committer.waiting == 2 }
                async let three: Void = change(third, of: customer, with: writer, on: db)
                try await until { writer.committer.waiting == 3 }
                gate.continuation.yield()
                gate.continuation.finish()
                try await held
                try await one
                let failed: Result<Void, any Error>
                do { failed = .success(try await two) } catch { failed = .failure(error) }
                #expect(throws: Refused.self) { try failed.get() }
                try await three
                #expect(writer.committer.reruns == 1)
                let seen = await received(subscription, until: third).compactMap(\.requestID)
                #expect(seen == [first, third])
            }
        }
    }

    @Test func knowersFollowClassificationTeamRolesAndActiveness() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            func person(_ email: String, _ roles: Set<Role>) async throws -> UUID {
                try await writer.write(on: db) { tx in
                    try await PeopleCommands.create(
                        ValidPerson(email: EmailAddress(email)!, name: email, departmentID: nil, roles: roles),
                        passwordHash: "x", mustChangePassword: false, by: .system("test"), at: now, on: tx)
                }.id
            }
            let owner = try await person("owner@test.local", [.agent])
            let agent = try await person("agent@test.local", [.agent])
            let supervisor = try await person("boss@test.local", [.supervisor])
            let gone = try await person("gone@test.local", [.admin])
            try await writer.write(on: db) { tx in
                try await UserModel.query(on: tx).filter(\.$id == gone).set(\.$active, to: false).update()
            }
            func customer(_ name: String, _ classification: String) async throws -> UUID {
                try await writer.write(on: db) { tx in
                    try await CustomerCommands.create(
                        try CustomerInput(name: name, classification: classification, ownerID: owner.uuidString)
                            .validated(),
                        in: WriteContext(actor: .system("test"), now: now), on: tx)
                }.id
            }
            let open = try await customer("公开客户", "internal")
            let secret = try await customer("保密客户", "confidential")
            let deleted = try await customer("已删客户", "public")
            try await writer.write(on: db) { tx in
                try await CustomerCommands.delete(deleted, expectedVersion: nil, in: WriteContext(actor: .system("test"), now: now), on: tx)
            }
            let knowers = try await CustomerQueries.knowers(
                of: [open, secret, deleted, UUID()], among: [owner, agent, supervisor, gone], on: db)
            #expect(knowers[open] == [owner, agent, supervisor])
            #expect(knowers[secret] == [owner, supervisor])
            #expect(knowers[deleted] == nil)
            #expect(knowers.count == 2)
            for person in [owner, agent, supervisor] {
                for id in [open, secret] {
                    #expect(
                        try await CustomerQueries.mayKnow(id, person: person, on: db)
                            == (knowers[id]?.contains(person) == true),
                        "the same rule as mayKnow")
                }
            }
        }
    }

    @Test func eachSchemaHasAChannelOfItsOwnWithinPostgreSQLsLimit() {
        #expect(LiveEventHub.channel(schema: nil) == "liaison_events")
        #expect(LiveEventHub.channel(schema: "t_0123abcd") == "liaison_events_t_0123abcd")
        let long = LiveEventHub.channel(schema: String(repeating: "s", count: 60))
        let odd = LiveEventHub.channel(schema: "客户 \"schema\"")
        for channel in [long, odd] {
            #expect(channel.utf8.count <= 63)
            #expect(channel.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        }
        #expect(long != LiveEventHub.channel(schema: String(repeating: "s", count: 61)))
    }
}
