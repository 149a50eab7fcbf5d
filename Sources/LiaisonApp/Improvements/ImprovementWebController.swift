import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The improvement actions page (改进措施): one's own and one's projects' actions; management sees every one and
/// filters the overdue. Each row offers its status moves to whoever may make them.
struct ImprovementWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ImprovementRoutes.page, use: page)
        routes.on(ImprovementRoutes.create, use: create)
        routes.on(ImprovementRoutes.update, use: update)
    }

    struct Form: Content {
        var title: String?
        var description: String?
        var ownerId: String?
        var dueOn: String?
        var status: String?
        var version: String?
    }

    func page(_ request: Request) async throws -> Response {
        try await render(request, form: Form(), errors: [:], status: .ok)
    }

    func render(_ request: Request, form: Form, errors: [String: String], status: HTTPStatus) async throws -> Response {
        var query = try request.query.decode(ImprovementWorkflow.ListQuery.self)
        let today = ImprovementWorkflow.today(request)
        let person = try request.person
        let oversees = try ImprovementWorkflow.oversees(request)
        if query.ownerId == "me" { query.ownerId = person.id.idText }
        let parsed = (try? query.parse(today: today)) ?? (ImprovementFilter(today: today), PageQuery())
        let filter = parsed.0
        let result = try await ImprovementQueries.list(
            filter, for: try request.viewer, oversees: oversees, limit: parsed.1.limit, after: parsed.1.after,
            on: request.db)
        try await ImprovementWorkflow.auditListed(result.items, request)
        let canCreate = person.can(.projectsManage)
        let people = canCreate ? try await ProjectQueries.people(limit: 500, on: request.db) : []
        let base = ImprovementRoutes.page.link()
        let page = ImprovementListPage(
            intro: request.t(oversees ? "improvement.introAll" : "improvement.introMine"),
            filters: [
                .init(
                    label: request.t("improvement.filter.all"), link: base,
                    current: query.ownerId == nil && query.overdue == nil),
                .init(
                    label: request.t("improvement.filter.mine"), link: base + "?ownerId=me",
                    current: query.ownerId != nil),
                .init(
                    label: request.t("improvement.filter.overdue"), link: base + "?overdue=true",
                    current: filter.overdue),
            ],
            rows: result.items.map { ImprovementPageRow($0, today: today, request: request) },
            nextLink: result.nextCursor.map { base + "?cursor=" + $0 },
            createAction: canCreate ? ImprovementRoutes.create.link() : nil,
            owners: people.map { Choice(value: $0.id.idText, label: $0.name, selected: $0.id.idText == form.ownerId) },
            title: form.title ?? "", description: form.description ?? "", dueOn: form.dueOn ?? "", errors: errors)
        let response = try await request.page("improvements/list", title: request.t("improvement.title"), page)
        response.status = status
        return response
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        let input = ImprovementInput(
            title: form.title, description: form.description, ownerID: form.ownerId, dueOn: form.dueOn)
        do {
            _ = try await ImprovementWorkflow.create(input, request)
            return request.redirect(to: ImprovementRoutes.page.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    /// A status move from a row (on the list or the review tab), back to the page it came from.
    func update(_ request: Request) async throws -> Response {
        let found = try await ImprovementWorkflow.find(request, audit: false)
        let form = try request.content.decode(Form.self)
        let back =
            request.headers.first(name: .referer).flatMap { URI(string: $0).path.isEmpty ? nil : URI(string: $0).path }
            ?? ImprovementRoutes.page.link()
        let current = found.action
        let input = ImprovementInput(
            title: form.title ?? current.title, description: form.description ?? current.description,
            ownerID: form.ownerId ?? current.ownerID.idText, dueOn: form.dueOn ?? current.dueOn.description,
            status: form.status)
        do {
            _ = try await ImprovementWorkflow.update(
                current.id, input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.saved")
        } catch is ValidationFailure {
            return request.redirect(to: back, flash: "flash.improvementNotSaved", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.improvementChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }
}

/// An improvement action as a row of a page, with its status moves.
struct ImprovementPageRow: Encodable {
    var id: String
    var number: String
    var title: String
    var description: String
    var owner: String
    var due: String
    var overdue: Bool
    var status: String
    var statusCode: String
    var project: String?
    var projectLink: String?
    var moves: [Choice]
    var updateAction: String
    var version: Int

    init(_ s: ImprovementSummary, today: LocalDate, request: Request) {
        let a = s.action
        id = a.id.idText
        number = a.numberText
        title = a.title
        description = a.description ?? ""
        owner = s.ownerName
        due = a.dueOn.description
        overdue = a.isOverdue(today: today)
        status = request.t(a.status.labelKey)
        statusCode = a.status.rawValue
        project = s.projectNumber.map { $0 + " " + (s.projectName ?? "") }
        projectLink = a.projectID.map { ReviewRoutes.page.link($0) }
        moves = ImprovementStatus.allCases.filter { $0 != a.status && a.status.canMove(to: $0) }
            .map { Choice(value: $0.rawValue, label: request.t("improvement.move.\($0.rawValue)"), selected: false) }
        updateAction = ImprovementRoutes.update.link(a.id)
        version = a.version
    }
}

struct ImprovementListPage: Encodable {
    struct Filter: Encodable {
        var label: String
        var link: String
        var current: Bool
    }

    var intro: String
    var filters: [Filter]
    var rows: [ImprovementPageRow]
    var nextLink: String?
    var createAction: String?
    var owners: [Choice]
    var title: String
    var description: String
    var dueOn: String
    var errors: [String: String]
}
