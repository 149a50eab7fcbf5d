import Crypto
import Fluent
import Foundation
import LiaisonCore
import LiaisonData

/// A signed stamp carried by the public feedback form: when the form was handed out, and a random nonce, signed with
/// HMAC-SHA256 under a key derived from the server's secret key. A submission must bring a stamp this server made,
/// at least `minimumSeconds` old (people take longer than that to write) and at most `maximumAge`; the nonce tells a
/// second post of the same form from a new one.
struct FormStamp: Sendable {
    let key: SymmetricKey
    var minimumSeconds: TimeInterval
    var maximumAge: TimeInterval = 86_400

    enum Verdict: Equatable {
        case valid(nonce: String)
        /// Posted sooner than a person could have written it.
        case tooFast
        /// Missing, forged, damaged or too old.
        case invalid
    }

    static let purpose = "liaison.feedback-form.v1"

    /// `key`: derived from the server's secret key for this purpose only (`SecretBox.derivedKey(for: purpose)`).
    init(key: SymmetricKey, minimumSeconds: TimeInterval) {
        self.key = key
        self.minimumSeconds = minimumSeconds
    }

    func issue(at now: Date, nonce: String) -> String {
        let body = "\(Int64((now.timeIntervalSince1970 * 1000).rounded()))-\(nonce)"
        return body + "-" + signature(body)
    }

    func check(_ stamp: String?, at now: Date) -> Verdict {
        guard let stamp, stamp.utf8.count <= 200 else { return .invalid }
        let parts = stamp.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let millis = Int64(parts[0]), !parts[1].isEmpty, parts[1].allSatisfy(\.isHexDigit)
        else { return .invalid }
        let body = "\(parts[0])-\(parts[1])"
        guard CSRFMiddleware.constantTimeEqual(signature(body), String(parts[2])) else { return .invalid }
        let age = now.timeIntervalSince1970 - Double(millis) / 1000
        if age > maximumAge || age < -60 { return .invalid }
        if age < minimumSeconds { return .tooFast }
        return .valid(nonce: String(parts[1]))
    }

    private func signature(_ body: String) -> String {
        Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key)))
    }
}
