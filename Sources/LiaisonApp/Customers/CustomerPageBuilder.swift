import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Builds the customer page: overview, contacts, team, timeline, files and the quick log form.
enum CustomerPageBuilder {
    static func build(_ customer: Customer, request: Request, log: InteractionForm? = nil) async throws -> CustomerPage {
        let person = try request.person
        let query = try request.query.decode(TimelineQuery.self)
        var filter = TimelineFilter()
        var page = PageQuery(limit: 20)
        if let parsed = try? query.parse() {
            filter = parsed.0
            page = PageQuery(limit: min(parsed.1.limit, 50), after: parsed.1.after)
        }
        filter.hiddenKinds = try request.hiddenTimelineKinds
        let contacts = try await ContactQueries.list(customerID: customer.id, on: request.db)
        let team = try await CustomerQueries.team(customer.id, on: request.db)
        let timeline = try await TimelineQueries.forCustomer(customer.id, filter: filter, page: page, on: request.db)
        // Staff appear by name: the timeline records who acted by the address they signed in with.
        let authors = try await PeopleQueries.names(emails: Set(timeline.items.map(\.actorLabel)), on: request.db)
        let files = try await AttachmentQueries.list(customerID: customer.id, on: request.db)
        let canEdit = person.can(.customersEdit)
        let owner = team.first { $0.role == .owner }
        var facts: [CustomerPage.Fact] = [
            .init(label: request.t("customers.field.kind"), value: request.t(customer.kind.labelKey)),
            .init(label: request.t("customers.field.tier"), value: request.t(customer.tier.labelKey)),
            .init(label: request.t("customers.field.owner"), value: owner?.name ?? "—"),
            .init(label: request.t("customers.field.industry"), value: customer.industry ?? "—"),
            .init(label: request.t("customers.field.region"), value: customer.region ?? "—"),
            .init(label: request.t("field.phone"), value: customer.phone ?? "—"),
            .init(label: request.t("customers.field.address"), value: customer.address ?? "—"),
            .init(label: request.t("customers.field.lastActivity"), value: request.format(customer.lastActivityAt)),
        ]
        if let website = customer.website {
            let href = website.contains("://") ? website : "https://" + website
            facts.append(.init(label: request.t("customers.field.website"), value: website, link: href))
        }
        var nextLink: String?
        if let cursor = timeline.nextCursor {
            var components = URLComponents()
            components.queryItems = [
                ("channel", query.channel), ("from", query.from), ("to", query.to), ("cursor", cursor),
            ].compactMap { name, value in value?.nilIfBlank.map { URLQueryItem(name: name, value: $0) } }
            nextLink = CustomerRoutes.show.link(customer.id) + "?" + (components.percentEncodedQuery ?? "") + "#timeline"
        }
        let logForm: InteractionForm
        if let log {
            logForm = log
        } else {
            logForm = try await InteractionFormBuilder.blank(for: customer, contacts: contacts, request: request)
        }
        let onTeam = Set(team.map(\.userID))
        let candidates = try await request.staffOptions(selected: []).filter {
            !onTeam.contains(UUIDText.parse($0.value) ?? UUID())
        }
        var built = CustomerPage(
            id: customer.id.uuidString, name: customer.name, nameEn: customer.nameEn ?? "",
            classification: request.t(customer.classification.labelKey),
            classificationCode: customer.classification.rawValue, status: request.t(customer.status.labelKey),
            facts: facts, tags: customer.tags, notes: customer.notes ?? "",
            contacts: contacts.map {
                .init(
                    name: $0.name, link: ContactRoutes.show.link($0.id), title: $0.title ?? "",
                    role: $0.role.map { request.t($0.labelKey) } ?? "", email: $0.emails.first ?? "",
                    phone: $0.phones.first ?? "")
            },
            hasContacts: !contacts.isEmpty,
            team: team.map {
                .init(
                    name: $0.name, email: $0.email, role: request.t($0.role.labelKey),
                    removeAction: canEdit && $0.role != .owner
                        ? CustomerRoutes.teamRemove.link(customer.id.uuidString, $0.userID.uuidString) : nil)
            },
            timeline: timeline.items.map { entry in
                .init(
                    date: request.format(entry.occurredAt),
                    channel: entry.channel.map { request.t($0.labelKey) }
                        ?? (entry.kind == .commitment ? request.t("commitment.timelineTag") : ""),
                    channelCode: entry.channel?.rawValue ?? (entry.kind == .commitment ? "commitment" : ""), direction: entry.direction.map { request.t($0.labelKey) } ?? "",
                    title: entry.title, excerpt: entry.excerpt, actor: authors[entry.actorLabel.lowercased()] ?? entry.actorLabel,
                    link: entry.link)
            },
            hasTimeline: !timeline.items.isEmpty, timelineNext: nextLink, timelineAction: CustomerRoutes.show.link(customer.id),
            channelFilter: LiaisonCore.Channel.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: filter.channels.contains($0))
            },
            from: query.from ?? "", to: query.to ?? "",
            files: files.map {
                .init(
                    name: $0.filename, size: request.byteCount($0.size), link: InteractionRoutes.download.link($0.id),
                    date: request.format($0.createdAt))
            },
            hasFiles: !files.isEmpty, canEdit: canEdit, canDelete: person.can(.customersDelete), canLog: person.can(.interactionsLog),
            editLink: CustomerRoutes.edit.link(customer.id), deleteAction: CustomerRoutes.delete.link(customer.id),
            newContactLink: CustomerRoutes.newContact.link(customer.id), logLink: CustomerRoutes.logForm.link(customer.id),
            teamAction: CustomerRoutes.teamAdd.link(customer.id), teamCandidates: candidates,
            teamRoles: TeamRole.allCases.filter { $0 != .owner }.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == .member)
            },
            log: logForm)
        built.requirements = try await RequirementLinks.ofCustomer(customer.id, request)
        built.commitmentBlock = try await CommitmentBlock.forCustomer(customer.id, request)
        return built
    }
}

