import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The main API answers (lists and single records of every resource, problems) against their committed snapshots
/// (`__Snapshots__/APISnapshotTests/`), one value a line. Answers with text for people (notifications, problems)
/// are taken in both languages.
@Suite struct APISnapshotTests {
    /// Calls each path as the client and compares the answer with `<group>.<name>.json`; each must answer `status`.
    private func snapshot(
        _ group: String, _ calls: [(name: String, path: String)], with api: APIClient,
        headers: [(String, String)] = [], status: HTTPStatus = .ok, line: UInt = #line
    ) async throws {
        for (name, path) in calls {
            let response = try await api.call(.GET, path, headers: headers)
            #expect(response.status == status, "\(path): \(response.status) \(response.text)")
            assertJSONSnapshot(response, named: name, testName: group, line: line)
        }
    }

    @Test func customerAnswers() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            try await snapshot(
                "customers",
                [
                    ("customers", "/api/v1/customers"),
                    ("customers-page", "/api/v1/customers?limit=2"),
                    ("customer", "/api/v1/customers/\(world.customer)"),
                    ("customer-contacts", "/api/v1/customers/\(world.customer)/contacts"),
                    ("customer-timeline", "/api/v1/customers/\(world.customer)/timeline"),
                    ("customer-team", "/api/v1/customers/\(world.confidentialCustomer)/team"),
                    ("contact", "/api/v1/contacts/\(world.contact)"),
                    ("contact-timeline", "/api/v1/contacts/\(world.contact)/timeline"),
                    ("interaction", "/api/v1/interactions/\(world.interaction)"),
                    ("search", "/api/v1/search?q=%E4%BA%91%E6%A0%96"),
                    ("commitments", "/api/v1/commitments?scope=all"),
                ], with: world.adminAPI)
        }
    }

    @Test func requestAnswers() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            try await snapshot(
                "requests",
                [
                    ("requests", "/api/v1/requests"),
                    ("requests-page", "/api/v1/requests?limit=2"),
                    ("request", "/api/v1/requests/\(world.request)"),
                    ("messages", "/api/v1/requests/\(world.request)/messages"),
                    ("resolved", "/api/v1/requests/\(world.resolvedRequest)"),
                    ("resolved-messages", "/api/v1/requests/\(world.resolvedRequest)/messages"),
                    ("canned-responses", "/api/v1/canned-responses?departmentId=\(world.support)"),
                    (
                        "canned-response-filled",
                        "/api/v1/requests/\(world.assignedRequest)/canned-responses/\(world.cannedResponse)"
                    ),
                    ("sla-policies", "/api/v1/sla-policies"),
                ], with: world.adminAPI)
            let calendar = try #require(
                try await world.adminAPI.call(.GET, "/api/v1/calendars").items.first?["id"] as? String)
            try await snapshot("requests", [("calendar", "/api/v1/calendars/\(calendar)")], with: world.adminAPI)
        }
    }

    @Test func npsSurveyAnswers() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let nps = try await NPSSnapshotWorld.build(app, world)
            try await snapshot(
                "surveys",
                [
                    ("surveys", "/api/v1/surveys"),
                    ("survey", "/api/v1/surveys/\(nps.sent)"),
                    ("survey-recipients", "/api/v1/surveys/\(nps.draft)/recipients"),
                    ("survey-results", "/api/v1/surveys/\(nps.sent)/results"),
                    ("survey-results-period", "/api/v1/surveys/\(nps.sent)/results?segment=period"),
                ], with: world.adminAPI)
        }
    }

    @Test func requirementAnswers() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let requirements = try await RequirementSnapshotWorld.build(app, world)
            try await snapshot(
                "requirements",
                [
                    ("requirements", "/api/v1/requirements"),
                    ("requirements-page", "/api/v1/requirements?limit=1"),
                    ("requirement", "/api/v1/requirements/\(requirements.accepted)"),
                    ("transitions", "/api/v1/requirements/\(requirements.accepted)/transitions"),
                    ("assessment", "/api/v1/requirements/\(requirements.accepted)/assessment"),
                    ("documents", "/api/v1/requirements/\(requirements.accepted)/documents"),
                    ("document", "/api/v1/requirement-documents/\(requirements.document)"),
                    ("versions", "/api/v1/requirement-documents/\(requirements.document)/versions"),
                    ("version", "/api/v1/requirement-documents/\(requirements.document)/versions/1"),
                    ("diff", "/api/v1/requirement-documents/\(requirements.document)/diff"),
                ], with: world.adminAPI)
            // Included in a project: the project's list, and the requirement naming its project.
            let projects = try await ProjectSnapshotWorld.build(app, world)
            let included = try await world.adminAPI.call(
                .POST, "/api/v1/projects/\(projects.project)/requirements",
                json: ["requirementId": requirements.accepted])
            try #require(included.status == .created, "\(included.text)")
            try await snapshot(
                "requirements",
                [
                    ("project-requirements", "/api/v1/projects/\(projects.project)/requirements"),
                    ("requirement-in-project", "/api/v1/requirements/\(requirements.accepted)"),
                ], with: world.adminAPI)
            // The project's closure review (a draft with live facts) and its improvement action.
            _ = try await ProjectSnapshotWorld.review(app, world, project: projects.project)
            try await snapshot(
                "projects",
                [
                    ("review", "/api/v1/projects/\(projects.project)/review"),
                    ("improvement-actions", "/api/v1/improvement-actions"),
                ], with: world.adminAPI)
        }
    }

    @Test func peopleAuditAndNotificationAnswers() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            try await snapshot(
                "people",
                [
                    ("me", "/api/v1/me"),
                    ("users", "/api/v1/users"),
                    ("user", "/api/v1/users/\(world.agent.id)"),
                    ("departments", "/api/v1/departments"),
                    ("tokens", "/api/v1/me/tokens"),
                    ("audit", "/api/v1/audit?limit=12"),
                    ("audit-verify", "/api/v1/audit/verify"),
                    ("notifications.zh-Hans", "/api/v1/notifications"),
                ], with: world.adminAPI)
            try await snapshot(
                "people", [("notifications.en", "/api/v1/notifications")], with: world.adminAPI,
                headers: [("Accept-Language", "en")])
        }
    }

    @Test(arguments: PageSnapshotTests.languages)
    func problems(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let api = world.adminAPI
            let headers = [("Accept-Language", acceptLanguage)]
            try await snapshot(
                "problems", [("not-found.\(language)", "/api/v1/requests/\(UUID())")], with: api, headers: headers,
                status: .notFound)
            let invalid = try await api.call(
                .POST, "/api/v1/customers", json: ["name": " ", "tier": "gold", "website": "javascript:alert(1)"],
                headers: headers)
            #expect(invalid.status == .unprocessableEntity)
            assertJSONSnapshot(invalid, named: "invalid.\(language)", testName: "problems")
            let stale = try await api.call(
                .PATCH, "/api/v1/requests/\(world.request)", json: ["priority": "urgent"],
                headers: headers + [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            assertJSONSnapshot(stale, named: "stale.\(language)", testName: "problems")
            let transition = try await api.call(
                .PATCH, "/api/v1/requests/\(world.resolvedRequest)", json: ["status": "new"], headers: headers)
            #expect(transition.status == .unprocessableEntity)
            assertJSONSnapshot(transition, named: "bad-transition.\(language)", testName: "problems")
            let unauthenticated = try await APIClient(app: app).call(.GET, "/api/v1/customers", headers: headers)
            #expect(unauthenticated.status == .unauthorized)
            assertJSONSnapshot(unauthenticated, named: "unauthenticated.\(language)", testName: "problems")
        }
    }

    @Test func announcementAndSettingsAnswers() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            app.clock.advance(by: 300)
            _ = try await world.adminAPI.call(
                .PUT, "/api/v1/settings", json: ["companyNameZh": "云栖科技", "companyNameEn": "Yunqi Tech"])
            app.clock.advance(by: 300)
            let id = try #require(
                try await world.adminAPI.call(
                    .POST, "/api/v1/announcements",
                    json: AnnouncementsAPITests.body(["audience": "selected", "customerIds": [world.customer]])
                ).object["id"] as? String)
            app.clock.advance(by: 300)
            try await snapshot(
                "announcements",
                [
                    ("announcements", "/api/v1/announcements"),
                    ("announcement", "/api/v1/announcements/\(id)"),
                    ("recipients-planned", "/api/v1/announcements/\(id)/recipients"),
                    ("settings", "/api/v1/settings"),
                ], with: world.adminAPI)
            _ = try await world.adminAPI.call(.POST, "/api/v1/announcements/\(id)/publish")
            app.clock.advance(by: 300)
            try await snapshot(
                "announcements",
                [
                    ("announcement-published", "/api/v1/announcements/\(id)"),
                    ("recipients-mailed", "/api/v1/announcements/\(id)/recipients"),
                ], with: world.adminAPI)
            let refused = try await world.adminAPI.call(
                .POST, "/api/v1/announcements", json: ["titleZh": " ", "kind": "rumour", "publishAt": "2026-02-30T25:61:00Z"])
            #expect(refused.status == .unprocessableEntity)
            assertJSONSnapshot(refused, named: "announcement-refused", testName: "announcements")
        }
    }
}
