import LiaisonCore
import Vapor

enum MailboxRoutes {
    static let apiList = Endpoint(.GET, "api/v1/mailboxes", .capability(.mailboxesManage))
    static let apiCreate = Endpoint(.POST, "api/v1/mailboxes", .capability(.mailboxesManage))
    static let apiShow = Endpoint(.GET, "api/v1/mailboxes/:id", .capability(.mailboxesManage))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/mailboxes/:id", .capability(.mailboxesManage))
    static let apiDelete = Endpoint(.DELETE, "api/v1/mailboxes/:id", .capability(.mailboxesManage))
    static let apiTest = Endpoint(.POST, "api/v1/mailboxes/:id/test", .capability(.mailboxesManage))
}
