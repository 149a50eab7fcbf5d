import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The pages of specifications and development plans: one version shown, a new document or version, and the
/// diff between two versions.
struct RequirementDocumentsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(RequirementRoutes.newDocument, use: new)
        routes.on(RequirementRoutes.createDocument, use: create)
        routes.on(RequirementRoutes.document, use: show)
        routes.on(RequirementRoutes.reviseForm, use: reviseForm)
        routes.on(RequirementRoutes.revise, use: revise)
        routes.on(RequirementRoutes.diff, use: diff)
    }

    struct Form: Content {
        var kind: String?
        var title: String?
        var body: String?
        var note: String?
        var requirementIds: [String]?
        var version: String?

        var input: RequirementDocumentInput {
            RequirementDocumentInput(kind: kind, title: title, body: body, note: note, requirementIDs: requirementIds)
        }
    }

    /// A new document for a requirement (`?kind=specification|developmentPlan`).
    func new(_ request: Request) async throws -> Response {
        let (requirement, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        var form = Form()
        form.kind = (try? request.query.get(String.self, at: "kind")).flatMap(RequirementDocumentKind.init)?.rawValue
            ?? RequirementDocumentKind.specification.rawValue
        form.requirementIds = [requirement.id.idText]
        form.title = requirement.title
        return try await renderForm(request, nil, requirement: requirement, form: form, errors: [:], status: .ok)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        do {
            let created = try await RequirementWorkflow.createDocument(form.input, request)
            return request.redirect(to: RequirementRoutes.document.link(created.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            let first = form.requirementIds?.first.flatMap { UUIDText.parse($0.trimmedSpaces()) }
            var requirement: Requirement?
            if let first { requirement = try await RequirementQueries.find(first, for: request.viewer, on: request.db)?.0 }
            return try await renderForm(
                request, nil, requirement: requirement, form: form, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        }
    }

    struct ShowQuery: Content {
        var version: String?
    }

    func show(_ request: Request) async throws -> Response {
        let (document, access) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        let asked = try request.query.decode(ShowQuery.self).version
        let number = asked.flatMap { $0.count <= 9 ? Int($0) : nil } ?? document.currentVersion
        guard let shown = try await RequirementDocumentQueries.version(document.id, number: number, on: request.db)
        else { throw AppError.notFound }
        let versions = try await RequirementDocumentQueries.versions(document.id, on: request.db)
        let names = try await PeopleQueries.names(Set(versions.compactMap(\.authorID)), on: request.db)
        let titles = try await RequirementQueries.titles(document.requirementIDs, on: request.db)
        let customer = try await CustomerQueries.find(document.customerID, for: request.viewer, on: request.db)
        let person = try request.person
        let page = RequirementDocumentPage(
            title: shown.title, kind: request.t(document.kind.labelKey), customer: customer?.name ?? "",
            shownNumber: shown.number, latest: shown.number == document.currentVersion, body: shown.body,
            author: shown.authorID.flatMap { names[$0] } ?? "", time: request.format(shown.createdAt),
            requirements: document.requirementIDs.compactMap { id in
                titles[id].map { RequirementDocumentPage.Linked(title: $0, link: RequirementRoutes.show.link(id)) }
            },
            versions: versions.map {
                RequirementDocumentPage.Version(
                    number: $0.number, link: RequirementRoutes.document.link(document.id) + "?version=\($0.number)",
                    author: $0.authorID.flatMap { names[$0] } ?? "", time: request.format($0.createdAt), note: $0.note,
                    current: $0.number == shown.number)
            },
            reviseLink: person.can(.requirementsAssess) ? RequirementRoutes.reviseForm.link(document.id) : nil,
            diffAction: RequirementRoutes.diff.link(document.id),
            fromChoices: choices(document, selected: max(1, document.currentVersion - 1), request),
            toChoices: choices(document, selected: document.currentVersion, request),
            hasSeveral: document.currentVersion > 1)
        let response = try await request.page("requirements/document", title: shown.title, page)
        try await RequirementWorkflow.auditRead(document, access, request)
        return response
    }

    func reviseForm(_ request: Request) async throws -> Response {
        let (document, _) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        guard let current = try await RequirementDocumentQueries.version(
            document.id, number: document.currentVersion, on: request.db)
        else { throw AppError.notFound }
        var form = Form()
        form.title = current.title
        form.body = current.body
        form.requirementIds = document.requirementIDs.map(\.idText)
        form.version = String(document.currentVersion)
        return try await renderForm(request, document, requirement: nil, form: form, errors: [:], status: .ok)
    }

    func revise(_ request: Request) async throws -> Response {
        let (document, _) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        var form = try request.content.decode(Form.self)
        form.kind = nil
        do {
            _ = try await RequirementWorkflow.revise(
                document, form.input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: RequirementRoutes.document.link(document.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, document, requirement: nil, form: form, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return try await renderForm(
                request, document, requirement: nil, form: form,
                errors: ["form": request.t("requirement.document.newerVersion")], status: .conflict)
        }
    }

    func diff(_ request: Request) async throws -> Response {
        let (document, access) = try await RequirementWorkflow.visibleDocument(request.recordID(), request)
        let query = try request.query.decode(RequirementsAPIController.DiffQuery.self)
        let (from, to): (Int, Int)
        do {
            (from, to) = try RequirementWorkflow.diffRange(from: query.from, to: query.to, of: document)
        } catch is ValidationFailure {
            throw AppError.notFound
        }
        let (old, new, lines) = try await RequirementWorkflow.diff(document, from: from, to: to, request)
        let names = try await PeopleQueries.names(Set([old.authorID, new.authorID].compactMap { $0 }), on: request.db)
        func info(_ v: RequirementDocumentVersion) -> String {
            request.t(
                "requirement.document.versionInfo", String(v.number), v.authorID.flatMap { names[$0] } ?? "",
                request.format(v.createdAt))
        }
        let page = RequirementDiffPage(
            title: new.title, documentLink: RequirementRoutes.document.link(document.id), from: from, to: to,
            fromInfo: info(old), toInfo: info(new), added: lines.filter { $0.kind == .added }.count,
            removed: lines.filter { $0.kind == .removed }.count,
            lines: lines.map {
                RequirementDiffPage.Line(
                    kind: $0.kind.rawValue, sign: $0.kind == .added ? "+" : $0.kind == .removed ? "−" : " ",
                    text: $0.text, oldNumber: $0.oldNumber.map(String.init) ?? "",
                    newNumber: $0.newNumber.map(String.init) ?? "")
            },
            same: !lines.contains { $0.kind != .same }, diffAction: RequirementRoutes.diff.link(document.id),
            fromChoices: choices(document, selected: from, request), toChoices: choices(document, selected: to, request))
        let response = try await request.page(
            "requirements/diff", title: request.t("requirement.document.diffTitle", new.title), page)
        try await RequirementWorkflow.auditRead(document, access, request)
        return response
    }

    private func choices(_ document: RequirementDocument, selected: Int, _ request: Request) -> [Choice] {
        (1...max(1, document.currentVersion)).reversed().map {
            Choice(value: String($0), label: request.t("requirement.document.versionLabel", String($0)), selected: $0 == selected)
        }
    }

    private func renderForm(
        _ request: Request, _ document: RequirementDocument?, requirement: Requirement?, form: Form,
        errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        // The requirements offered: the customer's (of the document, or of the requirement it starts from).
        let customer = document?.customerID ?? requirement?.customerID
        var requirements: [Choice] = []
        let chosen = Set((form.requirementIds ?? []).compactMap { UUIDText.parse($0.trimmedSpaces()) })
        if let customer {
            requirements = try await RequirementQueries.ofCustomer(customer, limit: 200, on: request.db).map {
                Choice(value: $0.id.idText, label: $0.title, selected: chosen.contains($0.id))
            }
        }
        let cancel =
            document.map { RequirementRoutes.document.link($0.id) }
            ?? requirement.map { RequirementRoutes.show.link($0.id) } ?? RequirementRoutes.board.link()
        let page = RequirementDocumentFormPage(
            isNew: document == nil,
            action: document.map { RequirementRoutes.revise.link($0.id) } ?? RequirementRoutes.createDocument.link(),
            cancelLink: cancel, version: form.version.flatMap { Int($0) } ?? document?.currentVersion ?? 0,
            kinds: request.options(RequirementDocumentKind.self, selected: form.kind ?? document?.kind.rawValue) {
                $0.labelKey
            },
            title: form.title ?? "", body: form.body ?? "", note: form.note ?? "", requirements: requirements,
            errors: errors)
        let title = document.map { request.t("requirement.document.newVersionOf", $0.title) }
            ?? request.t("requirement.document.new")
        let response = try await request.page("requirements/document-form", title: title, page)
        response.status = status
        return response
    }
}
