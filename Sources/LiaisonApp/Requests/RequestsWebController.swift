import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Queues, the breach board and the new-request form.
struct RequestsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(RequestRoutes.myQueue, use: myQueue)
        routes.on(RequestRoutes.teamQueues, use: teamQueues)
        routes.on(RequestRoutes.breaches, use: breaches)
        routes.on(RequestRoutes.new, use: new)
        routes.on(RequestRoutes.create, use: create)
    }

    struct QueueQuery: Content {
        var view: String?
        var queueId: String?
        var cursor: String?
    }

    func myQueue(_ request: Request) async throws -> Response {
        let query = try request.query.decode(QueueQuery.self)
        let me = try request.person.id
        var filter = RequestFilter()
        switch query.view {
        case "unassigned": filter.unassigned = true
        case "all": break
        default: filter.assigneeID = me
        }
        let current = query.view ?? "mine"
        let tabs = ["mine", "unassigned", "all"].map {
            QueuePage.Tab(label: request.t("requests.view.\($0)"), link: RequestRoutes.myQueue.link() + "?view=\($0)", current: $0 == current)
        } + [QueuePage.Tab(label: request.t("requests.view.queues"), link: RequestRoutes.teamQueues.link(), current: false),
             QueuePage.Tab(label: request.t("requests.view.breaches"), link: RequestRoutes.breaches.link(), current: false)]
        return try await render(request, heading: request.t("requests.title"), tabs: tabs, filter: filter, query: query,
            base: RequestRoutes.myQueue.link() + "?view=\(current)", showQueues: false)
    }

    func teamQueues(_ request: Request) async throws -> Response {
        let query = try request.query.decode(QueueQuery.self)
        var filter = RequestFilter()
        let departments = try await DepartmentQueries.all(on: request.db)
        let chosen = query.queueId.flatMap(UUID.init(uuidString:)) ?? departments.first?.id
        filter.queueID = chosen
        let tabs = tabsFor(request, current: "queues")
        return try await render(
            request, heading: request.t("requests.view.queues"), tabs: tabs, filter: filter, query: query,
            base: RequestRoutes.teamQueues.link() + "?queueId=\(chosen?.uuidString ?? "")", showQueues: true,
            queues: departments.map {
                Choice(value: $0.id.uuidString, label: $0.displayName(in: request.locale), selected: $0.id == chosen)
            })
    }

    func breaches(_ request: Request) async throws -> Response {
        let query = try request.query.decode(QueueQuery.self)
        let filter = RequestFilter(statuses: Set(RequestStatus.allCases), breachedOnly: true)
        return try await render(
            request, heading: request.t("requests.view.breaches"), tabs: tabsFor(request, current: "breaches"),
            filter: filter, query: query, base: RequestRoutes.breaches.link() + "?", showQueues: false)
    }

    private func tabsFor(_ request: Request, current: String) -> [QueuePage.Tab] {
        ["mine", "unassigned", "all"].map {
            QueuePage.Tab(label: request.t("requests.view.\($0)"), link: RequestRoutes.myQueue.link() + "?view=\($0)", current: false)
        } + [
            QueuePage.Tab(label: request.t("requests.view.queues"), link: RequestRoutes.teamQueues.link(), current: current == "queues"),
            QueuePage.Tab(label: request.t("requests.view.breaches"), link: RequestRoutes.breaches.link(), current: current == "breaches"),
        ]
    }

    private func render(
        _ request: Request, heading: String, tabs: [QueuePage.Tab], filter: RequestFilter, query: QueueQuery,
        base: String, showQueues: Bool, queues: [Choice] = []
    ) async throws -> Response {
        let page = PageQuery(limit: 50, after: query.cursor.flatMap(Cursor.init(encoded:)))
        let result = try await RequestQueries.list(filter, page: page, for: request.viewer, on: request.db)
        let customers = try await CustomerQueries.names(Set(result.items.compactMap(\.customerID)), on: request.db)
        let people = try await PeopleQueries.names(Set(result.items.compactMap(\.assigneeID)), on: request.db)
        let rows = result.items.map { r in
            QueuePage.Row(
                number: r.numberText, subject: r.subject, link: RequestRoutes.show.link(r.id),
                customer: r.customerID.flatMap { customers[$0] } ?? "", kind: request.t(r.kind.labelKey), kindCode: r.kind.rawValue,
                priority: request.t(r.priority.labelKey), priorityCode: r.priority.rawValue,
                status: request.t(r.status.labelKey), statusCode: r.status.rawValue,
                assignee: r.assigneeID.flatMap { people[$0] } ?? "—", due: request.format(r.nextDueAt),
                dueISO: r.nextDueAt.map(RFC3339.format) ?? "", breached: !r.breaches.isEmpty)
        }
        let body = QueuePage(
            heading: heading, tabs: tabs, rows: rows, hasRows: !rows.isEmpty, queues: queues,
            showQueuePicker: showQueues, action: RequestRoutes.teamQueues.link(),
            newLink: try request.person.can(.requestsHandle) ? RequestRoutes.new.link() : nil,
            nextLink: result.nextCursor.map { base + "&cursor=" + $0 })
        return try await request.page("requests/queue", title: heading, body)
    }

    // MARK: New request

    struct NewQuery: Content {
        var customerId: String?
        var contactId: String?
        /// Without JavaScript, the customer is found by this text first (the page lists what matches).
        var find: String?
    }

    func new(_ request: Request) async throws -> Response {
        let query = try request.query.decode(NewQuery.self)
        var form = RequestForm(customerId: query.customerId)
        form.contactId = query.contactId
        return try await renderNew(request, form: form, find: query.find, errors: [:], status: .ok)
    }

    struct RequestForm: Content {
        var customerId: String?
        var contactId: String?
        var kind: String?
        var priority: String?
        var channel: String?
        var subject: String?
        var body: String?
        var queueId: String?

        init(customerId: String? = nil) {
            self.customerId = customerId
        }

        var input: RequestInput {
            RequestInput(
                customerID: customerId, contactID: contactId?.nilIfBlank, kind: kind, priority: priority,
                channel: channel, subject: subject, body: body, queueID: queueId?.nilIfBlank)
        }
    }

    /// The form names one customer at most and never lists them all: a picker finds the customer as a name is
    /// typed (`/lookup/customers`), and the select it enhances holds only the chosen customer and the newest ones.
    /// Without JavaScript, `find` lists matching customers as links that choose one.
    private func renderNew(
        _ request: Request, form: RequestForm, find: String? = nil, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        var customers: [Choice] = []
        var contacts: [Choice] = []
        let chosen = form.customerId.flatMap(UUIDText.parse)
        if let chosen, let customer = try await CustomerQueries.find(chosen, for: viewer, on: request.db) {
            customers.append(Choice(value: customer.id.idText, label: customer.name, selected: true))
            contacts = try await ContactQueries.list(customerID: chosen, on: request.db).map {
                Choice(value: $0.id.idText, label: $0.name, selected: $0.id.idText == form.contactId?.uppercased(),
                       detail: $0.title)
            }
        }
        for pick in try await LookupQueries.customers("", limit: 10, for: viewer, on: request.db)
        where pick.id != chosen {
            customers.append(Choice(value: pick.id.idText, label: pick.name, selected: false))
        }
        let findText = find.map { InputText.stripped($0).trimmed() }.flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        var found: [FoundCustomer]?
        if let findText {
            found = try await LookupQueries.customers(findText, limit: 20, for: viewer, on: request.db).map {
                FoundCustomer(name: $0.name, nameEn: $0.nameEn, link: RequestRoutes.new.link() + "?customerId=" + $0.id.idText)
            }
        }
        let departments = try await DepartmentQueries.all(on: request.db)
        let page = NewRequestPage(
            action: RequestRoutes.create.link(),
            customers: customers, customerID: chosen?.idText ?? "", contacts: contacts,
            findAction: RequestRoutes.new.link(), find: findText ?? "", found: found,
            kinds: request.options(RequestKind.self, selected: form.kind ?? "inquiry") { $0.labelKey },
            priorities: request.options(Priority.self, selected: form.priority ?? "normal") { $0.labelKey },
            channels: request.options(LiaisonCore.Channel.self, selected: form.channel ?? "phone") { $0.labelKey },
            queues: departments.map {
                Choice(
                    value: $0.id.uuidString, label: $0.displayName(in: request.locale),
                    selected: $0.id.uuidString == form.queueId, keys: $0.typingKeys)
            },
            subject: form.subject ?? "", body: form.body ?? "", errors: errors)
        let response = try await request.page("requests/new", title: request.t("requests.new"), page)
        response.status = status
        return response
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(RequestForm.self)
        do {
            let created = try await RequestWorkflow.create(form.input.validated(), request)
            return request.redirect(to: RequestRoutes.show.link(created.id), flash: "flash.requestCreated")
        } catch let failure as ValidationFailure {
            return try await renderNew(request, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }
}
