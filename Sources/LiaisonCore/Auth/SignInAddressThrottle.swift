import Foundation

/// How many failed sign-ins one client address may make before it is refused for a while.
public struct SignInAddressLimits: Sendable, Equatable {
    /// Failures within `window` that start a block; 0 turns the throttle off.
    public var failures: Int
    public var window: TimeInterval
    /// How long a blocked address is refused.
    public var block: TimeInterval
    /// The most addresses remembered at once; the least recently seen are forgotten first.
    public var capacity: Int

    public init(failures: Int, window: TimeInterval, block: TimeInterval, capacity: Int = 10_000) {
        self.failures = failures
        self.window = window
        self.block = block
        self.capacity = max(1, capacity)
    }
}

/// Failed sign-ins counted per client address, over a sliding window.
///
/// `SignInThrottle` locks one account after repeated failures; this one stops a single address from trying many
/// accounts. It never looks at which account was tried, so a refusal tells nothing about whether one exists. A
/// successful sign-in does not clear an address's count: one valid account must not let an address go on guessing
/// at the others. Memory is bounded by `capacity`.
public struct SignInAddressThrottle: Sendable {
    public let limits: SignInAddressLimits

    struct Entry: Sendable {
        /// The failures still inside the window, oldest first (at most `limits.failures`).
        var failures: [Date] = []
        var blockedUntil: Date?
        var lastSeen: Date
    }

    private(set) var entries: [String: Entry] = [:]

    public init(limits: SignInAddressLimits) {
        self.limits = limits
    }

    /// Addresses remembered now.
    public var count: Int { entries.count }

    /// When the address may try again, while it is refused; nil when it may try now.
    public func blockedUntil(_ address: String, now: Date) -> Date? {
        guard let until = entries[address]?.blockedUntil, until > now else { return nil }
        return until
    }

    /// Counts one failure; answers the end of the block when this failure starts one.
    @discardableResult
    public mutating func recordFailure(_ address: String, now: Date) -> Date? {
        guard limits.failures > 0 else { return nil }
        if entries[address] == nil, entries.count >= limits.capacity {
            evict(now: now)
        }
        var entry = entries[address] ?? Entry(lastSeen: now)
        entry.lastSeen = now
        if let until = entry.blockedUntil {
            if until > now {
                entries[address] = entry
                return nil
            }
            entry.blockedUntil = nil
        }
        let start = now.addingTimeInterval(-limits.window)
        entry.failures.removeAll { $0 <= start }
        entry.failures.append(now)
        var blocked: Date?
        if entry.failures.count >= limits.failures {
            blocked = now.addingTimeInterval(limits.block)
            entry.blockedUntil = blocked
            entry.failures.removeAll()
        }
        entries[address] = entry
        return blocked
    }

    /// Forgets addresses with nothing left to count, then, if still full, the least recently seen eighth (so that
    /// an address arriving while the table is full costs one sort now and then, not one each time).
    mutating func evict(now: Date) {
        let start = now.addingTimeInterval(-limits.window)
        entries = entries.filter { _, entry in
            (entry.blockedUntil.map { $0 > now } ?? false) || (entry.failures.last.map { $0 > start } ?? false)
        }
        guard entries.count >= limits.capacity else { return }
        let surplus = entries.count - limits.capacity + max(1, limits.capacity / 8)
        for (address, _) in entries.sorted(by: { $0.value.lastSeen < $1.value.lastSeen }).prefix(surplus) {
            entries[address] = nil
        }
    }
}
