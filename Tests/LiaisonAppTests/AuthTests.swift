import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

@Suite struct AuthTests {
    @Test func signingInStartsASessionAndLandsOnHome() async throws {
        try await withTestApp { (app: TestApp) async throws in
            try await app.person("wang.lei@test.local", name: "王磊", roles: [.sales])
            let browser = Browser(app)
            let response = try await browser.signIn("Wang.Lei@test.local ", "Test-Passw0rd!")
            #expect(response.status == .seeOther)
            #expect(response.location == "/")
            let cookie = response.headers[.setCookie].first { $0.hasPrefix("liaison_session=") }
            #expect(cookie?.contains("HttpOnly") == true)
            #expect(cookie?.contains("SameSite=Lax") == true)
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains("你好，王磊"))
        }
    }

    @Test func aWrongPasswordShowsAClearMessageAndIsAudited() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("li.na@test.local", roles: [.sales])
            let browser = Browser(app)
            let response = try await browser.signIn("li.na@test.local", "wrong-password")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("邮箱或密码不正确，或账户因多次登录失败已被临时锁定。"))
            #expect(response.text.contains("value=\"li.na@test.local\""))
            let entries = try await AuditQueries.list(
                AuditFilter(recordID: person.id.uuidString, action: AuditAction.signInFailed.rawValue),
                page: PageQuery(), on: app.db)
            #expect(entries.items.count == 1)
        }
    }

    @Test func anUnknownEmailGetsTheSameMessage() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let response = try await Browser(app).signIn("nobody@test.local", "whatever-password")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("邮箱或密码不正确，或账户因多次登录失败已被临时锁定。"))
        }
    }

    @Test func fiveFailuresLockTheAccountForAGrowingInterval() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("zhang.wei@test.local", roles: [.engineer])
            let browser = Browser(app)
            for _ in 1...4 {
                let response = try await browser.signIn(person.email, "wrong-password")
                #expect(response.text.contains("邮箱或密码不正确，或账户因多次登录失败已被临时锁定。"))
            }
            let fifth = try await browser.signIn(person.email, "wrong-password")
            #expect(fifth.status == .unauthorized)
            #expect(try await PeopleQueries.find(id: person.id, on: app.db)?.lockedUntil == app.clock.now.addingTimeInterval(60))
            // Locked: even the right password is refused now, with the answer every failure gets.
            let locked = try await browser.signIn(person.email, "Test-Passw0rd!")
            #expect(locked.status == .unauthorized)
            #expect(locked.text == fifth.text)
            let lockEntries = try await AuditQueries.list(
                AuditFilter(action: AuditAction.accountLocked.rawValue), page: PageQuery(), on: app.db)
            #expect(lockEntries.items.count == 1)

            // After the minute passes, a further failure locks for two minutes.
            app.clock.advance(by: 61)
            try await browser.signIn(person.email, "wrong-password")
            #expect(try await PeopleQueries.find(id: person.id, on: app.db)?.lockedUntil == app.clock.now.addingTimeInterval(120))
            app.clock.advance(by: 121)
            let success = try await browser.signIn(person.email, "Test-Passw0rd!")
            #expect(success.status == .seeOther)
            #expect(try await PeopleQueries.find(id: person.id, on: app.db)?.lockedUntil == nil)
        }
    }

    @Test func aOneTimePasswordMustBeReplacedBeforeAnythingElse() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("new@test.local", roles: [.agent], mustChange: true)
            let browser = Browser(app)
            let signIn = try await browser.signIn(person.email, "Test-Passw0rd!")
            #expect(signIn.location == "/account/password")
            let home = try await browser.get("/")
            #expect(home.status == .seeOther)
            #expect(home.location == "/account/password")
            let weak = try await browser.post("/account/password", [("new", "short"), ("confirm", "short")])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.text.contains("密码至少需要 10 个字符"))
            let changed = try await browser.post(
                "/account/password", [("new", "A-much-better-one"), ("confirm", "A-much-better-one")])
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
            #expect(try await PeopleQueries.find(id: person.id, on: app.db)?.mustChangePassword == false)
        }
    }

    @Test func formsWithoutTheAntiForgeryTokenAreRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            try await app.person("x@test.local")
            let browser = Browser(app)
            let response = try await browser.post(
                "/sign-in", [("email", "x@test.local"), ("password", "Test-Passw0rd!")], csrf: false)
            #expect(response.status == .forbidden)
            let forged = try await browser.post(
                "/sign-in", [("email", "x@test.local"), ("password", "Test-Passw0rd!"), ("_csrf", String(repeating: "a", count: 64))],
                csrf: false)
            #expect(forged.status == .forbidden)
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await withTestApp { (app: TestApp) async throws in
            try await app.person("out@test.local")
            let browser = Browser(app)
            try await browser.signIn("out@test.local", "Test-Passw0rd!")
            let stolen = browser.cookies["liaison_session"]!
            let out = try await browser.post("/sign-out")
            #expect(out.location == "/sign-in")
            let signIn = try await browser.get("/sign-in")
            #expect(signIn.text.contains("你已安全退出。"))
            // The old cookie no longer works even if someone kept it.
            browser.cookies["liaison_session"] = stolen
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func deactivatingAPersonEndsTheirSessionsAndTokensAtOnce() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, adminToken) = try await app.admin()
            let person = try await app.person("leaver@test.local", roles: [.sales])
            let token = try await app.token(for: person)
            let browser = Browser(app)
            try await browser.signIn(person.email, "Test-Passw0rd!")
            #expect(try await browser.get("/").status == .ok)
            #expect(try await APIClient(app: app, token: token).call(.GET, "/api/v1/me").status == .ok)

            let response = try await APIClient(app: app, token: adminToken).call(
                .PATCH, "/api/v1/users/\(person.id)", json: ["active": false])
            #expect(response.status == .ok)
            #expect(response.object["active"] as? Bool == false)

            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await APIClient(app: app, token: token).call(.GET, "/api/v1/me").status == .unauthorized)
            #expect(try await Browser(app).signIn(person.email, "Test-Passw0rd!").status == .unauthorized)
            let entries = try await AuditQueries.list(
                AuditFilter(recordID: person.id.uuidString, action: AuditAction.userDeactivated.rawValue),
                page: PageQuery(), on: app.db)
            #expect(entries.items.first?.changes.contains("\"sessionsEnded\":\"1\"") == true)
            #expect(entries.items.first?.changes.contains("\"tokensRevoked\":\"1\"") == true)
        }
    }

    @Test func changingThePasswordEndsOtherSessions() async throws {
        try await withTestApp { (app: TestApp) async throws in
            try await app.person("two@test.local")
            let laptop = Browser(app)
            let phone = Browser(app)
            try await laptop.signIn("two@test.local", "Test-Passw0rd!")
            try await phone.signIn("two@test.local", "Test-Passw0rd!")
            let wrong = try await laptop.post(
                "/account/password", [("current", "nope"), ("new", "Brand-new-secret"), ("confirm", "Brand-new-secret")])
            #expect(wrong.text.contains("当前密码不正确。"))
            let changed = try await laptop.post(
                "/account/password",
                [("current", "Test-Passw0rd!"), ("new", "Brand-new-secret"), ("confirm", "Brand-new-secret")])
            #expect(changed.status == .seeOther)
            #expect(try await laptop.get("/").status == .ok)
            #expect(try await phone.get("/").status == .seeOther)
        }
    }

    @Test func sessionsExpireAfterTheIdleLifetime() async throws {
        try await withTestApp(["LIAISON_SESSION_IDLE_HOURS": "1"]) { (app: TestApp) async throws in
            try await app.person("idle@test.local")
            let browser = Browser(app)
            try await browser.signIn("idle@test.local", "Test-Passw0rd!")
            app.clock.advance(by: 50 * 60)
            #expect(try await browser.get("/").status == .ok)  // use slides the lifetime forward
            app.clock.advance(by: 50 * 60)
            #expect(try await browser.get("/").status == .ok)
            app.clock.advance(by: 61 * 60)
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func signInOnlyFollowsLocalReturnPaths() {
        #expect(SignInPage.safeNext("/people?q=x") == "/people?q=x")
        #expect(SignInPage.safeNext("//evil.example/") == "/")
        #expect(SignInPage.safeNext("https://evil.example/") == "/")
        #expect(SignInPage.safeNext("/\\evil.example") == "/")
        #expect(SignInPage.safeNext(nil) == "/")
    }
}
