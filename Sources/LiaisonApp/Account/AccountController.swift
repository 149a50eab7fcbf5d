import Fluent
import LiaisonCore
import LiaisonData
import Vapor

/// A person's own account: preferences, password, sessions and API tokens.
struct AccountController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(AccountRoutes.overview, use: overview)
        routes.on(AccountRoutes.preferences, use: savePreferences)
        routes.on(AccountRoutes.absence, use: saveAbsence)
        routes.on(AccountRoutes.password, use: showPassword).allowDuringPasswordChange()
        routes.on(AccountRoutes.passwordSubmit, use: changePassword).allowDuringPasswordChange()
        routes.on(AccountRoutes.tokens, use: tokens)
        routes.on(AccountRoutes.tokenCreate, use: createToken)
        routes.on(AccountRoutes.tokenRevoke, use: revokeToken)
        routes.on(AccountRoutes.sessionEnd, use: endSession)
    }

    // MARK: Overview and preferences

    func overview(_ request: Request) async throws -> Response {
        try await renderOverview(request, errors: [:], status: .ok)
    }

    private func renderOverview(_ request: Request, errors: [String: String], status: HTTPStatus) async throws
        -> Response
    {
        let person = try request.person
        let sessions = try await SessionStore.list(userID: person.id, now: request.now, on: request.db)
        let department = try await person.departmentID.asyncMap {
            try await DepartmentQueries.find(id: $0, on: request.db)?.displayName(in: request.locale)
        } ?? nil
        let page = AccountPage(
            name: person.name, email: person.email,
            roles: person.roles.sorted().map { request.t($0.labelKey) }, department: department,
            locales: AppLocale.allCases.map {
                .init(value: $0.rawValue, label: $0.nativeName, selected: $0 == (person.locale ?? request.locale))
            },
            timeZone: person.timeZone, timeZones: TimeZones.common(including: person.timeZone),
            preferencesAction: AccountRoutes.preferences.link(), absenceAction: AccountRoutes.absence.link(),
            awayUntil: person.absentUntil.flatMap { $0 > request.now ? request.format($0) : nil } ?? "",
            passwordLink: AccountRoutes.password.link(),
            tokensLink: AccountRoutes.tokens.link(), notificationsLink: NotificationRoutes.preferences.link(),
            sessions: sessions.map {
                .init(
                    id: $0.id.uuidString, current: $0.id == request.principal?.sessionID, address: $0.address ?? "",
                    agent: UserAgent.summary($0.userAgent), lastSeen: request.format($0.lastSeenAt),
                    created: request.format($0.createdAt), endAction: AccountRoutes.sessionEnd.link($0.id))
            },
            errors: errors)
        let response = try await request.page("account/overview", title: request.t("account.title"), page)
        response.status = status
        return response
    }

    struct PreferencesForm: Content {
        var locale: String?
        var timeZone: String?
    }

    func savePreferences(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PreferencesForm.self)
        let person = try request.person
        var validator = FieldValidator()
        let locale = form.locale.flatMap(AppLocale.init(rawValue:))
        if locale == nil { validator.add("locale", "unknownLocale") }
        let zone = (form.timeZone ?? "").trimmedSpaces()
        if !TimeZoneName.isKnown(zone) { validator.add("timeZone", "unknownTimeZone") }
        do {
            try validator.check()
        } catch {
            return try await renderOverview(request, errors: request.fieldErrors(error), status: .unprocessableEntity)
        }
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await PeopleCommands.setPreferences(
                id: person.id, locale: locale, timeZone: zone, by: actor, at: now, on: tx)
        }
        let response = request.redirect(to: AccountRoutes.overview.link(), flash: "flash.saved")
        if let locale {
            response.rememberLocale(locale, secure: request.appConfig.secureCookies)
        }
        return response
    }

    struct AbsenceForm: Content {
        var absentUntil: String?
    }

    /// Away until a moment (typed in the person's own time zone), or back now when empty; automatic assignment
    /// skips people who are away.
    func saveAbsence(_ request: Request) async throws -> Response {
        let person = try request.person
        let text = try request.content.decode(AbsenceForm.self).absentUntil?.nilIfBlank
        let zone = TimeZone(identifier: person.timeZone) ?? BusinessCalendar.defaultTimeZone
        var v = FieldValidator()
        let until = v.localMoment("absentUntil", text, in: zone, orMoment: true)
        if let until, until <= request.now { v.add("absentUntil", "notInFuture") }
        if let issue = v.issues.first {
            return try await renderOverview(
                request, errors: ["absentUntil": request.catalog.message(for: issue, request.locale)],
                status: .unprocessableEntity)
        }
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in try await Assignment.setAbsence(of: person.id, until: until, by: actor, at: now, on: tx) }
        return request.redirect(to: AccountRoutes.overview.link(), flash: "flash.saved")
    }

    // MARK: Password

    func showPassword(_ request: Request) async throws -> Response {
        try await renderPassword(request, errors: [:], status: .ok)
    }

    private func renderPassword(_ request: Request, errors: [String: String], status: HTTPStatus) async throws
        -> Response
    {
        let person = try request.person
        let page = PasswordPage(
            action: AccountRoutes.passwordSubmit.link(), forced: person.mustChangePassword,
            minimumLength: PasswordPolicy.minimumLength, errors: errors)
        let response = try await request.page("account/password", title: request.t("password.title"), page)
        response.status = status
        return response
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    /// A one-time password needs no "current password": the person typed it a moment ago to sign in.
    func changePassword(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PasswordForm.self)
        let person = try request.person
        var issues: [ValidationIssue] = []
        if !person.mustChangePassword {
            let hash = try await PeopleQueries.passwordHash(of: person.id, on: request.db) ?? ""
            let current = form.current ?? ""
            var matches = false
            if !current.isEmpty {
                matches = (try? await request.password.async.verify(current, created: hash)) ?? false
            }
            if !matches { issues.append(ValidationIssue("current", "wrongPassword")) }
        }
        let new = form.new ?? ""
        issues += PasswordPolicy.issues(for: new, field: "new", email: person.email)
        if new != (form.confirm ?? "") { issues.append(ValidationIssue("confirm", "passwordsDiffer")) }
        guard issues.isEmpty else {
            return try await renderPassword(
                request, errors: request.fieldErrors(ValidationFailure(issues)), status: .unprocessableEntity)
        }
        let hash = try await request.password.async.hash(new)
        let actor = request.auditActor
        let now = request.now
        let keep = request.principal?.sessionID
        try await request.write { tx in
            try await PeopleCommands.setPassword(
                id: person.id, hash: hash, mustChange: false, action: .passwordChanged, by: actor, at: now, on: tx)
            _ = try await SessionStore.deleteAll(userID: person.id, except: keep, on: tx)
        }
        return request.redirect(to: HomeRoutes.home.link(), flash: "flash.passwordChanged")
    }

    // MARK: Sessions

    func endSession(_ request: Request) async throws -> Response {
        let person = try request.person
        let id = try request.recordID()
        let ended = try await request.write { tx in
            try await SessionStore.delete(id: id, userID: person.id, on: tx)
        }
        guard ended else { throw AppError.notFound }
        return request.redirect(to: AccountRoutes.overview.link(), flash: "flash.sessionEnded")
    }

    // MARK: Tokens

    func tokens(_ request: Request) async throws -> Response {
        try await TokenPages.staff.list(request)
    }

    func createToken(_ request: Request) async throws -> Response {
        try await TokenPages.staff.create(request)
    }

    func revokeToken(_ request: Request) async throws -> Response {
        try await TokenPages.staff.revoke(request)
    }
}

