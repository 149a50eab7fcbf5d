import LiaisonCore
import Vapor

/// The message check: any staff member checks a text (the composers call it as the person types); administrators
/// edit its settings and lexicon.
enum MessageCheckRoutes {
    static let apiCheck = Endpoint(.POST, "api/v1/message-checks", .capability(.staffArea))
    static let apiSettings = Endpoint(.GET, "api/v1/message-checks/settings", .capability(.settingsManage))
    static let apiUpdateSettings = Endpoint(.PUT, "api/v1/message-checks/settings", .capability(.settingsManage))
    static let apiLexicon = Endpoint(.GET, "api/v1/message-checks/lexicon", .capability(.settingsManage))
    static let apiReplaceLexicon = Endpoint(.PUT, "api/v1/message-checks/lexicon", .capability(.settingsManage))
    static let apiResetLexicon = Endpoint(.DELETE, "api/v1/message-checks/lexicon", .capability(.settingsManage))

    /// The composers' check, with the session (and its CSRF header).
    static let check = Endpoint(.POST, "message-checks", .capability(.staffArea))
    static let page = Endpoint(.GET, "admin/message-checks", .capability(.settingsManage))
    static let saveSettings = Endpoint(.POST, "admin/message-checks", .capability(.settingsManage))
    static let addEntry = Endpoint(.POST, "admin/message-checks/lexicon", .capability(.settingsManage))
    static let removeEntry = Endpoint(.POST, "admin/message-checks/lexicon/remove", .capability(.settingsManage))
    static let importLexicon = Endpoint(.POST, "admin/message-checks/lexicon/import", .capability(.settingsManage))
    static let exportLexicon = Endpoint(.GET, "admin/message-checks/lexicon.csv", .capability(.settingsManage))
    static let resetLexicon = Endpoint(.POST, "admin/message-checks/lexicon/reset", .capability(.settingsManage))
}
