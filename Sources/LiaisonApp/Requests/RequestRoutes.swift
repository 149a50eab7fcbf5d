import LiaisonCore
import Vapor

enum RequestRoutes {
    static let myQueue = Endpoint(.GET, "requests", .capability(.customersView))
    static let teamQueues = Endpoint(.GET, "requests/queues", .capability(.customersView))
    static let breaches = Endpoint(.GET, "requests/breaches", .capability(.customersView))
    static let new = Endpoint(.GET, "requests/new", .capability(.requestsHandle))
    static let create = Endpoint(.POST, "requests", .capability(.requestsHandle))
    static let show = Endpoint(.GET, "requests/:id", .capability(.customersView))
    static let reply = Endpoint(.POST, "requests/:id/messages", .capability(.requestsHandle))
    static let update = Endpoint(.POST, "requests/:id", .capability(.requestsHandle))
    static let status = Endpoint(.POST, "requests/:id/status", .capability(.requestsHandle))
    static let merge = Endpoint(.POST, "requests/:id/merge", .capability(.requestsHandle))
    static let split = Endpoint(.POST, "requests/:id/messages/:messageId/split", .capability(.requestsHandle))
    static let link = Endpoint(.POST, "requests/:id/link", .capability(.requestsHandle))
    static let rawMessage = Endpoint(.GET, "requests/:id/messages/:messageId/raw", .capability(.requestsHandle))

    static let apiList = Endpoint(.GET, "api/v1/requests", .capability(.customersView))
    static let apiCreate = Endpoint(.POST, "api/v1/requests", .capability(.requestsHandle))
    static let apiShow = Endpoint(.GET, "api/v1/requests/:id", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/requests/:id", .capability(.requestsHandle))
    static let apiMessages = Endpoint(.GET, "api/v1/requests/:id/messages", .capability(.customersView))
    static let apiReply = Endpoint(.POST, "api/v1/requests/:id/messages", .capability(.requestsHandle))
    static let apiAttach = Endpoint(.POST, "api/v1/requests/:id/messages/:messageId/attachments", .capability(.requestsHandle))
    static let apiMerge = Endpoint(.POST, "api/v1/requests/:id/merge", .capability(.requestsHandle))
    static let apiSplit = Endpoint(.POST, "api/v1/requests/:id/messages/:messageId/split", .capability(.requestsHandle))
    static let apiLink = Endpoint(.POST, "api/v1/requests/:id/link", .capability(.requestsHandle))
    static let apiRawMessage = Endpoint(
        .GET, "api/v1/requests/:id/messages/:messageId/raw", .capability(.requestsHandle))
}

enum CalendarRoutes {
    static let list = Endpoint(.GET, "admin/calendars", .capability(.slaManage))
    static let show = Endpoint(.GET, "admin/calendars/:id", .capability(.slaManage))
    static let policies = Endpoint(.GET, "admin/sla-policies", .capability(.slaManage))

    static let apiList = Endpoint(.GET, "api/v1/calendars", .capability(.customersView))
    static let apiCreate = Endpoint(.POST, "api/v1/calendars", .capability(.slaManage))
    static let apiShow = Endpoint(.GET, "api/v1/calendars/:id", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/calendars/:id", .capability(.slaManage))
    static let apiImport = Endpoint(.POST, "api/v1/calendars/:id/import", .capability(.slaManage))
    static let apiAddDays = Endpoint(.POST, "api/v1/calendars/:id/days", .capability(.slaManage))
    static let apiDue = Endpoint(.GET, "api/v1/calendars/:id/due", .capability(.customersView))

    static let apiPolicies = Endpoint(.GET, "api/v1/sla-policies", .capability(.customersView))
    static let apiPolicyCreate = Endpoint(.POST, "api/v1/sla-policies", .capability(.slaManage))
    static let apiPolicyShow = Endpoint(.GET, "api/v1/sla-policies/:id", .capability(.customersView))
    static let apiPolicyUpdate = Endpoint(.PATCH, "api/v1/sla-policies/:id", .capability(.slaManage))
}

enum SurveyRoutes {
    static let show = Endpoint(.GET, "public/csat/:token", .everyone)
    static let answer = Endpoint(.POST, "public/csat/:token", .everyone)
}
