import Foundation
import LiaisonCore

struct MailboxesPage: Encodable {
    struct Row: Encodable {
        var address: String
        var name: String
        var department: String
        var smtp: String
        var imap: String
        var active: Bool
        var editLink: String
    }

    var rows: [Row]
    var hasRows: Bool
    var newLink: String
    /// For those who may see the quarantine: its page, and how many messages wait there.
    var quarantineLink: String?
    var quarantineLabel: String
    var held: Int
}

/// The form of a new or existing mailbox, with what its last connection test found.
struct MailboxFormPage: Encodable {
    struct TestLine: Encodable {
        var server: String
        var ok: Bool
        var message: String
    }

    var isNew: Bool
    var action: String
    var deleteAction: String?
    var testAction: String?
    var cancelLink: String
    var version: Int
    var form: MailboxWebController.MailboxForm
    var departments: [Choice]
    var smtpSecurities: [Choice]
    var imapSecurities: [Choice]
    var authentications: [Choice]
    var afterTaking: [Choice]
    var hasSMTPPassword: Bool
    var hasIMAPPassword: Bool
    var testResults: [TestLine]
    var errors: [String: String]
}
