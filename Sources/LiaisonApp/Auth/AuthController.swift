import LiaisonCore
import LiaisonData
import Vapor

/// Sign-in, sign-out and the language switch.
struct AuthController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(AuthRoutes.signIn, use: showSignIn).allowDuringPasswordChange()
        routes.on(AuthRoutes.signInSubmit, use: signIn).allowDuringPasswordChange()
        routes.on(AuthRoutes.signOut, use: signOut).allowDuringPasswordChange()
        routes.on(AuthRoutes.switchLocale, use: switchLocale).allowDuringPasswordChange()
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func showSignIn(_ request: Request) async throws -> Response {
        let next = SignInPage.safeNext(try? request.query.get(String.self, at: "next"))
        if request.principal != nil {
            return request.redirect(to: next)
        }
        return try await request.page(
            "auth/sign-in", title: request.t("signIn.title"),
            SignInPage(action: AuthRoutes.signInSubmit.link(), email: "", next: next, error: nil))
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmed()
        let next = SignInPage.safeNext(form.next)
        func failure(_ message: String, status: HTTPResponseStatus = .unauthorized) async throws -> Response {
            let response = try await request.page(
                "auth/sign-in", title: request.t("signIn.title"),
                SignInPage(action: AuthRoutes.signInSubmit.link(), email: email, next: next, error: message))
            response.status = status
            return response
        }
        guard !email.isEmpty, let password = form.password, !password.isEmpty else {
            return try await failure(request.t("signIn.missing"))
        }
        switch try await SignInService.attempt(email: email, password: password, request: request) {
        case .failed:
            // One answer for every failure, locked accounts included: see `SignInService`.
            return try await failure(request.t("signIn.invalid"))
        case .throttled(let until):
            let seconds = max(1, Int(until.timeIntervalSince(request.now).rounded(.up)))
            let minutes = (seconds + 59) / 60
            let response = try await failure(request.t("signIn.throttled", String(minutes)), status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        case .success(let person):
            return try await request.startSession(for: person, then: next)
        }
    }

    func signOut(_ request: Request) async throws -> Response {
        let actor = request.auditActor
        let now = request.now
        if let token = request.cookies[AuthenticationMiddleware.sessionCookie]?.string {
            let hash = TokenHash.of(token)
            let userID = try request.person.id
            try await request.write { tx in
                try await SessionStore.delete(tokenHash: hash, on: tx)
                try await AuditLog.append(
                    .signOut, recordType: .user, recordID: userID.uuidString, by: actor, at: now, on: tx)
            }
        }
        let wasCustomer = request.principal?.person.isCustomer == true
        request.auth.logout(Principal.self)
        let response = request.redirect(
            to: wasCustomer ? PortalRoutes.signIn.link() : AuthRoutes.signIn.link(), flash: "flash.signedOut",
            kind: "info")
        response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
        return response
    }

    struct LocaleForm: Content {
        var locale: String?
        var back: String?
    }

    /// Saves the choice on the person when signed in (audited), and in a cookie for everyone.
    func switchLocale(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LocaleForm.self)
        guard let locale = form.locale.flatMap(AppLocale.init(rawValue:)) else {
            throw ValidationFailure([ValidationIssue("locale", "unknownLocale")])
        }
        if let person = request.principal?.person {
            let actor = request.auditActor
            let now = request.now
            try await request.write { tx in
                try await PeopleCommands.setPreferences(
                    id: person.id, locale: locale, timeZone: nil, by: actor, at: now, on: tx)
            }
        }
        let response = request.redirect(to: SignInPage.safeNext(form.back))
        response.rememberLocale(locale, secure: request.appConfig.secureCookies)
        return response
    }
}
