import Crypto
import Vapor

/// Protects web forms against cross-site request forgery with a double-submitted token: a random value in an
/// HttpOnly, SameSite=Strict cookie that each form repeats in its `_csrf` field. A foreign site can neither read
/// the cookie nor make the browser send it, so it cannot produce a matching pair. The API uses bearer tokens, which
/// browsers never attach on their own, and is exempt.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookie = "liaison_csrf"
    static let field = "_csrf"

    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard !request.isAPI, request.route != nil else {
            return try await next.respond(to: request)
        }
        let existing = request.cookies[Self.cookie].map(\.string).flatMap { $0.count == 64 ? $0 : nil }
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            let submitted = (try? request.content.get(String.self, at: Self.field)) ?? request.headers.first(name: "X-CSRF-Token")
            guard let existing, let submitted, Self.constantTimeEqual(existing, submitted) else {
                throw AppError.csrf
            }
        }
        let token = existing ?? request.effects.secret()
        request.storage[CSRFTokenKey.self] = token
        let response = try await next.respond(to: request)
        let issue = existing == nil && request.storage[UsedKey.self] == true
        if issue || request.storage[RotateKey.self] == true {
            let value = request.storage[CSRFTokenKey.self] ?? token
            response.cookies[Self.cookie] = HTTPCookies.Value(
                string: value, isSecure: secureCookies, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

private struct CSRFTokenKey: StorageKey {
    typealias Value = String
}

private struct RotateKey: StorageKey {
    typealias Value = Bool
}

private struct UsedKey: StorageKey {
    typealias Value = Bool
}

extension Request {
    /// The anti-forgery token for forms on the page being built. A browser gets the cookie only once a page
    /// has used the token.
    var csrfToken: String {
        storage[UsedKey.self] = true
        return storage[CSRFTokenKey.self] ?? ""
    }

    /// Issues a fresh anti-forgery token with this response (at sign-in, so a token seen before is worthless).
    func rotateCSRFToken() {
        storage[CSRFTokenKey.self] = effects.secret()
        storage[RotateKey.self] = true
    }
}