/// The quick log form's model: empty, or refilled after a validation error.
enum InteractionFormBuilder {
    static func blank(for customer: Customer, contacts: [Contact], request: Request) async throws -> InteractionForm {
        try await make(
            for: customer, contacts: contacts, form: InteractionWebForm(direction: "outbound"), errors: [:],
            request: request)
    }

    static func make(
        for customer: Customer, contacts: [Contact], form: InteractionWebForm, errors: [String: String],
        request: Request
    ) async throws -> InteractionForm {
        let chosen = Set(form.contactIds ?? [])
        let me = try request.person.id
        let owner = form.nextStepOwnerId.flatMap(UUID.init(uuidString:)) ?? me
        return InteractionForm(
            action: InteractionRoutes.create.link(), customerID: customer.id.uuidString,
            channels: request.options(LiaisonCore.Channel.self, selected: form.channel ?? "phone") { $0.labelKey },
            directions: request.options(Direction.self, selected: form.direction ?? "outbound") { $0.labelKey },
            contacts: contacts.map {
                Choice(value: $0.id.uuidString, label: $0.name, selected: chosen.contains($0.id.uuidString))
            },
            hasContacts: !contacts.isEmpty,
            owners: try await request.staffOptions(selected: [owner]), subject: form.subject ?? "",
            body: form.body ?? "", occurredAt: form.occurredAt ?? request.localDateTime(request.now),
            durationMinutes: form.durationMinutes ?? "", outcome: form.outcome ?? "", nextStep: form.nextStep ?? "",
            nextStepDueAt: form.nextStepDueAt ?? "", errors: errors)
    }
}

/// The log form as posted by a browser.
struct InteractionWebForm: Content {
    var customerId: String?
    var channel: String?
    var direction: String?
    var subject: String?
    var body: String?
    var occurredAt: String?
    var durationMinutes: String?
    var outcome: String?
    var contactIds: [String]?
    var nextStep: String?
    var nextStepOwnerId: String?
    var nextStepDueAt: String?
    var back: String?

    init(direction: String? = nil) {
        self.direction = direction
    }
}
