import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct AuditPage: Encodable {
    struct Row: Encodable {
        var id: String
        var at: String
        var actor: String
        var action: String
        var actionCode: String
        var record: String
        var recordLink: String?
        var address: String
        var changes: String
    }

    var rows: [Row]
    var hasRows: Bool
    var action: String
    var actorId: String
    var recordType: String
    var recordId: String
    var actions: [Choice]
    var from: String
    var to: String
    var nextLink: String?
    var errorMessages: [String]
}

struct AuditWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(AuditRoutes.list, use: list)
    }

    func list(_ request: Request) async throws -> Response {
        let query = try request.query.decode(AuditFilterQuery.self)
        var errors: [String: String] = [:]
        var filter = AuditFilter()
        var page = PageQuery()
        do {
            (filter, page) = try query.parse()
        } catch {
            errors = request.fieldErrors(error)
        }
        let result = try await AuditQueries.list(filter, page: page, on: request.db)
        var nextLink: String?
        if let cursor = result.nextCursor {
            var components = URLComponents()
            components.queryItems = [
                ("actorId", query.actorId), ("recordType", query.recordType), ("recordId", query.recordId),
                ("action", query.action), ("from", query.from), ("to", query.to), ("cursor", cursor),
            ].compactMap { name, value in value?.nilIfBlank.map { URLQueryItem(name: name, value: $0) } }
            nextLink = AuditRoutes.list.link() + "?" + (components.percentEncodedQuery ?? "")
        }
        let rows = result.items.map { record in
                let label = request.t("audit.action.\(record.action)")
                return AuditPage.Row(
                    id: String(record.id), at: request.format(record.occurredAt), actor: record.actorLabel,
                    action: label, actionCode: record.action,
                    record: [request.t("record.\(record.recordType)"), record.recordID.map { String($0.prefix(8)) }]
                        .compactMap { $0 }.joined(separator: " "),
                    recordLink: record.recordType == AuditRecordType.user.rawValue ? record.recordID.flatMap(UUID.init(uuidString:)).map {
                        PeopleRoutes.show.link($0)
                    } : nil,
                    address: record.address ?? "", changes: record.changes == "{}" ? "" : record.changes)
            }
        let body = AuditPage(
            rows: rows, hasRows: !rows.isEmpty, action: AuditRoutes.list.link(), actorId: query.actorId ?? "", recordType: query.recordType ?? "",
            recordId: query.recordId ?? "",
            actions: AuditAction.allCases.map {
                .init(value: $0.rawValue, label: request.t($0.labelKey), selected: $0.rawValue == query.action)
            },
            from: query.from ?? "", to: query.to ?? "", nextLink: nextLink, errorMessages: errors.values.sorted())
        return try await request.page("audit/list", title: request.t("audit.title"), body)
    }
}
