import Foundation

/// When a failed job runs again: exponential backoff from `base`, capped at `cap`.
public struct RetryPolicy: Sendable, Equatable {
    public var base: TimeInterval
    public var cap: TimeInterval
    public var maxAttempts: Int

    public init(base: TimeInterval = 15, cap: TimeInterval = 3600, maxAttempts: Int = 8) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// Delay before the next try, after `attempts` tries have failed; nil when the job should give up.
    public func delay(afterAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maxAttempts else { return nil }
        let exponent = Double(max(attempts - 1, 0))
        return min(base * pow(2, exponent), cap)
    }
}
