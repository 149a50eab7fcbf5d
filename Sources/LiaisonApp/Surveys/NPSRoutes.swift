import LiaisonCore
import Vapor

/// NPS campaigns: staff pages under /surveys and the API under /api/v1/surveys (`surveysManage`), and the public
/// answer page behind an invitation's link (no sign-in).
enum NPSRoutes {
    static let list = Endpoint(.GET, "surveys", .capability(.surveysManage))
    static let new = Endpoint(.GET, "surveys/new", .capability(.surveysManage))
    static let create = Endpoint(.POST, "surveys", .capability(.surveysManage))
    static let show = Endpoint(.GET, "surveys/:id", .capability(.surveysManage))
    static let update = Endpoint(.POST, "surveys/:id", .capability(.surveysManage))
    static let delete = Endpoint(.POST, "surveys/:id/delete", .capability(.surveysManage))
    static let send = Endpoint(.POST, "surveys/:id/send", .capability(.surveysManage))

    static let apiList = Endpoint(.GET, "api/v1/surveys", .capability(.surveysManage))
    static let apiCreate = Endpoint(.POST, "api/v1/surveys", .capability(.surveysManage))
    static let apiShow = Endpoint(.GET, "api/v1/surveys/:id", .capability(.surveysManage))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/surveys/:id", .capability(.surveysManage))
    static let apiDelete = Endpoint(.DELETE, "api/v1/surveys/:id", .capability(.surveysManage))
    static let apiRecipients = Endpoint(.GET, "api/v1/surveys/:id/recipients", .capability(.surveysManage))
    static let apiSend = Endpoint(.POST, "api/v1/surveys/:id/send", .capability(.surveysManage))
    static let apiResults = Endpoint(.GET, "api/v1/surveys/:id/results", .capability(.surveysManage))

    static let answer = Endpoint(.GET, "public/nps/:token", .everyone)
    static let submit = Endpoint(.POST, "public/nps/:token", .everyone)
}
