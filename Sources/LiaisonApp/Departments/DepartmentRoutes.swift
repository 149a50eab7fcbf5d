import LiaisonCore
import Vapor

enum DepartmentRoutes {
    static let list = Endpoint(.GET, "departments", .capability(.directoryView))
    static let create = Endpoint(.POST, "departments", .capability(.departmentsManage))
    static let edit = Endpoint(.GET, "departments/:id/edit", .capability(.departmentsManage))
    static let update = Endpoint(.POST, "departments/:id", .capability(.departmentsManage))
    static let delete = Endpoint(.POST, "departments/:id/delete", .capability(.departmentsManage))

    static let apiList = Endpoint(.GET, "api/v1/departments", .capability(.directoryView))
    static let apiCreate = Endpoint(.POST, "api/v1/departments", .capability(.departmentsManage))
    static let apiShow = Endpoint(.GET, "api/v1/departments/:id", .capability(.directoryView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/departments/:id", .capability(.departmentsManage))
    static let apiDelete = Endpoint(.DELETE, "api/v1/departments/:id", .capability(.departmentsManage))
}
