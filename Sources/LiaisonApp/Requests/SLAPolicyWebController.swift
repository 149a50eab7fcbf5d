import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct SLAPolicyListPage: Encodable {
    struct Rule: Encodable {
        var position: Int
        var kinds: String
        var priorities: String
        var tiers: String
        var targets: String
    }

    struct Policy: Encodable {
        var name: String
        var link: String
        var calendar: String
        var calendarLink: String
        var isDefault: Bool
        var rules: [Rule]
        var fallback: String
    }

    var tabs: [QueuePage.Tab]
    var policies: [Policy]
    var newLink: String
}

struct SLAPolicyFormPage: Encodable {
    struct Row: Encodable {
        var index: Int
        var number: Int
        var kinds: [Choice]
        var priorities: [Choice]
        var tiers: [Choice]
        var first: String
        var next: String
        var resolution: String
        var error: String?
    }

    var heading: String
    var tabs: [QueuePage.Tab]
    var action: String
    var version: Int
    var name: String
    var calendars: [Choice]
    var isDefault: Bool
    var rows: [Row]
    var fallbackFirst: String
    var fallbackNext: String
    var fallbackResolution: String
    var errors: [String: String]
}

/// SLA policy admin pages: ordered rules of kind × priority × tier with their three targets, and a fallback.
struct SLAPolicyWebController {
    static let new = Endpoint(.GET, "admin/sla-policies/new", .capability(.slaManage))
    static let create = Endpoint(.POST, "admin/sla-policies", .capability(.slaManage))
    static let edit = Endpoint(.GET, "admin/sla-policies/:id", .capability(.slaManage))
    static let update = Endpoint(.POST, "admin/sla-policies/:id", .capability(.slaManage))

    func register(_ routes: any RoutesBuilder) {
        routes.on(CalendarRoutes.policies, use: list)
        routes.on(Self.new, use: new)
        routes.on(Self.create, use: create)
        routes.on(Self.edit, use: edit)
        routes.on(Self.update, use: update)
    }

    func list(_ request: Request) async throws -> Response {
        let calendars = Dictionary(try await CalendarStore.all(on: request.db).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let any = request.t("sla.any")
        func names<T: RawRepresentable & CaseIterable & Hashable>(_ set: Set<T>, _ key: (T) -> String) -> String where T.RawValue == String {
            set.isEmpty ? any : T.allCases.filter(set.contains).map { request.t(key($0)) }.joined(separator: "、")
        }
        let policies = try await SLAPolicyStore.all(on: request.db).map { p in
            SLAPolicyListPage.Policy(
                name: p.name, link: Self.edit.link(p.id), calendar: calendars[p.calendarID] ?? "—",
                calendarLink: CalendarRoutes.show.link(p.calendarID), isDefault: p.isDefault,
                rules: p.policy.rules.enumerated().map { position, rule in
                    .init(
                        position: position + 1, kinds: names(rule.kinds) { $0.labelKey }, priorities: names(rule.priorities) { $0.labelKey },
                        tiers: names(rule.tiers) { $0.labelKey }, targets: describe(rule.targets, request))
                },
                fallback: describe(p.policy.fallback, request))
        }
        let page = SLAPolicyListPage(tabs: CalendarWebController.tabs(request, current: "policies"), policies: policies, newLink: Self.new.link())
        return try await request.page("sla/list", title: request.t("sla.policies"), page)
    }

    private func describe(_ targets: SLATargets, _ request: Request) -> String {
        request.t("sla.targets", duration(targets.firstResponse, request), duration(targets.nextResponse, request), duration(targets.resolution, request))
    }

    /// Business minutes as "4 h", "1 h 30 min" or "45 min".
    private func duration(_ minutes: Int, _ request: Request) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        if hours == 0 { return request.t("duration.minutes", String(rest)) }
        if rest == 0 { return request.t("duration.hours", String(hours)) }
        return request.t("duration.hoursMinutes", String(hours), String(rest))
    }

    struct RuleRow: Content {
        var kinds: [String]?
        var priorities: [String]?
        var tiers: [String]?
        var first: String?
        var next: String?
        var resolution: String?

        var isBlank: Bool { [first, next, resolution].allSatisfy { $0?.nilIfBlank == nil } }
    }

    struct PolicyForm: Content {
        var name: String?
        var calendarId: String?
        var isDefault: String?
        var version: String?
        var rules: [String: RuleRow]?
        var fallbackFirst: String?
        var fallbackNext: String?
        var fallbackResolution: String?

        /// Rows in the order shown; blank rows (no targets typed) are dropped.
        var orderedRows: [RuleRow] {
            (rules ?? [:]).compactMap { key, row in Int(key).map { ($0, row) } }.sorted { $0.0 < $1.0 }.map(\.1).filter { !$0.isBlank }
        }

