import Foundation
import LiaisonCore

/// Side effects the application reaches through values handed in at startup, so tests can replace them.
public struct Effects: Sendable {
    public var clock: Clock
    /// Cryptographically secure random bytes, for tokens and one-time passwords.
    public var randomBytes: @Sendable (Int) -> [UInt8]

    public init(clock: Clock, randomBytes: @escaping @Sendable (Int) -> [UInt8]) {
        self.clock = clock
        self.randomBytes = randomBytes
    }

    public static let live = Effects(
        clock: .system,
        randomBytes: { count in
            var generator = SystemRandomNumberGenerator()
            return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        })
}

extension Effects {
    /// A random secret as hex text, `bytes` long before encoding.
    func secret(bytes: Int = 32) -> String {
        Hex.encode(randomBytes(bytes))
    }

    /// A one-time password people can type: 12 characters without look-alikes (0/O, 1/l/I).
    func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String(randomBytes(12).map { alphabet[Int($0) % alphabet.count] })
    }
}
