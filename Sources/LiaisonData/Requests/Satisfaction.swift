import FluentKit
import Foundation
import LiaisonCore

final class SurveyTokenModel: Model, @unchecked Sendable {
    static let schema = "survey_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

/// The invitation to rate a request that is sent when it is resolved: the hash of the link's secret (the secret
/// itself goes only into the message), how long the link is valid, and the message that carries it.
public struct SurveyInvitation: Sendable, Equatable {
    public var tokenHash: String
    public var validFor: TimeInterval
    public var message: String

    public init(tokenHash: String, validFor: TimeInterval, message: String) {
        self.tokenHash = tokenHash
        self.validFor = validFor
        self.message = message
    }
}

/// One-click satisfaction (CSAT 1–5) after a request is resolved: a single-use, expiring link, no sign-in.
public enum Satisfaction {
    /// Stores a new survey link for a request (only its hash); the caller sends the secret to the contact.
    public static func issue(
        for requestID: UUID, tokenHash: String, validFor seconds: TimeInterval, at now: Date, on tx: any Database
    ) async throws {
        let model = SurveyTokenModel()
        model.id = UUID()
        model.requestID = requestID
        model.tokenHash = tokenHash
        model.expiresAt = now.addingTimeInterval(seconds)
        try await model.create(on: tx)
    }

    public enum Outcome: Sendable, Equatable {
        case valid(requestNumber: String, subject: String)
        case used
        case expired
        case unknown
    }

    /// What a survey link is worth now, for the page that shows it.
    public static func check(tokenHash: String, at now: Date, on db: any Database) async throws -> Outcome {
        guard let token = try await SurveyTokenModel.query(on: db).filter(\.$tokenHash == tokenHash).first(),
            let request = try await RequestModel.load(token.requestID, on: db)
        else { return .unknown }
        if token.usedAt != nil { return .used }
        if token.expiresAt <= now { return .expired }
        return .valid(requestNumber: RequestNumber.format(Int(request.number)), subject: request.subject)
    }

    /// Records the score once; the link is used up by it.
    public static func rate(
        tokenHash: String, score: Int, comment: String?, at now: Date, on tx: any Database
    ) async throws -> Outcome {
        let outcome = try await check(tokenHash: tokenHash, at: now, on: tx)
        guard case .valid = outcome,
            let token = try await SurveyTokenModel.query(on: tx).filter(\.$tokenHash == tokenHash).first(),
            let request = try await RequestModel.load(token.requestID, on: tx)
        else { return outcome }
        token.usedAt = now
        try await token.update(on: tx)
        request.csatScore = score
        request.csatComment = comment
        request.csatAt = now
        try await request.save(on: tx)
        var changes = AuditChanges()
        changes.set("score", String(score))
        if comment != nil { changes.note("comment", "given") }
        try await AuditLog.append(
            .satisfactionRated, recordType: .request, recordID: request.id!.idText, changes: changes,
            by: AuditActor(userID: nil, label: "customer", address: nil), at: now, on: tx)
        return outcome
    }
}
