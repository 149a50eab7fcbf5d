import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The customer's evaluation form (客户评价): behind a single-use link, no sign-in, in the contact's language; and
/// in the portal, for the signed-in contact's own customer's projects. One evaluation per contact and project: a
/// second submission is refused with a page that says so (the first stays as given).
struct EvaluationController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ReviewRoutes.evaluate, use: show)
        routes.on(ReviewRoutes.evaluateSubmit, use: submit)
        routes.on(ReviewRoutes.portalList, use: portalList)
        routes.on(ReviewRoutes.portalShow, use: portalShow)
        routes.on(ReviewRoutes.portalSubmit, use: portalSubmit)
    }

    /// The form as posted: each point's score and the comment.
    struct Form: Content {
        var overall: String?
        var communication: String?
        var quality: String?
        var timeliness: String?
        var comment: String?

        var input: CustomerEvaluationInput {
            CustomerEvaluationInput(
                scores: [
                    "overall": overall, "communication": communication, "quality": quality, "timeliness": timeliness,
                ], comment: comment)
        }

        func value(_ point: CustomerEvaluation.Point) -> String? {
            switch point {
            case .overall: overall
            case .communication: communication
            case .quality: quality
            case .timeliness: timeliness
            }
        }
    }

    // MARK: The link

    func show(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let outcome = try await CustomerEvaluationQueries.check(
            tokenHash: CustomerEvaluationCommands.hash(token), on: request.db)
        return try await render(request, outcome, action: ReviewRoutes.evaluateSubmit.link(token), back: nil)
    }

    func submit(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let hash = CustomerEvaluationCommands.hash(token)
        let form = (try? request.content.decode(Form.self)) ?? Form()
        let action = ReviewRoutes.evaluateSubmit.link(token)
        let valid: ValidEvaluation
        do { valid = try form.input.validated() } catch {
            let outcome = try await CustomerEvaluationQueries.check(tokenHash: hash, on: request.db)
            return try await render(
                request, outcome, action: action, back: nil, form: form, errors: request.fieldErrors(error))
        }
        let address = request.clientAddress
        let context = WriteContext(
            actor: AuditActor(userID: nil, label: "customer", address: address), now: request.now,
            settings: request.appConfig.requestSettings)
        let outcome = try await request.write { tx in
            try await CustomerEvaluationCommands.submit(tokenHash: hash, valid, address: address, in: context, on: tx)
        }
        return try await render(request, outcome, action: action, back: nil)
    }

    // MARK: The portal

    struct ListPage: Encodable {
        struct Item: Encodable {
            var title: String
            var status: String
            var open: Bool
            var link: String
        }

        var items: [Item]
        var hasItems: Bool
    }

    func portalList(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let items = try await CustomerEvaluationQueries.portalList(viewer: viewer, on: request.db).map { item in
            ListPage.Item(
                title: item.projectNumber + " " + item.projectName,
                status: item.submittedAt.map { request.t("evaluation.submittedOn", request.format($0)) }
                    ?? request.t("evaluation.awaiting"),
                open: item.submittedAt == nil, link: ReviewRoutes.portalShow.link(item.projectID))
        }
        return try await request.page(
            "portal/evaluations", title: request.t("portal.evaluations.title"),
            ListPage(items: items, hasItems: !items.isEmpty))
    }

    func portalShow(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let id = try request.recordID()
        let outcome = try await CustomerEvaluationQueries.forPortal(projectID: id, viewer: viewer, on: request.db)
        if case .unknown = outcome { throw AppError.notFound }
        return try await render(
            request, outcome, action: ReviewRoutes.portalSubmit.link(id), back: ReviewRoutes.portalList.link(),
            keepLocale: true)
    }

    func portalSubmit(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let id = try request.recordID()
        let form = (try? request.content.decode(Form.self)) ?? Form()
        let action = ReviewRoutes.portalSubmit.link(id)
        let back = ReviewRoutes.portalList.link()
        let valid: ValidEvaluation
        do { valid = try form.input.validated() } catch {
            let outcome = try await CustomerEvaluationQueries.forPortal(projectID: id, viewer: viewer, on: request.db)
            if case .unknown = outcome { throw AppError.notFound }
            return try await render(
                request, outcome, action: action, back: back, form: form, errors: request.fieldErrors(error),
                keepLocale: true)
        }
        let context = request.writeContext
        let address = request.clientAddress
        let locale = request.locale
        let outcome = try await request.write { tx in
            try await CustomerEvaluationCommands.submit(
                projectID: id, viewer: viewer, valid, locale: locale, address: address, in: context, on: tx)
        }
        if case .unknown = outcome { throw AppError.notFound }
        return try await render(request, outcome, action: action, back: back, keepLocale: true)
    }

    // MARK: The page

    private func render(
        _ request: Request, _ outcome: CustomerEvaluationCommands.Outcome, action: String, back: String?,
        form: Form = Form(), errors: [String: String] = [:], keepLocale: Bool = false
    ) async throws -> Response {
        var status = HTTPStatus.ok
        var page = EvaluationPage(state: "unknown", backLink: back)
        switch outcome {
        case .open(let view):
            if !keepLocale { request.locale = view.locale }
            page = EvaluationPage(state: "open", view: view, backLink: back, request: request)
            page.action = action
            page.points = CustomerEvaluation.Point.allCases.map { point in
                EvaluationPage.Point(
                    name: point.rawValue, label: request.t(point.labelKey),
                    options: CustomerEvaluation.scale.map { String($0) }, chosen: form.value(point) ?? "",
                    error: errors[point.rawValue])
            }
            page.comment = form.comment ?? ""
            page.commentError = errors["comment"]
            if !errors.isEmpty { status = .unprocessableEntity }
        case .submitted(let view):
            if !keepLocale { request.locale = view.locale }
            page = EvaluationPage(state: "submitted", view: view, backLink: back, request: request)
        case .alreadySubmitted(let view):
            if !keepLocale { request.locale = view.locale }
            page = EvaluationPage(state: "already", view: view, backLink: back, request: request)
            if request.method == .POST { status = .conflict }
        case .unknown:
            status = .notFound
        }
        let response = try await request.page("projects/evaluate", title: request.t("evaluation.title"), page)
        response.status = status
        return response
    }
}

/// The evaluation form, and what it says once given.
struct EvaluationPage: Encodable {
    struct Point: Encodable {
        var name: String
        var label: String
        var options: [String]
        var chosen: String
        var error: String?
    }

    /// open, submitted, already or unknown.
    var state: String
    var projectTitle = ""
    var customerName = ""
    var contactName = ""
    var action = ""
    var points: [Point] = []
    var comment = ""
    var commentError: String?
    var backLink: String?

    init(state: String, backLink: String?) {
        self.state = state
        self.backLink = backLink
    }

    init(state: String, view: CustomerEvaluationQueries.View, backLink: String?, request: Request) {
        self.state = state
        self.backLink = backLink
        projectTitle = view.projectNumber + " " + view.projectName
        customerName = view.customerName
        contactName = view.contactName
    }
}
