import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// One finding of the message check, in the sender's language. `start` and `end` count Unicode characters (code
/// points) of the text as sent, `end` excluded.
struct MessageFindingDTO: Content, Equatable {
    var kind: String
    var severity: String
    var start: Int
    var end: Int
    var code: String
    var excerpt: String
    var message: String
    var suggestion: String

    init(_ finding: MessageFinding, catalog: Catalog, locale: AppLocale) {
        kind = finding.kind.rawValue
        severity = finding.severity.rawValue
        start = finding.start
        end = finding.end
        code = finding.code
        excerpt = finding.excerpt
        // A language finding names languages by code ("zh", "en"): shown by name.
        let arguments = finding.catalogArguments.map { value in
            finding.kind == .language && ["zh", "en"].contains(value)
                ? catalog.text(value == "en" ? "messageCheck.languageEn" : "messageCheck.languageZh", locale) : value
        }
        func fill(_ key: String) -> String { catalog.text(key, locale, arguments) }
        message = fill("guard.finding.\(finding.code)")
        let own = finding.suggestion?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        suggestion = own.isEmpty ? fill("guard.suggestion.\(finding.code)") : own
    }
}

/// A promise with a time that the check found, resolved to a due time on the business calendar: proposed to the
/// sender as a commitment.
struct CommitmentCandidateDTO: Content, Equatable {
    var text: String
    var start: Int
    var end: Int
    var dueAt: Date

    init(_ candidate: CommitmentCandidate) {
        text = candidate.text
        start = candidate.start
        end = candidate.end
        dueAt = candidate.dueAt
    }
}

/// `POST /api/v1/message-checks`: a text and what it is addressed to.
struct MessageCheckBody: Content {
    var text: String?
    var customerId: String?
    var contactId: String?
    var requestId: String?
    var recipients: [String]?
    var attachmentIds: [String]?
    var language: String?
    var at: String?

    /// The longest text checked (a longer one is refused with `tooLong`, not cut).
    static let maxText = 200_000

    struct Parsed {
        var text: String
        var customerID: UUID?
        var contactID: UUID?
        var requestID: UUID?
        var recipients: [String]
        var attachmentIDs: [UUID]
        var language: AppLocale?
        var at: Date?
    }

    func parsed() throws(ValidationFailure) -> Parsed {
        var v = FieldValidator()
        let checked = v.requiredText("text", text, max: Self.maxText, multiline: true)
        let customer = v.reference("customerId", customerId)
        let contact = v.reference("contactId", contactId)
        let request = v.reference("requestId", requestId)
        var addresses: [String] = []
        if let recipients {
            if recipients.count > 100 { v.add("recipients", "tooMany", ["100"]) }
            for (index, address) in recipients.prefix(100).enumerated() {
                guard let parsed = EmailAddress(address) else {
                    v.add("recipients[\(index)]", "invalidEmail")
                    continue
                }
                addresses.append(parsed.value)
            }
        }
        var attachments: [UUID] = []
        if let attachmentIds {
            if attachmentIds.count > 100 { v.add("attachmentIds", "tooMany", ["100"]) }
            for (index, id) in attachmentIds.prefix(100).enumerated() {
                if let parsed = v.reference("attachmentIds[\(index)]", id) { attachments.append(parsed) }
            }
        }
        var locale: AppLocale?
        if let language, !language.isEmpty {
            locale = MessageCheckWorkflow.locale(language)
            if locale == nil { v.add("language", "invalidChoice", ["zh, en"]) }
        }
        var moment: Date?
        if let at, !at.isEmpty {
            do {
                moment = try DateText.moment(at)
            } catch {
                let issue = error.issue
                v.add("at", issue.code, issue.values)
            }
        }
        if contact != nil && customer == nil && request == nil { v.add("customerId", "required") }
        try v.check()
        return Parsed(
            text: checked ?? "", customerID: customer, contactID: contact, requestID: request, recipients: addresses,
            attachmentIDs: attachments, language: locale, at: moment)
    }
}

/// The answer of a check: what it found and the promises it read.
struct MessageCheckAnswer: Content {
    var findings: [MessageFindingDTO]
    var commitments: [CommitmentCandidateDTO]
}

/// What a composer shows when the check refused a send: the findings, and (when none blocks) the confirmation that
/// sends the text as it is.
struct MessageCheckPanel: Encodable {
    struct Item: Encodable {
        var severity: String
        var severityLabel: String
        var kindLabel: String
        var excerpt: String
        var message: String
        var suggestion: String
    }

    var blocked: Bool
    var title: String
    var items: [Item]

    init(_ refusal: MessageCheckRefusal, _ request: Request) {
        blocked = refusal.blocked
        title = request.t(refusal.blocked ? "error.messageCheckBlocked" : "error.messageCheckWarnings")
        items = refusal.findings.map {
            Item(
                severity: $0.severity, severityLabel: request.t("messageCheck.\($0.severity)"),
                kindLabel: request.t("guard.kind.\($0.kind)"), excerpt: $0.excerpt, message: $0.message,
                suggestion: $0.suggestion)
        }
    }
}