/// The personal access tokens page, for staff (`/account/tokens`) and for customer contacts (`/portal/tokens`): the
/// same page and the same rules, on each side's own routes.
struct TokenPages {
    var listLink: Endpoint
    var createAction: Endpoint
    var revokeAction: Endpoint

    static let staff = TokenPages(
        listLink: AccountRoutes.tokens, createAction: AccountRoutes.tokenCreate, revokeAction: AccountRoutes.tokenRevoke)
    static let portal = TokenPages(
        listLink: PortalRoutes.tokens, createAction: PortalRoutes.tokenCreate, revokeAction: PortalRoutes.tokenRevoke)

    func list(_ request: Request) async throws -> Response {
        try await render(request, newSecret: nil, name: "", days: "90", errors: [:], status: .ok)
    }

    private func render(
        _ request: Request, newSecret: String?, name: String, days: String, errors: [String: String],
        status: HTTPStatus
    ) async throws -> Response {
        let person = try request.person
        let now = request.now
        let tokens = try await APITokenStore.list(userID: person.id, on: request.db)
        let page = TokensPage(
            createAction: createAction.link(),
            tokens: tokens.map { token in
                let state = token.revokedAt != nil ? "revoked" : (token.isUsable(at: now) ? "active" : "expired")
                return .init(
                    name: token.name, prefix: token.prefix, created: request.format(token.createdAt),
                    lastUsed: request.format(token.lastUsedAt), expires: request.format(token.expiresAt),
                    state: state, stateKey: "tokens.state.\(state)",
                    revokeAction: state == "active" ? revokeAction.link(token.id) : nil)
            },
            newSecret: newSecret, name: name, expiresInDays: days, errors: errors)
        let response = try await request.page("account/tokens", title: request.t("tokens.title"), page)
        response.status = status
        return response
    }

    struct TokenForm: Content {
        var name: String?
        var expiresInDays: String?
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(TokenForm.self)
        let person = try request.person
        let daysText = (form.expiresInDays ?? "").trimmedSpaces()
        let input: TokenIssuer.Input
        do {
            if !daysText.isEmpty, Int(daysText) == nil {
                throw ValidationFailure([ValidationIssue("expiresInDays", "outOfRange", ["1", "3650"])])
            }
            input = try TokenIssuer.validate(name: form.name, expiresInDays: Int(daysText), now: request.now)
        } catch let failure as ValidationFailure {
            return try await render(
                request, newSecret: nil, name: form.name ?? "", days: daysText, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        }
        let issued = try await TokenIssuer.issue(
            for: person.id, input, by: request.auditActor, now: request.now, effects: request.effects,
            writer: request.application.context.writer, db: request.db)
        return try await render(request, newSecret: issued.secret, name: "", days: "90", errors: [:], status: .created)
    }

    func revoke(_ request: Request) async throws -> Response {
        let person = try request.person
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        _ = try await request.write { tx in
            try await APITokenStore.revoke(id: id, userID: person.id, by: actor, at: now, on: tx)
        }
        return request.redirect(to: listLink.link(), flash: "flash.tokenRevoked")
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
