import FluentKit
import Foundation
import LiaisonCore

final class MessageLexiconModel: Model, @unchecked Sendable {
    static let schema = "message_lexicon"

    @ID(key: .id) var id: UUID?
    @Field(key: "phrase") var phrase: String
    @Field(key: "kind") var kind: String
    @Field(key: "severity") var severity: String
    @OptionalField(key: "language") var language: String?
    @OptionalField(key: "suggestion_zh") var suggestionZh: String?
    @OptionalField(key: "suggestion_en") var suggestionEn: String?
    @Field(key: "is_promise") var isPromise: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var entry: LexiconEntry? {
        guard let kind = MessageFindingKind(rawValue: kind), let severity = MessageFindingSeverity(rawValue: severity)
        else { return nil }
        return LexiconEntry(
            phrase: phrase, kind: kind, severity: severity, language: language, suggestionZh: suggestionZh,
            suggestionEn: suggestionEn, isPromise: isPromise)
    }
}

/// The lexicon the message check matches: the built-in one until an administrator first changes it, then the
/// organisation's own (`message_lexicon`). An entry is known by its phrase and kind; every change is audited with
/// the phrases added and removed.
public enum MessageLexiconStore {
    /// The settings key that records that the organisation's lexicon has replaced the built-in one.
    static let editedKey = "messageCheck.lexiconEdited"
    /// The phrases an audit entry names, at most.
    static let auditedPhrases = 50

    /// The entries in force, by kind then phrase, and whether they are the organisation's own.
    public static func effective(on db: any Database) async throws -> (entries: [LexiconEntry], edited: Bool) {
        guard try await SettingModel.find(editedKey, on: db)?.value == "true" else {
            return (Lexicon.builtIn, false)
        }
        let rows = try await MessageLexiconModel.query(on: db).all().compactMap(\.entry)
        return (sorted(rows), true)
    }

    /// Replaces the whole lexicon (an import, or the list as edited). Returns what is now in force.
    @discardableResult
    public static func replace(
        with entries: [LexiconEntry], by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> [LexiconEntry] {
        let (current, _) = try await effective(on: tx)
        let next = deduplicated(entries)
        try await MessageLexiconModel.query(on: tx).delete()
        for entry in next {
            let model = MessageLexiconModel()
            model.id = UUID()
            model.phrase = entry.phrase
            model.kind = entry.kind.rawValue
            model.severity = entry.severity.rawValue
            model.language = entry.language
            model.suggestionZh = entry.suggestionZh
            model.suggestionEn = entry.suggestionEn
            model.isPromise = entry.isPromise
            model.createdAt = now
            try await model.create(on: tx)
        }
        try await setEdited(true, at: now, on: tx)
        try await audit(from: current, to: next, by: actor, at: now, on: tx)
        return next
    }

    /// Adds an entry (or replaces the one with its phrase and kind).
    @discardableResult
    public static func put(_ entry: LexiconEntry, by actor: AuditActor, at now: Date, on tx: any Database)
        async throws -> [LexiconEntry]
    {
        let (current, _) = try await effective(on: tx)
        let others = current.filter { key($0) != key(entry) }
        return try await replace(with: others + [entry], by: actor, at: now, on: tx)
    }

    /// Removes the entry with this phrase and kind; "not found" when there is none.
    @discardableResult
    public static func remove(
        phrase: String, kind: MessageFindingKind, by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws -> [LexiconEntry] {
        let (current, _) = try await effective(on: tx)
        let rest = current.filter { !($0.phrase == phrase && $0.kind == kind) }
        guard rest.count < current.count else { throw DataError.notFound }
        return try await replace(with: rest, by: actor, at: now, on: tx)
    }

    /// Goes back to the built-in lexicon.
    public static func reset(by actor: AuditActor, at now: Date, on tx: any Database) async throws {
        let (current, edited) = try await effective(on: tx)
        guard edited else { return }
        try await MessageLexiconModel.query(on: tx).delete()
        try await setEdited(false, at: now, on: tx)
        try await audit(from: current, to: Lexicon.builtIn, by: actor, at: now, on: tx)
    }

    static func key(_ entry: LexiconEntry) -> String { entry.kind.rawValue + "\u{1F}" + entry.phrase }

    /// One entry per phrase and kind, the last one given winning, in order.
    static func deduplicated(_ entries: [LexiconEntry]) -> [LexiconEntry] {
        var byKey: [String: LexiconEntry] = [:]
        for entry in entries { byKey[key(entry)] = entry }
        return sorted(Array(byKey.values))
    }

    static func sorted(_ entries: [LexiconEntry]) -> [LexiconEntry] {
        entries.sorted { ($0.kind.rawValue, $0.phrase) < ($1.kind.rawValue, $1.phrase) }
    }

    private static func setEdited(_ edited: Bool, at now: Date, on tx: any Database) async throws {
        try await SettingsStore.store(editedKey, String(edited), at: now, on: tx)
    }

    private static func audit(
        from old: [LexiconEntry], to new: [LexiconEntry], by actor: AuditActor, at now: Date, on tx: any Database
    ) async throws {
        let before = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { _, last in last })
        let after = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { _, last in last })
        let added = new.filter { before[key($0)] == nil }.map(\.phrase)
        let removed = old.filter { after[key($0)] == nil }.map(\.phrase)
        let changed = new.filter { entry in before[key(entry)].map { $0 != entry } ?? false }.map(\.phrase)
        var changes = AuditChanges()
        changes.field("entries", from: String(old.count), to: String(new.count))
        func list(_ phrases: [String]) -> String {
            let shown = phrases.prefix(auditedPhrases).joined(separator: " | ")
            return phrases.count > auditedPhrases ? shown + " | …(+\(phrases.count - auditedPhrases))" : shown
        }
        if !added.isEmpty { changes.note("added", list(added)) }
        if !removed.isEmpty { changes.note("removed", list(removed)) }
        if !changed.isEmpty { changes.note("changed", list(changed)) }
        try await AuditLog.append(
            .lexiconUpdated, recordType: .settings, recordID: "messageCheck.lexicon", changes: changes, by: actor,
            at: now, on: tx)
    }
}
