import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

enum HomeRoutes {
    static let home = Endpoint(.GET, "", .capability(.staffArea))
}

struct HomePage: Encodable {
    struct Activity: Encodable {
        var at: String
        var action: String
        var record: String
        /// The record's name (a customer's name, a request's number), linked when it has a page.
        var name: String
        var link: String?
    }

    struct Notice: Encodable {
        var id: UUID
        var text: String
        var link: String
        var at: String
        var urgent: Bool
    }

    struct Stat: Encodable {
        var label: String
        var value: String
        var link: String
    }

    var greeting: String
    var work: [WorkItems.Item]
    var hasWork: Bool
    var department: String?
    var colleagues: Int
    var activity: [Activity]
    var hasActivity: Bool
    var auditLink: String?
    var stats: [Stat]
    var hasStats: Bool
    var accountLink: String
    var notifications: [Notice]
    var hasNotifications: Bool
    var markReadAction: String
    /// Business calendars past their holiday data, for those who manage calendars.
    var calendarWarnings: [CalendarWarnings.Warning]
    /// The open commitments one owns, soonest due first.
    var commitments: [CommitmentRow]
    var hasCommitments: Bool
    var commitmentsLink: String
    /// What calls for one's contact now (quiet customers, waiting requests, commitments and plan items coming due).
    var nudges: [WorkItems.Item]
    var hasNudges: Bool
}

/// The home page: the signed-in person's own recent work and, for administrators, the state of the system.
struct HomeController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(HomeRoutes.home, use: home)
    }

    func home(_ request: Request) async throws -> Response {
        let person = try request.person
        let mine = try await AuditQueries.list(
            AuditFilter(actorID: person.id), page: PageQuery(limit: 10), on: request.db)
        var department: String?
        var colleagues = 0
        if let id = person.departmentID, let found = try await DepartmentQueries.find(id: id, on: request.db) {
            department = found.displayName(in: request.locale)
            colleagues = max(found.memberCount - 1, 0)
        }
        var stats: [HomePage.Stat] = []
        if person.can(.peopleManage) {
            let active = try await PeopleQueries.count(active: true, on: request.db)
            let departments = try await DepartmentQueries.all(on: request.db).count
            stats.append(.init(label: request.t("home.stat.people"), value: String(active), link: PeopleRoutes.list.link()))
            stats.append(
                .init(label: request.t("home.stat.departments"), value: String(departments), link: DepartmentRoutes.list.link()))
        }
        if person.can(.systemView) {
            let counts = try await JobQueue.counts(on: request.db)
            stats.append(.init(label: request.t("home.stat.jobsQueued"), value: String(counts[.queued] ?? 0), link: ""))
            stats.append(.init(label: request.t("home.stat.jobsFailed"), value: String(counts[.failed] ?? 0), link: ""))
        }
        let readable = try await AuditReadable.load(mine.items, request: request)
        let activity = mine.items.map { entry in
            // "创建客户 上海星河科技有限公司": the action and the record's name; its type only when it has no name.
            let own = entry.recordType == AuditRecordType.user.rawValue && entry.recordID == person.id.uuidString
            let id = entry.recordID.flatMap(UUIDText.parse)
            let name = own ? "" : entry.recordID.flatMap { readable.name(type: entry.recordType, id: $0) } ?? ""
            return HomePage.Activity(
                at: request.format(entry.occurredAt), action: request.t("audit.action.\(entry.action)"),
                record: own ? request.t("home.yourAccount") : name.isEmpty ? request.t("record.\(entry.recordType)") : "",
                name: name,
                link: name.isEmpty ? nil : id.flatMap { id in AuditRecordType(rawValue: entry.recordType).flatMap { AuditReadable.link($0, id) } })
        }
        let work = try await WorkItems.gather(for: person, request: request)
        let notifications = try await NotificationStore.unread(
            for: CustomerViewer(userID: person.id, roles: person.roles), limit: 10, on: request.db)
            .map {
                let dto = NotificationsController().dto($0, request)
                return HomePage.Notice(id: dto.id, text: dto.text, link: dto.link, at: request.format(dto.createdAt), urgent: dto.kind == "slaBreach")
            }
        let calendarWarnings = try await CalendarWarnings.forHome(request, person: person)
        let commitments = try await HomeFollowUps.commitments(for: person, request: request)
        let nudges = try await HomeFollowUps.nudges(for: person, request: request)
        let body = HomePage(
            greeting: request.t("home.greeting", person.name), work: work, hasWork: !work.isEmpty, department: department, colleagues: colleagues,
            activity: activity, hasActivity: !activity.isEmpty,
            auditLink: person.can(.auditView) ? AuditRoutes.list.link() + "?actorId=" + person.id.uuidString : nil,
            stats: stats, hasStats: !stats.isEmpty, accountLink: AccountRoutes.overview.link(),
            notifications: notifications, hasNotifications: !notifications.isEmpty, markReadAction: NotificationRoutes.read.link(),
            calendarWarnings: calendarWarnings, commitments: commitments, hasCommitments: !commitments.isEmpty,
            commitmentsLink: CommitmentRoutes.page.link() + "?scope=mine", nudges: nudges, hasNudges: !nudges.isEmpty)
        return try await request.page("home/index", title: request.t("home.title"), body)
    }
}
