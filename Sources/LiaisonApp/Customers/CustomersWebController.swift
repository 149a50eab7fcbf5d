import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The customer list, the customer page and the customer form.
struct CustomersWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CustomerRoutes.list, use: list)
        routes.on(CustomerRoutes.new, use: new)
        routes.on(CustomerRoutes.create, use: create)
        routes.on(CustomerRoutes.edit, use: edit)
        routes.on(CustomerRoutes.update, use: update)
        routes.on(CustomerRoutes.delete, use: delete)
        routes.on(CustomerRoutes.teamAdd, use: addToTeam)
        routes.on(CustomerRoutes.teamRemove, use: removeFromTeam)
    }

    func list(_ request: Request) async throws -> Response {
        let query = try request.query.decode(CustomersAPIController.ListQuery.self)
        var errors: [String] = []
        var filter = CustomerFilter()
        var page = PageQuery()
        do { (filter, page) = try query.parse() } catch { errors = request.fieldErrors(error).values.sorted() }
        let viewer = try request.viewer
        let result = try await CustomerQueries.list(filter, page: page, for: viewer, on: request.db)
        let total = try await CustomerQueries.count(for: viewer, on: request.db)
        let owners = try await PeopleQueries.names(Set(result.items.compactMap(\.ownerID)), on: request.db)
        let person = try request.person
        var nextLink: String?
        if let cursor = result.nextCursor {
            var components = URLComponents()
            components.queryItems = [
                ("q", query.q), ("status", query.status), ("tier", query.tier), ("classification", query.classification),
                ("mine", query.mine), ("sort", query.sort), ("cursor", cursor),
            ].compactMap { name, value in value?.nilIfBlank.map { URLQueryItem(name: name, value: $0) } }
            nextLink = CustomerRoutes.list.link() + "?" + (components.percentEncodedQuery ?? "")
        }
        let rows = result.items.map { c in
            CustomerListPage.Row(
                name: c.name, nameEn: c.nameEn ?? "", link: CustomerRoutes.show.link(c.id),
                status: request.t(c.status.labelKey), tier: request.t(c.tier.labelKey),
                classification: request.t(c.classification.labelKey), classificationCode: c.classification.rawValue,
                owner: c.ownerID.flatMap { owners[$0] } ?? "", contacts: c.contactCount,
                lastActivity: request.format(c.lastActivityAt))
        }
        let body = CustomerListPage(
            rows: rows, hasRows: !rows.isEmpty, total: total, action: CustomerRoutes.list.link(), q: query.q ?? "",
            statuses: request.options(CustomerStatus.self, selected: query.status) { $0.labelKey },
            tiers: request.options(CustomerTier.self, selected: query.tier) { $0.labelKey },
            classifications: request.options(Classification.self, selected: query.classification) { $0.labelKey },
            sorts: request.options(CustomerFilter.Sort.self, selected: filter.sort.rawValue) { "customers.sort.\($0.rawValue)" },
            mine: filter.mine, nextLink: nextLink,
            newLink: person.can(.customersEdit) ? CustomerRoutes.new.link() : nil,
            importLink: person.can(.customersImport) ? ImportRoutes.start.link() : nil,
            exportLink: person.can(.customersExport) ? CustomerRoutes.exportCSV.link() : nil, errorMessages: errors)
        return try await request.page("customers/list", title: request.t("customers.title"), body)
    }

    // MARK: Form

    func new(_ request: Request) async throws -> Response {
        let me = try request.person.id
        return try await renderForm(
            request, id: nil, version: nil, input: CustomerInput(ownerID: me.uuidString), errors: [:], status: .ok)
    }

    func edit(_ request: Request) async throws -> Response {
        let c = try await request.visibleCustomer(request.recordID())
        let input = CustomerInput(
            kind: c.kind.rawValue, name: c.name, nameEn: c.nameEn, industry: c.industry, tier: c.tier.rawValue,
            region: c.region, status: c.status.rawValue, classification: c.classification.rawValue, tags: c.tags,
            ownerID: c.ownerID?.uuidString, website: c.website, phone: c.phone, address: c.address, notes: c.notes)
        return try await renderForm(request, id: c.id, version: c.version, input: input, errors: [:], status: .ok)
    }

    private func renderForm(
        _ request: Request, id: UUID?, version: Int?, input: CustomerInput, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let owner = input.ownerID.flatMap(UUID.init(uuidString:))
        let body = CustomerFormPage(
            action: id.map { CustomerRoutes.update.link($0) } ?? CustomerRoutes.create.link(),
            cancelLink: id.map { CustomerRoutes.show.link($0) } ?? CustomerRoutes.list.link(), isNew: id == nil,
            version: version.map(String.init) ?? "", name: input.name ?? "", nameEn: input.nameEn ?? "",
            industry: input.industry ?? "", region: input.region ?? "", tags: (input.tags ?? []).joined(separator: ", "),
            website: input.website ?? "", phone: input.phone ?? "", address: input.address ?? "",
            notes: input.notes ?? "",
            kinds: request.options(CustomerKind.self, selected: input.kind ?? "organization") { $0.labelKey },
            tiers: request.options(CustomerTier.self, selected: input.tier ?? "standard") { $0.labelKey },
            statuses: request.options(CustomerStatus.self, selected: input.status ?? "prospect") { $0.labelKey },
            classifications: request.options(Classification.self, selected: input.classification ?? "internal") {
                $0.labelKey
            },
            owners: try await request.staffOptions(selected: owner.map { [$0] } ?? []), errors: errors)
        let response = try await request.page(
            "customers/form", title: request.t(id == nil ? "customers.new" : "customers.edit"), body)
        response.status = status
        return response
    }

    struct CustomerForm: Content {
        var kind: String?
        var name: String?
        var nameEn: String?
        var industry: String?
        var tier: String?
        var region: String?
        var status: String?
        var classification: String?
        var tags: String?
        var ownerId: String?
        var website: String?
        var phone: String?
        var address: String?
        var notes: String?
        var version: String?

        var input: CustomerInput {
            CustomerInput(
                kind: kind, name: name, nameEn: nameEn, industry: industry, tier: tier, region: region, status: status,
                classification: classification,
                tags: (tags ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map(String.init),
                ownerID: ownerId, website: website, phone: phone, address: address, notes: notes)
        }
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(CustomerForm.self)
        let context = request.writeContext
        do {
            let valid = try form.input.validated()
            let customer = try await request.write { tx in
                try await CustomerCommands.create(valid, in: context, on: tx)
            }
            return request.redirect(to: CustomerRoutes.show.link(customer.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, id: nil, version: nil, input: form.input, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        }
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await request.visibleCustomer(request.recordID())
        let form = try request.content.decode(CustomerForm.self)
        let version = form.version.flatMap { Int($0) }
        let context = request.writeContext
        do {
            let valid = try form.input.validated()
            _ = try await request.write { tx in
                try await CustomerCommands.update(
                    current.id, with: valid, expectedVersion: version, in: context, on: tx)
            }
            return request.redirect(to: CustomerRoutes.show.link(current.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, id: current.id, version: version, input: form.input, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.staleVersion(let latest) {
            return try await renderForm(
                request, id: current.id, version: latest, input: form.input,
                errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let current = try await request.visibleCustomer(request.recordID())
        let context = request.writeContext
        try await request.write { tx in
            try await CustomerCommands.delete(current.id, expectedVersion: nil, in: context, on: tx)
        }
        return request.redirect(to: CustomerRoutes.list.link(), flash: "flash.deleted")
    }

    // MARK: Team

    struct TeamForm: Content {
        var userId: String?
        var role: String?
    }

    func addToTeam(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let form = try request.content.decode(TeamForm.self)
        guard let user = form.userId.flatMap(UUID.init(uuidString:)) else {
            return request.redirect(to: CustomerRoutes.show.link(customer.id), flash: "flash.pickPerson", kind: "error")
        }
        let role = TeamRole(rawValue: form.role ?? "") ?? .member
        let context = request.writeContext
        do {
            try await request.write { tx in
                try await TeamCommands.add(customerID: customer.id, userID: user, role: role, in: context, on: tx)
            }
        } catch is ValidationFailure {
            return request.redirect(to: CustomerRoutes.show.link(customer.id), flash: "flash.teamOwner", kind: "error")
        }
        return request.redirect(to: CustomerRoutes.show.link(customer.id), flash: "flash.saved")
    }

    func removeFromTeam(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let user = try request.recordID("userId")
        let context = request.writeContext
        do {
            try await request.write { tx in
                try await TeamCommands.remove(customerID: customer.id, userID: user, in: context, on: tx)
            }
        } catch DataError.conflict(let reason) {
            return request.redirect(to: CustomerRoutes.show.link(customer.id), flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: CustomerRoutes.show.link(customer.id), flash: "flash.saved")
    }
}
