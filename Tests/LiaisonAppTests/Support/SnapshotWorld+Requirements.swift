import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Requirements on top of the snapshot world: one taken from the world's request and handed to the sales
/// department, accepted with an assessment and covered by a specification in two versions; one typed in and left
/// captured.
struct RequirementSnapshotWorld {
    var accepted: String
    var captured: String
    var document: String

    static func build(_ app: TestApp, _ world: SnapshotWorld) async throws -> RequirementSnapshotWorld {
        let step = { app.clock.advance(by: 300) }
        let api = world.adminAPI
        step()
        let first = try await api.call(
            .POST, "/api/v1/requirements",
            json: [
                "customerId": world.customer, "title": "发票按月批量导出", "description": "财务希望**每月初**导出上月全部发票。",
                "businessValue": "减少人工对账", "desiredDate": "2026-12-31", "priority": "high", "sourceKind": "request",
                "sourceId": world.request,
            ])
        try #require(first.status == .created, "\(first.text)")
        let accepted = try #require(first.object["id"] as? String)
        step()
        let handed = try await api.call(
            .POST, "/api/v1/requirements/\(accepted)/transitions",
            json: ["status": "inReview", "departmentId": world.salesDepartment, "note": "请评估工作量"])
        try #require(handed.status == .ok, "\(handed.text)")
        step()
        let assessed = try await api.call(
            .PUT, "/api/v1/requirements/\(accepted)/assessment",
            json: [
                "feasibility": "feasible", "effortDays": 8, "value": "high", "risks": "依赖报表服务",
                "decision": "accept", "customerReason": "符合产品路线", "internalNotes": "与三季度计划合并",
            ])
        try #require(assessed.status == .ok, "\(assessed.text)")
        step()
        let document = try await api.call(
            .POST, "/api/v1/requirement-documents",
            json: [
                "kind": "specification", "title": "发票导出规格", "body": "# 目标\n按月导出\n\n## 范围\n- 增值税发票",
                "requirementIds": [accepted],
            ])
        try #require(document.status == .created, "\(document.text)")
        let documentID = try #require(document.object["id"] as? String)
        step()
        let revised = try await api.call(
            .POST, "/api/v1/requirement-documents/\(documentID)/versions",
            json: ["body": "# 目标\n按月和按周导出\n\n## 范围\n- 增值税发票\n- 电子发票", "note": "加上按周和电子发票"])
        try #require(revised.status == .created, "\(revised.text)")
        step()
        let second = try await api.call(
            .POST, "/api/v1/requirements",
            json: [
                "customerId": world.customer, "title": "客户门户显示合同", "description": "在门户中查看合同。",
                "sourceKind": "meeting", "sourceReference": "11 月季度回顾会",
            ])
        try #require(second.status == .created, "\(second.text)")
        step()
        return RequirementSnapshotWorld(
            accepted: accepted, captured: try #require(second.object["id"] as? String), document: documentID)
    }
}
