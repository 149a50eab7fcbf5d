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
        var actorLink: String?
        var action: String
        var actionCode: String
        var recordType: String
        var record: String
        var recordLink: String?
        /// The same trail filtered to this record.
        var trailLink: String?
        var address: String
        var changes: [AuditChangeLine]
        var hasChanges: Bool
        /// The entry as stored, one click away.
        var raw: String
    }

    var rows: [Row]
    var hasRows: Bool
    var action: String
    var actors: [Choice]
    var recordTypes: [RecordType]
    var recordId: String
    /// The chosen record's name, for the record picker.
    var recordName: String
    /// The record the trail is filtered to, by type and name.
    var recordFilter: String?
    var clearRecordLink: String
    var actions: [Choice]
    var from: String
    var to: String
    var nextLink: String?
    var errorMessages: [String]
}

/// One line of an entry's changes: "Priority: Normal → Urgent", or a note ("Listed: 上海星河科技有限公司").
struct AuditChangeLine: Encodable {
    var field: String
    var before: String?
    var after: String?
    var isNote: Bool
}

extension AuditPage {
    /// A record type to filter by, and where the record picker finds records of that type by name (the lookup a
    /// picker asks as one types, the answer's field shown and its details), when it can.
    struct RecordType: Encodable {
        var value: String
        var label: String
        var selected: Bool
        var lookup: String?
        var lookupLabel: String?
        var lookupDetail: String?

        init(_ type: AuditRecordType, label: String, selected: Bool) {
            value = type.rawValue
            self.label = label
            self.selected = selected
            switch type {
            case .customer: (lookup, lookupLabel, lookupDetail) = (LookupRoutes.customers.link(), "name", "nameEn")
            case .contact: (lookup, lookupLabel, lookupDetail) = (LookupRoutes.contacts.link(), "name", "customerName")
            case .request: (lookup, lookupLabel, lookupDetail) = (LookupRoutes.requests.link(), "number", "title")
            default: break
            }
        }
    }
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
        let readable = try await AuditReadable.load(result.items, request: request)
        let rows = result.items.map { readable.row($0) }
        let people = try await PeopleQueries.staff(limit: 500, on: request.db)
        let chosenActor = query.actorId.flatMap(UUIDText.parse)
        var recordFilter: String?
        var recordName = ""
        if let type = query.recordType?.nilIfBlank, let id = query.recordId?.nilIfBlank {
            let name = readable.name(type: type, id: id)
            recordName = name ?? String(id.prefix(8))
            recordFilter = request.catalog.has("record.\(type)") ? request.t("record.\(type)") + " " + (name ?? String(id.prefix(8))) : name
        }
        var clear = URLComponents()
        clear.queryItems = [("actorId", query.actorId), ("action", query.action), ("from", query.from), ("to", query.to)]
            .compactMap { name, value in value?.nilIfBlank.map { URLQueryItem(name: name, value: $0) } }
        let body = AuditPage(
            rows: rows, hasRows: !rows.isEmpty, action: AuditRoutes.list.link(),
            actors: people.map {
                Choice(
                    value: $0.id.idText, label: $0.name, selected: $0.id == chosenActor,
                    keys: NameKeys.typingKeys(sortKey: $0.sortKey))
            },
            recordTypes: AuditRecordType.allCases.map {
                AuditPage.RecordType($0, label: request.t("record.\($0.rawValue)"), selected: $0.rawValue == query.recordType)
            }.sorted { $0.label < $1.label },
            recordId: query.recordId ?? "", recordName: recordName, recordFilter: recordFilter,
            clearRecordLink: AuditRoutes.list.link() + (clear.queryItems?.isEmpty == false ? "?" + (clear.percentEncodedQuery ?? "") : ""),
            actions: AuditAction.allCases.map {
                .init(value: $0.rawValue, label: request.t($0.labelKey), selected: $0.rawValue == query.action)
            },
            from: query.from ?? "", to: query.to ?? "", nextLink: nextLink, errorMessages: errors.values.sorted())
        return try await request.page("audit/list", title: request.t("audit.title"), body)
    }
}

/// Audit entries as people read them: who by name, the record by name with a link, and the changes as
/// "field: before → after" with labels instead of stored words. Names come from one read per record type.
struct AuditReadable {
    let request: Request
    let names: [String: String]

