import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import Vapor

/// The message check as this server runs it: the compiled lexicon, every customer's and contact's name, the
/// settings and the business calendar, built once and kept between checks. At most once a second a check asks the
/// database whether anything they are made of has changed (`MessageCheckQueries.fingerprint`, on any node) and
/// rebuilds them when it has; a change made here drops them at once (`invalidate`).
final class MessageGuard: Sendable {
    /// How often the kept parts are compared with the database.
    static let checkEvery: TimeInterval = 1

    struct Compiled: Sendable {
        var lexicon: Lexicon
        var parties: PartyNames
        var policy: MessageCheckPolicy
        var calendar: BusinessCalendar
        var fingerprint: String
        var checkedAt: Date
    }

    private let compiled = NIOLockedValueBox<Compiled?>(nil)
    /// Whether a comparison or a rebuild is under way, so that concurrent checks keep using the kept parts meanwhile.
    private let busy = NIOLockedValueBox(false)

    init() {}

    /// Drops the compiled parts: the next check builds them again.
    func invalidate() { compiled.withLockedValue { $0 = nil } }

    /// The compiled parts: kept ones while they are known to be current, else compared with the database and
    /// rebuilt when it has changed (a check arriving meanwhile uses the kept ones).
    func parts(on db: any Database, now: Date) async throws -> Compiled {
        let current = compiled.withLockedValue { $0 }
        if let current, now.timeIntervalSince(current.checkedAt) < Self.checkEvery, now >= current.checkedAt {
            return current
        }
        if let current {
            let mine = busy.withLockedValue { taken -> Bool in
                if taken { return false }
                taken = true
                return true
            }
            guard mine else { return current }
        }
        defer { if current != nil { busy.withLockedValue { $0 = false } } }
        let fingerprint = try await MessageCheckQueries.fingerprint(on: db)
        if var kept = current, kept.fingerprint == fingerprint {
            kept.checkedAt = now
            compiled.withLockedValue { $0 = kept }
            return kept
        }
        let (entries, _) = try await MessageLexiconStore.effective(on: db)
        let parties = try await MessageCheckQueries.parties(on: db)
        let policy = try await MessageCheckSettingsStore.read(on: db).policy
        let calendar = try await CalendarStore.findDefault(on: db)?.business
            ?? BusinessCalendar.standardChina().applying(HolidayPresets.china)
        let built = Compiled(
            lexicon: Lexicon(entries: entries), parties: PartyNames(parties), policy: policy, calendar: calendar,
            fingerprint: fingerprint, checkedAt: now)
        compiled.withLockedValue { $0 = built }
        return built
    }
}

extension Application {
    private struct MessageGuardKey: StorageKey {
        typealias Value = MessageGuard
    }

    /// Set by `configure`.
    var messageGuard: MessageGuard {
        get { configured(MessageGuardKey.self, "no message guard") }
        set { storage[MessageGuardKey.self] = newValue }
    }
}
