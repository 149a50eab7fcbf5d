import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The "Changes & quality" tab of the project page: the change requests with their assessment, sending and the
/// customer's answer; the deliverables with their quality checks and the customer's acceptance; and the forms.
struct ChangesWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ChangeRequestRoutes.page, use: page)
        routes.on(ChangeRequestRoutes.create, use: create)
        routes.on(ChangeRequestRoutes.assess, use: assess)
        routes.on(ChangeRequestRoutes.send, use: send)
        routes.on(ChangeRequestRoutes.decision, use: decision)
        routes.on(ChangeRequestRoutes.withdraw, use: withdraw)
        routes.on(ChangeRequestRoutes.createCheck, use: createCheck)
        routes.on(ChangeRequestRoutes.acceptance, use: acceptance)
    }

    struct ChangeForm: Content {
        var title: String?
        var kinds: [String]?
        var description: String?
        var reason: String?
        var scopeIn: String?
        var scopeOut: String?
    }

    struct ActionForm: Content {
        var version: String?
        var scope: String?
        var scheduleDays: String?
        var costAmount: String?
        var costCurrency: String?
        var note: String?
        var contactIds: [String]?
        var contactId: String?
        var decision: String?
    }

    struct CheckForm: Content {
        var taskId: String?
        var criterion: String?
        var result: String?
        var evidence: String?
        var evidenceLink: String?
        var note: String?
    }

    func page(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        return try await render(request, found, changeForm: ChangeForm(), checkForm: CheckForm(), status: .ok)
    }

    func render(
        _ request: Request, _ found: ProjectSummary, changeForm: ChangeForm, checkForm: CheckForm,
        changeErrors: [String: String] = [:], checkErrors: [String: String] = [:], status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "changes")
        let changes = try await ChangeRequestQueries.list(projectID: p.id, on: request.db)
        let deliverables = try await QualityCheckQueries.deliverables(projectID: p.id, on: request.db)
        let contacts = try await ProjectQueries.signableContacts(of: p.customerID, on: request.db)
        let contactNames = Dictionary(contacts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let people = try await PeopleQueries.names(
            Set(deliverables.compactMap { $0.latestCheck?.reviewerID }), on: request.db)
        let page = ChangesPage(
            head: head,
            changes: changes.map { ChangesPage.row($0, head: head, contacts: contactNames, request) },
            createAction: ChangeRequestRoutes.create.link(p.id),
            kinds: ChangeRequestKind.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: changeForm.kinds?.contains($0.rawValue) ?? false)
            },
            changeForm: changeForm,
            changeErrors: changeErrors,
            contacts: contacts.map { Choice(value: $0.id.idText, label: $0.name, selected: false, detail: $0.email) },
            deliverables: deliverables.map {
                ChangesPage.deliverable($0, head: head, reviewers: people, contacts: contactNames, request)
            },
            checkAction: deliverables.isEmpty ? nil : ChangeRequestRoutes.createCheck.link(p.id),
            tasks: deliverables.map {
                Choice(
                    value: $0.task.id.idText, label: $0.task.name + " — " + ($0.task.deliverable ?? ""),
                    selected: checkForm.taskId == $0.task.id.idText)
            },
            results: QualityCheckResult.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0.rawValue == (checkForm.result ?? "pass"))
            },
            checkForm: checkForm, checkErrors: checkErrors)
        let response = try await request.page("projects/changes", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    func create(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(ChangeForm.self)
        let changes = CharterInput(
            scopeIn: form.scopeIn.flatMap { $0.trimmedSpaces().isEmpty ? nil : $0 },
            scopeOut: form.scopeOut.flatMap { $0.trimmedSpaces().isEmpty ? nil : $0 })
        let input = ChangeRequestInput(
            title: form.title, kinds: form.kinds, description: form.description, reason: form.reason,
            charterChanges: changes == CharterInput() ? nil : changes)
        do {
            _ = try await ChangeRequestWorkflow.create(found.project.id, input, request)
            return request.redirect(to: ChangeRequestRoutes.page.link(found.project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, changeForm: form, checkForm: CheckForm(), changeErrors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(
                to: ChangeRequestRoutes.page.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    private func act(
        _ request: Request, _ change: (UUID, UUID, ActionForm, Int?) async throws -> Void
    ) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let back = ChangeRequestRoutes.page.link(found.project.id)
        let changeID = try request.recordID("changeId")
        let form = try request.content.decode(ActionForm.self)
        do {
            try await change(found.project.id, changeID, form, form.version.flatMap { Int($0) })
            return request.redirect(to: back, flash: "flash.saved")
        } catch is ValidationFailure {
            return request.redirect(to: back, flash: "changeRequest.notSaved", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.commplanChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    func assess(_ request: Request) async throws -> Response {
        try await act(request) { project, change, form, expected in
            _ = try await ChangeRequestWorkflow.assess(
                project, change,
                ChangeAssessmentInput(
                    scope: form.scope, scheduleDays: form.scheduleDays, costAmount: form.costAmount,
                    costCurrency: form.costCurrency, note: form.note),
                expected: expected, request)
        }
    }

    func send(_ request: Request) async throws -> Response {
        try await act(request) { project, change, form, expected in
            _ = try await ChangeRequestWorkflow.send(
                project, change, contactIDs: form.contactIds, expected: expected, request)
        }
    }

    func decision(_ request: Request) async throws -> Response {
        try await act(request) { project, change, form, expected in
            let decision = form.decision.flatMap(ChangeDecision.init(rawValue:))
            guard let decision else { throw ValidationFailure([ValidationIssue("decision", "required")]) }
            _ = try await ChangeRequestWorkflow.record(
                project, change, decision, contactID: form.contactId, note: form.note, expected: expected, request)
        }
    }

    func withdraw(_ request: Request) async throws -> Response {
        try await act(request) { project, change, form, expected in
            _ = try await ChangeRequestWorkflow.withdraw(project, change, note: form.note, expected: expected, request)
        }
    }

    func createCheck(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(CheckForm.self)
        let input = QualityCheckInput(
            taskID: form.taskId, criterion: form.criterion, result: form.result, evidence: form.evidence,
            evidenceLink: form.evidenceLink, note: form.note)
        do {
            _ = try await QualityCheckWorkflow.create(found.project.id, input, request)
            return request.redirect(to: ChangeRequestRoutes.page.link(found.project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, changeForm: ChangeForm(), checkForm: form, checkErrors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(
                to: ChangeRequestRoutes.page.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    func acceptance(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let back = ChangeRequestRoutes.page.link(found.project.id)
        let taskID = try request.recordID("taskId")
        let form = try request.content.decode(ActionForm.self)
        do {
            _ = try await QualityCheckWorkflow.record(
                found.project.id, taskID, decision: form.decision, contactID: form.contactId, note: form.note, request)
            return request.redirect(to: back, flash: "flash.saved")
        } catch is ValidationFailure {
            return request.redirect(to: back, flash: "changeRequest.notSaved", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }
}
