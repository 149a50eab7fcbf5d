import Crypto
import Foundation
import LiaisonCore

/// HMAC-SHA256 signatures: Liaison's own for webhooks, and the two chat apps' that sign calls.
public enum HookSigning {
    /// `X-Liaison-Signature`: `sha256=` and the lowercase hex HMAC-SHA256, keyed with the webhook's secret, of
    /// `"<timestamp>.<body>"` (the timestamp as sent in `X-Liaison-Timestamp`, the body's exact bytes).
    public static func webhook(secret: String, timestamp: Int64, body: Data) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Hex.encode(Array(mac))
    }

    /// DingTalk (加签): base64 of HMAC-SHA256 keyed with the SEC… secret over `"<milliseconds>\n<secret>"`; the
    /// caller URL-encodes it into the address (`RobotMessage.signedURL`).
    public static func dingTalk(secret: String, timestampMillis: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestampMillis)\n\(secret)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// Feishu (签名校验): base64 of HMAC-SHA256 keyed with `"<seconds>\n<secret>"` over no data at all.
    public static func feishu(secret: String, timestampSeconds: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(), using: SymmetricKey(data: Data("\(timestampSeconds)\n\(secret)".utf8)))
        return Data(mac).base64EncodedString()
    }
}
