import Foundation
import LiaisonCore

/// What a write needs besides its input: who makes it (as the audit trail records them), the moment it happens,
/// and the settings its rules depend on. Made once per request or job and handed to every command it calls.
public struct WriteContext: Sendable {
    public var actor: AuditActor
    public var now: Date
    public var settings: RequestSettings

    public init(actor: AuditActor, now: Date, settings: RequestSettings = RequestSettings()) {
        self.actor = actor
        self.now = now
        self.settings = settings
    }
}
