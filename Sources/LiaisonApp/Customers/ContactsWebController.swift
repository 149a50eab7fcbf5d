import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct ContactPage: Encodable {
    var name: String
    var title: String
    var customerName: String
    var customerLink: String
    var facts: [CustomerPage.Fact]
    var emails: [String]
    var phones: [String]
    var consent: [CustomerPage.Fact]
    var hasConsent: Bool
    var notes: String
    var timeline: [CustomerPage.Entry]
    var hasTimeline: Bool
    var timelineNext: String?
    var editLink: String?
    var deleteAction: String?
    /// The contact's portal account, and what staff may do with it.
    var portal: PortalAccountSection?
}

struct ContactFormPage: Encodable {
    var action: String
    var cancelLink: String
    var isNew: Bool
    var customerID: String
    var customerName: String
    var version: String
    var name: String
    var title: String
    var emails: String
    var phones: String
    var wechat: String
    var notes: String
    var roles: [Choice]
    var channels: [Choice]
    var languages: [Choice]
    var consent: [Choice]
    var errors: [String: String]
    var emailErrors: [String]
    var phoneErrors: [String]
}

/// Contact pages and forms.
struct ContactsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CustomerRoutes.newContact, use: new)
        routes.on(ContactRoutes.create, use: create)
        routes.on(ContactRoutes.show, use: show)
        routes.on(ContactRoutes.edit, use: edit)
        routes.on(ContactRoutes.update, use: update)
        routes.on(ContactRoutes.delete, use: delete)
    }

    private func visibleContact(_ request: Request) async throws -> (Contact, CustomerAccess) {
        guard let found = try await ContactQueries.find(request.recordID(), for: request.viewer, on: request.db) else {
            throw AppError.notFound
        }
        return found
    }

    func show(_ request: Request) async throws -> Response {
        let (contact, access) = try await visibleContact(request)
        try await request.auditRead(
            .contactRead, recordType: .contact, recordID: contact.id, classification: access.classification)
        let customer = try await request.visibleCustomer(contact.customerID)
        let query = try request.query.decode(TimelineQuery.self)
        let (parsed, page) = (try? query.parse()) ?? (TimelineFilter(), PageQuery(limit: 20))
        var filter = parsed
        filter.hiddenKinds = try request.hiddenTimelineKinds
        let timeline = try await TimelineQueries.forContact(contact.id, filter: filter, page: page, on: request.db)
        // Staff appear by name: the timeline records who acted by the address they signed in with.
        let authors = try await PeopleQueries.names(emails: Set(timeline.items.map(\.actorLabel)), on: request.db)
        let person = try request.person
        var facts: [CustomerPage.Fact] = [
            .init(label: request.t("contacts.field.role"), value: contact.role.map { request.t($0.labelKey) } ?? "—"),
            .init(label: request.t("contacts.field.wechat"), value: contact.wechat ?? "—"),
            .init(
                label: request.t("contacts.field.preferredChannel"),
                value: contact.preferredChannel.map { request.t($0.labelKey) } ?? "—"),
            .init(label: request.t("contacts.field.language"), value: contact.preferredLanguage?.nativeName ?? "—"),
        ]
        for (label, id) in contact.otherIDs.sorted(by: { $0.key < $1.key }) { facts.append(.init(label: label, value: id)) }
        let consent = LiaisonCore.Channel.allCases.compactMap { channel in
            contact.consent[channel].map {
                CustomerPage.Fact(
                    label: request.t(channel.labelKey), value: request.t($0 ? "contacts.consent.yes" : "contacts.consent.no"))
            }
        }
        let entries = timeline.items.map { entry in
            CustomerPage.Entry(
                date: request.format(entry.occurredAt), channel: entry.channel.map { request.t($0.labelKey) } ?? "",
                channelCode: entry.channel?.rawValue ?? "", direction: entry.direction.map { request.t($0.labelKey) } ?? "",
                title: entry.title, excerpt: entry.excerpt, actor: authors[entry.actorLabel.lowercased()] ?? entry.actorLabel,
                link: entry.link)
        }
        let body = ContactPage(
            name: contact.name, title: contact.title ?? "", customerName: customer.name,
            customerLink: CustomerRoutes.show.link(customer.id), facts: facts, emails: contact.emails,
            phones: contact.phones,
            consent: consent, hasConsent: !consent.isEmpty, notes: contact.notes ?? "", timeline: entries,
            hasTimeline: !entries.isEmpty,
            timelineNext: timeline.nextCursor.map { ContactRoutes.show.link(contact.id) + "?cursor=" + $0 },
            editLink: person.can(.customersEdit) ? ContactRoutes.edit.link(contact.id) : nil,
            deleteAction: person.can(.customersDelete) ? ContactRoutes.delete.link(contact.id) : nil,
            portal: try await PortalAccountSection.build(for: contact, request))
        return try await request.page("contacts/show", title: contact.name, body)
    }

    func new(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        return try await renderForm(
            request, contactID: nil, customer: customer, version: nil,
            input: ContactInput(customerID: customer.id.uuidString), errors: [:], status: .ok)
    }

    func edit(_ request: Request) async throws -> Response {
        let (contact, _) = try await visibleContact(request)
        let customer = try await request.visibleCustomer(contact.customerID)
        let input = ContactInput(
            customerID: customer.id.uuidString, name: contact.name, title: contact.title, role: contact.role?.rawValue,
            emails: contact.emails, phones: contact.phones, wechat: contact.wechat, otherIDs: contact.otherIDs,
            preferredChannel: contact.preferredChannel?.rawValue, preferredLanguage: contact.preferredLanguage?.rawValue,
            consent: Dictionary(uniqueKeysWithValues: contact.consent.map { ($0.key.rawValue, $0.value) }),
            notes: contact.notes)
        return try await renderForm(
            request, contactID: contact.id, customer: customer, version: contact.version, input: input, errors: [:],
            status: .ok)
    }

    private func renderForm(
        _ request: Request, contactID: UUID?, customer: Customer, version: Int?, input: ContactInput,
        errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let body = ContactFormPage(
            action: contactID.map { ContactRoutes.update.link($0) } ?? ContactRoutes.create.link(),
            cancelLink: contactID.map { ContactRoutes.show.link($0) } ?? CustomerRoutes.show.link(customer.id),
            isNew: contactID == nil, customerID: customer.id.uuidString, customerName: customer.name,
            version: version.map(String.init) ?? "", name: input.name ?? "", title: input.title ?? "",
            emails: (input.emails ?? []).joined(separator: "\n"), phones: (input.phones ?? []).joined(separator: "\n"),
            wechat: input.wechat ?? "", notes: input.notes ?? "",
            roles: request.options(ContactRole.self, selected: input.role) { $0.labelKey },
            channels: request.options(LiaisonCore.Channel.self, selected: input.preferredChannel) { $0.labelKey },
            languages: AppLocale.allCases.map {
                Choice(value: $0.rawValue, label: $0.nativeName, selected: $0.rawValue == input.preferredLanguage)
            },
            consent: LiaisonCore.Channel.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: input.consent?[$0.rawValue] ?? true)
            },
            errors: errors,
            emailErrors: errors.filter { $0.key.hasPrefix("emails") }.sorted { $0.key < $1.key }.map(\.value),
            phoneErrors: errors.filter { $0.key.hasPrefix("phones") }.sorted { $0.key < $1.key }.map(\.value))
        let response = try await request.page(
            "contacts/form", title: request.t(contactID == nil ? "contacts.new" : "contacts.edit"), body)
        response.status = status
        return response
    }

    struct ContactForm: Content {
        var customerId: String?
        var name: String?
        var title: String?
        var role: String?
        var emails: String?
        var phones: String?
        var wechat: String?
        var preferredChannel: String?
        var preferredLanguage: String?
        var consent: [String]?
        var notes: String?
        var version: String?

        /// One email or phone per line (commas and semicolons also separate). Unticked channels are refusals.
        var input: ContactInput {
            let split = { (text: String?) in
                (text ?? "").split(whereSeparator: { "\n\r,;，；".contains($0) }).map(String.init)
            }
            let agreed = Set(consent ?? [])
            return ContactInput(
                customerID: customerId, name: name, title: title, role: role, emails: split(emails),
                phones: split(phones), wechat: wechat, otherIDs: nil, preferredChannel: preferredChannel,
                preferredLanguage: preferredLanguage,
                consent: Dictionary(uniqueKeysWithValues: LiaisonCore.Channel.allCases.map {
                    ($0.rawValue, agreed.contains($0.rawValue))
                }),
                notes: notes)
        }
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ContactForm.self)
        guard let customerID = form.customerId.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let customer = try await request.visibleCustomer(customerID)
        let context = request.writeContext
        do {
            let valid = try form.input.validated()
            let contact = try await request.write { tx in try await ContactCommands.create(valid, in: context, on: tx) }
            return request.redirect(to: ContactRoutes.show.link(contact.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, contactID: nil, customer: customer, version: nil, input: form.input,
                errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func update(_ request: Request) async throws -> Response {
        let (contact, _) = try await visibleContact(request)
        let customer = try await request.visibleCustomer(contact.customerID)
        var form = try request.content.decode(ContactForm.self)
        form.customerId = customer.id.uuidString
        let version = form.version.flatMap { Int($0) }
        var input = form.input
        input.otherIDs = contact.otherIDs
        let context = request.writeContext
        do {
            let valid = try input.validated()
            _ = try await request.write { tx in
                try await ContactCommands.update(contact.id, with: valid, expectedVersion: version, in: context, on: tx)
            }
            return request.redirect(to: ContactRoutes.show.link(contact.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, contactID: contact.id, customer: customer, version: version, input: input,
                errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion(let latest) {
            return try await renderForm(
                request, contactID: contact.id, customer: customer, version: latest, input: input,
                errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let (contact, _) = try await visibleContact(request)
        let context = request.writeContext
        try await request.write { tx in
            try await ContactCommands.delete(contact.id, expectedVersion: nil, in: context, on: tx)
        }
        return request.redirect(to: CustomerRoutes.show.link(contact.customerID), flash: "flash.deleted")
    }
}