    static func load(_ records: [AuditRecord], request: Request) async throws -> AuditReadable {
        var refs: [(type: AuditRecordType, id: UUID)] = []
        for record in records {
            if let actor = record.actorID.flatMap(UUIDText.parse) { refs.append((.user, actor)) }
            if let type = AuditRecordType(rawValue: record.recordType), let id = record.recordID.flatMap(UUIDText.parse) {
                refs.append((type, id))
            }
            for (field, values) in Self.fields(of: record) {
                guard let type = Self.referenceType(field) else { continue }
                for value in [values.before, values.after].compactMap({ $0 }) {
                    if let id = UUIDText.parse(value) { refs.append((type, id)) }
                }
            }
        }
        return AuditReadable(request: request, names: try await AuditNames.records(refs, on: request.db))
    }

    func name(type: String, id: String) -> String? {
        UUIDText.parse(id).flatMap { names[type + ":" + $0.idText] }
    }

    func row(_ record: AuditRecord) -> AuditPage.Row {
        let type = AuditRecordType(rawValue: record.recordType)
        let recordID = record.recordID.flatMap(UUIDText.parse)
        let actorID = record.actorID.flatMap(UUIDText.parse)
        let recordName = record.recordID.flatMap { name(type: record.recordType, id: $0) }
        let changes = lines(record)
        var trail: String?
        if let id = record.recordID {
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "recordType", value: record.recordType), URLQueryItem(name: "recordId", value: id)]
            trail = AuditRoutes.list.link() + "?" + (components.percentEncodedQuery ?? "")
        }
        return AuditPage.Row(
            id: String(record.id), at: request.format(record.occurredAt),
            actor: actorID.flatMap { names["user:" + $0.idText] } ?? actorLabel(record.actorLabel),
            actorLink: actorID.map { PeopleRoutes.show.link($0) },
            action: request.t("audit.action.\(record.action)"), actionCode: record.action,
            recordType: request.catalog.has("record.\(record.recordType)") ? request.t("record.\(record.recordType)") : record.recordType,
            record: recordName ?? record.recordID.map { String($0.prefix(8)) } ?? "",
            recordLink: recordID.flatMap { id in type.flatMap { Self.link($0, id) } },
            trailLink: trail, address: record.address ?? "", changes: changes, hasChanges: !changes.isEmpty,
            raw: record.changes == "{}" ? "" : record.changes)
    }

    /// Labels written by the system for who acted: the SLA clock, a customer answering a survey, the demo loader.
    private func actorLabel(_ label: String) -> String {
        request.catalog.has("audit.actorLabel.\(label)") ? request.t("audit.actorLabel.\(label)") : label
    }

    static func link(_ type: AuditRecordType, _ id: UUID) -> String? {
        switch type {
        case .customer: CustomerRoutes.show.link(id)
        case .contact: ContactRoutes.show.link(id)
        case .request: RequestRoutes.show.link(id)
        case .interaction: InteractionRoutes.show.link(id)
        case .user: PeopleRoutes.show.link(id)
        case .calendar: CalendarRoutes.show.link(id)
        case .project: ProjectRoutes.show.link(id)
        case .meeting: MeetingRoutes.show.link(id)
        case .commitment: CommitmentRoutes.page.link() + "?scope=all#commitment-" + id.idText
        default: nil
        }
    }

    /// Fields whose values are ids of other records.
    static func referenceType(_ field: String) -> AuditRecordType? {
        switch field {
        case "ownerId", "assigneeId", "userId", "nextStepOwnerId", "actorId": .user
        case "customerId": .customer
        case "contactId": .contact
        case "departmentId", "queueId", "parentId": .department
        case "requestId", "into", "mergedInto", "splitFrom": .request
        default: nil
        }
    }

    /// Stored words shown by their label: the key prefix of each field's vocabulary.
    private static let vocabularies: [String: String] = [
        "status": "requestStatus.", "kind": "requestKind.", "priority": "priority.", "classification": "classification.",
        "tier": "tier.", "channel": "channel.", "direction": "direction.", "role": "teamRole.", "assignment": "assignment.",
        "metric": "slaMetric.",
    ]

    /// The entry's stored changes as JSON: `{"fields": {name: {"from", "to"}}, "notes": {name: value}}`.
    private static func changes(of record: AuditRecord) -> [String: Any] {
        guard let data = record.changes.data(using: .utf8) else { return [:] }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    static func fields(of record: AuditRecord) -> [(String, (before: String?, after: String?))] {
        fields(in: changes(of: record))
    }

    private static func fields(in changes: [String: Any]) -> [(String, (before: String?, after: String?))] {
        guard let fields = changes["fields"] as? [String: Any] else { return [] }
        return fields.keys.sorted().map { key in
            let change = fields[key] as? [String: Any] ?? [:]
            return (key, (Self.text(change["from"]), Self.text(change["to"])))
        }
    }

    private static func text(_ value: Any?) -> String? {
        switch value {
        case nil, is NSNull: nil
        case let string as String: string
        case let number as NSNumber: number.stringValue
        case let other?:
            (try? JSONSerialization.data(withJSONObject: other, options: [.sortedKeys, .withoutEscapingSlashes]))
                .flatMap { String(data: $0, encoding: .utf8) }
        }
    }

    func lines(_ record: AuditRecord) -> [AuditChangeLine] {
        let changes = Self.changes(of: record)
        var lines = Self.fields(in: changes).map { field, values in
            AuditChangeLine(
                field: label(field, recordType: record.recordType), before: values.before.map { value(field, $0) },
                after: values.after.map { value(field, $0) }, isNote: false)
        }
        if let notes = changes["notes"] as? [String: Any] {
            for key in notes.keys.sorted() {
                guard let text = Self.text(notes[key]) else { continue }
                let parts = text.split(separator: ",").map(String.init)
                let shown: String
                if parts.count > 1, parts.allSatisfy({ UUIDText.parse($0) != nil }) {
                    // A list of records ("listed"): their names where known.
                    shown = parts.compactMap(UUIDText.parse).map { id in
                        names.first(where: { $0.key.hasSuffix(":" + id.idText) })?.value ?? String(id.idText.prefix(8))
                    }.joined(separator: "、")
                } else {
                    shown = value(key, text)
                }
                lines.append(AuditChangeLine(field: label(key, recordType: record.recordType), before: nil, after: shown, isNote: true))
            }
        }
        return lines
    }

    /// A field's label: the form's label for that record type when there is one ("requests.field.assignee"), else
    /// a shared one ("audit.field.locale"), else the stored word.
    private func label(_ field: String, recordType: String) -> String {
        let base = field.hasSuffix("Id") ? String(field.dropLast(2)) : field
        let prefixes = ["requests", "customers", "contacts", "interactions", "people", "departments"]
        let own = ["request": "requests", "customer": "customers", "contact": "contacts", "interaction": "interactions",
                   "user": "people", "department": "departments"][recordType]
        for prefix in ([own].compactMap { $0 } + prefixes) {
            for key in ["\(prefix).field.\(field)", "\(prefix).field.\(base)"] where request.catalog.has(key) {
                return request.t(key)
            }
        }
        for key in ["audit.field.\(field)", "audit.field.\(base)"] where request.catalog.has(key) { return request.t(key) }
        return field
    }

    private func value(_ field: String, _ value: String) -> String {
        if let type = Self.referenceType(field), let id = UUIDText.parse(value), let name = names[type.rawValue + ":" + id.idText] {
            return name
        }
        if let prefix = Self.vocabularies[field], request.catalog.has(prefix + value) { return request.t(prefix + value) }
        if field == "locale", let locale = AppLocale(rawValue: value) { return locale.nativeName }
        if field == "visibility" { return request.t(value == "internal" ? "requests.internalNote" : "requests.public") }
        // SLA targets: {"firstResponse": 240, …} minutes by target.
        if value.hasPrefix("{"), let data = value.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            return object.keys.sorted().map { key in
                let label = request.catalog.has("slaMetric.\(key)") ? request.t("slaMetric.\(key)") : key
                return label + " " + (Self.text(object[key]) ?? "")
            }.joined(separator: "、")
        }
        if let id = UUIDText.parse(value), let found = names.first(where: { $0.key.hasSuffix(":" + id.idText) }) {
            return found.value
        }
        return value
    }
}
