import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The commitments page (承诺跟进): one's own, one's team's (for a department lead), the overdue, or every one the
/// reader may see, by status; each open row can be marked done, corrected or cancelled by whoever may change it; a
/// form adds one. Also the one-click confirmation of a promise the reply form proposes, back to the request.
struct CommitmentWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CommitmentRoutes.page, use: page)
        routes.on(CommitmentRoutes.create, use: create)
        routes.on(CommitmentRoutes.edit, use: edit)
        routes.on(CommitmentRoutes.update, use: update)
        routes.on(CommitmentRoutes.done, use: done)
        routes.on(CommitmentRoutes.cancel, use: cancel)
        routes.on(CommitmentRoutes.fromReply, use: fromReply)
    }

    struct Form: Content {
        var text: String?
        var dueAt: String?
        var ownerId: String?
        var customerId: String?
        var version: String?
    }

    /// A proposed commitment the reply form confirms: the promise's text, its due time (RFC 3339, as the message
    /// check resolved it, or a wall-clock time) and where it stands in the reply (start and end offsets).
    struct ReplyForm: Content {
        var text: String?
        var dueAt: String?
        var start: String?
        var end: String?
        var messageId: String?
    }

    func page(_ request: Request) async throws -> Response {
        try await render(request, form: Form(), errors: [:], status: .ok)
    }

    func render(_ request: Request, form: Form, errors: [String: String], status: HTTPStatus) async throws -> Response {
        var query = try request.query.decode(CommitmentWorkflow.ListQuery.self)
        let person = try request.person
        if query.scope == nil && query.overdue == nil && query.status == nil { query.scope = "mine" }
        let now = request.now
        let parsed = (try? query.parse(now: now)) ?? (CommitmentFilter(scope: .mine, now: now), PageQuery())
        let filter = parsed.0
        let viewer = try request.viewer
        let result = try await CommitmentQueries.list(
            filter, for: viewer, limit: parsed.1.limit, after: parsed.1.after, on: request.db)
        try await CommitmentWorkflow.auditListed(result.items, request)
        let people = try await ProjectQueries.people(limit: 500, on: request.db)
        let base = CommitmentRoutes.page.link()
        let leads = person.roles.contains(.departmentLead)
        var filters: [CommitmentListPage.Filter] = [
            .init(
                label: request.t("commitment.filter.mine"), link: base + "?scope=mine",
                current: filter.scope == .mine && !filter.overdue && filter.status == nil)
        ]
        if leads {
            filters.append(
                .init(
                    label: request.t("commitment.filter.team"), link: base + "?scope=team",
                    current: filter.scope == .team && !filter.overdue))
        }
        filters += [
            .init(
                label: request.t("commitment.filter.overdue"), link: base + "?scope=all&overdue=true",
                current: filter.overdue),
            .init(
                label: request.t("commitment.filter.all"), link: base + "?scope=all",
                current: filter.scope == .all && !filter.overdue && filter.status == nil),
        ]
        var rows: [CommitmentRow] = []
        for item in result.items {
            let mayChange = try await CommitmentQueries.mayChange(item.commitment, viewer: viewer, on: request.db)
            rows.append(CommitmentRow(item, now: now, mayChange: mayChange, request: request))
        }
        var next: String?
        if let cursor = result.nextCursor {
            var components = URLComponents()
            components.queryItems = [
                URLQueryItem(name: "scope", value: filter.scope.rawValue),
                URLQueryItem(name: "overdue", value: filter.overdue ? "true" : nil),
                URLQueryItem(name: "status", value: filter.status?.rawValue),
                URLQueryItem(name: "cursor", value: cursor),
            ].filter { $0.value != nil }
            next = base + "?" + (components.percentEncodedQuery ?? "")
        }
        let chosenOwner = form.ownerId ?? person.id.idText
        let page = CommitmentListPage(
            filters: filters, scope: filter.scope.rawValue, overdue: filter.overdue,
            statuses: [Choice(value: "", label: request.t("commitment.status.any"), selected: filter.status == nil)]
                + CommitmentStatus.allCases.map {
                    Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == filter.status)
                },
            filterAction: base, commitments: rows, nextLink: next, createAction: CommitmentRoutes.create.link(),
            owners: people.map {
                Choice(value: $0.id.idText, label: $0.name, selected: $0.id.idText == chosenOwner)
            },
            text: form.text ?? "", dueAt: form.dueAt ?? "", errors: errors)
        let response = try await request.page("commitments/list", title: request.t("commitment.title"), page)
        response.status = status
        return response
    }

    /// A due time from a form: a wall-clock time on the reader's clock (`datetime-local`) or RFC 3339, as RFC 3339
    /// for the input's check; what parses as neither goes on as typed, for the check to name.
    static func dueText(_ raw: String?, _ request: Request) -> String? {
        guard let raw = raw?.trimmedSpaces(), !raw.isEmpty else { return raw }
        guard let date = try? DateText.localMoment(raw, in: request.displayTimeZone, orMoment: true) else { return raw }
        return DateText.rfc3339(date)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        let input = CommitmentInput(
            text: form.text, dueAt: Self.dueText(form.dueAt, request), ownerID: form.ownerId,
            customerID: form.customerId)
        do {
            _ = try await CommitmentWorkflow.create(input, request)
            return request.redirect(to: CommitmentRoutes.page.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func edit(_ request: Request) async throws -> Response {
        let found = try await CommitmentWorkflow.find(request)
        return try await renderEdit(request, found, form: nil, errors: [:], status: .ok)
    }

    private func renderEdit(
        _ request: Request, _ found: CommitmentSummary, form: Form?, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let c = found.commitment
        let people = try await ProjectQueries.people(limit: 500, on: request.db)
        let owner = form?.ownerId ?? c.ownerID.idText
        let page = CommitmentEditPage(
            action: CommitmentRoutes.update.link(c.id), back: CommitmentRoutes.page.link(),
            text: form?.text ?? c.text,
            dueAt: form?.dueAt
                ?? Meeting.wallClock(c.dueAt, in: request.displayTimeZone).replacingOccurrences(
                    of: " ", with: "T"),
            owners: people.map { Choice(value: $0.id.idText, label: $0.name, selected: $0.id.idText == owner) },
            version: c.version, errors: errors)
        let response = try await request.page("commitments/edit", title: request.t("commitment.edit"), page)
        response.status = status
        return response
    }

    func update(_ request: Request) async throws -> Response {
        let found = try await CommitmentWorkflow.find(request, audit: false)
        let form = try request.content.decode(Form.self)
        let current = found.commitment
        let input = CommitmentInput(
            text: form.text ?? current.text,
            dueAt: Self.dueText(form.dueAt, request) ?? DateText.rfc3339(current.dueAt),
            ownerID: form.ownerId ?? current.ownerID.idText)
        do {
            _ = try await CommitmentWorkflow.update(
                current, input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: CommitmentRoutes.page.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderEdit(
                request, found, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return request.redirect(
                to: CommitmentRoutes.edit.link(current.id), flash: "flash.commitmentChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: CommitmentRoutes.page.link(), flash: "conflict.\(reason)", kind: "error")
        }
    }

    func done(_ request: Request) async throws -> Response {
        try await act(request) { id, expected in _ = try await CommitmentWorkflow.done(id, expected: expected, request)
        }
    }

    func cancel(_ request: Request) async throws -> Response {
        try await act(request) { id, expected in
            _ = try await CommitmentWorkflow.cancel(id, expected: expected, request)
        }
    }

    /// Done or cancel from a row (of this page, the request's or the customer's, or the home page), back to it.
    private func act(_ request: Request, _ body: (UUID, Int?) async throws -> Void) async throws -> Response {
        let found = try await CommitmentWorkflow.find(request, audit: false)
        let form = try request.content.decode(Form.self)
        let back = Self.back(request)
        do {
            try await body(found.commitment.id, form.version.flatMap { Int($0) })
            return request.redirect(to: back, flash: "flash.saved")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.commitmentChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    /// The page a row's action came from (its path only), else the commitments page.
    static func back(_ request: Request) -> String {
        request.headers.first(name: .referer).flatMap { URI(string: $0).path.isEmpty ? nil : URI(string: $0).path }
            ?? CommitmentRoutes.page.link()
    }

    func fromReply(_ request: Request) async throws -> Response {
        let requestID = try request.recordID()
        let form = try request.content.decode(ReplyForm.self)
        let back = RequestRoutes.show.link(requestID)
        let input = CommitmentInput(
            text: form.text, dueAt: Self.dueText(form.dueAt, request), requestID: requestID.idText,
            messageID: form.messageId, source: CommitmentSource.reply.rawValue)
        do {
            _ = try await CommitmentWorkflow.create(input, request)
            return request.redirect(to: back + "#commitments", flash: "flash.commitmentConfirmed")
        } catch is ValidationFailure {
            return request.redirect(to: back + "#commitments", flash: "flash.commitmentNotSaved", kind: "error")
        }
    }
}
