import LiaisonCore
import Vapor

/// Improvement actions (改进措施): the page /improvement-actions and the API /api/v1/improvement-actions. Any member
/// of staff lists what they may see (their own, their projects'; management every one, `improvementsOversee`);
/// creating needs `projectsManage`; a change is for the owner, `projectsManage` or management (checked in the
/// write).
enum ImprovementRoutes {
    static let page = Endpoint(.GET, "improvement-actions", .capability(.staffArea))
    static let create = Endpoint(.POST, "improvement-actions", .capability(.projectsManage))
    static let update = Endpoint(.POST, "improvement-actions/:id", .capability(.staffArea))

    static let apiList = Endpoint(.GET, "api/v1/improvement-actions", .capability(.staffArea))
    static let apiCreate = Endpoint(.POST, "api/v1/improvement-actions", .capability(.projectsManage))
    static let apiShow = Endpoint(.GET, "api/v1/improvement-actions/:id", .capability(.staffArea))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/improvement-actions/:id", .capability(.staffArea))
}
