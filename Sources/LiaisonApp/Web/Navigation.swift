import LiaisonCore
import Vapor

/// The main navigation, showing each person only what their roles let them use.
enum Navigation {
    static func items(for person: Person?, path: String, request: Request) -> [Shell.NavItem] {
        guard let person else { return [] }
        if person.isCustomer { return portalItems(path: path, request: request) }
        let entries: [(key: String, endpoint: Endpoint)] = [
            ("nav.home", HomeRoutes.home),
            ("nav.requests", RequestRoutes.myQueue),
            ("nav.customers", CustomerRoutes.list),
            ("nav.requirements", RequirementRoutes.board),
            ("nav.projects", ProjectRoutes.list),
            ("nav.commitments", CommitmentRoutes.page),
            ("nav.improvements", ImprovementRoutes.page),
            ("nav.meetings", MeetingRoutes.list),
            ("nav.announcements", AnnouncementRoutes.list),
            ("nav.surveys", NPSRoutes.list),
            ("nav.people", PeopleRoutes.list),
            ("nav.departments", DepartmentRoutes.list),
            ("nav.sla", CalendarRoutes.policies),
            ("nav.mailboxes", MailboxRoutes.list),
            ("nav.webhooks", HookRoutes.webhooks),
            ("nav.settings", SettingsRoutes.page),
            ("nav.audit", AuditRoutes.list),
        ]
        return entries.compactMap { entry in
            guard entry.endpoint.access.decide(roles: person.roles) == .allow else { return nil }
            let href = entry.endpoint.link()
            let active = href == "/" ? path == "/" : path.hasPrefix(href)
            return Shell.NavItem(label: request.t(entry.key), href: href, active: active)
        }
    }

    /// A customer contact's navigation: the portal only.
    static func portalItems(path: String, request: Request) -> [Shell.NavItem] {
        let entries: [(key: String, href: String)] = [
            ("nav.portal.requests", PortalRoutes.home.link()),
            ("nav.portal.new", PortalRoutes.new.link()),
            ("nav.portal.announcements", PortalRoutes.announcements.link()),
            ("portal.charters.title", ProjectRoutes.portalList.link()),
            ("portal.reports.title", ReportRoutes.portalList.link()),
            ("portal.evaluations.title", ReviewRoutes.portalList.link()),
            ("nav.portal.meetings", MeetingRoutes.portalList.link()),
            ("nav.portal.profile", PortalRoutes.profile.link()),
        ]
        return entries.map { entry in
            let active = entry.href == PortalRoutes.home.link()
                ? path == entry.href || path.hasPrefix(entry.href + "?")
                    || (path.hasPrefix(entry.href + "/requests/") && !path.hasPrefix(PortalRoutes.new.link()))
                : path.hasPrefix(entry.href)
            return Shell.NavItem(label: request.t(entry.key), href: entry.href, active: active)
        }
    }
}
