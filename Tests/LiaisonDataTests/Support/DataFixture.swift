import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Runs `body` with a fixture on a fresh migrated database (`withDatabase`).
func withFixture<T>(_ body: (DataFixture) async throws -> T) async throws -> T {
    try await withDatabase { (db: any Database, writer: Writer) async throws in
        try await body(try await DataFixture.make(db: db, writer: writer))
    }
}

/// Records written through the commands as the application writes them: one `Writer` transaction each, by a
/// named person, at a time the test moves. Requests are created and changed only through the helpers below, so a
/// change to the request commands' parameters is adjusted here and not in every test.
final class DataFixture: @unchecked Sendable {
    /// 2026-09-22 (Tuesday) 09:30 in Shanghai, inside the default calendar's working hours.
    static let start = Date(timeIntervalSince1970: 1_790_040_600)

    let db: any Database
    let writer: Writer
    let settings = RequestSettings()
    /// The time of the next write.
    private(set) var now = DataFixture.start
    /// The first person: an administrator, who sees every customer.
    let admin: Person

    private init(db: any Database, writer: Writer, admin: Person) {
        self.db = db
        self.writer = writer
        self.admin = admin
    }

    static func make(db: any Database, writer: Writer) async throws -> DataFixture {
        let admin = try await writer.write(on: db) { tx in
            try await PeopleCommands.create(
                try PersonInput(email: "admin@test.cn", name: "管理员", roles: ["admin"]).validated(), passwordHash: "x",
                mustChangePassword: false, by: .system("test"), at: start, on: tx)
        }
        return DataFixture(db: db, writer: writer, admin: admin)
    }

    /// Moves the clock (five minutes by default), so that each write has a time of its own.
    func advance(minutes: Double = 5) {
        now = now.addingTimeInterval(minutes * 60)
    }

    /// Who the audit trail names for a person's change (the system's, for nil).
    func actor(_ person: Person?) -> AuditActor {
        person.map { AuditActor(userID: $0.id, label: $0.email, address: nil) } ?? .system("test")
    }

