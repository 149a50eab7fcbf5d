import LiaisonCore
import Vapor

enum AuditRoutes {
    static let list = Endpoint(.GET, "audit", .capability(.auditView))
    static let apiList = Endpoint(.GET, "api/v1/audit", .capability(.auditView))
    static let apiVerify = Endpoint(.GET, "api/v1/audit/verify", .capability(.auditView))
}
