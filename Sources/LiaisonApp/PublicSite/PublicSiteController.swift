import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct PublicHomePage: Encodable {
    struct Item: Encodable {
        var title: String
        var kind: String
        var date: String
        var link: String
    }

    var company: String
    var logoURL: String?
    var items: [Item]
    var hasItems: Bool
    var moreLink: String?
    var feedLink: String
    var feedbackLink: String
}

struct PublicAnnouncementPage: Encodable {
    var company: String
    var logoURL: String?
    var title: String
    var kind: String
    var date: String
    var expires: String?
    var body: String
    var homeLink: String
    var feedbackLink: String
}

/// The public site (`/public`): the company's name and logo from the settings, the public announcements (each with
/// a page of its own), their Atom feed and the logo itself. No sign-in.
struct PublicSiteController {
    static let pageSize = 20

    func register(_ routes: any RoutesBuilder) {
        routes.on(PublicRoutes.home, use: home)
        routes.on(PublicRoutes.announcement, use: announcement)
        routes.on(PublicRoutes.feed, use: feed)
        routes.on(PublicRoutes.logo, use: logo)
    }

    struct HomeQuery: Content {
        var after: String?
    }

    func home(_ request: Request) async throws -> Response {
        let settings = try await SettingsStore.read(on: request.db)
        let after = (try? request.query.decode(HomeQuery.self))?.after.flatMap(Cursor.init(encoded:))
        let page = try await AnnouncementQueries.publicList(
            at: request.now, limit: Self.pageSize, after: after, on: request.db)
        let items = page.items.map {
            PublicHomePage.Item(
                title: $0.title(in: request.locale), kind: request.t($0.kind.labelKey), date: request.format($0.publishedAt),
                link: PublicRoutes.announcement.link($0.id))
        }
        let company = settings.companyName(in: request.locale)
        return try await request.page(
            "public/home", title: company.isEmpty ? request.t("public.title") : company,
            PublicHomePage(
                company: company, logoURL: SettingsDTO(settings).logoUrl, items: items, hasItems: !items.isEmpty,
                moreLink: page.nextCursor.map { PublicRoutes.home.link() + "?after=" + $0 },
                feedLink: PublicRoutes.feed.link(), feedbackLink: PublicRoutes.feedback.link()))
    }

    func announcement(_ request: Request) async throws -> Response {
        guard let item = try await AnnouncementQueries.publicOne(try request.recordID(), at: request.now, on: request.db)
        else { throw AppError.notFound }
        let settings = try await SettingsStore.read(on: request.db)
        let title = item.title(in: request.locale)
        return try await request.page(
            "public/announcement", title: title,
            PublicAnnouncementPage(
                company: settings.companyName(in: request.locale), logoURL: SettingsDTO(settings).logoUrl, title: title,
                kind: request.t(item.kind.labelKey), date: request.format(item.publishedAt),
                expires: item.expiresAt.map { request.format($0) }, body: item.body(in: request.locale),
                homeLink: PublicRoutes.home.link(), feedbackLink: PublicRoutes.feedback.link()))
    }

    /// The newest 50 public announcements in the visitor's language (`?lang=en` or `zh-Hans` picks one).
    func feed(_ request: Request) async throws -> Response {
        struct FeedQuery: Content { var lang: String? }
        let locale = (try? request.query.decode(FeedQuery.self))?.lang.flatMap(AppLocale.init(rawValue:)) ?? request.locale
        let settings = try await SettingsStore.read(on: request.db)
        let page = try await AnnouncementQueries.publicList(at: request.now, limit: 50, on: request.db)
        let company = settings.companyName(in: locale)
        let title = company.isEmpty ? request.application.context.catalog.text("public.title", locale, []) : company
        let entries = page.items.map {
            AtomFeed.Entry(
                id: $0.id, title: $0.title(in: locale), html: Markdown.html($0.body(in: locale)),
                link: request.publicURL(PublicRoutes.announcement.link($0.id)), published: $0.publishedAt,
                updated: max($0.updatedAt, $0.publishedAt))
        }
        let updated = entries.map(\.updated).max() ?? settings.updatedAt ?? Date(timeIntervalSince1970: 0)
        let xml = AtomFeed.render(
            title: title, selfLink: request.publicURL(PublicRoutes.feed.link()),
            siteLink: request.publicURL(PublicRoutes.home.link()), updated: updated, entries: entries)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/atom+xml; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=60")
        return Response(status: .ok, headers: headers, body: .init(string: xml))
    }

    /// The logo, only as one of the image types checked at upload (never SVG or HTML), not sniffed again.
    func logo(_ request: Request) async throws -> Response {
        let settings = try await SettingsStore.read(on: request.db)
        guard let logo = settings.logo, OrganisationSettings.logoTypes.contains(logo.mime),
            let data = try await request.application.context.blobStore.get(sha256: logo.sha256, on: request.db)
        else { throw AppError.notFound }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: logo.mime)
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"logo\"")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
