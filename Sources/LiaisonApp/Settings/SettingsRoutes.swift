import LiaisonCore
import Vapor

/// The organisation's settings: administrators.
enum SettingsRoutes {
    static let page = Endpoint(.GET, "admin/settings", .capability(.settingsManage))
    static let save = Endpoint(.POST, "admin/settings", .capability(.settingsManage))
    static let uploadLogo = Endpoint(.POST, "admin/settings/logo", .capability(.settingsManage))
    static let removeLogo = Endpoint(.POST, "admin/settings/logo/remove", .capability(.settingsManage))

    static let apiShow = Endpoint(.GET, "api/v1/settings", .capability(.settingsManage))
    static let apiUpdate = Endpoint(.PUT, "api/v1/settings", .capability(.settingsManage))
    static let apiLogo = Endpoint(.PUT, "api/v1/settings/logo", .capability(.settingsManage))
    static let apiDeleteLogo = Endpoint(.DELETE, "api/v1/settings/logo", .capability(.settingsManage))
}
