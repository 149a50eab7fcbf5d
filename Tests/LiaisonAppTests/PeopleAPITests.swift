import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

@Suite struct PeopleAPITests {
    @Test func meDescribesTheTokenHolderAndWhatTheyMayDo() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            let response = try await APIClient(app: app, token: token).call(.GET, "/api/v1/me")
            #expect(response.status == .ok)
            let user = response.object["user"] as? [String: Any]
            #expect(user?["id"] as? String == admin.id.uuidString)
            #expect((response.object["capabilities"] as? [String])?.contains("peopleManage") == true)
            #expect(response.headers.first(name: .eTag) == "\"1\"")
        }
    }

    @Test func creatingAPersonReturns201WithIdAndAOneTimePassword() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let department = try await api.call(.POST, "/api/v1/departments", json: ["name": "销售部", "nameEn": "Sales", "code": "sal"])
            #expect(department.status == .created)
            let departmentID = department.object["id"] as! String
            #expect(department.object["code"] as? String == "SAL")

            let response = try await api.call(
                .POST, "/api/v1/users",
                json: ["email": "Li.Na@Example.com", "name": "李娜", "roles": ["sales"], "departmentId": departmentID])
            #expect(response.status == .created)
            let id = try #require(response.object["id"] as? String)
            #expect(response.location == "/api/v1/users/\(id)")
            #expect(response.object["email"] as? String == "li.na@example.com")
            let password = try #require(response.object["oneTimePassword"] as? String)
            #expect(password.count == 12)
            #expect(response.object["mustChangePassword"] as? Bool == true)

            let again = try await api.call(.GET, "/api/v1/users/\(id)")
            #expect(again.object["oneTimePassword"] == nil)
            #expect(again.object["departmentId"] as? String == departmentID)

            let signIn = try await Browser(app).signIn("li.na@example.com", password)
            #expect(signIn.location == "/account/password")
        }
    }

    @Test func invalidInputListsEveryBadFieldAndSavesNothing() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let before = try await AuditQueries.count(on: app.db)
            let response = try await api.call(
                .POST, "/api/v1/users",
                json: ["email": "not-an-email", "name": "", "roles": ["wizard"], "timeZone": "Mars/Olympus", "phone": "call me"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(response.object["status"] as? Int == 422)
            let errors = response.fieldErrors
            #expect(errors["email"] == "invalidEmail")
            #expect(errors["name"] == "required")
            #expect(errors["roles"] == "unknownRole")
            #expect(errors["timeZone"] == "unknownTimeZone")
            #expect(errors["phone"] == "invalidPhone")
            #expect(try await PeopleQueries.count(on: app.db) == 1)
            #expect(try await AuditQueries.count(on: app.db) == before)
        }
    }

    @Test func wrongJSONTypesNameTheField() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let response = try await APIClient(app: app, token: token).call(
                .POST, "/api/v1/users", json: ["email": "a@b.cn", "name": 42, "roles": ["sales"]])
            #expect(response.status == .unprocessableEntity)
            #expect(response.fieldErrors["name"] == "wrongType")
        }
    }

    @Test func validationMessagesFollowTheCallersLanguage() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let chinese = try await api.call(.POST, "/api/v1/users", json: ["email": "x@y.cn", "roles": ["sales"]])
            let english = try await api.call(
                .POST, "/api/v1/users", json: ["email": "x@y.cn", "roles": ["sales"]], headers: [("Accept-Language", "en-US,en;q=0.9")])
            let message = { (r: TestingHTTPResponse) in ((r.object["errors"] as? [[String: Any]])?.first?["message"] as? String) ?? "" }
            #expect(message(chinese) == "必填。")
            #expect(message(english) == "Required.")
        }
    }

    @Test func aDuplicateEmailIsRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let response = try await api.call(.POST, "/api/v1/users", json: ["email": "ADMIN@test.local", "name": "x", "roles": ["sales"]])
            #expect(response.status == .unprocessableEntity)
            #expect(response.fieldErrors["email"] == "emailTaken")
        }
    }

    @Test func updatesHonourIfMatchSoNobodyOverwritesSilently() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let person = try await app.person("zhao.fang@test.local", name: "赵芳", roles: [.engineer])
            let first = try await api.call(
                .PATCH, "/api/v1/users/\(person.id)", json: ["title": "产品经理"], headers: [("If-Match", "\"1\"")])
            #expect(first.status == .ok)
            #expect(first.headers.first(name: .eTag) == "\"2\"")
            let stale = try await api.call(
                .PATCH, "/api/v1/users/\(person.id)", json: ["title": "高级产品经理"], headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.headers.first(name: .eTag) == "\"2\"")
            let cleared = try await api.call(.PATCH, "/api/v1/users/\(person.id)", json: ["title": NSNull()])
            #expect(cleared.status == .ok)
            #expect(cleared.object["title"] == nil)
            let bad = try await api.call(.PATCH, "/api/v1/users/\(person.id)", json: ["name": "x"], headers: [("If-Match", "abc")])
            #expect(bad.status == .badRequest)
        }
    }

    @Test func theLastAdministratorCannotBeRemovedAndNobodyDeactivatesThemself() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (admin, token) = try await app.admin()
            let api = APIClient(app: app, token: token)
            let selfDeactivation = try await api.call(.PATCH, "/api/v1/users/\(admin.id)", json: ["active": false])
            #expect(selfDeactivation.status == .conflict)
            let demotion = try await api.call(.PATCH, "/api/v1/users/\(admin.id)", json: ["roles": ["sales"]])
            #expect(demotion.status == .conflict)
            #expect(try await PeopleQueries.find(id: admin.id, on: app.db)?.roles == [.admin])
        }
    }

    @Test func listsAreSortedByPinyinAndPagedWithACursor() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            for (email, name) in [("z@t.cn", "张三"), ("l@t.cn", "李四"), ("w@t.cn", "王五"), ("a@t.cn", "Alice"), ("c@t.cn", "陈静")] {
                try await app.person(email, name: name, roles: [.sales])
            }
            let api = APIClient(app: app, token: token)
            var names: [String] = []
            var cursor: String?
            repeat {
                let path = "/api/v1/users?role=sales&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await api.call(.GET, path)
                #expect(page.status == .ok)
                names += page.items.compactMap { $0["name"] as? String }
                cursor = page.object["nextCursor"] as? String
            } while cursor != nil
            #expect(names == ["Alice", "陈静", "李四", "王五", "张三"])

            let search = try await api.call(.GET, "/api/v1/users?q=zhang")
            #expect(search.items.map { $0["name"] as? String } == ["张三"])
            let chinese = try await api.call(.GET, "/api/v1/users?q=%E6%9D%8E")  // 李
            #expect(chinese.items.map { $0["name"] as? String } == ["李四"])
            let badCursor = try await api.call(.GET, "/api/v1/users?cursor=garbage!")
            #expect(badCursor.status == .unprocessableEntity)
            #expect(badCursor.fieldErrors["cursor"] == "invalidCursor")
        }
    }

    @Test func passwordResetIssuesAOneTimePasswordAndEndsSessions() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let person = try await app.person("forgot@test.local")
            let browser = Browser(app)
            try await browser.signIn(person.email, "Test-Passw0rd!")
            let response = try await APIClient(app: app, token: token).call(.POST, "/api/v1/users/\(person.id)/password-reset")
            #expect(response.status == .ok)
            let password = try #require(response.object["oneTimePassword"] as? String)
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await Browser(app).signIn(person.email, password).location == "/account/password")
        }
    }

    @Test func tokensCanBeListedAndRevoked() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("tok@test.local", roles: [.engineer])
            let token = try await app.token(for: person)
            let api = APIClient(app: app, token: token)
            let created = try await api.call(.POST, "/api/v1/me/tokens", json: ["name": "CI 脚本", "expiresInDays": 30])
            #expect(created.status == .created)
            let secret = try #require(created.object["token"] as? String)
            #expect(secret.hasPrefix("lia_"))
            let list = try await api.call(.GET, "/api/v1/me/tokens")
            #expect(list.items.count == 2)
            #expect(list.items.allSatisfy { $0["token"] == nil })
            let id = created.object["id"] as! String
            // Used twice first (the second time it may be a token seen before), then revoked: refused at once.
            #expect(try await APIClient(app: app, token: secret).call(.GET, "/api/v1/me").status == .ok)
            #expect(try await APIClient(app: app, token: secret).call(.GET, "/api/v1/me").status == .ok)
            #expect(try await api.call(.DELETE, "/api/v1/me/tokens/\(id)").status == .noContent)
            #expect(try await APIClient(app: app, token: secret).call(.GET, "/api/v1/me").status == .unauthorized)
            let expired = try await api.call(.POST, "/api/v1/me/tokens", json: ["name": "x", "expiresInDays": 0])
            #expect(expired.fieldErrors["expiresInDays"] == "outOfRange")
        }
    }

    @Test func expiredTokensStopWorking() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let person = try await app.person("exp@test.local", roles: [.engineer])
            let api = APIClient(app: app, token: try await app.token(for: person))
            let created = try await api.call(.POST, "/api/v1/me/tokens", json: ["name": "short", "expiresInDays": 1])
            let secret = created.object["token"] as! String
            // Three uses: after the first (which records the use) the token may be one seen before.
            for _ in 0..<3 { #expect(try await APIClient(app: app, token: secret).call(.GET, "/api/v1/me").status == .ok) }
            app.clock.advance(by: 86_401)
            #expect(try await APIClient(app: app, token: secret).call(.GET, "/api/v1/me").status == .unauthorized)
        }
    }
}
