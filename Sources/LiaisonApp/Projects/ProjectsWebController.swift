import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The staff pages under /projects: the list, the form, and the project page with its tabs (overview, team,
/// charter), the charter's form and the difference between its versions.
struct ProjectsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ProjectRoutes.list, use: list)
        routes.on(ProjectRoutes.new, use: new)
        routes.on(ProjectRoutes.create, use: create)
        routes.on(ProjectRoutes.show, use: show)
        routes.on(ProjectRoutes.edit, use: edit)
        routes.on(ProjectRoutes.update, use: update)
        routes.on(ProjectRoutes.status, use: status)
        routes.on(ProjectRoutes.team, use: team)
        routes.on(ProjectRoutes.teamAdd, use: addMember)
        routes.on(ProjectRoutes.teamRemove, use: removeMember)
        routes.on(ProjectRoutes.requirementAdd, use: includeRequirement)
        routes.on(ProjectRoutes.requirementRemove, use: removeRequirement)
        routes.on(ProjectRoutes.charter, use: charter)
        routes.on(ProjectRoutes.charterEdit, use: charterEdit)
        routes.on(ProjectRoutes.charterSave, use: charterSave)
        routes.on(ProjectRoutes.charterNewVersion, use: newVersion)
        routes.on(ProjectRoutes.charterSend, use: send)
        routes.on(ProjectRoutes.charterDiff, use: diff)
    }

    // MARK: List

    struct ListQuery: Content {
        var status: String?
        var customerId: String?
        var managerId: String?
        var cursor: String?
    }

    func list(_ request: Request) async throws -> Response {
        let query = (try? request.query.decode(ListQuery.self)) ?? ListQuery()
        var v = FieldValidator()
        var filter = ProjectFilter()
        filter.status = v.optionalChoice("status", query.status, as: ProjectStatus.self)
        filter.customerID = v.reference("customerId", query.customerId)
        filter.managerID = v.reference("managerId", query.managerId)
        let cursor = query.cursor.flatMap(Cursor.init(encoded:))
        let viewer = try request.viewer
        let result = try await ProjectQueries.list(filter, for: viewer, limit: 50, after: cursor, on: request.db)
        try await ProjectWorkflow.auditListed(result.items, request)
        let rows = result.items.map { item in
            ProjectListPage.Row(
                number: item.project.numberText, name: item.project.name,
                link: ProjectRoutes.show.link(item.project.id),
                customer: item.customerName, manager: item.managerName ?? "",
                status: request.t(item.project.status.labelKey),
                statusCode: item.project.status.rawValue, dates: dates(item.project))
        }
        let customers = try await ProjectQueries.customerChoices(
            chosen: filter.customerID, for: viewer, limit: 30, on: request.db)
        let people = try await ProjectQueries.people(limit: 500, on: request.db)
        var next: String?
        if let cursor = result.nextCursor {
            var parts = ["cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")]
            if let s = filter.status { parts.append("status=" + s.rawValue) }
            if let c = filter.customerID { parts.append("customerId=" + c.idText) }
            if let m = filter.managerID { parts.append("managerId=" + m.idText) }
            next = ProjectRoutes.list.link() + "?" + parts.joined(separator: "&")
        }
        let page = ProjectListPage(
            rows: rows, hasRows: !rows.isEmpty,
            statuses: ProjectStatus.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == filter.status)
            },
            customers: customers.map {
                Choice(value: $0.id.idText, label: $0.name, selected: $0.id == filter.customerID)
            },
            managers: people.map { Choice(value: $0.id.idText, label: $0.name, selected: $0.id == filter.managerID) },
            action: ProjectRoutes.list.link(),
            newLink: try request.person.can(.projectsManage) ? ProjectRoutes.new.link() : nil, nextLink: next)
        return try await request.page("projects/list", title: request.t("projects.title"), page)
    }

    private func dates(_ project: Project) -> String {
        switch (project.startOn, project.endOn) {
        case (let start?, let end?): "\(start) – \(end)"
        case (let start?, nil): "\(start) –"
        case (nil, let end?): "– \(end)"
        case (nil, nil): ""
        }
    }

    // MARK: Form

    struct Form: Content {
        var customerId: String?
        var name: String?
        var description: String?
        var managerId: String?
        var startOn: String?
        var endOn: String?
        var version: String?
        var requirementIds: [String]?

        var input: ProjectInput {
            ProjectInput(
                customerID: customerId, name: name, description: description,
                managerID: managerId.flatMap { $0.trimmedSpaces().isEmpty ? nil : $0 },
                startOn: startOn, endOn: endOn, requirementIDs: requirementIds)
        }
    }

    func new(_ request: Request) async throws -> Response {
        var form = Form()
        form.customerId = try? request.query.get(String.self, at: "customerId")
        form.managerId = try request.person.id.idText
        return try await renderForm(request, nil, form: form, errors: [:], status: .ok)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        do {
            let project = try await ProjectWorkflow.create(form.input, request)
            return request.redirect(to: ProjectRoutes.show.link(project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func edit(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let p = found.project
        let form = Form(
            customerId: p.customerID.idText, name: p.name, description: p.description, managerId: p.managerID?.idText,
            startOn: p.startOn?.description, endOn: p.endOn?.description, version: String(p.version))
        return try await renderForm(request, found, form: form, errors: [:], status: .ok)
    }

    func update(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        var form = try request.content.decode(Form.self)
        form.customerId = found.project.customerID.idText
        do {
            _ = try await ProjectWorkflow.update(
                found.project, form.input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: ProjectRoutes.show.link(found.project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, found, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            form.version = String(found.project.version)
            return try await renderForm(
                request, found, form: form, errors: ["form": request.t("error.staleForm")], status: .conflict)
        } catch DataError.conflict(let reason) {
            return request.redirect(
                to: ProjectRoutes.show.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    private func renderForm(
        _ request: Request, _ found: ProjectSummary?, form: Form, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let chosenCustomer = form.customerId.flatMap { UUIDText.parse($0.trimmedSpaces()) }
        let customers = try await ProjectQueries.customerChoices(
            chosen: chosenCustomer, for: viewer, limit: 30, on: request.db)
        let chosenManager = form.managerId.flatMap { UUIDText.parse($0.trimmedSpaces()) }
        let people = try await ProjectQueries.people(limit: 500, on: request.db)
        let title = found.map { $0.project.numberText + " " + $0.project.name } ?? request.t("projects.new")
        let page = ProjectFormPage(
            isNew: found == nil, title: title,
            action: found.map { ProjectRoutes.update.link($0.project.id) } ?? ProjectRoutes.create.link(),
            cancelLink: found.map { ProjectRoutes.show.link($0.project.id) } ?? ProjectRoutes.list.link(),
            version: form.version.flatMap { Int($0) } ?? found?.project.version ?? 0,
            customers: customers.map { Choice(value: $0.id.idText, label: $0.name, selected: $0.id == chosenCustomer) },
            customerLocked: found != nil, name: form.name ?? "", description: form.description ?? "",
            managers: people.map { Choice(value: $0.id.idText, label: $0.name, selected: $0.id == chosenManager) },
            startOn: form.startOn ?? "", endOn: form.endOn ?? "",
            requirements: try await requirementChoices(found == nil ? chosenCustomer : nil, form: form, request),
            errors: errors)
        let response = try await request.page("projects/form", title: title, page)
        response.status = status
        return response
    }

    // MARK: Project page

    func base(_ request: Request, _ found: ProjectSummary, tab: String) throws -> ProjectPage {
        let p = found.project
        let tabs: [(String, String, Endpoint)] = [
            ("overview", "project.tab.overview", ProjectRoutes.show),
            ("dashboard", "dashboard.tab", DashboardRoutes.page),
            ("team", "project.tab.team", ProjectRoutes.team),
            ("charter", "project.tab.charter", ProjectRoutes.charter),
            ("commplan", "commplan.tab", CommunicationPlanRoutes.page),
            ("workplan", "workplan.tab", WorkPlanRoutes.page),
            ("meetings", "project.meetings", MeetingRoutes.projectPage),
            ("reports", "report.tab", ReportRoutes.page),
            ("risks", "risk.tab", RiskRoutes.page),
            ("changes", "changes.tab", ChangeRequestRoutes.page),
            ("review", "review.tab", ReviewRoutes.page),
        ]
        return ProjectPage(
            tab: tab,
            tabs: tabs.map { ProjectTab(label: request.t($0.1), link: $0.2.link(p.id), current: $0.0 == tab) },
            number: p.numberText, name: p.name, status: request.t(p.status.labelKey), statusCode: p.status.rawValue,
            customer: found.customerName, customerLink: CustomerRoutes.show.link(p.customerID),
            canManage: try request.person.can(.projectsManage), version: p.version)
    }

    func show(_ request: Request) async throws -> Response {
        try await renderOverview(request, try await ProjectWorkflow.find(request), requirementError: nil, status: .ok)
    }

    /// The overview tab, with a refusal of the requirement form when there is one.
    func renderOverview(
        _ request: Request, _ found: ProjectSummary, requirementError: String?, status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        var page = try base(request, found, tab: "overview")
        page.facts = [
            .init(label: request.t("project.field.number"), value: p.numberText),
            .init(
                label: request.t("project.field.customer"), value: found.customerName,
                link: CustomerRoutes.show.link(p.customerID)),
            .init(label: request.t("project.field.manager"), value: found.managerName ?? "—"),
            .init(label: request.t("project.field.status"), value: request.t(p.status.labelKey)),
            .init(label: request.t("project.field.startOn"), value: p.startOn?.description ?? "—"),
            .init(label: request.t("project.field.endOn"), value: p.endOn?.description ?? "—"),
            .init(label: request.t("project.field.created"), value: request.format(p.createdAt)),
        ]
        page.description = p.description ?? ""
        page.moves = p.status.allowedNext.map {
            .init(status: $0.rawValue, label: request.t("project.move.\($0.rawValue)"))
        }
        page.statusAction = ProjectRoutes.status.link(p.id)
        page.editLink = ProjectRoutes.edit.link(p.id)
        try await addRequirements(to: &page, found, error: requirementError, request)
        let response = try await request.page("projects/show", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    func status(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        struct StatusForm: Content {
            var status: String?
            var reason: String?
            var version: String?
        }
        let form = try request.content.decode(StatusForm.self)
        let link = ProjectRoutes.show.link(found.project.id)
        do {
            _ = try await ProjectWorkflow.move(
                found.project.id, to: form.status, reason: form.reason, expected: form.version.flatMap { Int($0) },
                request)
        } catch let failure as ValidationFailure {
            let key =
                switch failure.issues.first?.code {
                case "projectBadTransition": "conflict.projectBadTransition"
                case "projectKickoffRequired": "conflict.projectKickoffRequired"
                default: "conflict.projectChanged"
                }
            return request.redirect(to: link, flash: key, kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: link, flash: "conflict.projectChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: link, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: link, flash: "flash.saved")
    }

    // MARK: Team

    func team(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        return try await renderTeam(request, found, error: nil, status: .ok)
    }

    private func renderTeam(_ request: Request, _ found: ProjectSummary, error: String?, status: HTTPStatus)
        async throws -> Response
    {
        let p = found.project
        var page = try base(request, found, tab: "team")
        let members = try await ProjectQueries.members(of: p.id, on: request.db)
        page.members = members.map { m in
            .init(
                name: m.name, role: request.t(m.role.labelKey), added: request.format(m.addedAt),
                removeAction: page.canManage && m.userID != p.managerID
                    ? ProjectRoutes.teamRemove.link(p.id.idText, m.userID.idText) : nil)
        }
        let taken = Set(members.map(\.userID))
        page.candidates = try await ProjectQueries.people(limit: 500, on: request.db).filter { !taken.contains($0.id) }
            .map { Choice(value: $0.id.idText, label: $0.name, selected: false) }
        page.roles = ProjectRole.allCases.filter { $0 != .projectManager }.map {
            Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == .member)
        }
        page.teamAction = ProjectRoutes.teamAdd.link(p.id)
        page.teamError = error
        let response = try await request.page("projects/show", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    func addMember(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        struct MemberForm: Content {
            var userId: String?
            var role: String?
        }
        let form = try request.content.decode(MemberForm.self)
        do {
            _ = try await ProjectWorkflow.addMember(
                found.project.id, ProjectMemberInput(userID: form.userId, role: form.role), request)
        } catch let failure as ValidationFailure {
            let message = failure.issues.first.map { request.catalog.message(for: $0, request.locale) }
            return try await renderTeam(request, found, error: message, status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return try await renderTeam(request, found, error: request.t("conflict.\(reason)"), status: .conflict)
        }
        return request.redirect(to: ProjectRoutes.team.link(found.project.id), flash: "flash.saved")
    }

    func removeMember(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let userID = try request.recordID("userId")
        let link = ProjectRoutes.team.link(found.project.id)
        do {
            _ = try await ProjectWorkflow.removeMember(found.project.id, userID: userID, request)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: link, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: link, flash: "flash.saved")
    }
}
