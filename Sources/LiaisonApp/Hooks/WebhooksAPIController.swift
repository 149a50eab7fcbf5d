import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Outgoing webhooks (administrators): `/api/v1/webhooks`, their delivery logs and "send test".
struct WebhooksAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(HookRoutes.apiWebhooks, use: list)
        routes.on(HookRoutes.apiCreateWebhook, use: create)
        routes.on(HookRoutes.apiWebhook, use: show)
        routes.on(HookRoutes.apiUpdateWebhook, use: update)
        routes.on(HookRoutes.apiDeleteWebhook, use: delete)
        routes.on(HookRoutes.apiTestWebhook, use: test)
        routes.on(HookRoutes.apiWebhookDeliveries, use: deliveries)
    }

    func list(_ request: Request) async throws -> Response {
        let webhooks = try await HookQueries.webhooks(on: request.db)
        return try ListDTO(items: webhooks.map { WebhookDTO($0) }, nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let valid = try request.content.decode(WebhookBody.self).input().validated()
        let (webhook, secret) = try await Self.create(valid, request)
        let response = try WebhookDTO(webhook, secret: secret).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: HookRoutes.apiWebhook.link(webhook.id))
        return response.withETag(webhook.version)
    }

    /// The create of the API and of the page: a secret is generated when none is given.
    static func create(_ valid: ValidWebhook, _ request: Request) async throws -> (Webhook, String) {
        let secrets = try request.secretBox()
        let generated = "whsec_" + request.effects.secret(bytes: 24)
        let actor = request.auditActor
        let now = request.now
        return try await request.write { tx in
            let made = try await WebhookCommands.create(
                valid, generatedSecret: generated, secrets: secrets, by: actor, at: now, on: tx)
            return (made.webhook, made.secret)
        }
    }

    func show(_ request: Request) async throws -> Response {
        let webhook = try await Self.find(request)
        return try WebhookDTO(webhook).apiResponse(for: request).withETag(webhook.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await Self.find(request)
        let expected = try request.ifMatch(current: current.version)
        let valid = try request.content.decode(WebhookBody.self).input(over: current).validated()
        let secrets = try request.secretBox()
        let actor = request.auditActor
        let now = request.now
        let webhook = try await request.write { tx in
            try await WebhookCommands.update(
                id: current.id, with: valid, expectedVersion: expected, secrets: secrets, by: actor, at: now, on: tx)
        }
        return try WebhookDTO(webhook).apiResponse(for: request).withETag(webhook.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let expected = try request.ifMatch()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await WebhookCommands.delete(id: id, expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return Response(status: .noContent)
    }

    /// Posts a signed `ping` at once and answers with its delivery (whether the receiver took it, and what it said).
    func test(_ request: Request) async throws -> Response {
        let webhook = try await Self.find(request)
        return try DeliveryDTO(try await HookJobs.test(webhook: webhook, request: request)).apiResponse(for: request)
    }

    func deliveries(_ request: Request) async throws -> Response {
        let webhook = try await Self.find(request)
        let items = try await HookDeliveries.list(target: webhook.id, limit: 100, on: request.db)
        return try ListDTO(items: items.map(DeliveryDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    static func find(_ request: Request) async throws -> Webhook {
        guard let webhook = try await HookQueries.webhook(try request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        return webhook
    }
}

/// Departments' chat robots (administrators): `/api/v1/robots`.
struct RobotsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(HookRoutes.apiRobots, use: list)
        routes.on(HookRoutes.apiCreateRobot, use: create)
        routes.on(HookRoutes.apiRobot, use: show)
        routes.on(HookRoutes.apiUpdateRobot, use: update)
        routes.on(HookRoutes.apiDeleteRobot, use: delete)
        routes.on(HookRoutes.apiTestRobot, use: test)
        routes.on(HookRoutes.apiRobotDeliveries, use: deliveries)
    }

    struct ListQuery: Content {
        var departmentId: String?
    }

    func list(_ request: Request) async throws -> Response {
        var v = FieldValidator()
        let department = v.reference("departmentId", try request.query.decode(ListQuery.self).departmentId)
        try v.check()
        let robots = try await HookQueries.robots(department: department, on: request.db)
        return try ListDTO(items: robots.map(RobotDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let valid = try request.content.decode(RobotBody.self).input().validated()
        let secrets = try request.secretBox()
        let actor = request.auditActor
        let now = request.now
        let robot = try await request.write { tx in
            try await RobotCommands.create(valid, secrets: secrets, by: actor, at: now, on: tx)
        }
        let response = try RobotDTO(robot).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: HookRoutes.apiRobot.link(robot.id))
        return response.withETag(robot.version)
    }

    func show(_ request: Request) async throws -> Response {
        let robot = try await Self.find(request)
        return try RobotDTO(robot).apiResponse(for: request).withETag(robot.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await Self.find(request)
        let expected = try request.ifMatch(current: current.version)
        let valid = try request.content.decode(RobotBody.self).input(over: current).validated(hasURL: true)
        let secrets = try request.secretBox()
        let actor = request.auditActor
        let now = request.now
        let robot = try await request.write { tx in
            try await RobotCommands.update(
                id: current.id, with: valid, expectedVersion: expected, secrets: secrets, by: actor, at: now, on: tx)
        }
        return try RobotDTO(robot).apiResponse(for: request).withETag(robot.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let expected = try request.ifMatch()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await RobotCommands.delete(id: id, expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return Response(status: .noContent)
    }

    /// Posts a test message at once and answers with its delivery.
    func test(_ request: Request) async throws -> Response {
        let robot = try await Self.find(request)
        return try DeliveryDTO(try await HookJobs.test(robot: robot, request: request)).apiResponse(for: request)
    }

    func deliveries(_ request: Request) async throws -> Response {
        let robot = try await Self.find(request)
        let items = try await HookDeliveries.list(target: robot.id, limit: 100, on: request.db)
        return try ListDTO(items: items.map(DeliveryDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    static func find(_ request: Request) async throws -> ChatRobot {
        guard let robot = try await HookQueries.robot(try request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        return robot
    }
}
