import Foundation
import Testing

@testable import LiaisonCore

@Suite struct SignInAddressThrottleTests {
    let clock = TestClock(Date(timeIntervalSince1970: 1_790_000_000))
    let limits = SignInAddressLimits(failures: 20, window: 600, block: 900)

    @Test func theTwentiethFailureWithinTenMinutesBlocksTheAddressForFifteen() {
        var throttle = SignInAddressThrottle(limits: limits)
        for _ in 1...19 {
            #expect(throttle.recordFailure("198.51.100.7", now: clock.now) == nil)
            clock.advance(by: 10)
        }
        #expect(throttle.blockedUntil("198.51.100.7", now: clock.now) == nil)
        let until = throttle.recordFailure("198.51.100.7", now: clock.now)
        #expect(until == clock.now.addingTimeInterval(900))
        #expect(throttle.blockedUntil("198.51.100.7", now: clock.now) == until)
        clock.advance(by: 899)
        #expect(throttle.blockedUntil("198.51.100.7", now: clock.now) == until)
        clock.advance(by: 1)
        #expect(throttle.blockedUntil("198.51.100.7", now: clock.now) == nil)
        // After the block the address starts afresh.
        #expect(throttle.recordFailure("198.51.100.7", now: clock.now) == nil)
    }

    @Test func failuresOlderThanTheWindowNoLongerCount() {
        var throttle = SignInAddressThrottle(limits: limits)
        for _ in 1...19 {
            throttle.recordFailure("198.51.100.7", now: clock.now)
            clock.advance(by: 60)
        }
        // The first failures left the window one by one, so the count never reaches twenty.
        for _ in 1...30 {
            #expect(throttle.recordFailure("198.51.100.7", now: clock.now) == nil)
            clock.advance(by: 32)  // at most nineteen in any ten minutes
        }
    }

    @Test func addressesAreCountedApart() {
        var throttle = SignInAddressThrottle(limits: limits)
        for _ in 1...20 { throttle.recordFailure("198.51.100.7", now: clock.now) }
        #expect(throttle.blockedUntil("198.51.100.7", now: clock.now) != nil)
        #expect(throttle.blockedUntil("203.0.113.9", now: clock.now) == nil)
        #expect(throttle.recordFailure("203.0.113.9", now: clock.now) == nil)
    }

    @Test func zeroFailuresTurnsTheThrottleOff() {
        var throttle = SignInAddressThrottle(limits: SignInAddressLimits(failures: 0, window: 600, block: 900))
        for _ in 1...100 { #expect(throttle.recordFailure("198.51.100.7", now: clock.now) == nil) }
        #expect(throttle.count == 0)
    }

    @Test func memoryStaysBoundedAndBlockedAddressesOutliveIdleOnes() {
        var throttle = SignInAddressThrottle(
            limits: SignInAddressLimits(failures: 3, window: 600, block: 900, capacity: 100))
        for _ in 1...3 { throttle.recordFailure("10.0.0.1", now: clock.now) }
        for n in 0..<1000 {
            clock.advance(by: 1)
            throttle.recordFailure("10.1.\(n / 256).\(n % 256)", now: clock.now)
            #expect(throttle.count <= 100)
        }
        // Older addresses were forgotten first; the blocked one was forgotten too only once it was the oldest.
        #expect(throttle.count <= 100)
        clock.advance(by: 3600)
        throttle.recordFailure("10.2.0.1", now: clock.now)
        #expect(throttle.count <= 100)
    }

    @Test func aBlockedAddressThatKeepsTryingIsRememberedWhileIdleOnesAreDropped() {
        var throttle = SignInAddressThrottle(
            limits: SignInAddressLimits(failures: 3, window: 600, block: 900, capacity: 10))
        for _ in 1...3 { throttle.recordFailure("10.0.0.1", now: clock.now) }
        for n in 0..<50 {
            clock.advance(by: 1)
            throttle.recordFailure("10.1.0.\(n)", now: clock.now)
            // The attacker keeps knocking, so it stays among the most recently seen.
            throttle.recordFailure("10.0.0.1", now: clock.now)
        }
        #expect(throttle.blockedUntil("10.0.0.1", now: clock.now) != nil)
        #expect(throttle.count <= 10)
    }
}

@Suite struct TrustedProxiesTests {
    func proxies(_ text: String) throws -> TrustedProxies {
        try TrustedProxies.parse(text).get()
    }

    @Test func withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() throws {
        let none = try proxies("")
        #expect(none.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.7"]) == "203.0.113.9")
    }

    @Test func aTrustedPeersHeaderNamesTheNearestUntrustedHop() throws {
        let trusted = try proxies("127.0.0.1, 10.0.0.0/8, ::1")
        #expect(trusted.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.7"]) == "198.51.100.7")
        // A client's own forged entry sits to the left of what the proxies added, and is not taken.
        #expect(
            trusted.client(peer: "10.1.2.3", forwardedFor: ["6.6.6.6, 198.51.100.7", "10.9.9.9"]) == "198.51.100.7")
        #expect(trusted.client(peer: "::1", forwardedFor: ["2001:db8::7"]) == "2001:db8::7")
        // An untrusted peer's header is ignored.
        #expect(trusted.client(peer: "203.0.113.9", forwardedFor: ["198.51.100.7"]) == "203.0.113.9")
        // A trusted peer without the header, or with rubbish in it, is taken as the client.
        #expect(trusted.client(peer: "127.0.0.1", forwardedFor: []) == "127.0.0.1")
        #expect(trusted.client(peer: "127.0.0.1", forwardedFor: ["unknown"]) == "127.0.0.1")
    }

    @Test func rangesMatchByPrefix() throws {
        let trusted = try proxies("192.168.0.0/16,2001:db8::/32")
        #expect(trusted.contains("192.168.255.1"))
        #expect(!trusted.contains("192.169.0.1"))
        #expect(trusted.contains("2001:db8:ffff::1"))
        #expect(!trusted.contains("2001:db9::1"))
        #expect(!trusted.contains("not an address"))
    }

    @Test func aBadEntryIsNamed() {
        #expect(throws: TrustedProxies.InvalidEntry(entry: "proxy.local")) {
            try TrustedProxies.parse("10.0.0.1, proxy.local").get()
        }
        #expect(throws: TrustedProxies.InvalidEntry(entry: "10.0.0.0/33")) {
            try TrustedProxies.parse("10.0.0.0/33").get()
        }
    }
}
