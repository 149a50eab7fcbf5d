/// The verbs of the audit trail, as `<record>.<verb>`. Kept in one place so filters and pages can list them.
public enum AuditAction: String, CaseIterable, Codable, Sendable {
    case signIn = "auth.signIn"
    case signInFailed = "auth.signInFailed"
    case accountLocked = "auth.locked"
    case signOut = "auth.signOut"
    case passwordChanged = "auth.passwordChanged"
    case passwordReset = "auth.passwordReset"
    case tokenCreated = "token.create"
    case tokenRevoked = "token.revoke"
    case userCreated = "user.create"
    case userUpdated = "user.update"
    case userDeactivated = "user.deactivate"
    case userReactivated = "user.reactivate"
    case departmentCreated = "department.create"
    case departmentUpdated = "department.update"
    case departmentDeleted = "department.delete"
    case sessionsExpired = "session.expire"
    case demoLoaded = "system.demoLoaded"

    public var labelKey: String { "audit.action.\(rawValue)" }
}
