import LiaisonCore
import Vapor

enum PeopleRoutes {
    static let list = Endpoint(.GET, "people", .capability(.directoryView))
    static let new = Endpoint(.GET, "people/new", .capability(.peopleManage))
    static let create = Endpoint(.POST, "people", .capability(.peopleManage))
    static let show = Endpoint(.GET, "people/:id", .capability(.directoryView))
    static let edit = Endpoint(.GET, "people/:id/edit", .capability(.peopleManage))
    static let update = Endpoint(.POST, "people/:id", .capability(.peopleManage))
    static let deactivate = Endpoint(.POST, "people/:id/deactivate", .capability(.peopleManage))
    static let reactivate = Endpoint(.POST, "people/:id/reactivate", .capability(.peopleManage))
    static let resetPassword = Endpoint(.POST, "people/:id/reset-password", .capability(.peopleManage))

    static let apiList = Endpoint(.GET, "api/v1/users", .capability(.directoryView))
    static let apiCreate = Endpoint(.POST, "api/v1/users", .capability(.peopleManage))
    static let apiShow = Endpoint(.GET, "api/v1/users/:id", .capability(.directoryView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/users/:id", .capability(.peopleManage))
    static let apiResetPassword = Endpoint(.POST, "api/v1/users/:id/password-reset", .capability(.peopleManage))
}
