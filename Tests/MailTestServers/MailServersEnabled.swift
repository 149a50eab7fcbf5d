import Foundation
import Testing

/// Mail tests run where the tools are; a strict run (LIAISON_TEST_STRICT=1) fails instead of skipping.
extension SMTPTestServer {
    public static var enabled: Bool { MailServersEnabled.check(available, missing) }
}

extension IMAPTestServer {
    public static var enabled: Bool { MailServersEnabled.check(available, missing) }
}

enum MailServersEnabled {
    static func check(_ available: Bool, _ missing: String) -> Bool {
        if available { return true }
        if ProcessInfo.processInfo.environment["LIAISON_TEST_STRICT"] == "1" { Issue.record(Comment(rawValue: missing)) }
        return false
    }
}
