import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import Vapor

/// The message check as this server runs it: the compiled lexicon, every customer's and contact's name and the
/// settings, built once and kept between checks. A change made on this server (the lexicon, the settings) drops
/// them at once; names and changes made on another node are picked up after `maxAge`.
final class MessageGuard: Sendable {
    /// How long the compiled parts are kept before they are read again.
    static let maxAge: TimeInterval = 30

    struct Compiled: Sendable {
        var lexicon: Lexicon
        var parties: PartyNames
        var policy: MessageCheckPolicy
        var calendar: BusinessCalendar
        var builtAt: Date
    }

    private let compiled = NIOLockedValueBox<Compiled?>(nil)
    /// Whether a rebuild is under way, so that concurrent checks keep using the old parts instead of each building.
    private let building = NIOLockedValueBox(false)

    init() {}

    /// Drops the compiled parts: the next check reads them again.
    func invalidate() { compiled.withLockedValue { $0 = nil } }

    /// The compiled parts, rebuilt when missing or older than `maxAge` (a stale copy serves while another check
    /// rebuilds).
    func parts(on db: any Database, now: Date) async throws -> Compiled {
        let current = compiled.withLockedValue { $0 }
        if let current, now.timeIntervalSince(current.builtAt) < Self.maxAge, now >= current.builtAt {
            return current
        }
        if let current {
            let mine = building.withLockedValue { busy -> Bool in
                if busy { return false }
                busy = true
                return true
            }
            guard mine else { return current }
        }
        defer { building.withLockedValue { $0 = false } }
        let (entries, _) = try await MessageLexiconStore.effective(on: db)
        let parties = try await MessageCheckQueries.parties(on: db)
        let policy = try await MessageCheckSettingsStore.read(on: db).policy
        let calendar = try await CalendarStore.findDefault(on: db)?.business
            ?? BusinessCalendar.standardChina().applying(HolidayPresets.china)
        let built = Compiled(
            lexicon: Lexicon(entries: entries), parties: PartyNames(parties), policy: policy, calendar: calendar,
            builtAt: now)
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
