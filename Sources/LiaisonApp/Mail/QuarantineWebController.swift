import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// The quarantine's pages (`/admin/mail/quarantine`): what waits and why, each message's text as read, and the
/// three ways out — take it in again, put it on a request, discard it — each audited as through the API.
struct QuarantineWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MailRoutes.quarantine, use: list)
        routes.on(MailRoutes.quarantineShow, use: show)
        routes.on(MailRoutes.quarantineRaw, use: raw)
        routes.on(MailRoutes.quarantineRetry, use: retry)
        routes.on(MailRoutes.quarantineAssign, use: assign)
        routes.on(MailRoutes.quarantineDiscard, use: discard)
    }

    struct ListQuery: Content {
        var state: String?
        var cursor: String?
    }

    func list(_ request: Request) async throws -> Response {
        let query = try request.query.decode(ListQuery.self)
        let all = query.state == "all"
        let state = all ? nil : (query.state.flatMap(QuarantineState.init(rawValue:)) ?? .held)
        let page = (try? PageQuery.parse(limit: nil, cursor: query.cursor)) ?? PageQuery()
        let result = try await MailQuarantine.list(state: state, page: page, on: request.db)
        let addresses = try await mailboxAddresses(request)
        let chosen = all ? "all" : (state?.rawValue ?? "held")
        let rows = result.items.map { entry in
            QuarantineListPage.Row(
                received: request.format(entry.createdAt), from: entry.from ?? "—",
                subject: entry.subject.isEmpty ? request.t("quarantine.noSubject") : entry.subject,
                reason: request.t("quarantine.reason.\(entry.reason.rawValue)"),
                mailbox: entry.mailboxID.flatMap { addresses[$0] } ?? "—",
                state: request.t("quarantine.state.\(entry.state.rawValue)"), held: entry.state == .held,
                link: MailRoutes.quarantineShow.link(entry.id))
        }
        let body = QuarantineListPage(
            rows: rows, hasRows: !rows.isEmpty,
            states: (QuarantineState.allCases.map(\.rawValue) + ["all"]).map {
                Choice(value: $0, label: request.t("quarantine.state.\($0)"), selected: $0 == chosen)
            },
            filterAction: MailRoutes.quarantine.link(), mailboxesLink: MailboxRoutes.list.link(),
            nextLink: result.nextCursor.map { MailRoutes.quarantine.link() + "?state=\(chosen)&cursor=\($0)" })
        return try await request.page("mailboxes/quarantine", title: request.t("quarantine.title"), body)
    }

    func show(_ request: Request) async throws -> Response {
        try await render(request, try await QuarantineAPIController.entry(request), errors: [:], status: .ok)
    }

    private func render(
        _ request: Request, _ entry: QuarantinedMail, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let data = try await request.application.context.blobStore.get(sha256: entry.rawSHA256, on: request.db)
        // The text as the mail reader sees it (never the HTML itself); a long one is cut.
        var text = ""
        var attachments: [String] = []
        if let data, entry.reason != .tooLarge {
            let message = MailMessage(parsing: Array(data))
            text = String(message.text.prefix(20_000))
            attachments = message.attachments.map { "\($0.filename) (\(ByteCountFormatter.string(fromByteCount: Int64($0.data.count), countStyle: .file)))" }
        }
        let addresses = try await mailboxAddresses(request)
        var resolvedBy: String?
        if let id = entry.resolvedByID {
            resolvedBy = try await PeopleQueries.names([id], on: request.db)[id]
        }
        let id = entry.id
        let body = QuarantinePage(
            subject: entry.subject.isEmpty ? request.t("quarantine.noSubject") : entry.subject,
            from: entry.from ?? "—", messageID: entry.messageID ?? "—",
            mailbox: entry.mailboxID.flatMap { addresses[$0] } ?? "—",
            received: request.format(entry.createdAt),
            size: ByteCountFormatter.string(fromByteCount: Int64(entry.rawSize), countStyle: .file),
            reason: request.t("quarantine.reason.\(entry.reason.rawValue)"),
            reasonHint: request.t("quarantine.why.\(entry.reason.rawValue)"), detail: entry.detail,
            state: request.t("quarantine.state.\(entry.state.rawValue)"), held: entry.state == .held,
            resolved: entry.resolvedAt.map { request.format($0) }, resolvedBy: resolvedBy,
            requestLink: entry.requestID.map { RequestRoutes.show.link($0) },
            text: text, hasText: !text.isEmpty, attachments: attachments,
            hasAttachments: !attachments.isEmpty, stored: data != nil,
            rawLink: MailRoutes.quarantineRaw.link(id), retryAction: MailRoutes.quarantineRetry.link(id),
            assignAction: MailRoutes.quarantineAssign.link(id), discardAction: MailRoutes.quarantineDiscard.link(id),
            listLink: MailRoutes.quarantine.link(), errors: errors)
        let response = try await request.page("mailboxes/quarantine-entry", title: request.t("quarantine.entry"), body)
        response.status = status
        return response
    }

    func raw(_ request: Request) async throws -> Response {
        try await QuarantineAPIController.raw(try await QuarantineAPIController.entry(request), request)
    }

    /// Takes the message in again and goes where it went: its request, or its new quarantine entry.
    func retry(_ request: Request) async throws -> Response {
        let entry = try await QuarantineAPIController.entry(request)
        guard entry.state == .held else {
            return try await render(
                request, entry, errors: ["action": request.t("conflict.notHeld")], status: .conflict)
        }
        let taken = try await QuarantineAPIController.retry(entry, request)
        switch taken.outcome {
        case .opened(let id, _), .joined(let id, _), .duplicate(let id?, _):
            return request.redirect(to: RequestRoutes.show.link(id), flash: "flash.quarantineTaken")
        case .quarantined(let id, _):
            return request.redirect(to: MailRoutes.quarantineShow.link(id), flash: "flash.quarantineHeldAgain", kind: "error")
        case .duplicate(nil, _), .ownMessage:
            return request.redirect(to: MailRoutes.quarantine.link(), flash: "flash.quarantineNothing", kind: "info")
        }
    }

    struct AssignForm: Content {
        var request: String?
    }

    /// Puts the message on the request named by its number (R-000123).
    func assign(_ request: Request) async throws -> Response {
        let entry = try await QuarantineAPIController.entry(request)
        let form = try request.content.decode(AssignForm.self)
        guard let number = form.request.flatMap(RequestNumber.parse),
            let target = try await RequestQueries.find(number: number, for: request.viewer, on: request.db)
        else {
            return try await render(
                request, entry, errors: ["request": request.t("validation.unknownRequest")],
                status: .unprocessableEntity)
        }
        do {
            _ = try await QuarantineAPIController.assign(entry, to: target.id, request)
        } catch DataError.conflict(let reason) {
            return try await render(request, entry, errors: ["request": request.t("conflict.\(reason)")], status: .conflict)
        }
        return request.redirect(to: RequestRoutes.show.link(target.id), flash: "flash.quarantineAssigned")
    }

    func discard(_ request: Request) async throws -> Response {
        let entry = try await QuarantineAPIController.entry(request)
        let context = request.writeContext
        do {
            _ = try await request.write { tx in
                try await MailQuarantine.resolve(
                    entry.id, as: .discarded, request: nil, expectedVersion: nil, in: context, on: tx)
            }
        } catch DataError.conflict(let reason) {
            return try await render(request, entry, errors: ["action": request.t("conflict.\(reason)")], status: .conflict)
        }
        return request.redirect(to: MailRoutes.quarantine.link(), flash: "flash.quarantineDiscarded")
    }

    private func mailboxAddresses(_ request: Request) async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await MailboxQueries.all(on: request.db).map { ($0.id, $0.address) })
    }
}

struct QuarantineListPage: Encodable {
    struct Row: Encodable {
        var received: String
        var from: String
        var subject: String
        var reason: String
        var mailbox: String
        var state: String
        var held: Bool
        var link: String
    }

    var rows: [Row]
    var hasRows: Bool
    var states: [Choice]
    var filterAction: String
    var mailboxesLink: String
    var nextLink: String?
}

struct QuarantinePage: Encodable {
    var subject: String
    var from: String
    var messageID: String
    var mailbox: String
    var received: String
    var size: String
    var reason: String
    /// What the reason means and what to do about it.
    var reasonHint: String
    var detail: String?
    var state: String
    var held: Bool
    var resolved: String?
    var resolvedBy: String?
    var requestLink: String?
    var text: String
    var hasText: Bool
    var attachments: [String]
    var hasAttachments: Bool
    /// False when the raw message is missing from the store (nothing can be done with it but discarding).
    var stored: Bool
    var rawLink: String
    var retryAction: String
    var assignAction: String
    var discardAction: String
    var listLink: String
    var errors: [String: String]
}
