import Crypto
import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import Vapor

/// The public feedback form's defences, shared by all requests of this server: the signed form stamp, the
/// per-address limit and the stamps already accepted (a form posted twice opens one request). In memory: each
/// server counts what it sees, and a restart forgets.
final class FeedbackGuard: Sendable {
    private let minimumSeconds: TimeInterval
    /// The server's secret box, opened when the form is first used (the data folder's key file is made on first use,
    /// as for any stored secret, not at every start).
    private let secrets: @Sendable () throws -> SecretBox
    private let stampMaker = NIOLockedValueBox<FormStamp?>(nil)
    private let limit: NIOLockedValueBox<FeedbackRateLimit>
    private let accepted = NIOLockedValueBox(AcceptedStamps())

    init(
        minimumSeconds: TimeInterval, perAddress: Int, window: TimeInterval,
        secrets: @escaping @Sendable () throws -> SecretBox
    ) {
        self.minimumSeconds = minimumSeconds
        self.secrets = secrets
        limit = NIOLockedValueBox(FeedbackRateLimit(limit: perAddress, window: window))
    }

    /// The form's stamps, signed under a key derived from the server's secret key for this purpose only.
    func stamps() throws -> FormStamp {
        if let made = stampMaker.withLockedValue({ $0 }) { return made }
        let made = FormStamp(key: try secrets().derivedKey(for: FormStamp.purpose), minimumSeconds: minimumSeconds)
        stampMaker.withLockedValue { $0 = made }
        return made
    }

    /// Counts a submission from `address`; false when the address has sent its share for now.
    func admit(_ address: String?, now: Date) -> Bool {
        limit.withLockedValue { $0.admit(address ?? "-", now: now) }
    }

    /// LIAISON_SECRET_KEY's box, else the data folder's (as `Application.secretBox()`).
    static func secretBox(_ config: AppConfig) throws -> SecretBox {
        if let key = config.secretKey { return SecretBox(key: SymmetricKey(data: key)) }
        return try SecretBox.loadOrCreate(in: URL(fileURLWithPath: config.dataDirectory))
    }

    enum Claim: Equatable {
        /// The stamp is this post's to store (`take`), or free (without).
        case claimed
        /// Another post of the same form is being stored.
        case inFlight
        /// The form was stored already, as this request.
        case accepted(Int64)
    }

    /// Claims a stamp for one post: a form posted twice at once is stored once.
    func claim(_ nonce: String, take: Bool = true) -> Claim {
        accepted.withLockedValue { stamps in
            if let number = stamps.numbers[nonce] { return .accepted(number) }
            if stamps.inFlight.contains(nonce) { return .inFlight }
            if take { stamps.inFlight.insert(nonce) }
            return .claimed
        }
    }

    /// Gives a claimed stamp back (the post was refused or failed), so that the form can be sent again.
    func release(_ nonce: String) {
        _ = accepted.withLockedValue { $0.inFlight.remove(nonce) }
    }

    func remember(_ nonce: String, number: Int64) {
        accepted.withLockedValue {
            $0.inFlight.remove(nonce)
            $0.add(nonce, number)
        }
    }

    struct AcceptedStamps {
        static let capacity = 10_000
        var numbers: [String: Int64] = [:]
        var order: [String] = []
        var inFlight: Set<String> = []

        mutating func add(_ nonce: String, _ number: Int64) {
            if numbers.updateValue(number, forKey: nonce) == nil { order.append(nonce) }
            if order.count > Self.capacity {
                let dropped = order.prefix(order.count - Self.capacity / 2)
                for old in dropped { numbers[old] = nil }
                order.removeFirst(dropped.count)
            }
        }
    }
}

extension Application {
    private struct FeedbackGuardKey: StorageKey {
        typealias Value = FeedbackGuard
    }

    /// Set by `configure`.
    var feedbackGuard: FeedbackGuard {
        get { configured(FeedbackGuardKey.self, "no feedback guard") }
        set { storage[FeedbackGuardKey.self] = newValue }
    }
}
