import LiaisonCore
import Vapor

enum NotificationRoutes {
    static let apiList = Endpoint(.GET, "api/v1/notifications", .staff)
    static let apiCount = Endpoint(.GET, "api/v1/notifications/unread-count", .staff)
    static let apiRead = Endpoint(.POST, "api/v1/notifications/read", .staff)
    static let apiPreferences = Endpoint(.GET, "api/v1/notification-preferences", .staff)
    static let apiPreferencesUpdate = Endpoint(.PUT, "api/v1/notification-preferences", .staff)
    static let page = Endpoint(.GET, "notifications", .staff)
    static let read = Endpoint(.POST, "notifications/read", .staff)
    static let preferences = Endpoint(.GET, "notifications/preferences", .staff)
    static let preferencesSubmit = Endpoint(.POST, "notifications/preferences", .staff)
}
