import Fluent
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/me` and `/api/v1/users`.
struct PeopleAPIController {
    static let me = Endpoint(.GET, "api/v1/me", .staff)

    func register(_ routes: any RoutesBuilder) {
        routes.on(Self.me, use: me)
        routes.on(PeopleRoutes.apiList, use: list)
        routes.on(PeopleRoutes.apiCreate, use: create)
        routes.on(PeopleRoutes.apiShow, use: show)
        routes.on(PeopleRoutes.apiUpdate, use: update)
        routes.on(PeopleRoutes.apiResetPassword, use: resetPassword)
    }

    func me(_ request: Request) async throws -> Response {
        let person = try request.person
        return try MeDTO(
            user: UserDTO(person, detailed: true),
            capabilities: person.capabilities.map(\.rawValue).sorted()
        ).apiResponse(for: request).withETag(person.version)
    }

    struct ListQuery: Content {
        var q: String?
        var departmentId: String?
        var role: String?
        var active: String?
        var limit: String?
        var cursor: String?
    }

    func list(_ request: Request) async throws -> Response {
        let query = try request.query.decode(ListQuery.self)
        let page = try PageQuery.parse(limit: query.limit, cursor: query.cursor)
        let filter = try PeopleFilterParser.parse(
            text: query.q, departmentID: query.departmentId, role: query.role, active: query.active)
        let result = try await PeopleQueries.list(filter, page: page, on: request.db)
        let detailed = try request.person.can(.peopleManage)
        return try ListDTO(items: result.items.map { UserDTO($0, detailed: detailed) }, nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let body = try request.content.decode(CreateUserRequest.self)
        let valid = try body.input.validated()
        var oneTime: String?
        let password: String
        if let given = body.password {
            let issues = PasswordPolicy.issues(for: given, email: valid.email.value)
            if !issues.isEmpty { throw ValidationFailure(issues) }
            password = given
        } else {
            password = request.effects.oneTimePassword()
            oneTime = password
        }
        let hash = try await request.password.async.hash(password)
        let actor = request.auditActor
        let now = request.now
        let mustChange = oneTime != nil
        let person = try await request.write { tx in
            try await PeopleCommands.create(
                valid, passwordHash: hash, mustChangePassword: mustChange, by: actor, at: now, on: tx)
        }
        let response = try UserDTO(person, detailed: true, oneTimePassword: oneTime).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.location, value: PeopleRoutes.apiShow.link(person.id))
        return response.withETag(person.version)
    }

    func show(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let person = try await PeopleQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        return try UserDTO(person, detailed: request.person.can(.peopleManage)).apiResponse(for: request)
            .withETag(person.version)
    }

    func update(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let current = try await PeopleQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        let expected = try request.ifMatch(current: current.version)
        let patch = try request.content.decode(UpdateUserRequest.self)
        let absence = try Self.absence(patch.absentUntil)
        let valid = try patch.merged(onto: current).validated()
        let actor = request.auditActor
        let now = request.now
        let person = try await request.write { tx in
            var person = try await PeopleCommands.update(
                id: id, with: valid, expectedVersion: expected, by: actor, at: now, on: tx)
            if let absence, absence != person.absentUntil {
                try await Assignment.setAbsence(of: id, until: absence, by: actor, at: now, on: tx)
                person = try await PeopleQueries.find(id: id, on: tx) ?? person
            }
            if let active = patch.active {
                person = try await PeopleCommands.setActive(
                    id: id, active: active, expectedVersion: nil, by: actor, at: now, on: tx)
            }
            return person
        }
        return try UserDTO(person, detailed: true).apiResponse(for: request).withETag(person.version)
    }

    /// `absentUntil`: left alone (nil), cleared (`.some(nil)`), or an RFC 3339 moment (read strictly).
    static func absence(_ patch: Patch<String>) throws(ValidationFailure) -> Date?? {
        switch patch {
        case .absent: return nil
        case .clear: return .some(nil)
        case .set(let text):
            do {
                return .some(try DateText.moment(text))
            } catch {
                let issue = error.issue
                throw ValidationFailure([ValidationIssue("absentUntil", issue.code, issue.values)])
            }
        }
    }

    /// Issues a new one-time password, ends the person's sessions, and returns the password once.
    func resetPassword(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let (person, password) = try await PasswordReset.perform(for: id, request: request)
        return try UserDTO(person, detailed: true, oneTimePassword: password).apiResponse(for: request)
    }
}

/// Reading list filters from query text, with field errors for values that make no sense.
enum PeopleFilterParser {
    static func parse(text: String?, departmentID: String?, role: String?, active: String?) throws(ValidationFailure)
        -> PeopleFilter
    {
        var validator = FieldValidator()
        var filter = PeopleFilter(text: text.map { String(InputText.stripped($0).prefix(100)) })
        if let departmentID, !departmentID.isEmpty {
            filter.departmentID = UUIDText.parse(departmentID)
            if filter.departmentID == nil { validator.add("departmentId", "invalidReference") }
        }
        if let role, !role.isEmpty {
            filter.role = Role(rawValue: role)
            if filter.role == nil { validator.add("role", "unknownRole", [role]) }
        }
        switch active?.lowercased() {
        case nil, "", "all": break
        case "true", "1", "yes": filter.active = true
        case "false", "0", "no": filter.active = false
        default: validator.add("active", "invalidBoolean")
        }
        try validator.check()
        return filter
    }
}

/// Replacing a forgotten password: a new one-time password, all sessions ended.
enum PasswordReset {
    static func perform(for id: UUID, request: Request) async throws -> (Person, String) {
        guard let person = try await PeopleQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        let password = request.effects.oneTimePassword()
        let hash = try await request.password.async.hash(password)
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await PeopleCommands.setPassword(
                id: id, hash: hash, mustChange: true, action: .passwordReset, by: actor, at: now, on: tx)
            _ = try await SessionStore.deleteAll(userID: id, on: tx)
        }
        var updated = person
        updated.mustChangePassword = true
        return (updated, password)
    }
}
