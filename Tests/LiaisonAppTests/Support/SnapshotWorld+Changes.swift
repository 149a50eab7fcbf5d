import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

extension ProjectSnapshotWorld {
    /// Two change requests (one assessed, one only proposed) and the deliverable `task` checked twice (failed,
    /// then passed) and accepted by the customer's contact.
    static func changes(_ app: TestApp, _ world: SnapshotWorld, project id: String, task: String) async throws {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        let base = "/api/v1/projects/\(id)"
        step()
        let made = try await api.call(
            .POST, "\(base)/change-requests",
            json: ["title": "增加仓储模块", "kinds": ["scope", "schedule", "cost"], "description": "客户要求加入仓储管理",
                   "reason": "业务扩展", "charterChanges": ["scopeIn": "财务\n采购\n仓储"]])
        let changeID = try #require(made.object["id"] as? String, "\(made.text)")
        step()
        let assessed = try await api.call(
            .POST, "\(base)/change-requests/\(changeID)/assess",
            json: ["scope": "新增仓储模块", "scheduleDays": 20, "costAmount": "18000", "note": "需增加一名顾问"])
        try #require(assessed.status == .ok, "\(assessed.text)")
        step()
        let other = try await api.call(
            .POST, "\(base)/change-requests", json: ["title": "取消月度报表", "kinds": ["scope"]])
        try #require(other.status == .created, "\(other.text)")
        step()
        let failed = try await api.call(
            .POST, "\(base)/quality-checks",
            json: ["taskId": task, "criterion": "客户确认", "result": "fail", "evidence": "缺少竞品分析"])
        try #require(failed.status == .created, "\(failed.text)")
        step()
        let passed = try await api.call(
            .POST, "\(base)/quality-checks",
            json: ["taskId": task, "criterion": "客户确认", "result": "pass", "evidence": "已补充",
                   "evidenceLink": "https://docs.example.com/report"])
        try #require(passed.status == .created, "\(passed.text)")
        step()
        let accepted = try await api.call(
            .POST, "\(base)/deliverables/\(task)/acceptance",
            json: ["decision": "accepted", "contactId": world.contact, "note": "验收会纪要"])
        try #require(accepted.status == .created, "\(accepted.text)")
    }
}
