import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

/// The organisation's settings in the API.
struct SettingsDTO: Content {
    var companyNameZh: String
    var companyNameEn: String
    /// Where the public site serves the logo; nil when none is uploaded.
    var logoUrl: String?
    var feedbackQueueId: UUID?
    var announcementsNeedApproval: Bool
    /// Days without contact, by customer tier, before the owner is nudged.
    var quietDaysStrategic: Int
    var quietDaysKey: Int
    var quietDaysStandard: Int
    var quietDaysSmall: Int
    /// Hours before a commitment's due time that its owner is reminded.
    var commitmentReminderHours: Int
    var version: Int
    var updatedAt: Date?

    init(_ settings: OrganisationSettings) {
        companyNameZh = settings.companyNameZh
        companyNameEn = settings.companyNameEn
        logoUrl = settings.logo.map { PublicRoutes.logo.link() + "?v=" + String($0.sha256.prefix(12)) }
        feedbackQueueId = settings.feedbackQueueID
        announcementsNeedApproval = settings.announcementsNeedApproval
        quietDaysStrategic = settings.followUp.days(for: .strategic)
        quietDaysKey = settings.followUp.days(for: .key)
        quietDaysStandard = settings.followUp.days(for: .standard)
        quietDaysSmall = settings.followUp.days(for: .small)
        commitmentReminderHours = settings.followUp.reminderHours
        version = settings.version
        updatedAt = settings.updatedAt
    }
}

struct SettingsBody: Content {
    var companyNameZh: String?
    var companyNameEn: String?
    var feedbackQueueId: String?
    var announcementsNeedApproval: Bool?
    var quietDaysStrategic: Int?
    var quietDaysKey: Int?
    var quietDaysStandard: Int?
    var quietDaysSmall: Int?
    var commitmentReminderHours: Int?

    var input: SettingsInput {
        var days: [CustomerTier: String] = [:]
        days[.strategic] = quietDaysStrategic.map(String.init)
        days[.key] = quietDaysKey.map(String.init)
        days[.standard] = quietDaysStandard.map(String.init)
        days[.small] = quietDaysSmall.map(String.init)
        return SettingsInput(
            companyNameZh: companyNameZh, companyNameEn: companyNameEn, feedbackQueueID: feedbackQueueId,
            announcementsNeedApproval: announcementsNeedApproval, quietDays: days,
            reminderHours: commitmentReminderHours.map(String.init))
    }
}

/// `GET/PUT /api/v1/settings` and the logo (`PUT/DELETE /api/v1/settings/logo`): administrators.
struct SettingsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(SettingsRoutes.apiShow, use: show)
        routes.on(SettingsRoutes.apiUpdate, use: update)
        routes.on(SettingsRoutes.apiLogo, body: .collect(maxSize: ByteCount(value: OrganisationSettings.logoMaxBytes + 1)), use: uploadLogo)
        routes.on(SettingsRoutes.apiDeleteLogo, use: deleteLogo)
    }

    func show(_ request: Request) async throws -> Response {
        let settings = try await SettingsStore.read(on: request.db)
        return try SettingsDTO(settings).apiResponse(for: request).withETag(settings.version)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await SettingsStore.read(on: request.db)
        let expected = try request.ifMatch(current: current.version)
        let next = try request.content.decode(SettingsBody.self).input.validated(over: current)
        let settings = try await Self.save(next, expected: expected, request)
        return try SettingsDTO(settings).apiResponse(for: request).withETag(settings.version)
    }

    /// The logo as the raw body (`Content-Type: image/png`, `image/jpeg` or `image/webp`).
    func uploadLogo(_ request: Request) async throws -> Response {
        let data = request.body.data.map { Data(buffer: $0) } ?? Data()
        let logo = try await Self.storeLogo(data, request)
        let current = try await SettingsStore.read(on: request.db)
        let expected = try request.ifMatch(current: current.version)
        var next = current
        next.logo = logo
        let settings = try await Self.save(next, expected: expected, request)
        return try SettingsDTO(settings).apiResponse(for: request).withETag(settings.version)
    }

    func deleteLogo(_ request: Request) async throws -> Response {
        let current = try await SettingsStore.read(on: request.db)
        let expected = try request.ifMatch(current: current.version)
        var next = current
        next.logo = nil
        let settings = try await Self.save(next, expected: expected, request)
        return try SettingsDTO(settings).apiResponse(for: request).withETag(settings.version)
    }

    static func save(_ next: OrganisationSettings, expected: Int?, _ request: Request) async throws
        -> OrganisationSettings
    {
        let actor = request.auditActor
        let now = request.now
        return try await request.write { tx in
            try await SettingsStore.update(to: next, expectedVersion: expected, by: actor, at: now, on: tx)
        }
    }

    /// Checks an uploaded logo (a PNG, JPEG or WebP image by its content, at most 512 KiB) and stores its bytes.
    static func storeLogo(_ data: Data, _ request: Request) async throws -> OrganisationSettings.Logo {
        var v = FieldValidator()
        if data.isEmpty { v.add("logo", "emptyFile") }
        if data.count > OrganisationSettings.logoMaxBytes {
            v.add("logo", "fileTooLarge", [String(format: "%.1f", Double(OrganisationSettings.logoMaxBytes) / 1_048_576)])
        }
        let mime = LogoType.detect(data)
        if !data.isEmpty, mime == nil { v.add("logo", "logoType") }
        try v.check()
        let type = try v.unwrap(mime, "logo")
        let sha = BlobHash.sha256(data)
        try await request.application.context.blobStore.put(data, sha256: sha, on: request.db)
        return OrganisationSettings.Logo(sha256: sha, mime: type, size: data.count)
    }
}

/// The image types a logo may be, told by their first bytes (never by a name or a declared type).
enum LogoType {
    static func detect(_ data: Data) -> String? {
        let head = Array(data.prefix(12))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) {
            return "image/webp"
        }
        return nil
    }
}
