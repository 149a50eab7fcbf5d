import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The page behind a change request's single-use decision link: no sign-in, the change in the contact's language,
/// approve or reject once (with an optional note). The decision records the contact, the time and the client's
/// address; once anyone of the customer decided, every link of the request shows the decision.
struct ChangeRequestDecisionController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ChangeRequestRoutes.decide, use: show)
        routes.on(ChangeRequestRoutes.decideSubmit, use: submit)
    }

    struct Form: Content {
        var decision: String?
        var note: String?
    }

    func show(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let outcome = try await ChangeRequestQueries.check(tokenHash: CharterCommands.hash(token), on: request.db)
        return try await render(request, token: token, outcome: outcome, error: nil)
    }

    func submit(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let hash = CharterCommands.hash(token)
        let form = (try? request.content.decode(Form.self)) ?? Form()
        let decision = form.decision.flatMap(ChangeDecision.init(rawValue:))
        let note = try? ChangeRequestWorkflow.customerNote(form.note)
        guard let decision, let note = note else {
            let outcome = try await ChangeRequestQueries.check(tokenHash: hash, on: request.db)
            return try await render(
                request, token: token, outcome: outcome,
                error: decision == nil ? "changeRequest.public.chooseRequired" : "changeRequest.public.noteInvalid")
        }
        let address = request.clientAddress
        let context = WriteContext(
            actor: AuditActor(userID: nil, label: "customer", address: address), now: request.now,
            settings: request.appConfig.requestSettings)
        let outcome = try await request.write { tx in
            try await ChangeRequestCommands.decide(tokenHash: hash, decision, note: note, in: context, on: tx)
        }
        return try await render(request, token: token, outcome: outcome, error: nil)
    }

    private func render(
        _ request: Request, token: String, outcome: ChangeRequestCommands.LinkOutcome, error: String?
    ) async throws -> Response {
        var status = HTTPStatus.ok
        var page: ChangeDecisionPage
        switch outcome {
        case .open(let view):
            request.locale = view.locale
            page = ChangeDecisionPage(state: "open", view: view, request: request)
            page.action = ChangeRequestRoutes.decideSubmit.link(token)
            page.error = error.map { request.t($0) }
            if error != nil { status = .unprocessableEntity }
        case .decided(let view):
            request.locale = view.locale
            page = ChangeDecisionPage(state: "decided", view: view, request: request)
        case .closed(let view):
            request.locale = view.locale
            page = ChangeDecisionPage(state: "closed", view: view, request: request)
            status = .gone
        case .unknown:
            page = ChangeDecisionPage(state: "unknown")
            status = .notFound
        }
        let response = try await request.page(
            "projects/change-decision", title: request.t("changeRequest.public.title"), page)
        response.status = status
        return response
    }
}

/// The customer's page for deciding a change request.
struct ChangeDecisionPage: Encodable {
    /// open, decided, closed or unknown.
    var state: String
    var projectTitle = ""
    var customerName = ""
    var contactName = ""
    var change: ChangeRequestView?
    var action = ""
    var error: String?

    init(state: String) {
        self.state = state
    }

    init(state: String, view: ChangeRequestQueries.DecisionView, request: Request) {
        self.state = state
        projectTitle = view.projectNumber + " " + view.projectName
        customerName = view.customerName
        contactName = view.contactName
        change = ChangeRequestView(view.changeRequest, request)
    }
}

/// A change request as pages show it, already localised.
struct ChangeRequestView: Encodable {
    struct Section: Encodable {
        var title: String
        var text: String
    }

    var id: String
    var number: String
    var title: String
    var kinds: String
    var description: String
    var reason: String
    var status: String
    var statusCode: String
    var impactScope: String
    var impactSchedule: String
    var impactCost: String
    var impactNote: String
    var hasImpact: Bool
    /// The assessment's values as its form takes them again.
    var scheduleDaysValue: String
    var costAmountValue: String
    var costCurrencyValue: String
    var changes: [Section]
    var decided: String
    var decisionNote: String
    var charterVersion: String

    init(_ cr: ChangeRequest, _ request: Request) {
        id = cr.id.idText
        number = cr.numberText
        title = cr.title
        kinds = cr.kinds.sorted().map { request.t($0.labelKey) }.joined(separator: "、")
        description = cr.description ?? ""
        reason = cr.reason ?? ""
        status = request.t(cr.status.labelKey)
        statusCode = cr.status.rawValue
        impactScope = cr.impact.scope ?? ""
        impactSchedule = cr.impact.scheduleDays.map { request.t("changeRequest.impact.days", String($0)) } ?? ""
        impactCost = cr.impact.costAmount.map { ($0) + " " + (cr.impact.costCurrency ?? "") } ?? ""
        impactNote = cr.impact.note ?? ""
        hasImpact = !cr.impact.isEmpty
        scheduleDaysValue = cr.impact.scheduleDays.map(String.init) ?? ""
        costAmountValue = cr.impact.costAmount ?? ""
        costCurrencyValue = cr.impact.costCurrency ?? ChangeAssessmentInput.defaultCurrency
        let content = cr.charterChanges.apply(to: CharterContent())
        changes = cr.charterChanges.sections.map {
            Section(title: request.t($0.labelKey), text: content.text(of: $0))
        }
        decided = cr.decidedAt.map { request.t(cr.status.labelKey) + " · " + request.format($0) } ?? ""
        decisionNote = cr.decisionNote ?? ""
        charterVersion = cr.charterVersionNumber.map { request.t("charter.versionLabel", String($0)) } ?? ""
    }
}
