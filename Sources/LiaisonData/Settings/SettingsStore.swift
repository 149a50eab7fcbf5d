import FluentKit
import Foundation
import LiaisonCore

final class SettingModel: Model, @unchecked Sendable {
    static let schema = "settings"

    @ID(custom: "key", generatedBy: .user) var id: String?
    @Field(key: "value") var value: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// The organisation's settings (`OrganisationSettings`): read whole, changed by administrators, every change audited.
public enum SettingsStore {
    static let versionKey = "settings.version"

    public static func read(on db: any Database) async throws -> OrganisationSettings {
        let rows = try await SettingModel.query(on: db).all()
        var values: [String: String] = [:]
        var updatedAt: Date?
        for row in rows {
            guard let key = row.id else { continue }
            values[key] = row.value
            if row.id == versionKey { updatedAt = row.updatedAt }
        }
        typealias Key = OrganisationSettings.Key
        var logo: OrganisationSettings.Logo?
        if let sha = values[Key.logoSHA256.rawValue], let mime = values[Key.logoMime.rawValue] {
            logo = .init(sha256: sha, mime: mime, size: Int(values[Key.logoSize.rawValue] ?? "") ?? 0)
        }
        var followUp = FollowUpSettings()
        for tier in CustomerTier.allCases {
            if let days = values[Key.quietDays(tier).rawValue].flatMap({ Int($0) }) { followUp.quietDays[tier] = days }
        }
        if let hours = values[Key.commitmentReminderHours.rawValue].flatMap({ Int($0) }) {
            followUp.reminderHours = hours
        }
        return OrganisationSettings(
            companyNameZh: values[Key.companyNameZh.rawValue] ?? "",
            companyNameEn: values[Key.companyNameEn.rawValue] ?? "", logo: logo,
            feedbackQueueID: values[Key.feedbackQueueID.rawValue].flatMap(UUIDText.parse),
            announcementsNeedApproval: values[Key.announcementsNeedApproval.rawValue] == "true", followUp: followUp,
            version: Int(values[versionKey] ?? "") ?? 0, updatedAt: updatedAt)
    }

    /// Stores `next` over the settings as they stand; refused when their version is no longer `expectedVersion`,
    /// and when the feedback queue names no department. Returns the settings as stored.
    public static func update(
        to next: OrganisationSettings, expectedVersion: Int?, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> OrganisationSettings {
        let current = try await read(on: tx)
        if let expectedVersion, expectedVersion != current.version {
            throw DataError.staleVersion(current: current.version)
        }
        if let queue = next.feedbackQueueID, queue != current.feedbackQueueID,
            try await DepartmentModel.find(queue, on: tx) == nil
        {
            throw ValidationFailure([ValidationIssue("feedbackQueueId", "invalidReference")])
        }
        var changes = AuditChanges()
        let before = values(current)
        let after = values(next)
        for key in OrganisationSettings.Key.allCases where before[key] != after[key] {
            changes.field(key.rawValue, from: before[key] ?? nil, to: after[key] ?? nil)
            try await store(key.rawValue, after[key] ?? nil, at: now, on: tx)
        }
        guard !changes.isEmpty else { return current }
        let version = current.version + 1
        try await store(versionKey, String(version), at: now, on: tx)
        try await AuditLog.append(
            .settingsUpdated, recordType: .settings, recordID: nil, changes: changes, by: actor, at: now, on: tx)
        var stored = next
        stored.version = version
        stored.updatedAt = now
        return stored
    }

    private static func values(_ settings: OrganisationSettings) -> [OrganisationSettings.Key: String?] {
        [
            .companyNameZh: settings.companyNameZh.isEmpty ? nil : settings.companyNameZh,
            .companyNameEn: settings.companyNameEn.isEmpty ? nil : settings.companyNameEn,
            .logoSHA256: settings.logo?.sha256, .logoMime: settings.logo?.mime,
            .logoSize: settings.logo.map { String($0.size) },
            .feedbackQueueID: settings.feedbackQueueID?.idText,
            .announcementsNeedApproval: String(settings.announcementsNeedApproval),
            .quietDaysStrategic: String(settings.followUp.days(for: .strategic)),
            .quietDaysKey: String(settings.followUp.days(for: .key)),
            .quietDaysStandard: String(settings.followUp.days(for: .standard)),
            .quietDaysSmall: String(settings.followUp.days(for: .small)),
            .commitmentReminderHours: String(settings.followUp.reminderHours),
        ]
    }

    /// Stores one value under its key (nil removes it): the settings of every feature are kept this way.
    static func store(_ key: String, _ value: String?, at now: Date, on tx: any Database) async throws {
        if let existing = try await SettingModel.find(key, on: tx) {
            if let value {
                existing.value = value
                existing.updatedAt = now
                try await existing.update(on: tx)
            } else {
                try await existing.delete(on: tx)
            }
        } else if let value {
            let model = SettingModel()
            model.id = key
            model.value = value
            model.updatedAt = now
            try await model.create(on: tx)
        }
    }
}
