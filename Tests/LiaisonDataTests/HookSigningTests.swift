import Foundation
import Testing

@testable import LiaisonData

/// Known vectors, computed apart (Python's hmac and hashlib) from the vendors' published recipes.
@Suite struct HookSigningTests {
    @Test func webhookSignaturesCoverTheTimestampAndTheBody() {
        #expect(
            HookSigning.webhook(secret: "whsec_test", timestamp: 1_790_000_000, body: Data(#"{"a":1}"#.utf8))
                == "sha256=f08690bbaaecbd1607eb9af71f092a9f7054e2b83f8b9d6a0690744d24fc6059")
        #expect(
            HookSigning.webhook(secret: "whsec_test", timestamp: 1_790_000_001, body: Data(#"{"a":1}"#.utf8))
                != "sha256=f08690bbaaecbd1607eb9af71f092a9f7054e2b83f8b9d6a0690744d24fc6059")
    }

    @Test func dingTalkSignsMillisecondsAndTheSecretWithTheSecret() {
        #expect(
            HookSigning.dingTalk(secret: "SECtest", timestampMillis: 1_790_000_000_000)
                == "hqTkBBMf94pnVwc0bmNGz+mbdATQEY0TAQpdswC1zMI=")
    }

    @Test func feishuSignsNothingWithSecondsAndTheSecret() {
        #expect(
            HookSigning.feishu(secret: "feishu-secret", timestampSeconds: 1_790_000_000)
                == "LVsczbz8cG/dhGS50QfERZbc/VmYnTULBg1OrBVY6fQ=")
    }
}
