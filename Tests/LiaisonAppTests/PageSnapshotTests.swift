import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Every page as rendered through its template and page model, in both languages, against its committed snapshot
/// (`__Snapshots__/PageSnapshotTests/`). Each test builds the same `SnapshotWorld` on a fresh database, so the
/// snapshots are the same on SQLite and PostgreSQL. To record a new page, see "Snapshots" in docs/development.md.
@Suite struct PageSnapshotTests {
    /// The `Accept-Language` each snapshot language is asked for with, as a browser would send it.
    static let languages = [("zh-Hans", "zh-CN,zh;q=0.9"), ("en", "en-GB,en;q=0.9")]

    /// Gets each page with the browser and compares it with `<group>.<name>.<language>.html`; every page must
    /// answer `status`.
    private func snapshot(
        _ group: String, _ pages: [(name: String, path: String)], with browser: Browser, language: String,
        status: HTTPStatus = .ok, line: UInt = #line
    ) async throws {
        for (name, path) in pages {
            let response = try await browser.get(path)
            #expect(response.status == status, "\(path): \(response.status)")
            assertPageSnapshot(response, named: "\(name).\(language)", testName: group, line: line)
        }
    }

    @Test(arguments: languages)
    func customerPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "customers",
                [
                    ("customers", "/customers"),
                    ("customer-new", "/customers/new"),
                    ("customer", "/customers/\(world.customer)"),
                    ("customer-edit", "/customers/\(world.customer)/edit"),
                    ("customer-log", "/customers/\(world.customer)/log"),
                    ("contact-new", "/customers/\(world.customer)/contacts/new"),
                    ("contact", "/contacts/\(world.contact)"),
                    ("contact-edit", "/contacts/\(world.contact)/edit"),
                    ("interaction", "/interactions/\(world.interaction)"),
                    ("search", "/search?q=%E4%BA%91%E6%A0%96"),
                    ("import", "/customers/import"),
                    ("commitments", "/commitments?scope=all"),
                ], with: browser, language: language)
        }
    }

    @Test(arguments: languages)
    func requestPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "requests",
                [
                    ("mine", "/requests"),
                    ("all", "/requests?view=all"),
                    ("unassigned", "/requests?view=unassigned"),
                    ("queues", "/requests/queues"),
                    ("breaches", "/requests/breaches"),
                    ("new", "/requests/new?customerId=\(world.customer)"),
                    ("conversation", "/requests/\(world.request)"),
                    ("assigned", "/requests/\(world.assignedRequest)"),
                    ("resolved", "/requests/\(world.resolvedRequest)"),
                ], with: browser, language: language)
            let visitor = Browser(app)
            visitor.acceptLanguage = acceptLanguage
            try await snapshot("requests", [("survey", world.surveyPath)], with: visitor, language: language)
        }
    }

    @Test(arguments: languages)
    func npsSurveyPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let nps = try await NPSSnapshotWorld.build(app, world)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "surveys",
                [
                    ("surveys", "/surveys"),
                    ("survey-new", "/surveys/new"),
                    ("survey-draft", "/surveys/\(nps.draft)"),
                    ("survey-results", "/surveys/\(nps.sent)"),
                    ("survey-results-customer", "/surveys/\(nps.sent)?segment=customer"),
                ], with: browser, language: language)
            // The public page is in the contact's language whatever the browser asks for; taken with each.
            let visitor = Browser(app)
            visitor.acceptLanguage = acceptLanguage
            try await snapshot("surveys", [("nps-answer", nps.openLink)], with: visitor, language: language)
        }
    }

    @Test(arguments: languages)
    func projectPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let projects = try await ProjectSnapshotWorld.build(app, world)
            let id = projects.project
            // The customer's accepted requirement, offered to the project (and to a new one).
            let requirements = try await RequirementSnapshotWorld.build(app, world)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "projects",
                [
                    ("projects", "/projects"),
                    ("project-new", "/projects/new?customerId=\(world.customer)"),
                    ("project", "/projects/\(id)"),
                    ("project-edit", "/projects/\(id)/edit"),
                    ("project-team", "/projects/\(id)/team"),
                    ("charter", "/projects/\(id)/charter"),
                    ("charter-sent", "/projects/\(id)/charter?version=1"),
                    ("charter-edit", "/projects/\(id)/charter/edit"),
                    ("charter-diff", "/projects/\(id)/charter/diff"),
                ], with: browser, language: language)
            // Specified, then included: planned, listed on the project and linking it from its own page.
            app.clock.advance(by: 300)
            let specified = try await world.adminAPI.call(
                .POST, "/api/v1/requirements/\(requirements.accepted)/transitions", json: ["status": "specified"])
            try #require(specified.status == .ok, "\(specified.text)")
            app.clock.advance(by: 300)
            let included = try await world.adminAPI.call(
                .POST, "/api/v1/projects/\(id)/requirements", json: ["requirementId": requirements.accepted])
            try #require(included.status == .created, "\(included.text)")
            try await snapshot(
                "projects",
                [
                    ("project-requirements", "/projects/\(id)"),
                    ("requirement-in-project", "/requirements/\(requirements.accepted)"),
                ], with: browser, language: language)
            // The sign-off page is in the contact's language whatever the browser asks for; taken with each.
            let visitor = Browser(app)
            visitor.acceptLanguage = acceptLanguage
            try await snapshot("projects", [("charter-sign", projects.signLink)], with: visitor, language: language)
            // The contact's portal: the charters awaiting them, and the one to sign.
            let invitation = try await world.adminAPI.call(
                .POST, "/api/v1/contacts/\(world.contact)/portal-invitation", json: ["scope": "own"])
            let link = TestApp.path(of: try #require(invitation.object["link"] as? String))
            let accepted = try await visitor.post(
                link, [("password", TestApp.portalPassword), ("confirm", TestApp.portalPassword)])
            try #require(accepted.status == .seeOther)
            let profile = try await visitor.post("/portal/profile", [("name", "陈静"), ("locale", language)])
            try #require(profile.status == .seeOther)
            try await snapshot(
                "projects",
                [
                    ("portal-charters", "/portal/charters"),
                    ("portal-charter", "/portal/charters/\(projects.sentVersion)"),
                ], with: visitor, language: language)
        }
    }

    @Test(arguments: languages)
    func requirementPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let requirements = try await RequirementSnapshotWorld.build(app, world)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "requirements",
                [
                    ("board", "/requirements"),
                    ("new", "/requirements/new?sourceKind=request&sourceId=\(world.request)"),
                    ("accepted", "/requirements/\(requirements.accepted)"),
                    ("captured", "/requirements/\(requirements.captured)"),
                    ("edit", "/requirements/\(requirements.captured)/edit"),
                    ("document", "/requirement-documents/\(requirements.document)"),
                    ("document-old", "/requirement-documents/\(requirements.document)?version=1"),
                    ("document-revise", "/requirement-documents/\(requirements.document)/edit"),
                    ("document-new", "/requirements/\(requirements.accepted)/documents/new?kind=developmentPlan"),
                    ("diff", "/requirement-documents/\(requirements.document)/diff?from=1&to=2"),
                ], with: browser, language: language)
        }
    }

    @Test(arguments: languages)
    func meetingPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let projects = try await ProjectSnapshotWorld.build(app, world)
            let held = try await ProjectSnapshotWorld.meetings(app, world, project: projects.project)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "meetings",
                [
                    ("list", "/meetings"),
                    ("project", "/projects/\(projects.project)/meetings"),
                    ("new", "/meetings/new?projectId=\(projects.project)"),
                    ("show", "/meetings/\(held)"),
                    ("edit", "/meetings/\(held)/edit"),
                ], with: browser, language: language)
        }
    }

    @Test(arguments: languages)
    func workPlanPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let projects = try await ProjectSnapshotWorld.build(app, world)
            let plan = try await ProjectSnapshotWorld.workPlan(app, world, project: projects.project)
            try await ProjectSnapshotWorld.planAndRisks(app, world, project: projects.project)
            let evaluation = try await ProjectSnapshotWorld.review(app, world, project: projects.project)
            try await ProjectSnapshotWorld.changes(app, world, project: projects.project, task: plan)
            let id = projects.project
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            let visitor = Browser(app)
            visitor.acceptLanguage = acceptLanguage
            try await snapshot("projects", [("evaluation", evaluation)], with: visitor, language: language)
            try await snapshot(
                "projects",
                [
                    ("review", "/projects/\(id)/review"),
                    ("improvements", "/improvement-actions"),
                    ("communication-plan", "/projects/\(id)/communication-plan"),
                    ("communication-plan-new", "/projects/\(id)/communication-plan/new"),
                    ("risks", "/projects/\(id)/risks"),
                    ("changes", "/projects/\(id)/changes"),
                    ("workplan", "/projects/\(id)/workplan"),
                    ("task-new", "/projects/\(id)/tasks/new"),
                    ("task-edit", "/projects/\(id)/tasks/\(plan)/edit"),
                ], with: browser, language: language)
        }
    }

    @Test(arguments: languages)
    func portalPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let visitor = Browser(app)
            visitor.acceptLanguage = acceptLanguage
            try await snapshot("portal", [("sign-in", "/portal/sign-in")], with: visitor, language: language)
            let invitation = try await world.adminAPI.call(
                .POST, "/api/v1/contacts/\(world.contact)/portal-invitation", json: ["scope": "organisation"])
            let link = TestApp.path(of: try #require(invitation.object["link"] as? String))
            try await snapshot("portal", [("invitation", link)], with: visitor, language: language)
            let accepted = try await visitor.post(
                link, [("password", TestApp.portalPassword), ("confirm", TestApp.portalPassword)])
            try #require(accepted.status == .seeOther)
            // The contact's saved language (its contact's, at first) would outweigh the browser's: set it as asked.
            let profile = try await visitor.post("/portal/profile", [("name", "陈静"), ("locale", language)])
            try #require(profile.status == .seeOther)
            let number = try #require(
                try await world.adminAPI.call(.GET, "/api/v1/requests/\(world.request)").object["number"] as? String)
            app.clock.advance(by: 300)
            let notice = try #require(
                try await world.adminAPI.call(
                    .POST, "/api/v1/announcements",
                    json: AnnouncementsAPITests.body([
                        "kind": "productUpdate", "titleZh": "报表功能上线", "titleEn": "Reports are here",
                        "audience": "selected", "customerIds": [world.customer],
                    ])
                ).object["id"] as? String)
            _ = try await world.adminAPI.call(.POST, "/api/v1/announcements/\(notice)/publish")
            app.clock.advance(by: 300)
            try await snapshot(
                "portal",
                [
                    ("requests", "/portal"),
                    ("announcements", "/portal/announcements"),
                    ("announcement", "/portal/announcements/\(notice)"),
                    ("all", "/portal?state=all"),
                    ("new", "/portal/requests/new"),
                    ("request", "/portal/requests/\(RequestNumber.parse(number) ?? 0)"),
                    ("profile", "/portal/profile"),
                    ("tokens", "/portal/tokens"),
                ], with: visitor, language: language)
            let staff = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot("portal", [("contact-invited", "/contacts/\(world.contact)")], with: staff, language: language)
        }
    }

    @Test(arguments: languages)
    func administrationPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            let policy = try #require(
                try await world.adminAPI.call(.GET, "/api/v1/sla-policies").items.first?["id"] as? String)
            let calendar = try #require(
                try await world.adminAPI.call(.GET, "/api/v1/calendars").items.first?["id"] as? String)
            try await snapshot(
                "administration",
                [
                    ("home", "/"),
                    ("people", "/people"),
                    ("person-new", "/people/new"),
                    ("person", "/people/\(world.agent.id)"),
                    ("person-edit", "/people/\(world.agent.id)/edit"),
                    ("departments", "/departments"),
                    ("department-edit", "/departments/\(world.salesDepartment)/edit"),
                    ("calendars", "/admin/calendars"),
                    ("calendar", "/admin/calendars/\(calendar)"),
                    ("sla-policies", "/admin/sla-policies"),
                    ("sla-policy-new", "/admin/sla-policies/new"),
                    ("sla-policy", "/admin/sla-policies/\(policy)"),
                    ("mailboxes", "/admin/mailboxes"),
                    ("quarantine", "/admin/mail/quarantine"),
                    ("audit", "/audit"),
                ], with: browser, language: language)
        }
    }

    @Test(arguments: languages)
    func accountPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "account",
                [
                    ("account", "/account"),
                    ("password", "/account/password"),
                    ("tokens", "/account/tokens"),
                    ("notifications", "/notifications"),
                    ("notification-preferences", "/notifications/preferences"),
                ], with: browser, language: language)
        }
    }

    /// An agent's navigation, home and queue: what a person without administration sees.
    @Test(arguments: languages)
    func agentPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let browser = Browser(app)
            browser.acceptLanguage = acceptLanguage
            try await browser.signIn(world.agent.email, SnapshotWorld.password)
            try await snapshot(
                "agent",
                [
                    ("home", "/"),
                    ("mine", "/requests"),
                    ("people", "/people"),
                    ("person", "/people/\(world.admin.id)"),
                ], with: browser, language: language)
        }
    }

    @Test(arguments: languages)
    func signInErrorAndRefusedFormPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let visitor = Browser(app)
            visitor.acceptLanguage = acceptLanguage
            try await snapshot("errors", [("sign-in", "/sign-in")], with: visitor, language: language)
            let refused = try await visitor.signIn(world.admin.email, "wrong-password")
            #expect(refused.status == .unauthorized)
            assertPageSnapshot(refused, named: "sign-in-refused.\(language)", testName: "errors")

            let admin = try await world.adminBrowser(app, language: acceptLanguage)
            try await snapshot(
                "errors",
                [
                    ("not-found", "/no-such-page"),
                    ("no-such-request", "/requests/00000000-0000-7000-8000-000000000000"),
                ],
                with: admin, language: language, status: .notFound)
            let colleague = Browser(app)
            colleague.acceptLanguage = acceptLanguage
            try await colleague.signIn(world.sales.email, SnapshotWorld.password)
            try await snapshot(
                "errors", [("forbidden", "/audit")], with: colleague, language: language, status: .forbidden)

            let forms: [(name: String, path: String, fields: [(String, String)])] = [
                (
                    "person-refused", "/people",
                    [("name", "刘洋"), ("email", "not-an-email"), ("phone", "12"), ("roles[]", "engineer")]
                ),
                (
                    "customer-refused", "/customers",
                    [("name", " "), ("website", "javascript:alert(1)"), ("tier", "gold")]
                ),
                (
                    "request-refused", "/requests",
                    [
                        ("customerId", world.customer), ("contactId", world.contact), ("kind", "issue"),
                        ("priority", "urgent"), ("channel", "phone"), ("subject", ""), ("body", "打印机卡纸，已经第三次了"),
                    ]
                ),
                ("department-refused", "/departments", [("name", "重复编码"), ("code", "SUP")]),
            ]
            for form in forms {
                let response = try await admin.post(form.path, form.fields)
                #expect(response.status == .unprocessableEntity, "\(form.path): \(response.status)")
                assertPageSnapshot(response, named: "\(form.name).\(language)", testName: "errors")
            }
        }
    }

    @Test(arguments: languages)
    func pagesThatAnswerAForm(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            app.clock.advance(by: 300)
            let person = try await browser.post(
                "/people",
                [
                    ("name", "刘洋"), ("email", "liu.yang@test.local"), ("title", "售前工程师"), ("roles[]", "engineer"),
                    ("roles[]", "projectManager"), ("departmentId", world.salesDepartment),
                ])
            #expect(person.status == .created)
            let password = try #require(
                person.body.string.firstMatch(of: /id="otp" class="copyable">([^<]+)</).map { String($0.output.1) })
            assertPageSnapshot(
                person, named: "person-created.\(language)", secrets: [password: "<one-time-password>"],
                testName: "answers")

            app.clock.advance(by: 300)
            let token = try await browser.post("/account/tokens", [("name", "报表脚本"), ("expiresInDays", "30")])
            #expect(token.status == .created)
            assertPageSnapshot(token, named: "token-created.\(language)", testName: "answers")

            app.clock.advance(by: 300)
            let customer = try await browser.post(
                "/customers", [("name", "广州珠江物流有限公司"), ("tier", "standard"), ("classification", "internal")])
            #expect(customer.status == .seeOther)
            try await snapshot(
                "answers", [("customer-created", try #require(customer.location))], with: browser, language: language)

            app.clock.advance(by: 300)
            let upload = try await browser.upload(
                "/customers/import", filename: "客户名单.csv", type: "text/csv",
                content: "\u{FEFF}name,contactName,contactEmail\r\n广州某某物流有限公司,林峰,lin@gz.example.cn\r\n"
                    + "杭州云栖科技有限公司,陈静,chen.jing@yunqi.example.cn\r\n,无名,not-an-email\r\n")
            #expect(upload.status == .seeOther)
            try await snapshot(
                "answers", [("import-preview", try #require(upload.location))], with: browser, language: language)
        }
    }

    /// Announcements (the list, a new one, a customer announcement with who gets it), the settings, and the public
    /// site: its home, an announcement, the feedback form, its answer and a refusal.
    @Test(arguments: languages)
    func announcementAndPublicPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            app.clock.advance(by: 300)
            _ = try await world.adminAPI.call(
                .PUT, "/api/v1/settings",
                json: ["companyNameZh": "云栖科技", "companyNameEn": "Yunqi Tech", "feedbackQueueId": world.support])
            app.clock.advance(by: 300)
            let publicOne = try #require(
                try await world.adminAPI.call(
                    .POST, "/api/v1/announcements",
                    json: AnnouncementsAPITests.body(["titleEn": "Maintenance on Saturday night"])
                ).object["id"] as? String)
            _ = try await world.adminAPI.call(.POST, "/api/v1/announcements/\(publicOne)/publish")
            app.clock.advance(by: 300)
            let forCustomers = try #require(
                try await world.adminAPI.call(
                    .POST, "/api/v1/announcements",
                    json: AnnouncementsAPITests.body([
                        "kind": "productUpdate", "titleZh": "报表功能上线", "titleEn": "Reports are here",
                        "audience": "selected", "customerIds": [world.customer], "tiers": ["key"],
                    ])
                ).object["id"] as? String)
            app.clock.advance(by: 300)
            try await snapshot(
                "announcements",
                [
                    ("list", "/announcements"),
                    ("new", "/announcements/new"),
                    ("published", "/announcements/\(publicOne)"),
                    ("draft-for-customers", "/announcements/\(forCustomers)"),
                    ("settings", "/admin/settings"),
                ], with: browser, language: language)
            let visitor = Browser(app)
            visitor.acceptLanguage = acceptLanguage
            try await snapshot(
                "public",
                [
                    ("home", "/public"),
                    ("announcement", "/public/announcements/\(publicOne)"),
                    ("feedback", "/public/feedback"),
                ], with: visitor, language: language)
            let form = try await visitor.get("/public/feedback")
            let stamp = try #require(PublicSiteTests.value(of: "stamp", in: form.body.string))
            let fields = [("stamp", stamp), ("website", ""), ("name", "韩梅梅"), ("email", "meimei@xinghe.example.cn"), ("message", "希望增加英文发票。")]
            let tooFast = try await visitor.post("/public/feedback", fields)
            #expect(tooFast.status == .unprocessableEntity)
            assertPageSnapshot(tooFast, named: "feedback-too-fast.\(language)", testName: "public")
            app.clock.advance(by: 30)
            let sent = try await visitor.post("/public/feedback", fields)
            #expect(sent.status == .ok)
            assertPageSnapshot(sent, named: "feedback-sent.\(language)", testName: "public")
        }
    }
}
