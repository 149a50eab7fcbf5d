import LiaisonCore
import Vapor

enum MailboxRoutes {
    static let list = Endpoint(.GET, "admin/mailboxes", .capability(.mailboxesManage))
    static let new = Endpoint(.GET, "admin/mailboxes/new", .capability(.mailboxesManage))
    static let create = Endpoint(.POST, "admin/mailboxes", .capability(.mailboxesManage))
    static let edit = Endpoint(.GET, "admin/mailboxes/:id", .capability(.mailboxesManage))
    static let update = Endpoint(.POST, "admin/mailboxes/:id", .capability(.mailboxesManage))
    static let delete = Endpoint(.POST, "admin/mailboxes/:id/delete", .capability(.mailboxesManage))
    static let test = Endpoint(.POST, "admin/mailboxes/:id/test", .capability(.mailboxesManage))

    static let apiList = Endpoint(.GET, "api/v1/mailboxes", .capability(.mailboxesManage))
    static let apiCreate = Endpoint(.POST, "api/v1/mailboxes", .capability(.mailboxesManage))
    static let apiShow = Endpoint(.GET, "api/v1/mailboxes/:id", .capability(.mailboxesManage))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/mailboxes/:id", .capability(.mailboxesManage))
    static let apiDelete = Endpoint(.DELETE, "api/v1/mailboxes/:id", .capability(.mailboxesManage))
    static let apiTest = Endpoint(.POST, "api/v1/mailboxes/:id/test", .capability(.mailboxesManage))
}