        /// The same request the API takes; unreadable numbers become 0 so the range check names them.
        var apiRequest: SLAPolicyRequest {
            func minutes(_ text: String?) -> Int { Int((text ?? "").trimmedSpaces()) ?? 0 }
            return SLAPolicyRequest(
                name: name, calendarId: calendarId ?? "",
                rules: orderedRows.map {
                    .init(
                        kinds: $0.kinds ?? [], priorities: $0.priorities ?? [], tiers: $0.tiers ?? [],
                        targets: SLATargets(firstResponse: minutes($0.first), nextResponse: minutes($0.next), resolution: minutes($0.resolution)))
                },
                fallback: SLATargets(
                    firstResponse: minutes(fallbackFirst), nextResponse: minutes(fallbackNext), resolution: minutes(fallbackResolution)),
                isDefault: isDefault != nil)
        }

        init(_ record: SLAPolicyRecord?) {
            let policy = record?.policy ?? SLAPolicy.standard
            name = record?.name
            calendarId = record?.calendarID.uuidString
            isDefault = record?.isDefault == true ? "on" : nil
            version = record.map { String($0.version) }
            rules = Dictionary(uniqueKeysWithValues: policy.rules.enumerated().map { index, rule in
                (String(index), RuleRow(
                    kinds: rule.kinds.map(\.rawValue), priorities: rule.priorities.map(\.rawValue), tiers: rule.tiers.map(\.rawValue),
                    first: String(rule.targets.firstResponse), next: String(rule.targets.nextResponse), resolution: String(rule.targets.resolution)))
            })
            fallbackFirst = String(policy.fallback.firstResponse)
            fallbackNext = String(policy.fallback.nextResponse)
            fallbackResolution = String(policy.fallback.resolution)
        }
    }

    func new(_ request: Request) async throws -> Response {
        try await render(request, nil, form: PolicyForm(nil), errors: [:], status: .ok)
    }

    func edit(_ request: Request) async throws -> Response {
        let policy = try await find(request)
        return try await render(request, policy, form: PolicyForm(policy), errors: [:], status: .ok)
    }

    private func render(
        _ request: Request, _ policy: SLAPolicyRecord?, form: PolicyForm, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let calendars = try await CalendarStore.all(on: request.db)
        let rows = form.orderedRows + [RuleRow(), RuleRow()]
        let page = SLAPolicyFormPage(
            heading: policy?.name ?? request.t("sla.new"), tabs: CalendarWebController.tabs(request, current: "policies"),
            action: policy.map { Self.update.link($0.id) } ?? Self.create.link(), version: policy?.version ?? 0, name: form.name ?? "",
            calendars: calendars.map {
                Choice(value: $0.id.uuidString, label: $0.name, selected: form.calendarId == $0.id.uuidString || (form.calendarId == nil && $0.isDefault))
            },
            isDefault: form.isDefault != nil,
            rows: rows.enumerated().map { index, row in
                let chosen = { (values: [String]?) in Set(values ?? []) }
                return SLAPolicyFormPage.Row(
                    index: index, number: index + 1,
                    kinds: RequestKind.allCases.map { Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: chosen(row.kinds).contains($0.rawValue)) },
                    priorities: Priority.allCases.map { Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: chosen(row.priorities).contains($0.rawValue)) },
                    tiers: CustomerTier.allCases.map { Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: chosen(row.tiers).contains($0.rawValue)) },
                    first: row.first ?? "", next: row.next ?? "", resolution: row.resolution ?? "",
                    error: errors.first { $0.key.hasPrefix("rules[\(index)]") }?.value)
            },
            fallbackFirst: form.fallbackFirst ?? "", fallbackNext: form.fallbackNext ?? "", fallbackResolution: form.fallbackResolution ?? "",
            errors: errors.merging(
                ["fallback": errors.first { $0.key.hasPrefix("fallback") }?.value].compactMapValues { $0 }, uniquingKeysWith: { a, _ in a }))
        let response = try await request.page("sla/form", title: page.heading, page)
        response.status = status
        return response
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PolicyForm.self)
        do {
            let (name, calendar, policy, isDefault) = try form.apiRequest.parsed()
            let actor = request.auditActor
            let now = request.now
            _ = try await request.write { tx in
                try await SLAPolicyStore.create(name: name, calendarID: calendar, policy: policy, isDefault: isDefault, by: actor, at: now, on: tx)
            }
            return request.redirect(to: CalendarRoutes.policies.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(request, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await find(request)
        let form = try request.content.decode(PolicyForm.self)
        do {
            let (name, calendar, policy, isDefault) = try form.apiRequest.parsed(over: current)
            let actor = request.auditActor
            let now = request.now
            let expected = form.version.flatMap { Int($0) }
            _ = try await request.write { tx in
                try await SLAPolicyStore.update(
                    current.id, name: name, calendarID: calendar, policy: policy, isDefault: isDefault, expectedVersion: expected,
                    by: actor, at: now, on: tx)
            }
            return request.redirect(to: CalendarRoutes.policies.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(request, current, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            let fresh = try await find(request)
            return try await render(request, fresh, form: PolicyForm(fresh), errors: ["form": request.t("error.staleForm")], status: .conflict)
        } catch DataError.conflict(let reason) {
            return try await render(request, current, form: form, errors: ["form": request.t("conflict.\(reason)")], status: .conflict)
        }
    }

    private func find(_ request: Request) async throws -> SLAPolicyRecord {
        guard let policy = try await SLAPolicyStore.find(request.recordID(), on: request.db) else { throw AppError.notFound }
        return policy
    }
}
