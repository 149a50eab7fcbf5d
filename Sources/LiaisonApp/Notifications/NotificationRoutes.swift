import LiaisonCore
import Vapor

enum NotificationRoutes {
    static let apiList = Endpoint(.GET, "api/v1/notifications", .signedIn)
    static let apiCount = Endpoint(.GET, "api/v1/notifications/unread-count", .signedIn)
    static let apiRead = Endpoint(.POST, "api/v1/notifications/read", .signedIn)
    static let apiPreferences = Endpoint(.GET, "api/v1/notification-preferences", .signedIn)
    static let apiPreferencesUpdate = Endpoint(.PUT, "api/v1/notification-preferences", .signedIn)
    static let page = Endpoint(.GET, "notifications", .signedIn)
    static let read = Endpoint(.POST, "notifications/read", .signedIn)
    static let preferences = Endpoint(.GET, "notifications/preferences", .signedIn)
    static let preferencesSubmit = Endpoint(.POST, "notifications/preferences", .signedIn)
}
