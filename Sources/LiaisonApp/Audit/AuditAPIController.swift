import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct AuditEntryDTO: Content {
    var id: Int64
    var at: Date
    var actorId: String?
    var actorLabel: String
    var action: String
    var recordType: String
    var recordId: String?
    var address: String?
    var changes: [String: AnyJSON]
    var previousHash: String
    var hash: String

    init(_ record: AuditRecord) {
        id = record.id
        at = record.occurredAt
        actorId = record.actorID
        actorLabel = record.actorLabel
        action = record.action
        recordType = record.recordType
        recordId = record.recordID
        address = record.address
        changes = (try? JSONDecoder().decode([String: AnyJSON].self, from: Data(record.changes.utf8))) ?? [:]
        previousHash = record.previousHash
        hash = record.hash
    }
}

/// Arbitrary JSON, for the free-form `changes` of an audit entry.
indirect enum AnyJSON: Codable, Sendable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case object([String: AnyJSON])
    case array([AnyJSON])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([AnyJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: AnyJSON].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

struct AuditVerificationDTO: Content {
    var ok: Bool
    var count: Int
    var brokenEntryId: Int64?
    var reason: String?
}

struct AuditAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(AuditRoutes.apiList, use: list)
        routes.on(AuditRoutes.apiVerify, use: verify)
    }

    func list(_ request: Request) async throws -> Response {
        let (filter, page) = try request.query.decode(AuditFilterQuery.self).parse()
        let result = try await AuditQueries.list(filter, page: page, on: request.db)
        return try ListDTO(items: result.items.map(AuditEntryDTO.init), nextCursor: result.nextCursor)
            .apiResponse(for: request)
    }

    func verify(_ request: Request) async throws -> Response {
        switch try await AuditLog.verify(on: request.db, anchor: try request.application.auditAnchor.read()) {
        case .intact(let count):
            return try AuditVerificationDTO(ok: true, count: count).apiResponse(for: request)
        case .broken(let id, let reason, let checked):
            return try AuditVerificationDTO(ok: false, count: checked, brokenEntryId: id, reason: reason.rawValue)
                .apiResponse(for: request)
        }
    }
}
