import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

/// The portal's pages: the contact's requests, one request with its conversation, a new request, the profile.
struct PortalWebController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(PortalRoutes.home, use: home)
        routes.on(PortalRoutes.new, use: new)
        routes.on(PortalRoutes.create, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: create)
        routes.on(PortalRoutes.show, use: show)
        routes.on(PortalRoutes.reply, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: reply)
        routes.on(PortalRoutes.close, use: close)
        routes.on(PortalRoutes.reopen, use: reopen)
        routes.on(PortalRoutes.rate, use: rate)
        routes.on(PortalRoutes.download, use: download)
        routes.on(PortalRoutes.profile, use: profile)
        routes.on(PortalRoutes.profileSubmit, use: saveProfile)
        routes.on(PortalRoutes.password, use: changePassword)
        routes.on(PortalRoutes.tokens) { try await TokenPages.portal.list($0) }
        routes.on(PortalRoutes.tokenCreate) { try await TokenPages.portal.create($0) }
        routes.on(PortalRoutes.tokenRevoke) { try await TokenPages.portal.revoke($0) }
        routes.on(PortalRoutes.announcements, use: announcements)
        routes.on(PortalRoutes.announcement, use: announcement)
    }

    struct ListQuery: Content {
        var state: String?
        var q: String?
        var cursor: String?
    }

    func home(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let query = try request.query.decode(ListQuery.self)
        let state = query.state.flatMap(PortalRequestFilter.State.init(rawValue:)) ?? .open
        let text = query.q.map { String(InputText.stripped($0).trimmed().prefix(100)) }.flatMap { $0.isEmpty ? nil : $0 }
        let page = PageQuery(limit: 25, after: query.cursor.flatMap(Cursor.init(encoded:)))
        let result = try await PortalQueries.requests(
            PortalRequestFilter(state: state, text: text), page: page, for: viewer, on: request.db)
        let base = PortalRoutes.home.link()
        func link(_ state: PortalRequestFilter.State) -> String {
            var link = base + "?state=" + state.rawValue
            if let text, let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                link += "&q=" + encoded
            }
            return link
        }
        let rows = result.items.map { r in
            PortalHomePage.Row(
                number: r.numberText, subject: r.subject, link: PortalRoutes.show.link(String(r.number)),
                kind: request.t(r.kind.labelKey), status: request.t(r.status.labelKey), statusCode: r.status.rawValue,
                updated: request.format(r.updatedAt), updatedISO: RFC3339.format(r.updatedAt))
        }
        let news = page.after == nil ? try await announcementItems(request, viewer, limit: Self.newsOnHome, after: nil).items : []
        let body = PortalHomePage(
            labels: .init(
                number: request.t("requests.field.number"), subject: request.t("requests.field.subject"),
                status: request.t("requests.field.status"), updated: request.t("portal.updated")),
            customerName: viewer.customerName,
            scopeNote: viewer.scope == .organisation
                ? request.t("portal.scope.organisationNote", viewer.customerName) : request.t("portal.scope.ownNote"),
            tabs: PortalRequestFilter.State.allCases.map {
                .init(label: request.t("portal.state.\($0.rawValue)"), link: link($0), current: $0 == state)
            },
            state: state.rawValue, query: text ?? "", searchAction: base, rows: rows, hasRows: !rows.isEmpty,
            newLink: PortalRoutes.new.link(), nextLink: result.nextCursor.map { link(state) + "&cursor=" + $0 },
            news: news, hasNews: !news.isEmpty, newsLink: PortalRoutes.announcements.link())
        return try await request.page("portal/home", title: request.t("portal.title"), body)
    }

    // MARK: Announcements

    /// How many of the newest announcements the requests page shows above them.
    static let newsOnHome = 3

    private func announcementItems(
        _ request: Request, _ viewer: PortalViewer, limit: Int, after: Cursor?
    ) async throws -> (items: [PortalAnnouncementsPage.Item], next: String?) {
        let page = try await AnnouncementQueries.forCustomer(
            viewer.customerID, tier: viewer.tier, at: request.now, limit: limit, after: after, on: request.db)
        let items = page.items.map { item in
            PortalAnnouncementsPage.Item(
                title: item.title(in: request.locale), kind: request.t(item.kind.labelKey),
                date: request.format(item.publishedAt), dateISO: RFC3339.format(item.publishedAt),
                link: PortalRoutes.announcement.link(item.id))
        }
        return (items, page.nextCursor)
    }

    func announcements(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        struct Query: Content { var cursor: String? }
        let after = (try? request.query.decode(Query.self))?.cursor.flatMap(Cursor.init(encoded:))
        let (items, next) = try await announcementItems(request, viewer, limit: 20, after: after)
        let body = PortalAnnouncementsPage(
            items: items, hasItems: !items.isEmpty,
            nextLink: next.map { PortalRoutes.announcements.link() + "?cursor=" + $0 })
        return try await request.page("portal/announcements", title: request.t("portal.announcements"), body)
    }

    func announcement(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        guard
            let item = try await AnnouncementQueries.forCustomer(
                try request.recordID(), customerID: viewer.customerID, tier: viewer.tier, at: request.now,
                on: request.db)
        else { throw AppError.notFound }
        let title = item.title(in: request.locale)
        let body = PortalAnnouncementPage(
            title: title, kind: request.t(item.kind.labelKey), date: request.format(item.publishedAt),
            dateISO: RFC3339.format(item.publishedAt), expires: item.expiresAt.map { request.format($0) },
            body: item.body(in: request.locale), backLink: PortalRoutes.announcements.link())
        return try await request.page("portal/announcement", title: title, body)
    }

    // MARK: One request

    func show(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(number: request.parameters.get("number"), for: viewer, request)
        return try await render(request, found, errors: [:], draft: "", status: .ok)
    }

    private func render(
        _ request: Request, _ found: PortalRequest, errors: [String: String], draft: String, status: HTTPStatus
    ) async throws -> Response {
        let messages = try await PortalQueries.conversation(of: found.id, on: request.db)
        let number = String(found.number)
        let ourSide = request.t("portal.ourSide")
        let dto = PortalRequestDTO(found, now: request.now, reopenDays: request.appConfig.portalReopenDays)
        let page = PortalRequestPage(
            number: found.numberText, subject: found.subject, kind: request.t(found.kind.labelKey),
            status: request.t(found.status.labelKey), statusCode: found.status.rawValue,
            created: request.format(found.createdAt), backLink: PortalRoutes.home.link(),
            messages: messages.map { m in
                PortalRequestPage.Message(
                    author: m.fromCustomer ? (m.authorName ?? "—") : (m.authorName.map { "\($0) · \(ourSide)" } ?? ourSide),
                    fromCustomer: m.fromCustomer, date: request.format(m.createdAt),
                    dateISO: RFC3339.format(m.createdAt), body: m.body,
                    files: m.attachments.map {
                        .init(name: $0.filename, link: PortalRoutes.download.link($0.id), size: request.fileSize($0.size))
                    })
            },
            replyAction: found.status == .closed ? nil : PortalRoutes.reply.link(number),
            closeAction: dto.canClose ? PortalRoutes.close.link(number) : nil,
            reopenAction: dto.canReopen ? PortalRoutes.reopen.link(number) : nil,
            rateAction: dto.canRate ? PortalRoutes.rate.link(number) : nil,
            rating: found.satisfaction.map { request.t("portal.rated", String($0)) },
            ratingComment: found.satisfactionComment,
            scores: PortalRules.scores.map {
                Choice(value: String($0), label: request.t("survey.score.\($0)"), selected: false)
            },
            draft: draft, errors: errors, maxUpload: String(request.appConfig.maxUploadMegabytes))
        let response = try await request.page("portal/request", title: found.numberText + " " + found.subject, page)
        response.status = status
        return response
    }

    struct ReplyForm: Content {
        var body: String?
        var file: File?

        var chosenFile: File? { file.flatMap { $0.filename.isEmpty && $0.data.readableBytes == 0 ? nil : $0 } }
    }

    func reply(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(number: request.parameters.get("number"), for: viewer, request)
        let form = try request.content.decode(ReplyForm.self)
        do {
            let file = try await form.chosenFile.asyncMap {
                try await AttachmentUpload.prepare(Data(buffer: $0.data), filename: $0.filename, request: request)
            }
            _ = try await PortalWorkflow.reply(body: form.body, file: file, to: found, for: viewer, request)
            return request.redirect(to: PortalRoutes.show.link(String(found.number)) + "#reply", flash: "flash.portalReplied")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, errors: request.fieldErrors(failure), draft: form.body ?? "", status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return try await render(
                request, found, errors: ["body": request.t("conflict.\(reason)")], draft: form.body ?? "", status: .conflict)
        }
    }

    func close(_ request: Request) async throws -> Response {
        try await change(request, flash: "flash.portalClosed") { found, viewer in
            _ = try await PortalWorkflow.close(found, for: viewer, request)
        }
    }

    func reopen(_ request: Request) async throws -> Response {
        try await change(request, flash: "flash.portalReopened") { found, viewer in
            _ = try await PortalWorkflow.reopen(found, for: viewer, request)
        }
    }

    struct RatingForm: Content {
        var score: String?
        var comment: String?
    }

    func rate(_ request: Request) async throws -> Response {
        let form = try request.content.decode(RatingForm.self)
        let score = form.score.flatMap { Int($0.trimmedSpaces()) }
        return try await change(request, flash: "flash.portalRated") { found, viewer in
            _ = try await PortalWorkflow.rate(found, PortalRatingInput(score: score, comment: form.comment), for: viewer, request)
        }
    }

    /// A button's change on the request, then back to it; a refusal is shown on the request's page.
    private func change(
        _ request: Request, flash: String, _ body: (PortalRequest, PortalViewer) async throws -> Void
    ) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let found = try await PortalWorkflow.request(number: request.parameters.get("number"), for: viewer, request)
        do {
            try await body(found, viewer)
            return request.redirect(to: PortalRoutes.show.link(String(found.number)), flash: flash)
        } catch let failure as ValidationFailure {
            return try await render(request, found, errors: request.fieldErrors(failure), draft: "", status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return try await render(
                request, found, errors: ["status": request.t("conflict.\(reason)")], draft: "", status: .conflict)
        }
    }

    func download(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        return try await PortalWorkflow.download(request.recordID(), for: viewer, request)
    }

    // MARK: New request

    func new(_ request: Request) async throws -> Response {
        _ = try await PortalWorkflow.viewer(request)
        return try await renderNew(request, form: NewForm(), errors: [:], status: .ok)
    }

    struct NewForm: Content {
        var kind: String?
        var subject: String?
        var body: String?
        var file: File?

        var chosenFile: File? { file.flatMap { $0.filename.isEmpty && $0.data.readableBytes == 0 ? nil : $0 } }
    }

    private func renderNew(_ request: Request, form: NewForm, errors: [String: String], status: HTTPStatus)
        async throws -> Response
    {
        let page = PortalNewPage(
            action: PortalRoutes.create.link(), cancelLink: PortalRoutes.home.link(),
            kinds: request.options(RequestKind.self, selected: form.kind ?? RequestKind.inquiry.rawValue) { $0.labelKey },
            subject: form.subject ?? "", body: form.body ?? "", errors: errors,
            maxUpload: String(request.appConfig.maxUploadMegabytes))
        let response = try await request.page("portal/new", title: request.t("portal.new"), page)
        response.status = status
        return response
    }

    func create(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let form = try request.content.decode(NewForm.self)
        do {
            let input = PortalRequestInput(kind: form.kind, subject: form.subject, body: form.body)
            _ = try input.validated(customerID: viewer.customerID, contactID: viewer.contactID)
            let file = try await form.chosenFile.asyncMap {
                try await AttachmentUpload.prepare(Data(buffer: $0.data), filename: $0.filename, request: request)
            }
            let created = try await PortalWorkflow.open(input, file: file, for: viewer, request)
            return request.redirect(to: PortalRoutes.show.link(String(created.number)), flash: "flash.portalOpened")
        } catch let failure as ValidationFailure {
            var kept = form
            kept.file = nil
            return try await renderNew(request, form: kept, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    // MARK: Profile

    func profile(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let person = try request.person
        return try await renderProfile(
            request, viewer: viewer, name: viewer.contactName, locale: person.locale?.rawValue, errors: [:], status: .ok)
    }

    private func renderProfile(
        _ request: Request, viewer: PortalViewer, name: String, locale: String?, errors: [String: String],
        status: HTTPStatus
    ) async throws -> Response {
        let person = try request.person
        let page = PortalProfilePage(
            action: PortalRoutes.profileSubmit.link(), passwordAction: PortalRoutes.password.link(), name: name,
            email: person.email, customerName: viewer.customerName,
            languages: AppLocale.allCases.map {
                Choice(value: $0.rawValue, label: $0.nativeName, selected: $0.rawValue == (locale ?? request.locale.rawValue))
            },
            minimumLength: PasswordPolicy.minimumLength, errors: errors, tokensLink: PortalRoutes.tokens.link())
        let response = try await request.page("portal/profile", title: request.t("portal.profile"), page)
        response.status = status
        return response
    }

    struct ProfileForm: Content {
        var name: String?
        var locale: String?
    }

    func saveProfile(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let form = try request.content.decode(ProfileForm.self)
        do {
            try await PortalWorkflow.updateProfile(name: form.name, locale: form.locale, for: viewer, request)
            let response = request.redirect(to: PortalRoutes.profile.link(), flash: "flash.saved")
            if let locale = form.locale.flatMap(AppLocale.init(rawValue:)) {
                response.rememberLocale(locale, secure: request.appConfig.secureCookies)
            }
            return response
        } catch let failure as ValidationFailure {
            return try await renderProfile(
                request, viewer: viewer, name: form.name ?? "", locale: form.locale,
                errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    func changePassword(_ request: Request) async throws -> Response {
        let viewer = try await PortalWorkflow.viewer(request)
        let person = try request.person
        let form = try request.content.decode(PasswordForm.self)
        var issues: [ValidationIssue] = []
        let stored = try await PeopleQueries.passwordHash(of: person.id, on: request.db) ?? ""
        let current = form.current ?? ""
        let matches = (try? await request.password.async.verify(current, created: stored)) ?? false
        if !matches { issues.append(ValidationIssue("current", "wrongPassword")) }
        let new = form.new ?? ""
        issues += PasswordPolicy.issues(for: new, field: "new", email: person.email)
        if new != (form.confirm ?? "") { issues.append(ValidationIssue("confirm", "passwordsDiffer")) }
        guard issues.isEmpty else {
            return try await renderProfile(
                request, viewer: viewer, name: viewer.contactName, locale: person.locale?.rawValue,
                errors: request.fieldErrors(ValidationFailure(issues)), status: .unprocessableEntity)
        }
        let hash = try await request.password.async.hash(new)
        let (actor, now) = (request.auditActor, request.now)
        let session = request.principal?.sessionID
        try await request.write { tx in
            try await PeopleCommands.setPassword(
                id: person.id, hash: hash, mustChange: false, action: .passwordChanged, by: actor, at: now, on: tx)
            _ = try await SessionStore.deleteAll(userID: person.id, except: session, on: tx)
        }
        return request.redirect(to: PortalRoutes.profile.link(), flash: "flash.passwordChanged")
    }
}
