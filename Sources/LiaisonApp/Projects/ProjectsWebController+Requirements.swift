import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The requirements section of a project's overview: the requirements it includes, the form that includes one of
/// its customer's, and the buttons that take one out.
extension ProjectsWebController {
    /// How many of the customer's requirements the form offers (a customer has few that are accepted and not
    /// delivered; the newest come first).
    static let includableChoices = 30

    /// Fills the section for a reader who sees requirements; the form and the buttons for one who manages projects.
    func addRequirements(
        to page: inout ProjectPage, _ found: ProjectSummary, error: String?, _ request: Request
    ) async throws {
        let person = try request.person
        guard person.can(.requirementsView) else { return }
        let p = found.project
        let included = try await ProjectRequirementQueries.list(
            p.id, page: PageQuery(limit: PageQuery.maximumLimit), on: request.db)
        let editable = page.canManage && p.status != .closed
        page.showsRequirements = true
        page.requirements = included.items.map { item in
            .init(
                title: item.title, link: RequirementRoutes.show.link(item.requirementID),
                status: request.t(item.status.labelKey), statusCode: item.status.rawValue,
                removeAction: editable && ProjectRequirementRules.refusal(toRemove: item.status) == nil
                    ? ProjectRoutes.requirementRemove.link(p.id.idText, item.requirementID.idText) : nil)
        }
        if editable {
            page.includable = try await ProjectRequirementQueries.includable(
                customerID: p.customerID, notIn: p.id, limit: Self.includableChoices, on: request.db
            ).map {
                Choice(value: $0.id.idText, label: $0.title, selected: false, detail: request.t($0.status.labelKey))
            }
            page.requirementAction = ProjectRoutes.requirementAdd.link(p.id)
        }
        page.requirementError = error
    }

    /// The requirements a new project for `customerID` may include, those the form had chosen checked (none
    /// without a customer, for a customer the reader may not know, or for a reader who does not see requirements).
    func requirementChoices(_ customerID: UUID?, form: Form, _ request: Request) async throws -> [Choice] {
        guard let customerID, try request.person.can(.requirementsView),
            try await CustomerQueries.access(customerID, for: try request.viewer, on: request.db) != nil
        else { return [] }
        let chosen = Set((form.requirementIds ?? []).compactMap { UUIDText.parse($0.trimmedSpaces()) })
        return try await ProjectRequirementQueries.includable(
            customerID: customerID, notIn: nil, limit: Self.includableChoices, on: request.db
        ).map {
            Choice(
                value: $0.id.idText, label: $0.title, selected: chosen.contains($0.id),
                detail: request.t($0.status.labelKey))
        }
    }

    func includeRequirement(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        struct IncludeForm: Content {
            var requirementId: String?
        }
        let form = try request.content.decode(IncludeForm.self)
        do {
            _ = try await ProjectWorkflow.includeRequirement(found.project.id, form.requirementId, request)
        } catch let failure as ValidationFailure {
            let message = failure.issues.first.map { request.catalog.message(for: $0, request.locale) }
            return try await renderOverview(
                request, found, requirementError: message, status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return try await renderOverview(
                request, found, requirementError: request.t("conflict.\(reason)"), status: .conflict)
        }
        return request.redirect(to: ProjectRoutes.show.link(found.project.id) + "#requirements", flash: "flash.saved")
    }

    func removeRequirement(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let requirementID = try request.recordID("requirementId")
        let link = ProjectRoutes.show.link(found.project.id) + "#requirements"
        do {
            try await ProjectWorkflow.removeRequirement(found.project.id, requirementID, request)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: link, flash: "conflict.\(reason)", kind: "error")
        } catch AppError.conflict(let reason) {
            return request.redirect(to: link, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: link, flash: "flash.saved")
    }
}
