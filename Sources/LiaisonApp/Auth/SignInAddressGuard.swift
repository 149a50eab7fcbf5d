import Foundation
import LiaisonCore
import NIOConcurrencyHelpers
import Vapor

/// This server's `SignInAddressThrottle`, shared by all requests. It lives in memory: each server counts the
/// failures it sees itself, and a restart forgets them (the per-account lock, kept in the database, does not).
final class SignInAddressGuard: Sendable {
    private let throttle: NIOLockedValueBox<SignInAddressThrottle>

    init(limits: SignInAddressLimits) {
        throttle = NIOLockedValueBox(SignInAddressThrottle(limits: limits))
    }

    /// Callers without a known address (no socket peer) share one count.
    static func key(_ address: String?) -> String { address ?? "-" }

    func blockedUntil(_ address: String?, now: Date) -> Date? {
        throttle.withLockedValue { $0.blockedUntil(Self.key(address), now: now) }
    }

    func recordFailure(_ address: String?, now: Date) -> Date? {
        throttle.withLockedValue { $0.recordFailure(Self.key(address), now: now) }
    }

    var count: Int { throttle.withLockedValue { $0.count } }
}

extension Application {
    private struct SignInAddressGuardKey: StorageKey {
        typealias Value = SignInAddressGuard
    }

    /// Set by `configure` from `LIAISON_SIGNIN_ADDRESS_*`.
    var signInAddresses: SignInAddressGuard {
        get { configured(SignInAddressGuardKey.self, "no sign-in address throttle") }
        set { storage[SignInAddressGuardKey.self] = newValue }
    }
}
