import Testing

@testable import LiaisonCore

@Suite struct SignInThrottleTests {
    @Test func fourFailuresCostNothing() {
        for failures in 0...4 { #expect(SignInThrottle.lockDuration(afterFailures: failures) == nil) }
    }

    @Test func theFifthFailureLocksForAMinuteAndEachFurtherOneDoubles() {
        #expect(SignInThrottle.lockDuration(afterFailures: 5) == 60)
        #expect(SignInThrottle.lockDuration(afterFailures: 6) == 120)
        #expect(SignInThrottle.lockDuration(afterFailures: 7) == 240)
    }

    @Test func theLockNeverExceedsAnHour() {
        #expect(SignInThrottle.lockDuration(afterFailures: 11) == 3600)
        #expect(SignInThrottle.lockDuration(afterFailures: 1000) == 3600)
    }
}

@Suite struct PasswordPolicyTests {
    @Test func shortPasswordsAreRefused() {
        #expect(PasswordPolicy.issues(for: "short1!").map(\.code) == ["passwordTooShort"])
    }

    @Test func passwordsPastBcryptsLimitAreRefusedNotTruncated() {
        let long = String(repeating: "密码", count: 13)  // 26 characters, 78 bytes
        #expect(PasswordPolicy.issues(for: long).map(\.code) == ["passwordTooLong"])
    }

    @Test func repetitivePasswordsAreTooSimple() {
        #expect(PasswordPolicy.issues(for: "aaaaaaaaaaaa").map(\.code) == ["passwordTooSimple"])
    }

    @Test func thePasswordMayNotContainTheEmailName() {
        #expect(PasswordPolicy.issues(for: "zhangwei2026!", email: "zhangwei@corp.cn").map(\.code) == ["passwordContainsEmail"])
        #expect(PasswordPolicy.issues(for: "Correct-Horse-42", email: "zhangwei@corp.cn").isEmpty)
    }
}

@Suite struct RetryPolicyTests {
    @Test func delaysDoubleUpToTheCap() {
        let policy = RetryPolicy(base: 15, cap: 100, maxAttempts: 6)
        #expect(policy.delay(afterAttempts: 1) == 15)
        #expect(policy.delay(afterAttempts: 2) == 30)
        #expect(policy.delay(afterAttempts: 3) == 60)
        #expect(policy.delay(afterAttempts: 4) == 100)
        #expect(policy.delay(afterAttempts: 6) == nil)
    }
}
