import Foundation
import LiaisonCore
import LiaisonData
import NIOConcurrencyHelpers
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// A password hasher that counts the verifications it makes (bcrypt underneath, at the tests' cost).
final class CountingHasher: PasswordHasher {
    private let verifications = NIOLockedValueBox(0)

    var count: Int { verifications.withLockedValue { $0 } }

    func hash<Password: DataProtocol>(_ password: Password) throws -> [UInt8] {
        Array(try Bcrypt.hash(String(decoding: Array(password), as: UTF8.self), cost: 4).utf8)
    }

    func verify<Password: DataProtocol, Digest: DataProtocol>(_ password: Password, created digest: Digest) throws
        -> Bool
    {
        verifications.withLockedValue { $0 += 1 }
        return try Bcrypt.verify(
            String(decoding: Array(password), as: UTF8.self), created: String(decoding: Array(digest), as: UTF8.self))
    }
}

@Suite struct SignInAnswersTests {
    /// Sends the sign-in form as if from `address` (the in-memory tester has no socket peer), through every
    /// middleware, with the anti-forgery pair a browser would send.
    func signIn(
        _ app: TestApp, from address: String?, _ email: String, _ password: String, forwardedFor: String? = nil
    ) async throws -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: String) {
        let csrf = String(repeating: "c", count: 64)
        var headers = HTTPHeaders()
        headers.add(name: .accept, value: "text/html")
        headers.add(name: .cookie, value: "liaison_csrf=\(csrf)")
        headers.contentType = .urlEncodedForm
        if let forwardedFor { headers.add(name: .xForwardedFor, value: forwardedFor) }
        var components = URLComponents()
        components.queryItems = [
            URLQueryItem(name: "email", value: email), URLQueryItem(name: "password", value: password),
            URLQueryItem(name: "_csrf", value: csrf),
        ]
        let body = ByteBuffer(string: components.percentEncodedQuery ?? "")
        headers.replaceOrAdd(name: .contentLength, value: String(body.readableBytes))
        let request = Request(
            application: app.app, method: .POST, url: URI(path: "/sign-in"), headers: headers, collectedBody: body,
            remoteAddress: try address.map { try SocketAddress(ipAddress: $0, port: 40_000) }, logger: app.app.logger,
            on: app.app.eventLoopGroup.next())
        let response = try await app.app.responder.respond(to: request).get()
        let bytes = try await response.body.collect(on: request.eventLoop).get()
        return (response.status, response.headers, bytes.map { String(buffer: $0) } ?? "")
    }

    /// Every header but the date, which moves with the wall clock, and the length when the emails echoed differ.
    func comparable(_ headers: HTTPHeaders, length: Bool = true) -> [String] {
        headers.filter { $0.name.lowercased() != "date" && (length || $0.name.lowercased() != "content-length") }
            .map { "\($0.name.lowercased()): \($0.value)" }.sorted()
    }

    @Test func aLockedAccountAnswersByteForByteAsAnUnknownOneAfterTheSameHashCheck() async throws {
        try await withTestApp { (app: TestApp) async throws in
            // setup
            let hasher = CountingHasher()
            app.app.passwords.use { _ in hasher }
            let email = "ghost@test.local"
            let unknown = try await signIn(app, from: "198.51.100.7", email, "Test-Passw0rd!")
            #expect(hasher.count == 1)
            #expect(unknown.status == .unauthorized)
            let person = try await app.person(email)
            for attempt in 1...5 {
                let failure = try await signIn(app, from: "198.51.100.7", email, "wrong-password-\(attempt)")
                #expect(failure.body == unknown.body, "failure \(attempt) differs from the unknown account's answer")
                #expect(comparable(failure.headers) == comparable(unknown.headers))
            }
            #expect(try await PeopleQueries.find(id: person.id, on: app.db)?.lockedUntil != nil)
            let before = hasher.count

            // MUT: the right password for the locked account
            let locked = try await signIn(app, from: "198.51.100.7", email, "Test-Passw0rd!")

            // validate
            #expect(hasher.count == before + 1, "a locked account must cost one password check too")
            #expect(locked.status == unknown.status)
            #expect(locked.body == unknown.body)
            #expect(comparable(locked.headers) == comparable(unknown.headers))
            #expect(locked.body.contains("邮箱或密码不正确，或账户因多次登录失败已被临时锁定。"))
            // The reasons are told apart in the audit trail only.
            let failures = try await AuditQueries.list(
                AuditFilter(action: AuditAction.signInFailed.rawValue), page: PageQuery(), on: app.db)
            let reasons = failures.items.map(\.changes)
            #expect(reasons.contains { $0.contains("unknownEmail") })
            #expect(reasons.contains { $0.contains("locked") })
        }
    }

    @Test func anUnknownAccountCostsOnePasswordCheck() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let hasher = CountingHasher()
            app.app.passwords.use { _ in hasher }
            _ = try await signIn(app, from: "198.51.100.7", "nobody@test.local", "whatever-password")
            #expect(hasher.count == 1)
        }
    }

    @Test func aControlCharacterTypedAsTheEmailDoesNotReachTheAuditTrail() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let answer = try await signIn(app, from: "198.51.100.8", "evil\u{0}@test.local\u{202E}", "whatever-password")
            #expect(answer.status == .unauthorized)
            let entries = try await AuditQueries.list(
                AuditFilter(action: AuditAction.signInFailed.rawValue), page: PageQuery(), on: app.db)
            let label = try #require(entries.items.first?.actorLabel)
            #expect(!label.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
            #expect(label.hasPrefix("evil"))
        }
    }

    @Test func oneAddressIsRefusedAfterItsFailuresWhateverTheAccountUntilTheBlockEnds() async throws {
        let settings = [
            "LIAISON_SIGNIN_ADDRESS_FAILURES": "3", "LIAISON_SIGNIN_ADDRESS_WINDOW_MINUTES": "10",
            "LIAISON_SIGNIN_ADDRESS_BLOCK_MINUTES": "15",
        ]
        try await withTestApp(settings) { (app: TestApp) async throws in
            let hasher = CountingHasher()
            app.app.passwords.use { _ in hasher }
            let person = try await app.person("real@test.local")
            for n in 1...3 {
                let failure = try await signIn(app, from: "198.51.100.7", "guess\(n)@test.local", "Test-Passw0rd!")
                #expect(failure.status == .unauthorized)
            }
            let checks = hasher.count

            // MUT: the right password from the blocked address
            let refused = try await signIn(app, from: "198.51.100.7", person.email, "Test-Passw0rd!")

            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.first(name: .retryAfter) == "900")
            #expect(refused.body.contains("您所在网络地址的登录失败次数过多，请 15 分钟后再试。"))
            #expect(hasher.count == checks, "a refused attempt does no password check")
            // The refusal says nothing about the account: an unknown one gets the same answer.
            let unknown = try await signIn(app, from: "198.51.100.7", "nobody@test.local", "Test-Passw0rd!")
            #expect(unknown.status == refused.status)
            #expect(
                unknown.body.replacingOccurrences(of: "nobody@test.local", with: "")
                    == refused.body.replacingOccurrences(of: person.email, with: ""))
            #expect(comparable(unknown.headers, length: false) == comparable(refused.headers, length: false))

            // Another address is counted apart and signs in.
            #expect(try await signIn(app, from: "203.0.113.9", person.email, "Test-Passw0rd!").status == .seeOther)

            // Fourteen minutes on, still refused; after fifteen, let through.
            app.clock.advance(by: 14 * 60)
            #expect(
                try await signIn(app, from: "198.51.100.7", person.email, "Test-Passw0rd!").status == .tooManyRequests)
            app.clock.advance(by: 60)
            #expect(try await signIn(app, from: "198.51.100.7", person.email, "Test-Passw0rd!").status == .seeOther)
        }
    }

    @Test func behindATrustedProxyTheForwardedClientIsCountedAndAudited() async throws {
        let settings = ["LIAISON_SIGNIN_ADDRESS_FAILURES": "2", "LIAISON_TRUSTED_PROXIES": "127.0.0.1"]
        try await withTestApp(settings) { (app: TestApp) async throws in
            let person = try await app.person("real@test.local")
            for _ in 1...2 {
                _ = try await signIn(
                    app, from: "127.0.0.1", "x@test.local", "wrong-password", forwardedFor: "198.51.100.7")
            }
            let blocked = try await signIn(
                app, from: "127.0.0.1", person.email, "Test-Passw0rd!", forwardedFor: "198.51.100.7")
            #expect(blocked.status == .tooManyRequests)
            // Another client through the same proxy is not affected.
            let other = try await signIn(
                app, from: "127.0.0.1", person.email, "Test-Passw0rd!", forwardedFor: "203.0.113.9")
            #expect(other.status == .seeOther)
            // A client that is not a trusted proxy cannot pick its address with the header.
            for _ in 1...2 {
                _ = try await signIn(
                    app, from: "192.0.2.1", "x@test.local", "wrong-password", forwardedFor: "203.0.113.50")
            }
            #expect(
                try await signIn(app, from: "192.0.2.1", person.email, "Test-Passw0rd!", forwardedFor: "203.0.113.51")
                    .status == .tooManyRequests)
            let entries = try await AuditQueries.list(
                AuditFilter(action: AuditAction.signIn.rawValue), page: PageQuery(), on: app.db)
            #expect(entries.items.first?.address == "203.0.113.9")
        }
    }

    @Test func theAddressSettingsAreChecked() throws {
        let config = try AppConfig.load(from: [:])
        #expect(config.signInAddressLimits == SignInAddressLimits(failures: 20, window: 600, block: 900))
        do {
            _ = try AppConfig.load(from: [
                "LIAISON_SIGNIN_ADDRESS_FAILURES": "-1", "LIAISON_SIGNIN_ADDRESS_WINDOW_MINUTES": "0",
                "LIAISON_SIGNIN_ADDRESS_BLOCK_MINUTES": "a while", "LIAISON_TRUSTED_PROXIES": "10.0.0.1, nginx",
            ])
            Issue.record("bad settings were accepted")
        } catch {
            #expect(
                error.problems.map(\.setting) == [
                    "LIAISON_TRUSTED_PROXIES", "LIAISON_SIGNIN_ADDRESS_FAILURES",
                    "LIAISON_SIGNIN_ADDRESS_WINDOW_MINUTES", "LIAISON_SIGNIN_ADDRESS_BLOCK_MINUTES",
                ])
        }
    }
}
