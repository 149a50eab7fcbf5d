import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The progress report pages as HTML snapshots, in both languages: the reports tab, a draft with its forms, the
/// same report once sent (what prints), and the project dashboard.
@Suite struct ReportPageSnapshotTests {
    @Test(arguments: PageSnapshotTests.languages)
    func reportPages(language: String, acceptLanguage: String) async throws {
        try await withTestApp { (app: TestApp) async throws in
            let world = try await SnapshotWorld.build(app)
            let projects = try await ProjectSnapshotWorld.build(app, world)
            _ = try await ProjectSnapshotWorld.workPlan(app, world, project: projects.project)
            try await ProjectSnapshotWorld.planAndRisks(app, world, project: projects.project)
            let id = projects.project
            let reports = "/api/v1/projects/\(id)/reports"
            app.clock.advance(by: 300)
            let sent = try await world.adminAPI.call(.POST, reports, json: ["summary": "联调完成，进入试运行。"])
            let sentID = try #require(sent.object["id"] as? String, "\(sent.text)")
            app.clock.advance(by: 300)
            let delivered = try await world.adminAPI.call(
                .POST, "\(reports)/\(sentID)/send", json: ["contactIds": [world.contact]])
            try #require(delivered.status == .ok, "\(delivered.text)")
            app.clock.advance(by: 300)
            let draft = try await world.adminAPI.call(
                .POST, reports, json: ["periodStart": "2026-09-01", "periodEnd": "2026-09-14"])
            let draftID = try #require(draft.object["id"] as? String, "\(draft.text)")
            let browser = try await world.adminBrowser(app, language: acceptLanguage)
            for (name, path) in [
                ("reports", "/projects/\(id)/reports"), ("draft", "/projects/\(id)/reports/\(draftID)"),
                ("sent", "/projects/\(id)/reports/\(sentID)"), ("dashboard", "/projects/\(id)/dashboard"),
            ] {
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(path): \(response.status)")
                assertPageSnapshot(response, named: "\(name).\(language)", testName: "reports")
            }
        }
    }
}
