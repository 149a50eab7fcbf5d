import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The risks and issues tab of the project page: the heat map, both lists with their status moves and "it
/// happened", and the forms that raise a risk or an issue.
struct RiskWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(RiskRoutes.page, use: page)
        routes.on(RiskRoutes.heatMap, use: heatMap)
        routes.on(RiskRoutes.createRisk, use: createRisk)
        routes.on(RiskRoutes.updateRisk, use: updateRisk)
        routes.on(RiskRoutes.riskOccurred, use: occurred)
        routes.on(RiskRoutes.createIssue, use: createIssue)
        routes.on(RiskRoutes.updateIssue, use: updateIssue)
    }

    struct RiskForm: Content {
        var title: String?
        var description: String?
        var probability: String?
        var impact: String?
        var ownerId: String?
        var mitigation: String?
        var contingency: String?
        var dueOn: String?
        var status: String?
        var version: String?
    }

    struct IssueForm: Content {
        var title: String?
        var description: String?
        var severity: String?
        var ownerId: String?
        var resolution: String?
        var dueOn: String?
        var status: String?
        var version: String?
    }

    func page(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        return try await render(request, found, riskForm: RiskForm(), issueForm: IssueForm(), status: .ok)
    }

    func heatMap(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request)
        let risks = try await RiskQueries.risks(projectID: found.project.id, on: request.db)
        return WorkPlanWorkflow.svgResponse(RiskWorkflow.heatMap(found.project, risks: risks, request))
    }

    func render(
        _ request: Request, _ found: ProjectSummary, riskForm: RiskForm, issueForm: IssueForm,
        riskErrors: [String: String] = [:], issueErrors: [String: String] = [:], status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "risks")
        let risks = try await RiskQueries.risks(projectID: p.id, on: request.db)
        let issues = try await RiskQueries.issues(projectID: p.id, on: request.db)
        let members = try await ProjectQueries.members(of: p.id, on: request.db)
        let names = try await PeopleQueries.names(
            Set(risks.compactMap(\.ownerID) + issues.compactMap(\.ownerID)), on: request.db)
        var page = RiskPage(
            head: head, heatMapLink: RiskRoutes.heatMap.link(p.id),
            heatMapAlt: request.t("risk.heatMap", p.numberText + " " + p.name),
            risks: risks.map { risk in
                RiskPage.RiskRow(
                    id: risk.id.idText, title: risk.title, description: risk.description ?? "",
                    score: risk.score.value, scoreText: request.t("risk.scoreText", String(risk.score.probability),
                        String(risk.score.impact), String(risk.score.value)),
                    level: request.t(risk.score.level.labelKey), levelCode: risk.score.level.rawValue,
                    owner: risk.ownerID.flatMap { names[$0] } ?? "—", mitigation: risk.mitigation ?? "",
                    contingency: risk.contingency ?? "", due: risk.dueOn?.description ?? "—",
                    status: request.t(risk.status.labelKey), statusCode: risk.status.rawValue,
                    moves: head.canManage && risk.status != .occurred
                        ? RiskStatus.allCases.filter { $0 != risk.status && $0 != .occurred && risk.status.canMove(to: $0) }
                            .map { Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: false) } : [],
                    updateAction: head.canManage ? RiskRoutes.updateRisk.link(p.id.idText, risk.id.idText) : nil,
                    occurredAction: head.canManage && risk.status != .occurred
                        ? RiskRoutes.riskOccurred.link(p.id.idText, risk.id.idText) : nil,
                    issueAnchor: risk.issueID.map { "#issue-" + $0.idText },
                    tellAction: head.canManage && p.status.isOpen ? ReportRoutes.tellRisk.link(p.id.idText, risk.id.idText) : nil,
                    told: risk.toldAt.map { request.t("risk.toldAt", request.format($0)) } ?? "",
                    probability: String(risk.score.probability), impact: String(risk.score.impact),
                    owners: members.map {
                        Choice(value: $0.userID.idText, label: $0.name, selected: $0.userID == risk.ownerID)
                    },
                    dueValue: risk.dueOn?.description ?? "", version: risk.version)
            },
            issues: issues.map { issue in
                RiskPage.IssueRow(
                    id: issue.id.idText, title: issue.title, description: issue.description ?? "",
                    severity: request.t(issue.severity.labelKey), severityCode: issue.severity.rawValue,
                    owner: issue.ownerID.flatMap { names[$0] } ?? "—", resolution: issue.resolution ?? "",
                    due: issue.dueOn?.description ?? "—", status: request.t(issue.status.labelKey),
                    statusCode: issue.status.rawValue, fromRisk: issue.riskID.map { "#risk-" + $0.idText },
                    moves: head.canManage
                        ? ProjectIssueStatus.allCases.filter { $0 != issue.status && issue.status.canMove(to: $0) }
                            .map { Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: false) } : [],
                    updateAction: head.canManage ? RiskRoutes.updateIssue.link(p.id.idText, issue.id.idText) : nil,
                    tellAction: head.canManage && p.status.isOpen
                        ? ReportRoutes.tellIssue.link(p.id.idText, issue.id.idText) : nil,
                    told: issue.toldAt.map { request.t("risk.toldAt", request.format($0)) } ?? "",
                    severities: ProjectIssueSeverity.allCases.map {
                        Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == issue.severity)
                    },
                    owners: members.map {
                        Choice(value: $0.userID.idText, label: $0.name, selected: $0.userID == issue.ownerID)
                    },
                    dueValue: issue.dueOn?.description ?? "", version: issue.version)
            },
            createRiskAction: head.canManage ? RiskRoutes.createRisk.link(p.id) : nil,
            createIssueAction: head.canManage ? RiskRoutes.createIssue.link(p.id) : nil,
            steps: RiskScale.range.map { String($0) },
            probability: riskForm.probability ?? "3", impact: riskForm.impact ?? "3",
            riskTitle: riskForm.title ?? "", riskMitigation: riskForm.mitigation ?? "",
            riskContingency: riskForm.contingency ?? "", riskDue: riskForm.dueOn ?? "",
            severities: ProjectIssueSeverity.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0.rawValue == (issueForm.severity ?? "medium"))
            },
            issueTitle: issueForm.title ?? "", issueResolution: issueForm.resolution ?? "", issueDue: issueForm.dueOn ?? "",
            owners: members.map { Choice(value: $0.userID.idText, label: $0.name, selected: false) },
            riskErrors: riskErrors, issueErrors: issueErrors)
        page.customerId = p.customerID.uuidString
        let response = try await request.page("projects/risks", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    func createRisk(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(RiskForm.self)
        do {
            _ = try await RiskWorkflow.createRisk(found.project.id, input(form), request)
            return request.redirect(to: RiskRoutes.page.link(found.project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, riskForm: form, issueForm: IssueForm(), riskErrors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: RiskRoutes.page.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    private func input(_ form: RiskForm, over current: Risk? = nil) -> RiskInput {
        RiskInput(
            title: form.title ?? current?.title, description: form.description ?? current?.description,
            probability: form.probability ?? current.map { String($0.score.probability) },
            impact: form.impact ?? current.map { String($0.score.impact) },
            ownerID: form.ownerId ?? current?.ownerID?.idText, mitigation: form.mitigation ?? current?.mitigation,
            contingency: form.contingency ?? current?.contingency, dueOn: form.dueOn ?? current?.dueOn?.description,
            status: form.status)
    }

    func updateRisk(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let back = RiskRoutes.page.link(found.project.id)
        guard let risk = try await RiskQueries.risk(try request.recordID("riskId"), projectID: found.project.id, on: request.db)
        else { throw AppError.notFound }
        let form = try request.content.decode(RiskForm.self)
        return try await answer(back, request) {
            _ = try await RiskWorkflow.updateRisk(
                found.project.id, risk.id, input(form, over: risk), expected: form.version.flatMap { Int($0) }, request)
        }
    }

    func occurred(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let back = RiskRoutes.page.link(found.project.id)
        let form = try request.content.decode(RiskForm.self)
        return try await answer(back, request, flash: "flash.riskOccurred") {
            _ = try await RiskWorkflow.occurred(
                found.project.id, try request.recordID("riskId"), expected: form.version.flatMap { Int($0) }, request)
        }
    }

    func createIssue(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(IssueForm.self)
        let input = ProjectIssueInput(
            title: form.title, description: form.description, severity: form.severity, ownerID: form.ownerId,
            resolution: form.resolution, dueOn: form.dueOn, status: form.status)
        do {
            _ = try await RiskWorkflow.createIssue(found.project.id, input, request)
            return request.redirect(to: RiskRoutes.page.link(found.project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, riskForm: RiskForm(), issueForm: form, issueErrors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: RiskRoutes.page.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    func updateIssue(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let back = RiskRoutes.page.link(found.project.id)
        guard let issue = try await RiskQueries.issue(
                try request.recordID("issueId"), projectID: found.project.id, on: request.db)
        else { throw AppError.notFound }
        let form = try request.content.decode(IssueForm.self)
        let input = ProjectIssueInput(
            title: form.title ?? issue.title, description: form.description ?? issue.description,
            severity: form.severity ?? issue.severity.rawValue, ownerID: form.ownerId ?? issue.ownerID?.idText,
            resolution: form.resolution ?? issue.resolution, dueOn: form.dueOn ?? issue.dueOn?.description,
            status: form.status)
        return try await answer(back, request) {
            _ = try await RiskWorkflow.updateIssue(
                found.project.id, issue.id, input, expected: form.version.flatMap { Int($0) }, request)
        }
    }

    /// Runs a change made from the list and goes back to it, with what happened as the flash.
    private func answer(
        _ back: String, _ request: Request, flash: String = "flash.saved", _ change: () async throws -> Void
    ) async throws -> Response {
        do {
            try await change()
            return request.redirect(to: back, flash: flash)
        } catch is ValidationFailure {
            return request.redirect(to: back, flash: "flash.riskNotSaved", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.commplanChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }
}

/// The risks and issues tab.
struct RiskPage: Encodable {
    struct RiskRow: Encodable {
        var id: String
        var title: String
        var description: String
        var score: Int
        var scoreText: String
        var level: String
        var levelCode: String
        var owner: String
        var mitigation: String
        var contingency: String
        var due: String
        var status: String
        var statusCode: String
        var moves: [Choice]
        var updateAction: String?
        var occurredAction: String?
        var issueAnchor: String?
        var tellAction: String?
        var told: String
        var probability: String
        var impact: String
        var owners: [Choice]
        var dueValue: String
        var version: Int
    }

    struct IssueRow: Encodable {
        var id: String
        var title: String
        var description: String
        var severity: String
        var severityCode: String
        var owner: String
        var resolution: String
        var due: String
        var status: String
        var statusCode: String
        var fromRisk: String?
        var moves: [Choice]
        var updateAction: String?
        var tellAction: String?
        var told: String
        var severities: [Choice]
        var owners: [Choice]
        var dueValue: String
        var version: Int
    }

    var head: ProjectPage
    /// The message check of the "tell the customer" texts as they are typed: where it asks, for which customer.
    var checkAction: String = MessageCheckRoutes.check.link()
    var customerId: String = ""
    var heatMapLink: String
    var heatMapAlt: String
    var risks: [RiskRow]
    var issues: [IssueRow]
    var createRiskAction: String?
    var createIssueAction: String?
    var steps: [String]
    var probability: String
    var impact: String
    var riskTitle: String
    var riskMitigation: String
    var riskContingency: String
    var riskDue: String
    var severities: [Choice]
    var issueTitle: String
    var issueResolution: String
    var issueDue: String
    var owners: [Choice]
    var riskErrors: [String: String]
    var issueErrors: [String: String]
}
