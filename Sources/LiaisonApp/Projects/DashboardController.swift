import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The project dashboard (项目看板): the tab under /projects/:id/dashboard and its burn-up chart, and the API's
/// /api/v1/projects/:id/dashboard and …/burnup.svg. Reading follows the project (`customersView` and need-to-know).
enum DashboardRoutes {
    static let page = Endpoint(.GET, "projects/:id/dashboard", .capability(.customersView))
    static let burnUp = Endpoint(.GET, "projects/:id/burnup.svg", .capability(.customersView))
    static let apiDashboard = Endpoint(.GET, "api/v1/projects/:id/dashboard", .capability(.customersView))
    static let apiBurnUp = Endpoint(.GET, "api/v1/projects/:id/burnup.svg", .capability(.customersView))
}

struct DashboardController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(DashboardRoutes.page, use: page)
        routes.on(DashboardRoutes.burnUp, use: burnUp)
        routes.on(DashboardRoutes.apiDashboard, use: api)
        routes.on(DashboardRoutes.apiBurnUp, use: burnUp)
    }

    private func read(_ request: Request) async throws -> (ProjectSummary, ProjectDashboard, LocalDate) {
        let found = try await ProjectWorkflow.find(request)
        let clock = ReportWorkflow.clock(request)
        let board = try await ProjectDashboardQueries.read(
            project: found.project, today: clock.today, zone: clock.zone, now: request.now, on: request.db)
        return (found, board, clock.today)
    }

    func api(_ request: Request) async throws -> Response {
        let (_, board, _) = try await read(request)
        return try DashboardDTO(board).apiResponse(for: request)
    }

    func burnUp(_ request: Request) async throws -> Response {
        let (found, board, today) = try await read(request)
        let chart = BurnUpChart(
            points: board.burnUp, total: board.tasksTotal, today: today,
            labels: .init(
                title: request.t("dashboard.burnUpTitle", found.project.numberText + " " + found.project.name),
                planned: request.t("dashboard.planned"), done: request.t("dashboard.done")))
        return WorkPlanWorkflow.svgResponse(chart.svg())
    }

    struct Page: Encodable {
        struct Line: Encodable {
            var text: String
            var note: String
            var warn: Bool
        }

        struct Link: Encodable {
            var text: String
            var note: String
            var link: String
        }

        var head: ProjectPage
        var progressText: String
        var percentDone: Int
        var burnUpLink: String
        var burnUpAlt: String
        var heatMapLink: String
        var heatMapAlt: String
        var overdueText: String
        var overdue: [Line]
        var milestones: [Line]
        var upcoming: [Line]
        var meetings: [Link]
        var risksText: String
        var reportsText: String
        var missedText: String
        var csatText: String
        var slaText: String
        var reportsLink: String
    }

    func page(_ request: Request) async throws -> Response {
        let (found, board, _) = try await read(request)
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "dashboard")
        let percent = board.tasksTotal == 0 ? 0 : board.tasksDone * 100 / board.tasksTotal
        let levels = RiskScore.Level.allCases.reversed().map {
            request.t($0.labelKey) + " " + String(board.risksByLevel[$0.rawValue] ?? 0)
        }
        let page = Page(
            head: head,
            progressText: request.t(
                "report.progressLine", String(percent), String(board.tasksDone), String(board.tasksTotal)),
            percentDone: percent, burnUpLink: DashboardRoutes.burnUp.link(p.id),
            burnUpAlt: request.t("dashboard.burnUpTitle", p.numberText + " " + p.name),
            heatMapLink: RiskRoutes.heatMap.link(p.id), heatMapAlt: request.t("risk.heatMap", p.numberText + " " + p.name),
            overdueText: request.t("dashboard.overdueCount", String(board.overdueCount)),
            overdue: board.overdue.map {
                Page.Line(
                    text: $0.name + ($0.ownerName.map { " (\($0))" } ?? ""),
                    note: $0.dueOn.map { request.t("report.dueLine", $0.description) } ?? "", warn: true)
            },
            milestones: board.milestones.map {
                Page.Line(text: "\($0.date) \($0.name)", note: request.t($0.state.labelKey), warn: $0.state == .missed)
            },
            upcoming: board.upcoming.map {
                Page.Line(
                    text: request.t($0.content.labelKey) + ($0.topic.map { " · \($0)" } ?? ""),
                    note: request.format($0.dueAt) + " · " + request.t($0.channel.labelKey)
                        + ($0.ownerName.map { " · \($0)" } ?? ""),
                    warn: false)
            },
            meetings: board.meetings.map {
                Page.Link(
                    text: $0.title,
                    note: request.format($0.startsAt) + " · "
                        + request.t((MeetingKind(rawValue: $0.kind) ?? .other).labelKey),
                    link: MeetingRoutes.show.link($0.id))
            },
            risksText: request.t("dashboard.risksLine", levels.joined(separator: " · "), String(board.openIssues)),
            reportsText: request.t(
                "dashboard.reportsLine", String(board.reportsSent), String(board.reportsOnTime),
                board.lastReportSentAt.map { request.format($0) } ?? "—"),
            missedText: request.t("dashboard.missedLine", String(board.communicationMissed)),
            csatText: board.customer.csatAverage.map {
                request.t("dashboard.csatLine", String(format: "%.1f", $0), String(board.customer.csatCount))
            } ?? request.t("dashboard.csatNone"),
            slaText: request.t(
                "dashboard.slaLine", String(board.customer.openRequests), String(board.customer.breachedRequests)),
            reportsLink: ReportRoutes.page.link(p.id))
        return try await request.page("projects/dashboard", title: p.numberText + " " + p.name, page)
    }
}

/// The dashboard as the API gives it.
struct DashboardDTO: Content {
    var tasksTotal: Int
    var tasksDone: Int
    var percentDone: Int
    var overdueCount: Int
    var overdue: [ProgressReportFacts.TaskLine]
    var milestones: [ProgressReportFacts.MilestoneLine]
    var burnUp: [BurnUpChart.Point]
    var risksByLevel: [String: Int]
    var openIssues: Int
    var upcoming: [ProjectDashboard.Upcoming]
    var meetings: [ProjectDashboard.MeetingLine]
    var communicationMissed: Int
    var reportsSent: Int
    var reportsOnTime: Int
    var lastReportSentAt: Date?
    var customer: ProjectDashboard.CustomerState

    init(_ board: ProjectDashboard) {
        tasksTotal = board.tasksTotal
        tasksDone = board.tasksDone
        percentDone = board.tasksTotal == 0 ? 0 : board.tasksDone * 100 / board.tasksTotal
        overdueCount = board.overdueCount
        overdue = board.overdue
        milestones = board.milestones
        burnUp = board.burnUp
        risksByLevel = Dictionary(uniqueKeysWithValues: RiskScore.Level.allCases.map {
            ($0.rawValue, board.risksByLevel[$0.rawValue] ?? 0)
        })
        openIssues = board.openIssues
        upcoming = board.upcoming
        meetings = board.meetings
        communicationMissed = board.communicationMissed
        reportsSent = board.reportsSent
        reportsOnTime = board.reportsOnTime
        lastReportSentAt = board.lastReportSentAt
        customer = board.customer
    }
}
