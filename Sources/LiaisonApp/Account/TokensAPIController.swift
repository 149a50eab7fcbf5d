import Fluent
import LiaisonCore
import LiaisonData
import Vapor

struct TokenDTO: Content {
    var id: UUID
    var name: String
    var prefix: String
    var createdAt: Date
    var lastUsedAt: Date?
    var expiresAt: Date?
    var revokedAt: Date?
    /// The secret, present only in the answer that created the token.
    var token: String?

    init(_ info: APITokenInfo, secret: String? = nil) {
        id = info.id
        name = info.name
        prefix = info.prefix
        createdAt = info.createdAt
        lastUsedAt = info.lastUsedAt
        expiresAt = info.expiresAt
        revokedAt = info.revokedAt
        token = secret
    }
}

struct CreateTokenRequest: Content {
    var name: String?
    var expiresInDays: Int?
}

/// `/api/v1/me/tokens`: a person's own personal access tokens.
struct TokensAPIController {
    static let list = Endpoint(.GET, "api/v1/me/tokens", .staff)
    static let create = Endpoint(.POST, "api/v1/me/tokens", .staff)
    static let revoke = Endpoint(.DELETE, "api/v1/me/tokens/:id", .staff)

    func register(_ routes: any RoutesBuilder) {
        routes.on(Self.list, use: list)
        routes.on(Self.create, use: create)
        routes.on(Self.revoke, use: revoke)
    }

    func list(_ request: Request) async throws -> Response {
        let tokens = try await APITokenStore.list(userID: request.person.id, on: request.db)
        return try ListDTO(items: tokens.map { TokenDTO($0) }, nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let body = try request.content.decode(CreateTokenRequest.self)
        let input = try TokenIssuer.validate(name: body.name, expiresInDays: body.expiresInDays, now: request.now)
        let issued = try await TokenIssuer.issue(
            for: request.person.id, input, by: request.auditActor, now: request.now, effects: request.effects,
            writer: request.application.context.writer, db: request.db)
        return try TokenDTO(issued.info, secret: issued.secret).apiResponse(.created, for: request)
    }

    func revoke(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let userID = try request.person.id
        let actor = request.auditActor
        let now = request.now
        _ = try await request.write { tx in
            try await APITokenStore.revoke(id: id, userID: userID, by: actor, at: now, on: tx)
        }
        return Response(status: .noContent)
    }
}
