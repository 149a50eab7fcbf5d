import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The page behind a charter's single-use sign-off link: no sign-in, the version to sign in the contact's language,
/// one signature per link. The signature records the contact, the time and the client's address.
struct CharterSignController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ProjectRoutes.sign, use: show)
        routes.on(ProjectRoutes.signSubmit, use: submit)
    }

    struct Form: Content {
        var agree: String?
    }

    func show(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let outcome = try await CharterQueries.check(tokenHash: CharterCommands.hash(token), on: request.db)
        return try await render(request, token: token, outcome: outcome, error: nil)
    }

    func submit(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let hash = CharterCommands.hash(token)
        let form = (try? request.content.decode(Form.self)) ?? Form()
        guard form.agree == "yes" || form.agree == "on" || form.agree == "true" else {
            let outcome = try await CharterQueries.check(tokenHash: hash, on: request.db)
            return try await render(request, token: token, outcome: outcome, error: "charter.public.confirmRequired")
        }
        let address = request.clientAddress
        let context = WriteContext(
            actor: AuditActor(userID: nil, label: "customer", address: address), now: request.now,
            settings: request.appConfig.requestSettings)
        let outcome = try await request.write { tx in
            try await CharterCommands.sign(tokenHash: hash, address: address, in: context, on: tx)
        }
        return try await render(request, token: token, outcome: outcome, error: nil)
    }

    private func render(
        _ request: Request, token: String, outcome: CharterCommands.SignOutcome, error: String?
    ) async throws -> Response {
        var status = HTTPStatus.ok
        var page: CharterSignPage
        switch outcome {
        case .open(let view):
            request.locale = view.locale
            page = CharterSignPage(state: "open", view: view, request: request)
            page.action = ProjectRoutes.signSubmit.link(token)
            page.error = error.map { request.t($0) }
            if error != nil { status = .unprocessableEntity }
        case .signed(let view, let complete):
            request.locale = view.locale
            page = CharterSignPage(state: complete ? "complete" : "signed", view: view, request: request)
        case .used(let locale):
            request.locale = locale
            page = CharterSignPage(state: "used")
            status = .gone
        case .superseded(let locale):
            request.locale = locale
            page = CharterSignPage(state: "superseded")
            status = .gone
        case .unknown:
            page = CharterSignPage(state: "unknown")
            status = .notFound
        }
        let response = try await request.page("projects/sign", title: request.t("charter.public.title"), page)
        response.status = status
        return response
    }
}

/// The public sign-off page, and the portal's view of one charter.
struct CharterSignPage: Encodable {
    /// open, signed, complete, used, superseded or unknown.
    var state: String
    var projectTitle = ""
    var customerName = ""
    var contactName = ""
    var versionLabel = ""
    var sent = ""
    var sections: [CharterSectionView] = []
    var action = ""
    var error: String?
    var backLink: String?

    init(state: String) {
        self.state = state
    }

    init(state: String, view: CharterQueries.SigningView, request: Request) {
        self.state = state
        projectTitle = view.projectNumber + " " + view.projectName
        customerName = view.customerName
        contactName = view.contactName
        versionLabel = request.t("charter.versionLabel", String(view.versionNumber))
        sent = request.format(view.sentAt)
        sections = CharterSectionView.all(view.content, isDraft: false, request)
    }
}

/// One section of a charter as pages show it.
struct CharterSectionView: Encodable {
    struct Milestone: Encodable {
        var name: String
        var date: String
    }

    var key: String
    var title: String
    var text: String
    var milestones: [Milestone]
    var isMilestones: Bool
    var isEmpty: Bool
    /// What an empty section says: the plan's section is filled when the version is sent.
    var emptyText: String

    static func all(_ content: CharterContent, isDraft: Bool, _ request: Request) -> [CharterSectionView] {
        CharterContent.Section.allCases.map { section in
            CharterSectionView(
                key: section.rawValue, title: request.t(section.labelKey),
                text: section == .communicationPlan
                    ? content.communicationPlan.map { "- " + CommunicationPlanText(request).line($0) }
                        .joined(separator: "\n")
                    : content.text(of: section),
                milestones: section == .milestones
                    ? content.milestones.map { Milestone(name: $0.name, date: $0.date.description) } : [],
                isMilestones: section == .milestones, isEmpty: content.text(of: section).isEmpty,
                emptyText: request.t(
                    section.isWritten
                        ? "charter.sectionEmpty" : isDraft ? "charter.planFrozenOnSend" : "charter.noPlanAgreed"))
        }
    }
}
