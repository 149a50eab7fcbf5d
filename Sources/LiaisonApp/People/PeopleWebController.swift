import Fluent
import LiaisonCore
import LiaisonData
import Vapor

/// The people directory and, for administrators, the forms that manage people.
struct PeopleWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(PeopleRoutes.list, use: list)
        routes.on(PeopleRoutes.new, use: new)
        routes.on(PeopleRoutes.create, use: create)
        routes.on(PeopleRoutes.show, use: show)
        routes.on(PeopleRoutes.edit, use: edit)
        routes.on(PeopleRoutes.update, use: update)
        routes.on(PeopleRoutes.deactivate) { try await setActive($0, false) }
        routes.on(PeopleRoutes.reactivate) { try await setActive($0, true) }
        routes.on(PeopleRoutes.resetPassword, use: resetPassword)
    }

    func list(_ request: Request) async throws -> Response {
        let query = try request.query.decode(PeopleAPIController.ListQuery.self)
        let viewer = try request.person
        var errors: [String: String] = [:]
        var filter = PeopleFilter(active: true)
        var page = PageQuery()
        do {
            filter = try PeopleFilterParser.parse(
                text: query.q, departmentID: query.departmentId, role: query.role, active: query.active ?? "true")
            page = try PageQuery.parse(limit: query.limit, cursor: query.cursor)
        } catch {
            errors = request.fieldErrors(error)
        }
        let result = try await PeopleQueries.list(filter, page: page, on: request.db)
        let departments = try await DepartmentQueries.all(on: request.db)
        let names = Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0.displayName(in: request.locale)) })
        var nextLink: String?
        if let cursor = result.nextCursor {
            var components = URLComponents()
            components.queryItems = [
                URLQueryItem(name: "q", value: query.q), URLQueryItem(name: "departmentId", value: query.departmentId),
                URLQueryItem(name: "role", value: query.role), URLQueryItem(name: "active", value: query.active),
                URLQueryItem(name: "cursor", value: cursor),
            ].filter { $0.value != nil }
            nextLink = PeopleRoutes.list.link() + "?" + (components.percentEncodedQuery ?? "")
        }
        let activeValue = filter.active.map { $0 ? "true" : "false" } ?? "all"
        let rows = result.items.map { person in
                PeopleListPage.Row(
                    name: person.name, email: person.email, title: person.title ?? "",
                    department: person.departmentID.flatMap { names[$0] } ?? "",
                    roles: person.roles.sorted().map { request.t($0.labelKey) }, active: person.active,
                    link: PeopleRoutes.show.link(person.id))
            }
        let body = PeopleListPage(
            rows: rows, hasRows: !rows.isEmpty, q: query.q ?? "",
            departments: departments.map {
                .init(value: $0.id.uuidString, label: names[$0.id] ?? $0.name, selected: $0.id == filter.departmentID)
            },
            roles: Role.staff.map { .init(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == filter.role) },
            states: ["true", "false", "all"].map {
                .init(value: $0, label: request.t("people.state.\($0)"), selected: $0 == activeValue)
            },
            nextLink: nextLink, canManage: viewer.can(.peopleManage), newLink: PeopleRoutes.new.link(),
            action: PeopleRoutes.list.link(), errorMessages: errors.values.sorted())
        return try await request.page("people/list", title: request.t("people.title"), body)
    }

    func show(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        return try await renderPerson(request, id: id, oneTimePassword: nil, status: .ok)
    }

    private func renderPerson(_ request: Request, id: UUID, oneTimePassword: String?, status: HTTPStatus) async throws
        -> Response
    {
        guard let person = try await PeopleQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        let viewer = try request.person
        let manage = viewer.can(.peopleManage)
        let department = try await person.departmentID.asyncMap {
            try await DepartmentQueries.find(id: $0, on: request.db)?.displayName(in: request.locale)
        } ?? nil
        var facts: [PersonPage.Fact] = [
            .init(label: request.t("field.title"), value: person.title ?? "—"),
            .init(label: request.t("field.department"), value: department ?? "—"),
            .init(label: request.t("field.phone"), value: person.phone ?? "—"),
            .init(label: request.t("field.timeZone"), value: person.timeZone),
        ]
        if manage {
            facts.append(.init(label: request.t("field.lastSignIn"), value: request.format(person.lastSignInAt)))
            if let locked = person.lockedUntil, locked > request.now {
                facts.append(.init(label: request.t("field.lockedUntil"), value: request.format(locked)))
            }
        }
        if let away = person.absentUntil, away > request.now {
            facts.append(.init(label: request.t("account.absentUntil"), value: request.format(away)))
        }
        let body = PersonPage(
            name: person.name, email: person.email, initials: Initials.of(person.name), active: person.active,
            facts: facts, roles: person.roles.sorted().map { request.t($0.labelKey) }, canManage: manage,
            editLink: PeopleRoutes.edit.link(id), deactivateAction: PeopleRoutes.deactivate.link(id),
            reactivateAction: PeopleRoutes.reactivate.link(id), resetAction: PeopleRoutes.resetPassword.link(id),
            oneTimePassword: oneTimePassword, isSelf: viewer.id == id)
        let response = try await request.page("people/show", title: person.name, body)
        response.status = status
        return response
    }

    func new(_ request: Request) async throws -> Response {
        try await renderForm(request, id: nil, version: nil, input: PersonInput(roles: [Role.employee.rawValue]), errors: [:])
    }

    func edit(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let person = try await PeopleQueries.find(id: id, on: request.db) else { throw AppError.notFound }
        let input = PersonInput(
            email: person.email, name: person.name, title: person.title, phone: person.phone,
            departmentID: person.departmentID?.uuidString, roles: person.roles.map(\.rawValue),
            locale: person.locale?.rawValue, timeZone: person.timeZone)
        return try await renderForm(request, id: id, version: person.version, input: input, errors: [:])
    }

    private func renderForm(
        _ request: Request, id: UUID?, version: Int?, input: PersonInput, errors: [String: String],
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let departments = try await DepartmentQueries.all(on: request.db)
        let zone = input.timeZone ?? request.appConfig.defaultTimeZone
        let body = PersonFormPage(
            action: id.map { PeopleRoutes.update.link($0) } ?? PeopleRoutes.create.link(), isNew: id == nil,
            cancelLink: id.map { PeopleRoutes.show.link($0) } ?? PeopleRoutes.list.link(),
            version: version.map(String.init) ?? "", email: input.email ?? "", name: input.name ?? "",
            title: input.title ?? "", phone: input.phone ?? "",
            departments: departments.map {
                .init(
                    value: $0.id.uuidString, label: $0.displayName(in: request.locale),
                    selected: $0.id.uuidString == input.departmentID)
            },
            roles: Role.staff.map {
                .init(value: $0.rawValue, label: request.t($0.labelKey), selected: input.roles?.contains($0.rawValue) == true)
            },
            locales: AppLocale.allCases.map { .init(value: $0.rawValue, label: $0.nativeName, selected: $0.rawValue == input.locale) },
            timeZones: TimeZones.common(including: zone).map { .init(value: $0, label: $0, selected: $0 == zone) },
            errors: errors)
        let title = id == nil ? request.t("people.new") : request.t("people.edit")
        let response = try await request.page("people/form", title: title, body)
        response.status = status
        return response
    }

    struct PersonForm: Content {
        var email: String?
        var name: String?
        var title: String?
        var phone: String?
        var departmentId: String?
        var roles: [String]?
        var locale: String?
        var timeZone: String?
        var version: String?

        var input: PersonInput {
            PersonInput(
                email: email, name: name, title: title, phone: phone, departmentID: departmentId, roles: roles ?? [],
                locale: locale, timeZone: timeZone)
        }
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(PersonForm.self)
        let password = request.effects.oneTimePassword()
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated()
            let hash = try await request.password.async.hash(password)
            let person = try await request.write { tx in
                try await PeopleCommands.create(
                    valid, passwordHash: hash, mustChangePassword: true, by: actor, at: now, on: tx)
            }
            return try await renderPerson(request, id: person.id, oneTimePassword: password, status: .created)
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, id: nil, version: nil, input: form.input, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        }
    }

    func update(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let form = try request.content.decode(PersonForm.self)
        let version = form.version.flatMap { Int($0) }
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated()
            _ = try await request.write { tx in
                try await PeopleCommands.update(id: id, with: valid, expectedVersion: version, by: actor, at: now, on: tx)
            }
            return request.redirect(to: PeopleRoutes.show.link(id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, id: id, version: version, input: form.input, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.staleVersion(let current) {
            return try await renderForm(
                request, id: id, version: current, input: form.input, errors: ["form": request.t("error.staleForm")],
                status: .conflict)
        }
    }

    func setActive(_ request: Request, _ active: Bool) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        do {
            _ = try await request.write { tx in
                try await PeopleCommands.setActive(
                    id: id, active: active, expectedVersion: nil, by: actor, at: now, on: tx)
            }
        } catch DataError.conflict(let reason) {
            return request.redirect(to: PeopleRoutes.show.link(id), flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(
            to: PeopleRoutes.show.link(id), flash: active ? "flash.reactivated" : "flash.deactivated")
    }

    func resetPassword(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let (_, password) = try await PasswordReset.perform(for: id, request: request)
        return try await renderPerson(request, id: id, oneTimePassword: password, status: .ok)
    }
}
