import LiaisonCore
import Vapor

/// Announcements: written by staff who may (`announcementsWrite`), approved by supervisors (`announcementsApprove`).
enum AnnouncementRoutes {
    static let list = Endpoint(.GET, "announcements", .capability(.announcementsWrite))
    static let new = Endpoint(.GET, "announcements/new", .capability(.announcementsWrite))
    static let create = Endpoint(.POST, "announcements", .capability(.announcementsWrite))
    static let show = Endpoint(.GET, "announcements/:id", .capability(.announcementsWrite))
    static let update = Endpoint(.POST, "announcements/:id", .capability(.announcementsWrite))
    static let submit = Endpoint(.POST, "announcements/:id/submit", .capability(.announcementsWrite))
    static let approve = Endpoint(.POST, "announcements/:id/approve", .capability(.announcementsApprove))
    static let reject = Endpoint(.POST, "announcements/:id/reject", .capability(.announcementsApprove))
    static let withdraw = Endpoint(.POST, "announcements/:id/withdraw", .capability(.announcementsWrite))
    static let delete = Endpoint(.POST, "announcements/:id/delete", .capability(.announcementsWrite))

    static let apiList = Endpoint(.GET, "api/v1/announcements", .capability(.announcementsWrite))
    static let apiCreate = Endpoint(.POST, "api/v1/announcements", .capability(.announcementsWrite))
    static let apiShow = Endpoint(.GET, "api/v1/announcements/:id", .capability(.announcementsWrite))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/announcements/:id", .capability(.announcementsWrite))
    static let apiDelete = Endpoint(.DELETE, "api/v1/announcements/:id", .capability(.announcementsWrite))
    static let apiSubmit = Endpoint(.POST, "api/v1/announcements/:id/publish", .capability(.announcementsWrite))
    static let apiApprove = Endpoint(.POST, "api/v1/announcements/:id/approve", .capability(.announcementsApprove))
    static let apiReject = Endpoint(.POST, "api/v1/announcements/:id/reject", .capability(.announcementsApprove))
    static let apiWithdraw = Endpoint(.POST, "api/v1/announcements/:id/withdraw", .capability(.announcementsWrite))
    static let apiRecipients = Endpoint(.GET, "api/v1/announcements/:id/recipients", .capability(.announcementsWrite))
}
