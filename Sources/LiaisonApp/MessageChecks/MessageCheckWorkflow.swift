import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The message check on the way out: run on every text that reaches a customer (a public reply by the page, the API
/// or email, a progress report, a message telling the customer of a risk, an announcement, shared minutes) before
/// its write. A `block` finding refuses the send; `warn` findings refuse it until the sender confirms them with a
/// reason, which the send's audit entry then records (`MessageCheckOverride`).
enum MessageCheckWorkflow {
    /// The sender's answer to warnings: send all the same, and why.
    struct Confirmation: Sendable, Equatable {
        var reason: String
    }

    /// What a text is checked against besides itself.
    struct Target: Sendable {
        var addressee: MessageCheckQueries.Addressee
        var recipients: [String] = []
        var attachments: [MessageCheckContext.Attachment] = []
        /// The language the text should be in; the addressee's contact's when nil.
        var language: AppLocale?
        /// When the text counts as sent (promises resolve from then); now when nil.
        var at: Date?
        /// Kinds that do not apply to this text (an announcement's dates are a schedule, not promises).
        var ignored: Set<MessageFindingKind> = []
    }

    /// Checks `text` for `target` without sending anything.
    static func run(_ text: String, for target: Target, _ request: Request) async throws -> MessageCheckResult {
        let now = request.now
        let parts = try await request.application.messageGuard.parts(on: request.db, now: now)
        let addressee = target.addressee
        let language = target.language ?? addressee.language
        let context = MessageCheckContext(
            customerID: addressee.customerID, customerNames: addressee.names, knownDomains: addressee.domains,
            knownAddresses: addressee.addresses, language: language.map(code), internalNotes: addressee.internalNotes,
            lastCustomerMessage: addressee.lastCustomerMessage, recipients: target.recipients,
            attachments: target.attachments, calendar: parts.calendar, now: target.at ?? now,
            senderLanguage: code(request.locale))
        var result = MessageCheck.run(
            text, context: context, lexicon: parts.lexicon, parties: parts.parties, policy: parts.policy)
        if !target.ignored.isEmpty { result.findings.removeAll { target.ignored.contains($0.kind) } }
        return result
    }

    /// Checks `text` before it is sent: throws `MessageCheckRefusal` (422 with the findings) when a finding blocks,
    /// or when there are warnings and no confirmation; returns the override to record with the send when warnings
    /// were confirmed, nil when the text is clean.
    static func clear(
        _ text: String, for target: Target, confirmation: Confirmation?, field: String = "body", _ request: Request
    ) async throws -> MessageCheckOverride? {
        try await clear([(text, target)], confirmation: confirmation, field: field, request)
    }

    /// `clear` of a text sent in several parts (an announcement's Chinese and English versions), each checked for
    /// its own target, the findings of all judged together.
    static func clear(
        _ parts: [(text: String, target: Target)], confirmation: Confirmation?, field: String, _ request: Request
    ) async throws -> MessageCheckOverride? {
        var findings: [MessageFinding] = []
        var commitments: [CommitmentCandidate] = []
        for part in parts where !part.text.isEmpty {
            let result = try await run(part.text, for: part.target, request)
            findings += result.findings
            commitments += result.commitments
        }
        if findings.contains(where: { $0.severity == .block }) {
            throw MessageCheckRefusal(findings: present(findings, request), blocked: true, field: field, commitments: [])
        }
        guard !findings.isEmpty else { return nil }
        guard let confirmation else {
            throw MessageCheckRefusal(
                findings: present(findings, request), blocked: false, field: field,
                commitments: commitments.map { CommitmentCandidateDTO($0) })
        }
        return MessageCheckOverride(
            findings: findings.map { .init(code: $0.code, excerpt: $0.excerpt) }, reason: confirmation.reason)
    }

    /// The confirmation a form or a body carries: `confirmWarnings` with a reason (required, ≤ 500 characters).
    static func confirmation(confirm: Bool?, reason: String?) throws(ValidationFailure) -> Confirmation? {
        var v = FieldValidator()
        guard confirm == true else {
            // A reason without the confirmation is kept by nothing, but is still checked like any field.
            _ = v.optionalText("overrideReason", reason, max: 500)
            try v.check()
            return nil
        }
        let text = v.requiredText("overrideReason", reason, max: 500)
        try v.check()
        return Confirmation(reason: text)
    }

    /// The findings in the sender's language.
    static func present(_ findings: [MessageFinding], _ request: Request) -> [MessageFindingDTO] {
        findings.map { MessageFindingDTO($0, catalog: request.catalog, locale: request.locale) }
    }

    /// The language code the check speaks: "zh" or "en".
    static func code(_ locale: AppLocale) -> String { locale == .en ? "en" : "zh" }

    static func locale(_ code: String?) -> AppLocale? {
        switch code?.lowercased() {
        case "zh", "zh-hans", "zh-cn": .zhHans
        case "en", "en-us", "en-gb": .en
        default: nil
        }
    }
}

/// A send refused by the message check: the findings, and whether confirming them could let it through.
struct MessageCheckRefusal: Error {
    var findings: [MessageFindingDTO]
    /// A `block` finding: no confirmation lets the text through.
    var blocked: Bool
    /// The field the text came in.
    var field: String
    var commitments: [CommitmentCandidateDTO]

    /// The findings in one line, for a form's error: each excerpt with its message.
    var summary: String {
        findings.map { $0.excerpt.isEmpty ? $0.message : "“\($0.excerpt)”: \($0.message)" }.joined(separator: " · ")
    }
}
