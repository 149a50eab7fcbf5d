import Fluent
import LiaisonCore
import LiaisonData
import Vapor

/// What every template receives: the language (for `#t`), the shell around the page, and the page's own model.
struct PageContext<Body: Encodable>: Encodable {
    var locale: String
    var shell: Shell
    var page: Body
}

/// The frame of every page: language, navigation by role, the signed-in person, messages, forms' token.
struct Shell: Encodable {
    struct User: Encodable {
        var name: String
        var email: String
        var initials: String
    }

    struct NavItem: Encodable {
        var label: String
        var href: String
        var active: Bool
    }

    struct LocaleOption: Encodable {
        var code: String
        var name: String
        var current: Bool
    }

    /// The link to the notification centre in the header, with the unread count.
    struct Bell: Encodable {
        var href: String
        var unread: Bool
        /// "3", or "99+" past 99.
        var count: String
        /// What a screen reader says: "Notifications, 3 unread".
        var label: String
    }

    struct Flash: Encodable {
        var kind: String
        var text: String
    }

    var htmlLang: String
    var title: String
    var appName: String
    var user: User?
    var bell: Bell?
    var nav: [NavItem]
    var csrf: String
    var flash: Flash?
    var path: String
    var locales: [LocaleOption]
    /// Where the search box sends its query; nil for people who cannot search.
    var searchAction: String?
    /// The live event stream that updates the page's marked parts (`data-live-part`, app.js); nil when nobody
    /// staff is signed in.
    var liveEvents: String?
    /// Where the brand and the person's name lead: the staff home and account, or the portal and its profile.
    var homeLink: String
    var accountLink: String
}

extension Request {
    /// Renders `template` inside the shell with `title` (already localised) and the page model.
    func page<Body: Encodable>(_ template: String, title: String, _ body: Body) async throws -> Response {
        let flash = takeFlash()
        var bell: Shell.Bell?
        if let person = principal?.person, !person.isCustomer {
            let unread = try await NotificationStore.unreadCount(
                for: CustomerViewer(userID: person.id, roles: person.roles), on: db)
            let count = unread > 99 ? "99+" : String(unread)
            bell = Shell.Bell(
                href: NotificationRoutes.page.link(), unread: unread > 0, count: count,
                label: unread > 0 ? t("layout.notificationsUnread", count) : t("layout.notifications"))
        }
        let shell = Shell(
            htmlLang: locale == .zhHans ? "zh-CN" : "en",
            title: title,
            appName: t("app.name"),
            user: principal.map {
                Shell.User(name: $0.person.name, email: $0.person.email, initials: Initials.of($0.person.name))
            },
            bell: bell,
            nav: Navigation.items(for: principal?.person, path: url.path, request: self),
            csrf: csrfToken,
            flash: flash,
            path: url.string,
            locales: AppLocale.allCases.map {
                Shell.LocaleOption(code: $0.rawValue, name: $0.nativeName, current: $0 == locale)
            },
            searchAction: principal?.person.can(.customersView) == true ? SearchRoutes.page.link() : nil,
            liveEvents: principal?.person.can(.staffArea) == true ? EventRoutes.web.link() : nil,
            homeLink: principal?.person.isCustomer == true ? PortalRoutes.home.link() : HomeRoutes.home.link(),
            accountLink: principal?.person.isCustomer == true ? PortalRoutes.profile.link() : AccountRoutes.overview.link())
        let context = PageContext(locale: locale.rawValue, shell: shell, page: body)
        let response = try await view.render(template, context).encodeResponse(for: self)
        if flash != nil {
            response.cookies[FlashCookie.name] = .expired
        }
        response.headers.contentType = .html
        return response
    }

    /// A 303 redirect after a form, optionally carrying a one-time message for the next page.
    func redirect(to path: String, flash key: String? = nil, kind: String = "success") -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let key {
            response.cookies[FlashCookie.name] = HTTPCookies.Value(
                string: "\(kind):\(key)", maxAge: 60, isSecure: appConfig.secureCookies, isHTTPOnly: true,
                sameSite: .lax)
        }
        return response
    }

    private func takeFlash() -> Shell.Flash? {
        guard let raw = cookies[FlashCookie.name]?.string, let colon = raw.firstIndex(of: ":") else { return nil }
        let kind = String(raw[..<colon])
        let key = String(raw[raw.index(after: colon)...])
        guard ["success", "error", "info"].contains(kind), key.hasPrefix("flash.") || key.hasPrefix("conflict."),
            catalog.has(key) else {
            return nil
        }
        return Shell.Flash(kind: kind, text: t(key))
    }
}

enum FlashCookie {
    static let name = "liaison_flash"
}

enum Initials {
    /// One character for a Chinese name (the given name's last character is customary in avatars: 张伟 → 伟), two
    /// letters for a Latin name.
    static func of(_ name: String) -> String {
        let trimmed = name.trimmedSpaces()
        guard let first = trimmed.first else { return "?" }
        if first.unicodeScalars.first.map({ $0.properties.isIdeographic }) == true {
            return trimmed.last.map { String($0) } ?? String(first)
        }
        let words = trimmed.split(separator: " ")
        return words.prefix(2).compactMap(\.first).map { String($0).uppercased() }.joined()
    }
}
