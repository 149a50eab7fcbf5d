import Foundation

/// How long an account stays locked after repeated failed sign-ins.
///
/// The first `threshold - 1` failures cost nothing; the `threshold`-th locks the account for one minute, and each
/// further failure doubles the lock, up to one hour. A successful sign-in resets the count.
public enum SignInThrottle {
    public static let threshold = 5
    public static let firstLock: TimeInterval = 60
    public static let longestLock: TimeInterval = 3600

    public static func lockDuration(afterFailures failures: Int) -> TimeInterval? {
        guard failures >= threshold else { return nil }
        let doublings = min(failures - threshold, 16)
        return min(firstLock * pow(2, Double(doublings)), longestLock)
    }
}
