import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The charters a signed-in customer contact was asked to sign, in the portal (`/portal/charters`) and its API
/// (`/api/v1/portal/charters`): only versions naming this contact, of the contact's own customer; signing there
/// records the portal account beside the contact, the time and the address.
struct PortalChartersController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ProjectRoutes.portalList, use: list)
        routes.on(ProjectRoutes.portalShow, use: show)
        routes.on(ProjectRoutes.portalSign, use: sign)
        routes.on(ProjectRoutes.apiPortalList, use: apiList)
        routes.on(ProjectRoutes.apiPortalShow, use: apiShow)
        routes.on(ProjectRoutes.apiPortalSign, use: apiSign)
    }

    struct ListPage: Encodable {
        struct Item: Encodable {
            var title: String
            var version: String
            var status: String
            var awaiting: Bool
            var sent: String
            var link: String
        }

        var items: [Item]
        var hasItems: Bool
    }

    private func items(_ request: Request) async throws -> [CharterQueries.PortalItem] {
        let viewer = try await PortalWorkflow.viewer(request)
        return try await CharterQueries.forContact(viewer.contactID, customerID: viewer.customerID, on: request.db)
    }

    func list(_ request: Request) async throws -> Response {
        let items = try await items(request).map { item in
            ListPage.Item(
                title: item.projectNumber + " " + item.projectName,
                version: request.t("charter.versionLabel", String(item.versionNumber)),
                status: item.signedAt == nil && item.status == .sent
                    ? request.t("portal.charters.awaiting") : request.t(CharterVersionStatus.signed.labelKey),
                awaiting: item.signedAt == nil && item.status == .sent, sent: request.format(item.sentAt),
                link: ProjectRoutes.portalShow.link(item.versionID))
        }
        return try await request.page(
            "portal/charters", title: request.t("portal.charters.title"),
            ListPage(items: items, hasItems: !items.isEmpty))
    }

    private func load(_ request: Request) async throws -> (CharterCommands.SignOutcome, Date?, PortalViewer) {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await CharterQueries.forPortal(
            versionID: try request.recordID(), contactID: viewer.contactID, customerID: viewer.customerID,
            on: request.db)
        if case .unknown = found.outcome { throw AppError.notFound }
        return (found.outcome, found.signedAt, viewer)
    }

    func show(_ request: Request) async throws -> Response {
        let (outcome, _, _) = try await load(request)
        return try await render(request, outcome, id: try request.recordID(), error: nil, status: .ok)
    }

    private func render(
        _ request: Request, _ outcome: CharterCommands.SignOutcome, id: UUID, error: String?, status: HTTPStatus
    ) async throws -> Response {
        var page: CharterSignPage
        switch outcome {
        case .open(let view):
            page = CharterSignPage(state: "open", view: view, request: request)
            page.action = ProjectRoutes.portalSign.link(id)
        case .signed(let view, let complete):
            page = CharterSignPage(state: complete ? "complete" : "signed", view: view, request: request)
        case .used: page = CharterSignPage(state: "used")
        case .superseded: page = CharterSignPage(state: "superseded")
        case .unknown: throw AppError.notFound
        }
        page.error = error.map { request.t($0) }
        page.backLink = ProjectRoutes.portalList.link()
        let response = try await request.page("projects/sign", title: request.t("charter.public.title"), page)
        response.status = status
        return response
    }

    struct SignForm: Content {
        var agree: String?
    }

    private func signNow(_ request: Request, viewer: PortalViewer, id: UUID) async throws
        -> CharterCommands.SignOutcome
    {
        let context = request.writeContext
        let address = request.clientAddress
        let userID = try request.person.id
        return try await request.write { tx in
            try await CharterCommands.sign(
                versionID: id, contactID: viewer.contactID, customerID: viewer.customerID, portalUserID: userID,
                address: address, in: context, on: tx)
        }
    }

    func sign(_ request: Request) async throws -> Response {
        let (outcome, _, viewer) = try await load(request)
        let id = try request.recordID()
        let form = (try? request.content.decode(SignForm.self)) ?? SignForm()
        guard form.agree == "yes" || form.agree == "on" || form.agree == "true" else {
            return try await render(
                request, outcome, id: id, error: "charter.public.confirmRequired", status: .unprocessableEntity)
        }
        let result = try await signNow(request, viewer: viewer, id: id)
        return try await render(request, result, id: id, error: nil, status: .ok)
    }

    // MARK: API

    private func dto(_ item: CharterQueries.PortalItem, content: CharterContent?) -> PortalCharterDTO {
        PortalCharterDTO(
            id: item.versionID, projectNumber: item.projectNumber, projectName: item.projectName,
            versionNumber: item.versionNumber, status: item.status.rawValue,
            awaitingMySignature: item.signedAt == nil && item.status == .sent, sentAt: item.sentAt,
            signedAt: item.signedAt, content: content.map(CharterContentDTO.init))
    }

    func apiList(_ request: Request) async throws -> Response {
        let items = try await items(request).map { dto($0, content: nil) }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    private func one(_ request: Request) async throws -> PortalCharterDTO {
        let (outcome, _, viewer) = try await load(request)
        let id = try request.recordID()
        guard
            let item = try await CharterQueries.forContact(
                viewer.contactID, customerID: viewer.customerID, on: request.db
            ).first(where: { $0.versionID == id })
        else { throw AppError.notFound }
        var content: CharterContent?
        if case .open(let view) = outcome { content = view.content }
        if content == nil {
            content = try await CharterQueries.portalContent(versionID: id, on: request.db)
        }
        return dto(item, content: content)
    }

    func apiShow(_ request: Request) async throws -> Response {
        try await one(request).apiResponse(for: request)
    }

    func apiSign(_ request: Request) async throws -> Response {
        let (outcome, _, viewer) = try await load(request)
        switch outcome {
        case .open: break
        case .used: throw AppError.conflict("charterAlreadySigned")
        default: throw AppError.conflict("charterSuperseded")
        }
        _ = try await signNow(request, viewer: viewer, id: try request.recordID())
        return try await one(request).apiResponse(for: request)
    }
}
