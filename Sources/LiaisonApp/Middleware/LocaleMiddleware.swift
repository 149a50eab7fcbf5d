import LiaisonCore
import Vapor

/// Chooses the interface language: the person's saved preference, else the language cookie set by the switcher,
/// else `Accept-Language`, else the configured default.
struct LocaleMiddleware: AsyncMiddleware {
    static let cookie = "liaison_lang"

    let fallback: AppLocale

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.storage[LocaleKey.self] =
            request.principal?.person.locale
            ?? request.cookies[Self.cookie].flatMap { AppLocale(rawValue: $0.string) }
            ?? AppLocale.negotiate(acceptLanguage: request.headers.first(name: .acceptLanguage))
            ?? fallback
        return try await next.respond(to: request)
    }
}

private struct LocaleKey: StorageKey {
    typealias Value = AppLocale
}

extension Request {
    var locale: AppLocale {
        get { storage[LocaleKey.self] ?? .zhHans }
        set { storage[LocaleKey.self] = newValue }
    }
}

extension Response {
    /// Remembers the interface language in the browser for a year.
    func rememberLocale(_ locale: AppLocale, secure: Bool) {
        cookies[LocaleMiddleware.cookie] = HTTPCookies.Value(
            string: locale.rawValue, maxAge: 31_536_000, isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}
