import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The pages under /admin/webhooks and /admin/robots (administrators): lists, forms, delivery logs, "send test",
/// switching back on, deleting.
struct HookWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(HookRoutes.webhooks, use: webhooks)
        routes.on(HookRoutes.newWebhook, use: newWebhook)
        routes.on(HookRoutes.createWebhook, use: createWebhook)
        routes.on(HookRoutes.webhook, use: editWebhook)
        routes.on(HookRoutes.updateWebhook, use: updateWebhook)
        routes.on(HookRoutes.deleteWebhook, use: deleteWebhook)
        routes.on(HookRoutes.testWebhook, use: testWebhook)
        routes.on(HookRoutes.enableWebhook, use: enableWebhook)
        routes.on(HookRoutes.robots, use: robots)
        routes.on(HookRoutes.newRobot, use: newRobot)
        routes.on(HookRoutes.createRobot, use: createRobot)
        routes.on(HookRoutes.robot, use: editRobot)
        routes.on(HookRoutes.updateRobot, use: updateRobot)
        routes.on(HookRoutes.deleteRobot, use: deleteRobot)
        routes.on(HookRoutes.testRobot, use: testRobot)
        routes.on(HookRoutes.enableRobot, use: enableRobot)
    }

    /// The webhook form as posted; an empty secret keeps the stored one (or, when creating, has one generated).
    struct WebhookForm: Content {
        var name: String?
        var url: String?
        var events: [String]?
        var secret: String?
        var maxClassification: String?
        var active: String?
        var version: String?

        init() {
            active = "on"
            maxClassification = Classification.internal.rawValue
            events = [WebhookEvent.requestCreated.rawValue]
        }

        init(_ webhook: Webhook) {
            name = webhook.name
            url = webhook.url
            events = webhook.events.map(\.rawValue)
            maxClassification = webhook.maxClassification.rawValue
            active = webhook.active ? "on" : nil
            version = String(webhook.version)
        }

        var input: WebhookInput {
            WebhookInput(
                name: name, url: url, events: events ?? [], secret: secret.flatMap { $0.isEmpty ? nil : $0 },
                active: active != nil, maxClassification: maxClassification)
        }

        var shown: WebhookForm {
            var copy = self
            copy.secret = nil
            return copy
        }
    }

    struct RobotForm: Content {
        var name: String?
        var departmentId: String?
        var kind: String?
        var url: String?
        var secret: String?
        var removeSecret: String?
        var events: [String]?
        var language: String?
        var includeSubject: String?
        var active: String?
        var version: String?

        init() {
            active = "on"
            kind = RobotKind.wecom.rawValue
            language = RobotLanguage.zhHans.rawValue
            events = RobotEvent.allCases.map(\.rawValue)
        }

        init(_ robot: ChatRobot) {
            name = robot.name
            departmentId = robot.departmentID.uuidString
            kind = robot.kind.rawValue
            events = robot.events.map(\.rawValue)
            language = robot.language.rawValue
            includeSubject = robot.includeSubject ? "on" : nil
            active = robot.active ? "on" : nil
            version = String(robot.version)
        }

        var input: RobotInput {
            RobotInput(
                name: name, departmentID: departmentId, kind: kind, url: url.flatMap { $0.isEmpty ? nil : $0 },
                secret: removeSecret != nil ? "" : secret.flatMap { $0.isEmpty ? nil : $0 }, events: events ?? [],
                language: language, includeSubject: includeSubject != nil, active: active != nil)
        }

        var shown: RobotForm {
            var copy = self
            copy.url = nil
            copy.secret = nil
            return copy
        }
    }

    // MARK: Webhooks

    func webhooks(_ request: Request) async throws -> Response {
        let rows = try await HookQueries.webhooks(on: request.db).map {
            WebhooksPage.Row(
                name: $0.name, url: $0.url, events: $0.events.map(\.rawValue).joined(separator: ", "),
                active: $0.active,
                failures: $0.consecutiveFailures, editLink: HookRoutes.webhook.link($0.id))
        }
        return try await request.page(
            "hooks/webhooks", title: request.t("webhooks.title"),
            WebhooksPage(
                rows: rows, hasRows: !rows.isEmpty, newLink: HookRoutes.newWebhook.link(),
                robotsLink: HookRoutes.robots.link()))
    }

    func newWebhook(_ request: Request) async throws -> Response {
        try await renderWebhook(request, nil, form: WebhookForm(), errors: [:], status: .ok)
    }

    func createWebhook(_ request: Request) async throws -> Response {
        let form = try request.content.decode(WebhookForm.self)
        do {
            let (webhook, secret) = try await WebhooksAPIController.create(try form.input.validated(), request)
            // Shown this once, on the page that answers the form (never stored in clear, never in a redirect).
            return try await renderWebhook(
                request, webhook, form: WebhookForm(webhook), errors: [:], status: .created, newSecret: secret)
        } catch let failure as ValidationFailure {
            return try await renderWebhook(
                request, nil, form: form.shown, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func editWebhook(_ request: Request) async throws -> Response {
        let webhook = try await WebhooksAPIController.find(request)
        return try await renderWebhook(request, webhook, form: WebhookForm(webhook), errors: [:], status: .ok)
    }

    func updateWebhook(_ request: Request) async throws -> Response {
        let current = try await WebhooksAPIController.find(request)
        let form = try request.content.decode(WebhookForm.self)
        let secrets = try request.secretBox()
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated()
            let expected = form.version.flatMap { Int($0) }
            _ = try await request.write { tx in
                try await WebhookCommands.update(
                    id: current.id, with: valid, expectedVersion: expected, secrets: secrets, by: actor, at: now, on: tx
                )
            }
            return request.redirect(to: HookRoutes.webhook.link(current.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderWebhook(
                request, current, form: form.shown, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            var fresh = form.shown
            fresh.version = String(current.version)
            return try await renderWebhook(
                request, current, form: fresh, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func deleteWebhook(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await WebhookCommands.delete(id: id, expectedVersion: nil, by: actor, at: now, on: tx)
        }
        return request.redirect(to: HookRoutes.webhooks.link(), flash: "flash.deleted")
    }

    func testWebhook(_ request: Request) async throws -> Response {
        let webhook = try await WebhooksAPIController.find(request)
        let delivery = try await HookJobs.test(webhook: webhook, request: request)
        return try await renderWebhook(
            request, webhook, form: WebhookForm(webhook), errors: [:], status: .ok, test: line(delivery, request))
    }

    func enableWebhook(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        _ = try await request.write { tx in
            try await WebhookCommands.setActive(id: id, true, expectedVersion: nil, by: actor, at: now, on: tx)
        }
        return request.redirect(to: HookRoutes.webhook.link(id), flash: "flash.saved")
    }

    private func renderWebhook(
        _ request: Request, _ webhook: Webhook?, form: WebhookForm, errors: [String: String], status: HTTPStatus,
        newSecret: String? = nil, test: DeliveryLine? = nil
    ) async throws -> Response {
        let chosen = Set(form.events ?? [])
        var deliveries: [HookDelivery] = []
        if let webhook { deliveries = try await HookDeliveries.list(target: webhook.id, limit: 20, on: request.db) }
        let body = WebhookFormPage(
            isNew: webhook == nil,
            action: webhook.map { HookRoutes.updateWebhook.link($0.id) } ?? HookRoutes.createWebhook.link(),
            deleteAction: webhook.map { HookRoutes.deleteWebhook.link($0.id) },
            testAction: webhook.map { HookRoutes.testWebhook.link($0.id) },
            enableAction: webhook.flatMap { $0.active ? nil : HookRoutes.enableWebhook.link($0.id) },
            cancelLink: HookRoutes.webhooks.link(), version: webhook?.version ?? 0, form: form,
            events: WebhookEvent.allCases.map {
                Choice(
                    value: $0.rawValue, label: request.t("webhooks.event.\($0.rawValue)"),
                    selected: chosen.contains($0.rawValue))
            },
            classifications: request.options(Classification.self, selected: form.maxClassification) { $0.labelKey },
            newSecret: newSecret,
            disabledNote: webhook.flatMap { disabledNote($0.active, $0.disabledReason, $0.disabledAt, request) },
            testResult: test, deliveries: deliveries.map { line($0, request) }, hasDeliveries: !deliveries.isEmpty,
            errors: errors)
        let response = try await request.page(
            "hooks/webhook-form", title: request.t(webhook == nil ? "webhooks.new" : "webhooks.edit"), body)
        response.status = status
        return response
    }

    // MARK: Robots

    func robots(_ request: Request) async throws -> Response {
        let departments = try await DepartmentQueries.all(on: request.db)
        let names = Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0.displayName(in: request.locale)) })
        let rows = try await HookQueries.robots(on: request.db).map {
            RobotsPage.Row(
                name: $0.name, kind: request.t("robots.kind.\($0.kind.rawValue)"),
                department: names[$0.departmentID] ?? "",
                urlHint: $0.urlHint,
                events: $0.events.map { request.t("robots.event.\($0.rawValue)") }.joined(separator: ", "),
                active: $0.active, editLink: HookRoutes.robot.link($0.id))
        }
        return try await request.page(
            "hooks/robots", title: request.t("robots.title"),
            RobotsPage(
                rows: rows, hasRows: !rows.isEmpty, newLink: HookRoutes.newRobot.link(),
                webhooksLink: HookRoutes.webhooks.link()))
    }

    func newRobot(_ request: Request) async throws -> Response {
        var form = RobotForm()
        form.departmentId = try? request.query.get(String.self, at: "departmentId")
        return try await renderRobot(request, nil, form: form, errors: [:], status: .ok)
    }

    func createRobot(_ request: Request) async throws -> Response {
        let form = try request.content.decode(RobotForm.self)
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated()
            let secrets = try request.secretBox()
            let robot = try await request.write { tx in
                try await RobotCommands.create(valid, secrets: secrets, by: actor, at: now, on: tx)
            }
            return request.redirect(to: HookRoutes.robot.link(robot.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderRobot(
                request, nil, form: form.shown, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func editRobot(_ request: Request) async throws -> Response {
        let robot = try await RobotsAPIController.find(request)
        return try await renderRobot(request, robot, form: RobotForm(robot), errors: [:], status: .ok)
    }

    func updateRobot(_ request: Request) async throws -> Response {
        let current = try await RobotsAPIController.find(request)
        let form = try request.content.decode(RobotForm.self)
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated(hasURL: true)
            let secrets = try request.secretBox()
            let expected = form.version.flatMap { Int($0) }
            _ = try await request.write { tx in
                try await RobotCommands.update(
                    id: current.id, with: valid, expectedVersion: expected, secrets: secrets, by: actor, at: now, on: tx
                )
            }
            return request.redirect(to: HookRoutes.robot.link(current.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderRobot(
                request, current, form: form.shown, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            var fresh = form.shown
            fresh.version = String(current.version)
            return try await renderRobot(
                request, current, form: fresh, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func deleteRobot(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await RobotCommands.delete(id: id, expectedVersion: nil, by: actor, at: now, on: tx)
        }
        return request.redirect(to: HookRoutes.robots.link(), flash: "flash.deleted")
    }

    func testRobot(_ request: Request) async throws -> Response {
        let robot = try await RobotsAPIController.find(request)
        let delivery = try await HookJobs.test(robot: robot, request: request)
        return try await renderRobot(
            request, robot, form: RobotForm(robot), errors: [:], status: .ok, test: line(delivery, request))
    }

    func enableRobot(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        _ = try await request.write { tx in
            try await RobotCommands.setActive(id: id, true, expectedVersion: nil, by: actor, at: now, on: tx)
        }
        return request.redirect(to: HookRoutes.robot.link(id), flash: "flash.saved")
    }

    private func renderRobot(
        _ request: Request, _ robot: ChatRobot?, form: RobotForm, errors: [String: String], status: HTTPStatus,
        test: DeliveryLine? = nil
    ) async throws -> Response {
        let chosen = Set(form.events ?? [])
        var deliveries: [HookDelivery] = []
        if let robot { deliveries = try await HookDeliveries.list(target: robot.id, limit: 20, on: request.db) }
        let departments = try await DepartmentQueries.all(on: request.db).map {
            Choice(
                value: $0.id.uuidString, label: $0.displayName(in: request.locale),
                selected: $0.id.uuidString == form.departmentId?.uppercased())
        }
        let body = RobotFormPage(
            isNew: robot == nil,
            action: robot.map { HookRoutes.updateRobot.link($0.id) } ?? HookRoutes.createRobot.link(),
            deleteAction: robot.map { HookRoutes.deleteRobot.link($0.id) },
            testAction: robot.map { HookRoutes.testRobot.link($0.id) },
            enableAction: robot.flatMap { $0.active ? nil : HookRoutes.enableRobot.link($0.id) },
            cancelLink: HookRoutes.robots.link(), version: robot?.version ?? 0, form: form, departments: departments,
            kinds: request.options(RobotKind.self, selected: form.kind) { "robots.kind.\($0.rawValue)" },
            events: RobotEvent.allCases.map {
                Choice(
                    value: $0.rawValue, label: request.t("robots.event.\($0.rawValue)"),
                    selected: chosen.contains($0.rawValue))
            },
            languages: RobotLanguage.allCases.map {
                Choice(
                    value: $0.rawValue, label: AppLocale(rawValue: $0.rawValue)?.nativeName ?? $0.rawValue,
                    selected: $0.rawValue == form.language)
            },
            urlHint: robot?.urlHint, hasSecret: robot?.hasSecret ?? false,
            disabledNote: robot.flatMap { disabledNote($0.active, $0.disabledReason, $0.disabledAt, request) },
            testResult: test, deliveries: deliveries.map { line($0, request) }, hasDeliveries: !deliveries.isEmpty,
            errors: errors)
        let response = try await request.page(
            "hooks/robot-form", title: request.t(robot == nil ? "robots.new" : "robots.edit"), body)
        response.status = status
        return response
    }

    // MARK: Shared

    private func disabledNote(_ active: Bool, _ reason: String?, _ at: Date?, _ request: Request) -> String? {
        guard !active else { return nil }
        return request.t(reason == "failures" ? "hooks.disabledByFailures" : "hooks.disabledByHand", request.format(at))
    }

    private func line(_ delivery: HookDelivery, _ request: Request) -> DeliveryLine {
        DeliveryLine(
            time: request.format(delivery.updatedAt), event: delivery.event,
            status: request.t("hooks.status.\(delivery.status.rawValue)"), ok: delivery.status == .succeeded,
            attempts: delivery.attempts,
            response: [delivery.responseStatus.map(String.init), delivery.responseExcerpt].compactMap { $0 }
                .joined(separator: " "),
            error: delivery.error ?? "")
    }
}
