import Vapor

/// The sign-in form, with what was typed and what went wrong.
struct SignInPage: Encodable {
    var action: String
    var email: String
    var next: String
    var error: String?

    /// The sign-in address that returns to `next` afterwards (only for page loads; forms restart at home).
    static func link(next: String, method: HTTPMethod) -> String {
        let base = AuthRoutes.signIn.link()
        guard method == .GET, next != "/", let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        else { return base }
        return base + "?next=" + encoded
    }

    /// Only paths on this site are followed after sign-in, never another origin.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.count < 2000,
            !raw.hasPrefix(AuthRoutes.signIn.link())
        else { return "/" }
        return raw
    }
}
