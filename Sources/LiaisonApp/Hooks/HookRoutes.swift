import LiaisonCore
import Vapor

/// Outgoing webhooks and departments' chat robots: administrators only.
enum HookRoutes {
    static let webhooks = Endpoint(.GET, "admin/webhooks", .capability(.integrationsManage))
    static let newWebhook = Endpoint(.GET, "admin/webhooks/new", .capability(.integrationsManage))
    static let createWebhook = Endpoint(.POST, "admin/webhooks", .capability(.integrationsManage))
    static let webhook = Endpoint(.GET, "admin/webhooks/:id", .capability(.integrationsManage))
    static let updateWebhook = Endpoint(.POST, "admin/webhooks/:id", .capability(.integrationsManage))
    static let deleteWebhook = Endpoint(.POST, "admin/webhooks/:id/delete", .capability(.integrationsManage))
    static let testWebhook = Endpoint(.POST, "admin/webhooks/:id/test", .capability(.integrationsManage))
    static let enableWebhook = Endpoint(.POST, "admin/webhooks/:id/enable", .capability(.integrationsManage))

    static let robots = Endpoint(.GET, "admin/robots", .capability(.integrationsManage))
    static let newRobot = Endpoint(.GET, "admin/robots/new", .capability(.integrationsManage))
    static let createRobot = Endpoint(.POST, "admin/robots", .capability(.integrationsManage))
    static let robot = Endpoint(.GET, "admin/robots/:id", .capability(.integrationsManage))
    static let updateRobot = Endpoint(.POST, "admin/robots/:id", .capability(.integrationsManage))
    static let deleteRobot = Endpoint(.POST, "admin/robots/:id/delete", .capability(.integrationsManage))
    static let testRobot = Endpoint(.POST, "admin/robots/:id/test", .capability(.integrationsManage))
    static let enableRobot = Endpoint(.POST, "admin/robots/:id/enable", .capability(.integrationsManage))

    static let apiWebhooks = Endpoint(.GET, "api/v1/webhooks", .capability(.integrationsManage))
    static let apiCreateWebhook = Endpoint(.POST, "api/v1/webhooks", .capability(.integrationsManage))
    static let apiWebhook = Endpoint(.GET, "api/v1/webhooks/:id", .capability(.integrationsManage))
    static let apiUpdateWebhook = Endpoint(.PATCH, "api/v1/webhooks/:id", .capability(.integrationsManage))
    static let apiDeleteWebhook = Endpoint(.DELETE, "api/v1/webhooks/:id", .capability(.integrationsManage))
    static let apiTestWebhook = Endpoint(.POST, "api/v1/webhooks/:id/test", .capability(.integrationsManage))
    static let apiWebhookDeliveries = Endpoint(.GET, "api/v1/webhooks/:id/deliveries", .capability(.integrationsManage))

    static let apiRobots = Endpoint(.GET, "api/v1/robots", .capability(.integrationsManage))
    static let apiCreateRobot = Endpoint(.POST, "api/v1/robots", .capability(.integrationsManage))
    static let apiRobot = Endpoint(.GET, "api/v1/robots/:id", .capability(.integrationsManage))
    static let apiUpdateRobot = Endpoint(.PATCH, "api/v1/robots/:id", .capability(.integrationsManage))
    static let apiDeleteRobot = Endpoint(.DELETE, "api/v1/robots/:id", .capability(.integrationsManage))
    static let apiTestRobot = Endpoint(.POST, "api/v1/robots/:id/test", .capability(.integrationsManage))
    static let apiRobotDeliveries = Endpoint(.GET, "api/v1/robots/:id/deliveries", .capability(.integrationsManage))
}
