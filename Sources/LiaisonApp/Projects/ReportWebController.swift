import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The reports tab of the project page and the page of one report; and "tell the customer" on the risks tab.
struct ReportWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ReportRoutes.page, use: page)
        routes.on(ReportRoutes.create, use: create)
        routes.on(ReportRoutes.show, use: show)
        routes.on(ReportRoutes.update, use: update)
        routes.on(ReportRoutes.refresh, use: refresh)
        routes.on(ReportRoutes.send, use: send)
        routes.on(ReportRoutes.delete, use: delete)
        routes.on(ReportRoutes.tellRisk, use: tellRisk)
        routes.on(ReportRoutes.tellIssue, use: tellIssue)
    }

    struct ReportForm: Content {
        var periodStart: String?
        var periodEnd: String?
        var title: String?
        var summary: String?
        var problems: String?
        var nextSteps: String?
        var version: String?
    }

    struct SendForm: Content {
        var contactIds: [String]?
        var message: String?
        var version: String?
        var confirmWarnings: String?
        var overrideReason: String?

        func confirmation() throws(ValidationFailure) -> MessageCheckWorkflow.Confirmation? {
            try MessageCheckWorkflow.confirmation(
                confirm: confirmWarnings.map { !$0.isEmpty }, reason: overrideReason)
        }
    }

    func page(_ request: Request) async throws -> Response {
        try await renderList(request, try await ProjectWorkflow.find(request), form: ReportForm(), errors: [:], status: .ok)
    }

    func renderList(
        _ request: Request, _ found: ProjectSummary, form: ReportForm, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "reports")
        let reports = try await ProgressReportQueries.list(projectID: p.id, on: request.db)
        let rows = reports.map { report in
            ReportListPage.Row(
                number: report.numberText, title: ReportWorkflow.title(report, request),
                period: request.t("report.periodLine", report.period.start.description, report.period.end.description),
                status: request.t(report.status.labelKey), statusCode: report.status.rawValue,
                sent: report.sentAt.map { request.format($0) } ?? "—", timeliness: timeliness(report, request),
                link: ReportRoutes.show.link(p.id.idText, report.id.idText))
        }
        let page = ReportListPage(
            head: head, rows: rows, createAction: head.canManage && p.status.isOpen ? ReportRoutes.create.link(p.id) : nil,
            periodStart: form.periodStart ?? "", periodEnd: form.periodEnd ?? "", errors: errors)
        let response = try await request.page("projects/reports", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    private func timeliness(_ report: ProgressReport, _ request: Request) -> String {
        guard report.occurrenceID != nil, let onTime = report.onTime else { return "" }
        return request.t(onTime ? "report.onTime" : "report.lateSent")
    }

    func create(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(ReportForm.self)
        let input = ProgressReportInput(periodStart: form.periodStart, periodEnd: form.periodEnd)
        do {
            let report = try await ReportWorkflow.create(found.project, input, request)
            return request.redirect(
                to: ReportRoutes.show.link(found.project.id.idText, report.id.idText), flash: "flash.reportDrafted")
        } catch let failure as ValidationFailure {
            return try await renderList(
                request, found, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: ReportRoutes.page.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
    }

    private func load(_ request: Request, audit: Bool) async throws -> (ProjectSummary, ProgressReport) {
        let found = try await ProjectWorkflow.find(request, audit: audit)
        guard let report = try await ProgressReportQueries.report(
                try request.recordID("reportId"), projectID: found.project.id, on: request.db)
        else { throw AppError.notFound }
        return (found, report)
    }

    func show(_ request: Request) async throws -> Response {
        let (found, report) = try await load(request, audit: true)
        return try await render(request, found, report, form: nil, errors: [:], status: .ok)
    }

    func render(
        _ request: Request, _ found: ProjectSummary, _ report: ProgressReport, form: ReportForm?,
        errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "reports")
        let t = { (key: String, values: [String]) in request.application.context.catalog.text(key, request.locale, values) }
        let ids = [p.id.idText, report.id.idText]
        let isDraft = report.status == .draft
        var contacts: [ReportShowPage.Recipient] = []
        if isDraft && head.canManage {
            let planned = try await CustomerMessages.plannedRecipients(
                projectID: p.id, customerID: p.customerID, on: request.db)
            contacts = try await ProjectQueries.signableContacts(of: p.customerID, on: request.db).map { contact in
                ReportShowPage.Recipient(
                    id: contact.id.idText, name: contact.name, email: contact.email ?? "",
                    checked: planned.contains(contact.id))
            }
        }
        let facts = report.facts
        let page = ReportShowPage(
            head: head, title: ReportWorkflow.title(report, request), number: report.numberText,
            period: t("report.periodLine", [report.period.start.description, report.period.end.description]),
            status: t(report.status.labelKey, []), statusCode: report.status.rawValue,
            percentDone: facts.percentDone,
            progressText: t("report.progressLine", [
                String(facts.percentDone), String(facts.tasksDoneTotal), String(facts.tasksTotal),
            ]),
            requestsText: t("report.requestsLine", [
                String(facts.requests.opened), String(facts.requests.resolved), String(facts.requests.open),
                String(facts.requests.breached),
            ]),
            sections: ReportShowPage.sections(facts, t: t), summary: form?.summary ?? report.summary,
            problems: form?.problems ?? report.problems, nextSteps: form?.nextSteps ?? report.nextSteps,
            factsAt: request.format(report.factsAt), isDraft: isDraft, canManage: head.canManage && isDraft,
            updateAction: ReportRoutes.update.link(ids[0], ids[1]), refreshAction: ReportRoutes.refresh.link(ids[0], ids[1]),
            sendAction: ReportRoutes.send.link(ids[0], ids[1]), deleteAction: ReportRoutes.delete.link(ids[0], ids[1]),
            backLink: ReportRoutes.page.link(p.id), periodStart: form?.periodStart ?? report.period.start.description,
            periodEnd: form?.periodEnd ?? report.period.end.description, titleValue: form?.title ?? report.title,
            version: report.version, contacts: contacts,
            sentText: report.sentAt.map { t("report.sentLine", [request.format($0)]) } ?? "",
            recipients: report.recipients.map { $0.name + ($0.email.map { " <\($0)>" } ?? "") },
            timeliness: timeliness(report, request), errors: errors)
        let response = try await request.page("projects/report", title: p.numberText + " " + page.title, page)
        response.status = status
        return response
    }

    func update(_ request: Request) async throws -> Response {
        let (found, report) = try await load(request, audit: false)
        let form = try request.content.decode(ReportForm.self)
        let input = ProgressReportInput(
            periodStart: form.periodStart, periodEnd: form.periodEnd, title: form.title, summary: form.summary,
            problems: form.problems, nextSteps: form.nextSteps)
        let back = ReportRoutes.show.link(found.project.id.idText, report.id.idText)
        do {
            _ = try await ReportWorkflow.update(
                found.project, report.id, input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, report, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.reportChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    func refresh(_ request: Request) async throws -> Response {
        let (found, report) = try await load(request, audit: false)
        let form = try request.content.decode(ReportForm.self)
        let back = ReportRoutes.show.link(found.project.id.idText, report.id.idText)
        return try await answer(back, request, flash: "flash.reportRefreshed") {
            _ = try await ReportWorkflow.refresh(
                found.project, report.id, expected: form.version.flatMap { Int($0) }, request)
        }
    }

    func send(_ request: Request) async throws -> Response {
        let (found, report) = try await load(request, audit: false)
        let form = try request.content.decode(SendForm.self)
        let back = ReportRoutes.show.link(found.project.id.idText, report.id.idText)
        do {
            _ = try await ReportWorkflow.send(
                found.project, report, CustomerMessageInput(contactIDs: form.contactIds ?? []),
                expected: form.version.flatMap { Int($0) }, confirmation: try form.confirmation(), request)
            return request.redirect(to: back, flash: "flash.reportSent")
        } catch let refusal as MessageCheckRefusal {
            return try await render(
                request, found, report, form: nil, errors: ["form": refusal.summary],
                status: .unprocessableEntity)
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, report, form: nil, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.reportChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let (found, report) = try await load(request, audit: false)
        let form = try request.content.decode(ReportForm.self)
        let list = ReportRoutes.page.link(found.project.id)
        do {
            try await ReportWorkflow.delete(found.project, report.id, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: list, flash: "flash.reportDeleted")
        } catch DataError.staleVersion {
            return request.redirect(
                to: ReportRoutes.show.link(found.project.id.idText, report.id.idText), flash: "flash.reportChanged",
                kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: list, flash: "conflict.\(reason)", kind: "error")
        }
    }

    func tellRisk(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        guard let risk = try await RiskQueries.risk(
                try request.recordID("riskId"), projectID: found.project.id, on: request.db)
        else { throw AppError.notFound }
        let form = try request.content.decode(SendForm.self)
        return try await answer(RiskRoutes.page.link(found.project.id) + "#risk-" + risk.id.idText, request,
            flash: "flash.customerTold", refused: "flash.tellNotSent") {
            _ = try await ReportWorkflow.tellRisk(
                found.project, risk, CustomerMessageInput(contactIDs: form.contactIds, message: form.message),
                confirmation: try form.confirmation(), request)
        }
    }

    func tellIssue(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        guard let issue = try await RiskQueries.issue(
                try request.recordID("issueId"), projectID: found.project.id, on: request.db)
        else { throw AppError.notFound }
        let form = try request.content.decode(SendForm.self)
        return try await answer(RiskRoutes.page.link(found.project.id) + "#issue-" + issue.id.idText, request,
            flash: "flash.customerTold", refused: "flash.tellNotSent") {
            _ = try await ReportWorkflow.tellIssue(
                found.project, issue, CustomerMessageInput(contactIDs: form.contactIds, message: form.message),
                confirmation: try form.confirmation(), request)
        }
    }

    /// Runs a change made with a button and goes back, with what happened as the flash.
    private func answer(
        _ back: String, _ request: Request, flash: String, refused: String = "flash.reportChanged",
        _ change: () async throws -> Void
    ) async throws -> Response {
        do {
            try await change()
            return request.redirect(to: back, flash: flash)
        } catch let refusal as MessageCheckRefusal {
            // The flash names the kind of refusal; the findings are shown as the text is typed (the page's check).
            return request.redirect(
                to: back, flash: refusal.blocked ? "error.messageCheckBlocked" : "error.messageCheckWarnings",
                kind: "error")
        } catch let failure as ValidationFailure {
            let first = failure.issues.first.map { "validation.\($0.code)" }
            return request.redirect(to: back, flash: first ?? refused, kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.reportChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }
}
