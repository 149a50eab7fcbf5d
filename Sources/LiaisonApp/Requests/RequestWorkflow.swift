import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Request operations that combine several data steps, shared by the API and the web pages.
enum RequestWorkflow {
    /// The request if the caller may see it; "not found" otherwise (its customer's need-to-know rule decides).
    static func visible(_ id: UUID, _ request: Request) async throws -> (ServiceRequest, CustomerAccess) {
        guard let found = try await RequestQueries.find(id, for: request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }

    /// Applies field changes and a status move in one transaction. Resolving sends the contact a single-use
    /// satisfaction link (as a public message on the request).
    static func update(
        _ id: UUID, changes: RequestCommands.Changes, status: RequestStatus?, expectedVersion: Int?, request: Request
    ) async throws -> ServiceRequest {
        let context = request.writeContext
        let now = context.now
        let secret = request.effects.secret()
        let link = (request.appConfig.baseURL ?? "") + SurveyRoutes.show.link(secret)
        let days = request.appConfig.surveyDays
        do {
            return try await request.write { tx in
                var current = try await RequestCommands.update(
                    id, changes, expectedVersion: expectedVersion, in: context, on: tx)
                if let status, status != current.status {
                    current = try await RequestCommands.changeStatus(
                        id, to: status, expectedVersion: nil, in: context, on: tx)
                    if status == .resolved {
                        try await Satisfaction.issue(
                            for: id, tokenHash: TokenHash.of(secret), validFor: Double(days) * 86_400, at: now, on: tx)
                        _ = try await RequestConversation.add(
                            .init(visibility: .public, channel: current.channel, body: SurveyText.message(link: link)),
                            to: id, in: context, on: tx)
                        current = try await RequestQueries.find(
                            id, for: CustomerViewer(userID: UUID(), roles: [.admin]), on: tx)!.0
                    }
                }
                return current
            }
        } catch DataError.conflict(let reason) where reason == "badTransition" {
            throw ValidationFailure([ValidationIssue("status", "badTransition")])
        }
    }
}

enum SurveyText {
    /// The message that carries the satisfaction link, in both languages: the contact's language is not known
    /// for sure here.
    static func message(link: String) -> String {
        """
        您的请求已处理完毕。请花几秒钟为本次服务评分（1–5 分）：\(link)
        Your request has been resolved. Please rate our service (1–5) in one click: \(link)
        """
    }
}