    /// One transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await writer.write(on: db, body)
    }

    // MARK: People, departments, customers

    @discardableResult
    func person(
        _ email: String, name: String, roles: [Role], department: UUID? = nil, by author: Person? = nil
    ) async throws -> Person {
        let valid = try PersonInput(
            email: email, name: name, departmentID: department?.uuidString, roles: roles.map(\.rawValue)
        ).validated()
        let (actor, now) = (actor(author ?? admin), now)
        return try await write { tx in
            try await PeopleCommands.create(
                valid, passwordHash: "x", mustChangePassword: false, by: actor, at: now, on: tx)
        }
    }

    func department(_ name: String, code: String? = nil, parent: UUID? = nil) async throws -> Department {
        let valid = try DepartmentInput(name: name, code: code, parentID: parent?.uuidString).validated()
        let (actor, now) = (actor(admin), now)
        return try await write { tx in try await DepartmentCommands.create(valid, by: actor, at: now, on: tx) }
    }

    func customer(
        _ name: String, classification: Classification = .internal, tier: CustomerTier = .standard,
        owner: Person? = nil, by author: Person? = nil
    ) async throws -> Customer {
        let valid = try CustomerInput(
            name: name, tier: tier.rawValue, classification: classification.rawValue, ownerID: owner?.id.uuidString
        ).validated()
        let (actor, now) = (actor(author ?? admin), now)
        return try await write { tx in try await CustomerCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx) }
    }

    @discardableResult
    func contact(_ name: String, of customer: Customer, email: String? = nil, phone: String? = nil) async throws
        -> Contact
    {
        let valid = try ContactInput(
            customerID: customer.id.uuidString, name: name, emails: email.map { [$0] }, phones: phone.map { [$0] }
        ).validated()
        let (actor, now) = (actor(admin), now)
        return try await write { tx in try await ContactCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx) }
    }

    func addToTeam(_ person: Person, of customer: Customer, as role: TeamRole = .support) async throws {
        let (actor, now) = (actor(admin), now)
        try await write { tx in
            try await TeamCommands.add(
                customerID: customer.id, userID: person.id, role: role, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    // MARK: Requests (the only calls of the request commands in this target)

    @discardableResult
    func openRequest(
        _ subject: String, for customer: Customer, contact: Contact? = nil, kind: RequestKind = .issue,
        priority: Priority = .normal, body: String = "请尽快处理。", queue: UUID? = nil, assignee: Person? = nil,
        by author: Person? = nil
    ) async throws -> ServiceRequest {
        let input = ValidRequest(
            customerID: customer.id, contactID: contact?.id, kind: kind, priority: priority, channel: .email,
            subject: subject, body: body, queueID: queue, assigneeID: assignee?.id)
        let (actor, now, settings) = (actor(author ?? admin), now, settings)
        return try await write { tx in
            try await RequestCommands.create(input, in: WriteContext(actor: actor, now: now, settings: settings), on: tx)
        }
    }

    /// A staff reply or note by `author`, or the customer's message when `contact` is given.
    @discardableResult
    func reply(
        to request: UUID, _ body: String, visibility: RequestMessage.Visibility = .public, contact: Contact? = nil,
        by author: Person? = nil
    ) async throws -> RequestMessage {
        let message = RequestConversation.NewMessage(
            visibility: visibility, channel: .email, body: body, contactID: contact?.id)
        let (actor, now, settings) = (actor(author ?? admin), now, settings)
        return try await write { tx in
            try await RequestConversation.add(message, to: request, in: WriteContext(actor: actor, now: now, settings: settings), on: tx)
        }
    }

    @discardableResult
    func change(
        _ request: UUID, _ changes: RequestCommands.Changes, expectedVersion: Int? = nil, by author: Person? = nil
    ) async throws -> ServiceRequest {
        let (actor, now, settings) = (actor(author ?? admin), now, settings)
        return try await write { tx in
            try await RequestCommands.update(
                request, changes, expectedVersion: expectedVersion, in: WriteContext(actor: actor, now: now, settings: settings), on: tx)
        }
    }

    @discardableResult
    func assign(_ request: UUID, to assignee: Person?, by author: Person? = nil) async throws -> ServiceRequest {
        try await change(request, RequestCommands.Changes(assigneeID: .some(assignee?.id)), by: author)
    }

    @discardableResult
    func move(_ request: UUID, to status: RequestStatus, expectedVersion: Int? = nil, by author: Person? = nil)
        async throws -> ServiceRequest
    {
        let (actor, now, settings) = (actor(author ?? admin), now, settings)
        return try await write { tx in
            try await RequestCommands.changeStatus(
                request, to: status, expectedVersion: expectedVersion, in: WriteContext(actor: actor, now: now, settings: settings), on: tx)
        }
    }

    @discardableResult
    func merge(_ duplicate: UUID, into target: UUID, by author: Person? = nil) async throws -> ServiceRequest {
        let (actor, now, settings) = (actor(author ?? admin), now, settings)
        return try await write { tx in
            try await RequestMergeSplit.merge(duplicate, into: target, in: WriteContext(actor: actor, now: now, settings: settings), on: tx)
        }
    }

    func split(_ message: UUID, subject: String, by author: Person? = nil) async throws -> ServiceRequest {
        let (actor, now, settings) = (actor(author ?? admin), now, settings)
        return try await write { tx in
            try await RequestMergeSplit.split(
                message: message, subject: subject, in: WriteContext(actor: actor, now: now, settings: settings), on: tx)
        }
    }

    // MARK: Reading back

    /// The request as it is now.
    func request(_ id: UUID) async throws -> ServiceRequest {
        try #require(try await RequestQueries.find(id, for: admin.viewer, on: db)?.0)
    }

    /// The request's conversation, oldest first, internal notes included.
    func messages(of request: UUID) async throws -> [RequestMessage] {
        try await RequestConversation.list(request, includeInternal: true, on: db)
    }

    /// The audit entries about one record, oldest first.
    func audit(of recordID: UUID) async throws -> [AuditRecord] {
        try await AuditQueries.list(AuditFilter(recordID: recordID.uuidString), page: PageQuery(limit: 200), on: db)
            .items.reversed()
    }

    /// The newest audit entry of an action, if any.
    func lastAudit(_ action: AuditAction) async throws -> AuditRecord? {
        try await AuditQueries.list(AuditFilter(action: action.rawValue), page: PageQuery(limit: 1), on: db).items.first
    }

    /// How many entries the audit trail holds.
    func auditCount() async throws -> Int {
        try await AuditQueries.count(on: db)
    }

    /// The person's notifications that they may still see, newest first.
    func notifications(for person: Person) async throws -> [AppNotification] {
        try await NotificationStore.recent(for: person.viewer, on: db)
    }

    /// The customer's timeline, newest first.
    func timeline(of customer: Customer) async throws -> [TimelineEntry] {
        try await TimelineQueries.forCustomer(
            customer.id, filter: TimelineFilter(), page: PageQuery(limit: 200), on: db
        )
        .items
    }
}

extension Person {
    /// The person as a reader of customer data (need-to-know).
    var viewer: CustomerViewer { CustomerViewer(userID: id, roles: roles) }
}

extension AuditRecord {
    /// The entry's changes as field → (from, to), and its notes.
    var fields: [String: AuditChanges.Change] {
        struct Body: Decodable { var fields: [String: AuditChanges.Change]? }
        return (try? JSONDecoder().decode(Body.self, from: Data(changes.utf8)))?.fields ?? [:]
    }

    var notes: [String: String] {
        struct Body: Decodable { var notes: [String: String]? }
        return (try? JSONDecoder().decode(Body.self, from: Data(changes.utf8)))?.notes ?? [:]
    }
}
