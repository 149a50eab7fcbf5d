import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/announcements`: the list, the form (new and edit), and the steps of an announcement's life.
struct AnnouncementsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(AnnouncementRoutes.list, use: list)
        routes.on(AnnouncementRoutes.new, use: new)
        routes.on(AnnouncementRoutes.create, use: create)
        routes.on(AnnouncementRoutes.show, use: show)
        routes.on(AnnouncementRoutes.update, use: update)
        routes.on(AnnouncementRoutes.submit, use: submit)
        routes.on(AnnouncementRoutes.approve, use: approve)
        routes.on(AnnouncementRoutes.reject, use: reject)
        routes.on(AnnouncementRoutes.withdraw, use: withdraw)
        routes.on(AnnouncementRoutes.delete, use: delete)
    }

    struct Form: Content {
        var kind: String?
        var audience: String?
        var tiers: [String]?
        var customerIds: [String]?
        var titleZh: String?
        var titleEn: String?
        var bodyZh: String?
        var bodyEn: String?
        /// Wall-clock times in the writer's time zone (`datetime-local`).
        var publishAt: String?
        var expiresAt: String?
        var version: String?

        init() {
            kind = AnnouncementKind.news.rawValue
            audience = AnnouncementAudience.public.rawValue
        }

        init(_ a: Announcement, zone: TimeZone) {
            kind = a.kind.rawValue
            audience = a.audience.rawValue
            tiers = a.tiers.map(\.rawValue)
            customerIds = a.customerIDs.map(\.uuidString)
            titleZh = a.titleZh
            titleEn = a.titleEn
            bodyZh = a.bodyZh
            bodyEn = a.bodyEn
            publishAt = a.publishAt.map { Self.local($0, zone) }
            expiresAt = a.expiresAt.map { Self.local($0, zone) }
            version = String(a.version)
        }

        var input: AnnouncementInput {
            AnnouncementInput(
                kind: kind, audience: audience, tiers: tiers ?? [], customerIDs: customerIds ?? [], titleZh: titleZh,
                titleEn: titleEn, bodyZh: bodyZh, bodyEn: bodyEn, publishAt: publishAt, expiresAt: expiresAt)
        }

        /// `2026-09-21T21:33` in `zone`, as a `datetime-local` field holds it.
        static func local(_ date: Date, _ zone: TimeZone) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            func two(_ v: Int?) -> String { let n = v ?? 0; return n < 10 ? "0\(n)" : String(n) }
            return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute))"
        }
    }

    struct ListQuery: Content {
        var status: String?
        var cursor: String?
    }

    func list(_ request: Request) async throws -> Response {
        let query = try? request.query.decode(ListQuery.self)
        let status = query?.status.flatMap(AnnouncementStatus.init(rawValue:))
        let after = query?.cursor.flatMap(Cursor.init(encoded:))
        let page = try await AnnouncementQueries.list(status: status, limit: 50, after: after, on: request.db)
        let rows = page.items.map {
            AnnouncementsPage.Row(
                title: $0.title(in: request.locale), kind: request.t($0.kind.labelKey),
                audience: request.t($0.audience.labelKey), status: statusText($0, request),
                statusCode: $0.status.rawValue, date: request.format($0.publishedAt ?? $0.updatedAt),
                link: AnnouncementRoutes.show.link($0.id))
        }
        var filters = [
            Choice(value: AnnouncementRoutes.list.link(), label: request.t("announcements.all"), selected: status == nil)
        ]
        filters += AnnouncementStatus.allCases.map {
            Choice(
                value: AnnouncementRoutes.list.link() + "?status=" + $0.rawValue, label: request.t($0.labelKey),
                selected: $0 == status)
        }
        var more: String?
        if let next = page.nextCursor {
            more = AnnouncementRoutes.list.link() + "?cursor=" + next + (status.map { "&status=" + $0.rawValue } ?? "")
        }
        return try await request.page(
            "announcements/list", title: request.t("announcements.title"),
            AnnouncementsPage(
                rows: rows, hasRows: !rows.isEmpty, filters: filters, newLink: AnnouncementRoutes.new.link(),
                moreLink: more, publicLink: PublicRoutes.home.link()))
    }

    func new(_ request: Request) async throws -> Response {
        try await render(request, nil, form: Form(), errors: [:], status: .ok)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        do {
            let made = try await AnnouncementWorkflow.create(
                try form.input.validated(in: request.displayTimeZone), request)
            return request.redirect(to: AnnouncementRoutes.show.link(made.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func show(_ request: Request) async throws -> Response {
        let found = try await AnnouncementWorkflow.find(request)
        return try await render(
            request, found, form: Form(found, zone: request.displayTimeZone), errors: [:], status: .ok)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let form = try request.content.decode(Form.self)
        do {
            // Chosen customers the writer may not know of are not in the form; they stay chosen.
            let known = try await AnnouncementQueries.knownCustomers(
                current.customerIDs, for: try request.viewer, on: request.db)
            var input = form.input
            input.customerIDs = (input.customerIDs ?? []) + current.customerIDs.filter { !known.contains($0) }.map(\.uuidString)
            let valid = try input.validated(in: request.displayTimeZone)
            _ = try await AnnouncementWorkflow.update(
                current.id, valid, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: AnnouncementRoutes.show.link(current.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, current, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            var fresh = form
            fresh.version = String(current.version)
            return try await render(
                request, current, form: fresh, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    struct SubmitForm: Content {
        var confirmWarnings: String?
        var overrideReason: String?
    }

    func submit(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let form = try request.content.decode(SubmitForm.self)
        let back = AnnouncementRoutes.show.link(current.id)
        do {
            let confirmation = try MessageCheckWorkflow.confirmation(
                confirm: form.confirmWarnings.map { !$0.isEmpty }, reason: form.overrideReason)
            let done = try await AnnouncementWorkflow.submit(current, expected: nil, confirmation: confirmation, request)
            let flash = done.status == .pending ? "flash.announcementSubmitted" : "flash.announcementPublished"
            return request.redirect(to: back, flash: flash)
        } catch let refusal as MessageCheckRefusal {
            return request.redirect(
                to: back, flash: refusal.blocked ? "error.messageCheckBlocked" : "error.messageCheckWarnings",
                kind: "error")
        } catch let failure as ValidationFailure {
            let first = failure.issues.first.map { "validation.\($0.code)" } ?? "error.validation"
            return request.redirect(to: back, flash: first, kind: "error")
        }
    }

    func approve(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        _ = try await AnnouncementWorkflow.approve(id, expected: nil, request)
        return request.redirect(to: AnnouncementRoutes.show.link(id), flash: "flash.announcementPublished")
    }

    struct RejectForm: Content {
        var reason: String?
    }

    func reject(_ request: Request) async throws -> Response {
        let current = try await AnnouncementWorkflow.find(request)
        let reason = try request.content.decode(RejectForm.self).reason
        do {
            _ = try await AnnouncementWorkflow.reject(current.id, reason: reason, expected: nil, request)
            return request.redirect(to: AnnouncementRoutes.show.link(current.id), flash: "flash.announcementRejected")
        } catch let failure as ValidationFailure {
            return try await render(
                request, current, form: Form(current, zone: request.displayTimeZone),
                errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func withdraw(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        _ = try await AnnouncementWorkflow.withdraw(id, expected: nil, request)
        return request.redirect(to: AnnouncementRoutes.show.link(id), flash: "flash.announcementWithdrawn")
    }

    func delete(_ request: Request) async throws -> Response {
        try await AnnouncementWorkflow.delete(try request.recordID(), expected: nil, request)
        return request.redirect(to: AnnouncementRoutes.list.link(), flash: "flash.deleted")
    }

    private func statusText(_ a: Announcement, _ request: Request) -> String {
        if a.status == .published, let at = a.publishedAt, at > request.now { return request.t("announcements.scheduled") }
        if a.status == .published, let end = a.expiresAt, end <= request.now { return request.t("announcements.expired") }
        return request.t(a.status.labelKey)
    }

    private func render(
        _ request: Request, _ a: Announcement?, form: Form, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let person = request.principal?.person
        let chosenTiers = Set(form.tiers ?? [])
        let chosenIDs = (form.customerIds ?? []).compactMap(UUIDText.parse)
        var customers: [Choice] = []
        for id in chosenIDs {
            if let customer = try await CustomerQueries.find(id, for: viewer, on: request.db) {
                customers.append(Choice(value: customer.id.uuidString, label: customer.name, selected: true))
            }
        }
        for pick in try await LookupQueries.customers("", limit: 30, for: viewer, on: request.db)
        where !chosenIDs.contains(pick.id) {
            customers.append(Choice(value: pick.id.uuidString, label: pick.name, selected: false))
        }
        var page = AnnouncementFormPage(
            isNew: a == nil, action: a.map { AnnouncementRoutes.update.link($0.id) } ?? AnnouncementRoutes.create.link(),
            cancelLink: AnnouncementRoutes.list.link(), version: a?.version ?? 0, form: form,
            kinds: request.options(AnnouncementKind.self, selected: form.kind) { $0.labelKey },
            audiences: request.options(AnnouncementAudience.self, selected: form.audience) { $0.labelKey },
            tiers: CustomerTier.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: chosenTiers.contains($0.rawValue))
            },
            customers: customers, status: a.map { statusText($0, request) }, statusCode: a?.status.rawValue,
            editable: a?.status.isEditable ?? true, rejectionReason: a?.rejectionReason,
            visible: a?.isVisible(at: request.now) ?? false, publishedAt: a?.publishedAt.map { request.format($0) },
            publicLink: nil, errors: errors)
        if let a {
            if a.isVisible(at: request.now), a.audience == .public {
                page.publicLink = PublicRoutes.announcement.link(a.id)
            }
            if a.status.isEditable {
                page.submitAction = AnnouncementRoutes.submit.link(a.id)
                let needsApproval = try await SettingsStore.read(on: request.db).announcementsNeedApproval
                page.submitLabel = request.t(needsApproval ? "announcements.submit" : "announcements.publish")
                page.deleteAction = AnnouncementRoutes.delete.link(a.id)
            }
            if a.status == .pending {
                page.deleteAction = AnnouncementRoutes.delete.link(a.id)
                if person?.can(.announcementsApprove) == true,
                    AnnouncementRules.mayDecide(author: a.authorID, approver: person?.id, status: a.status) == nil
                {
                    page.approveAction = AnnouncementRoutes.approve.link(a.id)
                    page.rejectAction = AnnouncementRoutes.reject.link(a.id)
                }
            }
            if a.status == .published { page.withdrawAction = AnnouncementRoutes.withdraw.link(a.id) }
            if a.audience.isCustomers {
                let list = try await AnnouncementWorkflow.recipients(of: a, request)
                page.recipients = .init(
                    heading: request.t(
                        list.stage == "mailed" ? "announcements.recipientsMailed" : "announcements.recipientsPlanned",
                        String(list.count)),
                    count: list.count, hidden: list.hidden,
                    rows: list.items.prefix(200).map {
                        .init(
                            name: $0.name, customer: $0.customerName, email: $0.email,
                            language: AppLocale(rawValue: $0.language)?.nativeName ?? $0.language,
                            status: $0.status.map { request.t("announcements.delivery.\($0)") } ?? "")
                    }, hasRows: !list.items.isEmpty)
            }
        }
        let title = a.map { $0.title(in: request.locale) } ?? request.t("announcements.new")
        let response = try await request.page("announcements/form", title: title, page)
        response.status = status
        return response
    }
}
