import Fluent
import LiaisonCore
import LiaisonData
import Vapor

struct PortalSignInPage: Encodable {
    var action: String
    var linkAction: String
    var email: String
    var next: String
    var error: String?
    var notice: String?

    /// The portal's sign-in address that returns to `next` afterwards (page loads only).
    static func link(next: String, method: HTTPMethod) -> String {
        let base = PortalRoutes.signIn.link()
        guard method == .GET, next != PortalRoutes.home.link(),
            let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        else { return base }
        return base + "?next=" + encoded
    }
}

/// A single-use link's page: what it is worth, and the button that uses it (a link opened by a mail scanner must not
/// use itself up, so opening it only shows the button).
struct PortalLinkPage: Encodable {
    /// open, used, expired, closed, unknown
    var state: String
    var action: String
    var name: String
    var email: String
    var minimumLength: Int
    var errors: [String: String]
    var signInLink: String
}

/// Signing in to the portal: by password, by a link sent by mail, or by accepting an invitation.
struct PortalAuthController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(PortalRoutes.signIn, use: showSignIn)
        routes.on(PortalRoutes.signInSubmit, use: signIn)
        routes.on(PortalRoutes.linkRequest, use: requestLink)
        routes.on(PortalRoutes.linkShow, use: showLink)
        routes.on(PortalRoutes.linkUse, use: useLink)
        routes.on(PortalRoutes.invitation, use: showInvitation)
        routes.on(PortalRoutes.invitationAccept, use: acceptInvitation)
    }

    private func page(
        _ request: Request, email: String = "", next: String = "/portal", error: String? = nil, notice: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let response = try await request.page(
            "portal/sign-in", title: request.t("portal.signIn.title"),
            PortalSignInPage(
                action: PortalRoutes.signInSubmit.link(), linkAction: PortalRoutes.linkRequest.link(), email: email,
                next: next, error: error, notice: notice))
        response.status = status
        return response
    }

    private static func safeNext(_ raw: String?) -> String {
        let next = SignInPage.safeNext(raw)
        return next.hasPrefix(PortalRoutes.home.link()) && !next.hasPrefix(PortalRoutes.signIn.link())
            ? next : PortalRoutes.home.link()
    }

    func showSignIn(_ request: Request) async throws -> Response {
        let next = Self.safeNext(try? request.query.get(String.self, at: "next"))
        if let person = request.principal?.person {
            return request.redirect(to: person.isCustomer ? next : HomeRoutes.home.link())
        }
        return try await page(request, next: next)
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func signIn(_ request: Request) async throws -> Response {
        let form = try request.content.decode(SignInForm.self)
        let email = InputText.stripped(form.email ?? "").trimmed()
        let next = Self.safeNext(form.next)
        guard !email.isEmpty, let password = form.password, !password.isEmpty else {
            return try await page(request, email: email, next: next, error: request.t("signIn.missing"), status: .unauthorized)
        }
        switch try await SignInService.attempt(email: email, password: password, request: request) {
        case .failed:
            return try await page(request, email: email, next: next, error: request.t("signIn.invalid"), status: .unauthorized)
        case .throttled(let until):
            let seconds = max(1, Int(until.timeIntervalSince(request.now).rounded(.up)))
            let response = try await page(
                request, email: email, next: next, error: request.t("signIn.throttled", String((seconds + 59) / 60)),
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        case .success(let person):
            return try await request.startSession(for: person, then: person.isCustomer ? next : HomeRoutes.home.link())
        }
    }

    struct LinkForm: Content {
        var email: String?
    }

    /// Sends a sign-in link when the address is an open portal account's; the answer is the same either way.
    func requestLink(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LinkForm.self)
        let email = InputText.stripped(form.email ?? "").trimmed()
        guard let address = EmailAddress(InputText.compatible(email)) else {
            return try await page(
                request, email: email, error: request.t("portal.signIn.linkInvalidEmail"), status: .unprocessableEntity)
        }
        if let until = request.application.signInAddresses.blockedUntil(request.clientAddress, now: request.now) {
            let seconds = max(1, Int(until.timeIntervalSince(request.now).rounded(.up)))
            return try await page(
                request, email: email, error: request.t("signIn.throttled", String((seconds + 59) / 60)),
                status: .tooManyRequests)
        }
        // Each request counts against the address like a failed sign-in: one address cannot send links to many
        // mailboxes (nor learn anything from trying).
        _ = request.application.signInAddresses.recordFailure(request.clientAddress, now: request.now)
        let secret = request.effects.secret()
        let link = request.publicURL(PortalRoutes.linkShow.link(secret))
        let (now, client, app) = (request.now, request.clientAddress, request.application)
        let fallback = AppLocale(rawValue: request.appConfig.defaultLocale) ?? .zhHans
        try await request.write { tx in
            guard let person = try await PortalAccounts.requestSignInLink(
                email: address.value, tokenHash: TokenHash.of(secret), address: client, at: now, on: tx)
            else { return }
            try await PortalMail.queue(
                .signIn, to: (person.email, person.name), locale: person.locale ?? fallback, link: link,
                expiresAt: now.addingTimeInterval(PortalLinkPurpose.signIn.lifetime), app: app, now: now, on: tx)
        }
        return try await page(request, email: email, notice: request.t("portal.signIn.linkSent"))
    }

    func showLink(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let outcome = try await PortalAccounts.check(
            tokenHash: TokenHash.of(token), purpose: .signIn, at: request.now, on: request.db)
        return try await render(request, template: "portal/link", token: token, outcome: outcome, action: PortalRoutes.linkUse)
    }

    func useLink(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let (now, client) = (request.now, request.clientAddress)
        let outcome = try await request.write { tx in
            try await PortalAccounts.useSignInLink(tokenHash: TokenHash.of(token), address: client, at: now, on: tx)
        }
        if case .valid(let person) = outcome {
            return try await request.startSession(for: person, then: PortalRoutes.home.link())
        }
        return try await render(request, template: "portal/link", token: token, outcome: outcome, action: PortalRoutes.linkUse)
    }

    func showInvitation(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let outcome = try await PortalAccounts.check(
            tokenHash: TokenHash.of(token), purpose: .invitation, at: request.now, on: request.db)
        return try await render(
            request, template: "portal/invitation", token: token, outcome: outcome, action: PortalRoutes.invitationAccept)
    }

    struct InvitationForm: Content {
        var password: String?
        var confirm: String?
    }

    func acceptInvitation(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let hash = TokenHash.of(token)
        let form = try request.content.decode(InvitationForm.self)
        let current = try await PortalAccounts.check(tokenHash: hash, purpose: .invitation, at: request.now, on: request.db)
        guard case .valid(let person) = current else {
            return try await render(
                request, template: "portal/invitation", token: token, outcome: current,
                action: PortalRoutes.invitationAccept)
        }
        let password = form.password ?? ""
        var issues = PasswordPolicy.issues(for: password, field: "password", email: person.email)
        if password != (form.confirm ?? "") { issues.append(ValidationIssue("confirm", "passwordsDiffer")) }
        guard issues.isEmpty else {
            return try await render(
                request, template: "portal/invitation", token: token, outcome: current,
                action: PortalRoutes.invitationAccept, errors: request.fieldErrors(ValidationFailure(issues)),
                status: .unprocessableEntity)
        }
        let passwordHash = try await request.password.async.hash(password)
        let (now, client) = (request.now, request.clientAddress)
        let outcome = try await request.write { tx in
            try await PortalAccounts.accept(
                tokenHash: hash, passwordHash: passwordHash, address: client, at: now, on: tx)
        }
        if case .valid(let person) = outcome {
            return try await request.startSession(for: person, then: PortalRoutes.home.link())
        }
        return try await render(
            request, template: "portal/invitation", token: token, outcome: outcome, action: PortalRoutes.invitationAccept)
    }

    private func render(
        _ request: Request, template: String, token: String, outcome: PortalAccounts.LinkOutcome, action: Endpoint,
        errors: [String: String] = [:], status: HTTPStatus? = nil
    ) async throws -> Response {
        var page = PortalLinkPage(
            state: "unknown", action: action.link(token), name: "", email: "",
            minimumLength: PasswordPolicy.minimumLength, errors: errors, signInLink: PortalRoutes.signIn.link())
        var code = HTTPStatus.ok
        switch outcome {
        case .valid(let person):
            page.state = "open"
            page.name = person.name
            page.email = person.email
        case .used: page.state = "used"; code = .gone
        case .expired: page.state = "expired"; code = .gone
        case .closed: page.state = "closed"; code = .gone
        case .unknown: page.state = "unknown"; code = .notFound
        }
        let title = template == "portal/invitation" ? "portal.invitation.title" : "portal.link.title"
        let response = try await request.page(template, title: request.t(title), page)
        response.status = status ?? code
        return response
    }
}
