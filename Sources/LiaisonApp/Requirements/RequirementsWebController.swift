import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The requirement pages: the board, a requirement (moves, assessment, files, documents, history) and its form.
struct RequirementsWebController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(RequirementRoutes.board, use: board)
        routes.on(RequirementRoutes.new, use: new)
        routes.on(RequirementRoutes.create, use: create)
        routes.on(RequirementRoutes.show, use: show)
        routes.on(RequirementRoutes.edit, use: edit)
        routes.on(RequirementRoutes.update, use: update)
        routes.on(RequirementRoutes.move, use: move)
        routes.on(RequirementRoutes.assess, use: assess)
        routes.on(RequirementRoutes.attach, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: attach)
        RequirementDocumentsWebController().register(routes)
    }

    /// How many cards a board column shows; its count says how many there are.
    static let cardsPerColumn = 30

    struct BoardQuery: Content {
        var customerId: String?
        var departmentId: String?
        var priority: String?
        var ownerId: String?
    }

    func board(_ request: Request) async throws -> Response {
        let query = try request.query.decode(BoardQuery.self)
        let viewer = try request.viewer
        let me = try request.person
        // Unknown filter values show the whole board rather than an error page.
        var filter = RequirementFilter()
        filter.customerID = query.customerId.flatMap { UUIDText.parse($0.trimmedSpaces()) }
        filter.departmentID = query.departmentId.flatMap { UUIDText.parse($0.trimmedSpaces()) }
        filter.priority = query.priority.flatMap { Priority(rawValue: $0.trimmedSpaces()) }
        filter.ownerID =
            query.ownerId?.trimmedSpaces() == "me" ? me.id : query.ownerId.flatMap { UUIDText.parse($0.trimmedSpaces()) }
        let counts = try await RequirementQueries.counts(filter, for: viewer, on: request.db)
        var columns: [RequirementBoardPage.Column] = []
        for status in RequirementStatus.allCases {
            var one = filter
            one.statuses = [status]
            let count = counts[status] ?? 0
            var cards: [RequirementBoardPage.Card] = []
            if count > 0 {
                let page = try await RequirementQueries.list(
                    one, page: PageQuery(limit: Self.cardsPerColumn), for: viewer, on: request.db)
                cards = page.items.map { item in
                    RequirementBoardPage.Card(
                        title: item.requirement.title, link: RequirementRoutes.show.link(item.requirement.id),
                        customer: item.customerName, priority: request.t(item.requirement.priority.labelKey),
                        priorityKey: item.requirement.priority.rawValue,
                        desired: item.requirement.desiredDate?.description ?? "")
                }
            }
            columns.append(
                RequirementBoardPage.Column(
                    status: status.rawValue, label: request.t(status.labelKey), count: count, cards: cards,
                    more: count > cards.count))
        }
        var customers: [Choice] = [Choice(value: "", label: request.t("requirements.filter.anyCustomer"), selected: false)]
        if let chosen = filter.customerID, let customer = try await CustomerQueries.find(chosen, for: viewer, on: request.db) {
            customers.append(Choice(value: customer.id.idText, label: customer.name, selected: true))
        }
        for pick in try await LookupQueries.customers("", limit: 10, for: viewer, on: request.db)
        where pick.id != filter.customerID {
            customers.append(Choice(value: pick.id.idText, label: pick.name, selected: false))
        }
        let departments = try await DepartmentQueries.all(on: request.db)
        let page = RequirementBoardPage(
            columns: columns, total: counts.values.reduce(0, +),
            newLink: me.can(.requirementsCapture) ? RequirementRoutes.new.link() : nil,
            filterAction: RequirementRoutes.board.link(), customers: customers,
            departments: [Choice(value: "", label: request.t("requirements.filter.anyDepartment"), selected: false)]
                + departments.map {
                    Choice(
                        value: $0.id.idText, label: $0.displayName(in: request.locale),
                        selected: $0.id == filter.departmentID, keys: $0.typingKeys)
                },
            priorities: [Choice(value: "", label: request.t("requirements.filter.anyPriority"), selected: false)]
                + request.options(Priority.self, selected: filter.priority?.rawValue) { $0.labelKey },
            owners: [
                Choice(value: "", label: request.t("requirements.filter.anyOwner"), selected: filter.ownerID == nil),
                Choice(value: "me", label: request.t("requirements.filter.mine"), selected: filter.ownerID == me.id),
            ],
            filtered: filter != RequirementFilter())
        return try await request.page("requirements/board", title: request.t("requirements.title"), page)
    }

    // MARK: Form

    struct Form: Content {
        var customerId: String?
        var contactId: String?
        var title: String?
        var description: String?
        var businessValue: String?
        var desiredDate: String?
        var priority: String?
        var ownerId: String?
        var sourceKind: String?
        var sourceId: String?
        var sourceReference: String?
        var version: String?

        var input: RequirementInput {
            RequirementInput(
                customerID: customerId, contactID: contactId ?? "", title: title, description: description,
                businessValue: businessValue ?? "", desiredDate: desiredDate ?? "", priority: priority,
                sourceKind: sourceKind, sourceID: sourceId?.nilIfBlank, sourceReference: sourceReference?.nilIfBlank,
                ownerID: ownerId ?? "")
        }
    }

    /// A new requirement; `?sourceKind=request|interaction&sourceId=…` prefills it from a request or an
    /// interaction the caller may see (turn into a requirement).
    func new(_ request: Request) async throws -> Response {
        var form = try request.query.decode(Form.self)
        let viewer = try request.viewer
        if let id = form.sourceId.flatMap({ UUIDText.parse($0.trimmedSpaces()) }) {
            switch form.sourceKind {
            case RequirementSourceKind.request.rawValue:
                if let (source, _) = try await RequestQueries.find(id, for: viewer, on: request.db) {
                    form.customerId = source.customerID?.idText
                    form.contactId = source.contactID?.idText
                    form.title = form.title ?? source.subject
                    let first = try await RequestConversation.list(source.id, includeInternal: false, on: request.db)
                        .first
                    form.description = form.description ?? first?.body ?? source.subject
                    form.priority = form.priority ?? source.priority.rawValue
                } else {
                    form.sourceId = nil
                    form.sourceKind = nil
                }
            case RequirementSourceKind.interaction.rawValue:
                if let (source, _) = try await InteractionQueries.find(id, for: viewer, on: request.db) {
                    form.customerId = source.customerID.idText
                    form.contactId = source.contactIDs.first?.idText
                    form.title = form.title ?? source.subject
                    form.description = form.description ?? source.body
                } else {
                    form.sourceId = nil
                    form.sourceKind = nil
                }
            default:
                form.sourceId = nil
            }
        }
        return try await renderForm(request, nil, form: form, errors: [:], status: .ok)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        do {
            let created = try await RequirementWorkflow.create(form.input, request)
            return request.redirect(to: RequirementRoutes.show.link(created.id), flash: "flash.requirementCaptured")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func edit(_ request: Request) async throws -> Response {
        let (found, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        var form = Form()
        form.customerId = found.customerID.idText
        form.contactId = found.contactID?.idText
        form.title = found.title
        form.description = found.description
        form.businessValue = found.businessValue
        form.desiredDate = found.desiredDate?.description
        form.priority = found.priority.rawValue
        form.ownerId = found.ownerID?.idText
        form.version = String(found.version)
        return try await renderForm(request, found, form: form, errors: [:], status: .ok)
    }

    func update(_ request: Request) async throws -> Response {
        let (current, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        var form = try request.content.decode(Form.self)
        form.customerId = nil
        form.sourceKind = nil
        form.sourceId = nil
        form.sourceReference = nil
        do {
            _ = try await RequirementWorkflow.update(
                current, form.input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: RequirementRoutes.show.link(current.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, current, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            form.version = String(current.version)
            return try await renderForm(
                request, current, form: form, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    private func renderForm(
        _ request: Request, _ current: Requirement?, form: Form, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let chosen = current?.customerID ?? form.customerId.flatMap { UUIDText.parse($0.trimmedSpaces()) }
        var customers: [Choice] = []
        var contacts: [Choice] = []
        var customer: Customer?
        if let chosen, let found = try await CustomerQueries.find(chosen, for: viewer, on: request.db) {
            customer = found
            customers.append(Choice(value: found.id.idText, label: found.name, selected: true))
            contacts = try await ContactQueries.list(customerID: chosen, on: request.db).map {
                Choice(
                    value: $0.id.idText, label: $0.name,
                    selected: $0.id.idText == form.contactId?.trimmedSpaces().uppercased(), detail: $0.title)
            }
        }
        if current == nil {
            for pick in try await LookupQueries.customers("", limit: 10, for: viewer, on: request.db)
            where pick.id != chosen {
                customers.append(Choice(value: pick.id.idText, label: pick.name, selected: false))
            }
        }
        let owner = form.ownerId.flatMap { UUIDText.parse($0.trimmedSpaces()) }
        var sourceLabel: String?
        let kind = current?.sourceKind.rawValue ?? form.sourceKind ?? RequirementSourceKind.typed.rawValue
        if let id = current?.sourceID ?? form.sourceId.flatMap({ UUIDText.parse($0.trimmedSpaces()) }) {
            sourceLabel = try await RequirementSourceText.label(
                kind: RequirementSourceKind(rawValue: kind) ?? .typed, id: id, request)
        }
        let page = RequirementFormPage(
            isNew: current == nil,
            action: current.map { RequirementRoutes.update.link($0.id) } ?? RequirementRoutes.create.link(),
            cancelLink: current.map { RequirementRoutes.show.link($0.id) } ?? RequirementRoutes.board.link(),
            version: form.version.flatMap { Int($0) } ?? current?.version ?? 0, customers: customers,
            customerID: chosen?.idText ?? "", contacts: [Choice(value: "", label: "—", selected: false)] + contacts,
            title: form.title ?? "", description: form.description ?? "", businessValue: form.businessValue ?? "",
            desiredDate: form.desiredDate ?? "",
            priorities: request.options(Priority.self, selected: form.priority ?? "normal") { $0.labelKey },
            owners: [Choice(value: "", label: "—", selected: owner == nil)]
                + (try await request.staffOptions(selected: owner.map { [$0] } ?? [], for: customer)),
            sourceKinds: [RequirementSourceKind.typed, .meeting].map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0.rawValue == kind)
            },
            sourceKind: kind, sourceID: form.sourceId ?? "", sourceReference: form.sourceReference ?? "",
            sourceLabel: sourceLabel, errors: errors)
        let title = current.map { $0.title } ?? request.t("requirements.new")
        let response = try await request.page("requirements/form", title: title, page)
        response.status = status
        return response
    }

    // MARK: One requirement

    func show(_ request: Request) async throws -> Response {
        let (found, access) = try await RequirementWorkflow.visible(request.recordID(), request)
        let response = try await RequirementPageBuilder.render(found, access: access, request)
        try await RequirementWorkflow.auditRead(found, access, request)
        return response
    }

    struct MoveForm: Content {
        var status: String?
        var departmentId: String?
        var note: String?
        var version: String?
    }

    func move(_ request: Request) async throws -> Response {
        let (current, access) = try await RequirementWorkflow.visible(request.recordID(), request)
        let form = try request.content.decode(MoveForm.self)
        let back = RequirementRoutes.show.link(current.id)
        do {
            _ = try await RequirementWorkflow.move(
                current, RequirementMoveInput(status: form.status, departmentID: form.departmentId, note: form.note),
                expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.requirementMoved")
        } catch let failure as ValidationFailure {
            return try await RequirementPageBuilder.render(
                current, access: access, moveError: request.fieldErrors(failure).values.sorted().first,
                status: .unprocessableEntity, request)
        } catch let abort as Abort where abort.status == .forbidden || abort.status == .conflict {
            return try await RequirementPageBuilder.render(
                current, access: access, moveError: abort.reason, status: abort.status, request)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "conflict.requirementChanged", kind: "error")
        }
    }

    struct AssessmentForm: Content {
        var feasibility: String?
        var effortDays: String?
        var value: String?
        var risks: String?
        var decision: String?
        var customerReason: String?
        var internalNotes: String?
        var version: String?

        var input: RequirementAssessmentInput {
            RequirementAssessmentInput(
                feasibility: feasibility ?? "", effortDays: effortDays ?? "", value: value ?? "", risks: risks ?? "",
                decision: decision, customerReason: customerReason ?? "", internalNotes: internalNotes ?? "")
        }
    }

    func assess(_ request: Request) async throws -> Response {
        let (current, access) = try await RequirementWorkflow.visible(request.recordID(), request)
        let form = try request.content.decode(AssessmentForm.self)
        let back = RequirementRoutes.show.link(current.id)
        do {
            let (moved, _) = try await RequirementWorkflow.assess(
                current, form.input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(
                to: back, flash: moved.status == current.status ? "flash.saved" : "flash.requirementDecided")
        } catch let failure as ValidationFailure {
            return try await RequirementPageBuilder.render(
                current, access: access, assessmentForm: form, assessmentErrors: request.fieldErrors(failure),
                status: .unprocessableEntity, request)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "conflict.requirementChanged", kind: "error")
        }
    }

    func attach(_ request: Request) async throws -> Response {
        let (current, _) = try await RequirementWorkflow.visible(request.recordID(), request)
        let back = RequirementRoutes.show.link(current.id)
        do {
            _ = try await RequirementWorkflow.attach(current, request)
        } catch let failure as ValidationFailure {
            let key = failure.issues.first.map { "flash.upload.\($0.code)" } ?? "flash.upload.failed"
            return request.redirect(to: back, flash: key, kind: "error")
        }
        return request.redirect(to: back, flash: "flash.uploaded")
    }
}

/// How a requirement's source is named on its pages: a request by its number and subject, an interaction by its
/// subject; nil when the caller may not see it (or it is gone).
enum RequirementSourceText {
    static func label(kind: RequirementSourceKind, id: UUID, _ request: Request) async throws -> String? {
        let viewer = try request.viewer
        switch kind {
        case .request:
            guard let (source, _) = try await RequestQueries.find(id, for: viewer, on: request.db) else { return nil }
            return RequestNumber.format(source.number) + " " + source.subject
        case .interaction:
            guard let (source, _) = try await InteractionQueries.find(id, for: viewer, on: request.db) else {
                return nil
            }
            return source.subject
        case .typed, .meeting:
            return nil
        }
    }

    static func link(kind: RequirementSourceKind, id: UUID) -> String? {
        switch kind {
        case .request: RequestRoutes.show.link(id)
        case .interaction: InteractionRoutes.show.link(id)
        case .typed, .meeting: nil
        }
    }
}
