import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The progress reports sent to a signed-in customer contact, in the portal (`/portal/reports`) and its API
/// (`/api/v1/portal/reports`): only reports of the contact's own customer's projects, sent to this contact, or to
/// anyone there when the contact sees the whole organisation.
struct PortalReportsController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ReportRoutes.portalList, use: list)
        routes.on(ReportRoutes.portalShow, use: show)
        routes.on(ReportRoutes.apiPortalList, use: apiList)
        routes.on(ReportRoutes.apiPortalShow, use: apiShow)
    }

    private func reports(_ request: Request) async throws -> [ProgressReportQueries.PortalReport] {
        let viewer = try await PortalWorkflow.viewer(request)
        return try await ProgressReportQueries.forPortal(
            contactID: viewer.contactID, customerID: viewer.customerID, organisation: viewer.scope == .organisation,
            on: request.db)
    }

    private func one(_ request: Request) async throws -> ProgressReportQueries.PortalReport {
        let id = try request.recordID()
        guard let found = try await reports(request).first(where: { $0.report.id == id }) else {
            throw AppError.notFound
        }
        return found
    }

    func list(_ request: Request) async throws -> Response {
        let rows = try await reports(request).map { item in
            PortalReportListPage.Row(
                title: ReportWorkflow.title(item.report, request),
                project: ProjectNumber.format(item.projectNumber) + " " + item.projectName,
                period: request.t(
                    "report.periodLine", item.report.period.start.description, item.report.period.end.description),
                sent: item.report.sentAt.map { request.format($0) } ?? "",
                link: ReportRoutes.portalShow.link(item.report.id))
        }
        let viewer = try await PortalWorkflow.viewer(request)
        let messages = try await ProgressReportQueries.portalMessages(
            contactID: viewer.contactID, customerID: viewer.customerID, organisation: viewer.scope == .organisation,
            on: request.db
        ).map { message in
            PortalReportListPage.Message(
                subject: message.subject, body: message.body,
                note: ProjectNumber.format(message.projectNumber) + " " + message.projectName + " · "
                    + request.format(message.at))
        }
        return try await request.page(
            "portal/reports", title: request.t("portal.reports.title"),
            PortalReportListPage(rows: rows, messages: messages))
    }

    struct ShowPage: Encodable {
        var title: String
        var project: String
        var period: String
        var sent: String
        var percentDone: Int
        var progressText: String
        var requestsText: String
        var sections: [ReportShowPage.Section]
        var summary: String
        var problems: String
        var nextSteps: String
        var backLink: String
    }

    func show(_ request: Request) async throws -> Response {
        let item = try await one(request)
        let report = item.report
        let facts = report.facts
        let t = { (key: String, values: [String]) in request.application.context.catalog.text(key, request.locale, values) }
        let page = ShowPage(
            title: ReportWorkflow.title(report, request),
            project: ProjectNumber.format(item.projectNumber) + " " + item.projectName,
            period: t("report.periodLine", [report.period.start.description, report.period.end.description]),
            sent: report.sentAt.map { t("report.sentLine", [request.format($0)]) } ?? "",
            percentDone: facts.percentDone,
            progressText: t("report.progressLine", [
                String(facts.percentDone), String(facts.tasksDoneTotal), String(facts.tasksTotal),
            ]),
            requestsText: t("report.requestsLine", [
                String(facts.requests.opened), String(facts.requests.resolved), String(facts.requests.open),
                String(facts.requests.breached),
            ]),
            sections: ReportShowPage.sections(facts, t: t), summary: report.summary, problems: report.problems,
            nextSteps: report.nextSteps, backLink: ReportRoutes.portalList.link())
        return try await request.page("portal/report", title: page.title, page)
    }

    /// A sent report as its customer reads it through the API.
    struct PortalReportDTO: Content {
        var id: UUID
        var projectNumber: String
        var projectName: String
        var number: Int
        var title: String
        var periodStart: String
        var periodEnd: String
        var sentAt: Date?
        var summary: String
        var problems: String
        var nextSteps: String
        var percentDone: Int
        var facts: ProgressReportFacts?
    }

    private func dto(_ item: ProgressReportQueries.PortalReport, full: Bool, _ request: Request) -> PortalReportDTO {
        let report = item.report
        return PortalReportDTO(
            id: report.id, projectNumber: ProjectNumber.format(item.projectNumber), projectName: item.projectName,
            number: report.number, title: ReportWorkflow.title(report, request),
            periodStart: report.period.start.description, periodEnd: report.period.end.description,
            sentAt: report.sentAt, summary: report.summary, problems: report.problems, nextSteps: report.nextSteps,
            percentDone: report.facts.percentDone, facts: full ? report.facts : nil)
    }

    func apiList(_ request: Request) async throws -> Response {
        let items = try await reports(request).map { dto($0, full: false, request) }
        return try ListDTO(items: items, nextCursor: nil).apiResponse(for: request)
    }

    func apiShow(_ request: Request) async throws -> Response {
        try dto(try await one(request), full: true, request).apiResponse(for: request)
    }
}
