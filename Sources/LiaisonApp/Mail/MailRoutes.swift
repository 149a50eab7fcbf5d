import LiaisonCore
import Vapor

/// Mail taken in and held: the relay's endpoint, the quarantine, raw messages.
enum MailRoutes {
    static let apiInbound = Endpoint(.POST, "api/v1/mail/inbound", .capability(.mailInbound))
    static let apiQuarantine = Endpoint(.GET, "api/v1/mail/quarantine", .capability(.mailQuarantine))
    static let apiQuarantineShow = Endpoint(.GET, "api/v1/mail/quarantine/:id", .capability(.mailQuarantine))
    static let apiQuarantineRaw = Endpoint(.GET, "api/v1/mail/quarantine/:id/raw", .capability(.mailQuarantine))
    static let apiQuarantineRetry = Endpoint(.POST, "api/v1/mail/quarantine/:id/retry", .capability(.mailQuarantine))
    static let apiQuarantineAssign = Endpoint(.POST, "api/v1/mail/quarantine/:id/assign", .capability(.mailQuarantine))
    static let apiQuarantineDiscard = Endpoint(
        .POST, "api/v1/mail/quarantine/:id/discard", .capability(.mailQuarantine))

    static let quarantine = Endpoint(.GET, "admin/mail/quarantine", .capability(.mailQuarantine))
    static let quarantineShow = Endpoint(.GET, "admin/mail/quarantine/:id", .capability(.mailQuarantine))
    static let quarantineRaw = Endpoint(.GET, "admin/mail/quarantine/:id/raw", .capability(.mailQuarantine))
    static let quarantineRetry = Endpoint(.POST, "admin/mail/quarantine/:id/retry", .capability(.mailQuarantine))
    static let quarantineAssign = Endpoint(.POST, "admin/mail/quarantine/:id/assign", .capability(.mailQuarantine))
    static let quarantineDiscard = Endpoint(.POST, "admin/mail/quarantine/:id/discard", .capability(.mailQuarantine))
}
