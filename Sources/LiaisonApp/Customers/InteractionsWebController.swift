import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct InteractionPage: Encodable {
    struct File: Encodable {
        var name: String
        var size: String
        var link: String
    }

    var subject: String
    var body: String
    var customerName: String
    var customerLink: String
    var channel: String
    var direction: String
    var occurredAt: String
    var duration: String
    var outcome: String
    var people: [String]
    var contacts: [CustomerPage.Fact]
    var nextStep: String
    var nextStepOwner: String
    var nextStepDue: String
    var nextStepDone: Bool
    var nextStepAction: String?
    var files: [File]
    var hasFiles: Bool
    var attachAction: String?
    var allowedTypes: String
    var maxUpload: Int
    /// Requirements taken from this interaction, and "turn into a requirement".
    var requirements: RequirementLinks? = nil
}

/// Logging interactions from the web, reading one, its next step and its files.
struct InteractionsWebController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(InteractionRoutes.create, use: create)
        routes.on(InteractionRoutes.show, use: show)
        routes.on(InteractionRoutes.nextStep, use: toggleNextStep)
        routes.on(InteractionRoutes.attach, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: attach)
        routes.on(InteractionRoutes.download, use: download)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(InteractionWebForm.self)
        let person = try request.person
        guard let customerID = form.customerId.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
        let customer = try await request.visibleCustomer(customerID)
        var dates = FieldValidator()
        let occurred = request.parseLocal(form.occurredAt, field: "occurredAt", into: &dates)
        let due = request.parseLocal(form.nextStepDueAt, field: "nextStepDueAt", into: &dates)
        var issues = dates.issues
        var minutes: Int?
        if let text = form.durationMinutes?.nilIfBlank {
            minutes = Int(text)
            if minutes == nil { issues.append(ValidationIssue("durationMinutes", "outOfRange", ["0", "1440"])) }
        }
        // The owner picker always sends a value; it only means something when a next step was written.
        let hasStep = form.nextStep?.nilIfBlank != nil
        let input = InteractionInput(
            customerID: customerID.uuidString, channel: form.channel, direction: form.direction, subject: form.subject,
            body: form.body, occurredAt: occurred, durationMinutes: minutes, outcome: form.outcome,
            staffIDs: [person.id.uuidString], contactIDs: form.contactIds, nextStep: form.nextStep,
            nextStepOwnerID: hasStep ? form.nextStepOwnerId : nil, nextStepDueAt: hasStep ? due : nil)
        let context = request.writeContext
        let now = context.now
        do {
            if !issues.isEmpty { throw ValidationFailure(issues) }
            let valid = try input.validated(now: now, defaultOwner: person.id)
            _ = try await request.write { tx in try await InteractionCommands.create(valid, in: context, on: tx) }
            return request.redirect(to: CustomerRoutes.show.link(customerID) + "#timeline", flash: "flash.logged")
        } catch let failure as ValidationFailure {
            let contacts = try await ContactQueries.list(customerID: customerID, on: request.db)
            let log = try await InteractionFormBuilder.make(
                for: customer, contacts: contacts, form: form, errors: request.fieldErrors(failure), request: request)
            let page = LogPage(customerName: customer.name, customerLink: CustomerRoutes.show.link(customer.id), log: log)
            let response = try await request.page("interactions/log", title: request.t("interactions.log"), page)
            response.status = .unprocessableEntity
            return response
        }
    }

    func show(_ request: Request) async throws -> Response {
        guard let (interaction, access) = try await InteractionQueries.find(
            request.recordID(), for: request.viewer, on: request.db)
        else { throw AppError.notFound }
        try await request.auditRead(
            .interactionRead, recordType: .interaction, recordID: interaction.id, classification: access.classification)
        let customer = try await request.visibleCustomer(interaction.customerID)
        let people = try await PeopleQueries.names(
            Set(interaction.staffIDs + [interaction.nextStepOwnerID].compactMap { $0 }), on: request.db)
        let contactNames = try await ContactQueries.names(interaction.contactIDs, on: request.db)
        let files = try await AttachmentQueries.list(
            customerID: interaction.customerID, interactionID: interaction.id, on: request.db)
        let canLog = try request.person.can(.interactionsLog)
        var body = InteractionPage(
            subject: interaction.subject, body: interaction.body, customerName: customer.name,
            customerLink: CustomerRoutes.show.link(customer.id), channel: request.t(interaction.channel.labelKey),
            direction: request.t(interaction.direction.labelKey), occurredAt: request.format(interaction.occurredAt),
            duration: interaction.durationMinutes.map { request.t("interactions.minutes", String($0)) } ?? "",
            outcome: interaction.outcome ?? "", people: interaction.staffIDs.compactMap { people[$0] },
            contacts: interaction.contactIDs.compactMap { id in
                contactNames[id].map { CustomerPage.Fact(label: $0, value: "", link: ContactRoutes.show.link(id)) }
            },
            nextStep: interaction.nextStep ?? "", nextStepOwner: interaction.nextStepOwnerID.flatMap { people[$0] } ?? "",
            nextStepDue: request.format(interaction.nextStepDueAt), nextStepDone: interaction.nextStepDoneAt != nil,
            nextStepAction: canLog && interaction.nextStep != nil ? InteractionRoutes.nextStep.link(interaction.id) : nil,
            files: files.map {
                .init(name: $0.filename, size: request.byteCount($0.size), link: InteractionRoutes.download.link($0.id))
            },
            hasFiles: !files.isEmpty,
            attachAction: canLog ? InteractionRoutes.attach.link(interaction.id) : nil,
            allowedTypes: ContentSniffer.allowedDescription, maxUpload: request.appConfig.maxUploadMegabytes)
        body.requirements = try await RequirementLinks.make(.interaction, sourceID: interaction.id, request)
        return try await request.page("interactions/show", title: interaction.subject, body)
    }

    func toggleNextStep(_ request: Request) async throws -> Response {
        guard let (interaction, _) = try await InteractionQueries.find(
            request.recordID(), for: request.viewer, on: request.db)
        else { throw AppError.notFound }
        struct Form: Content { var done: String?; var back: String? }
        let form = try request.content.decode(Form.self)
        let done = form.done == "true"
        let context = request.writeContext
        _ = try await request.write { tx in
            try await InteractionCommands.setNextStepDone(interaction.id, done: done, in: context, on: tx)
        }
        return request.redirect(to: SignInPage.safeNext(form.back ?? InteractionRoutes.show.link(interaction.id)),
            flash: done ? "flash.stepDone" : "flash.saved")
    }

    func attach(_ request: Request) async throws -> Response {
        guard let (interaction, _) = try await InteractionQueries.find(
            request.recordID(), for: request.viewer, on: request.db)
        else { throw AppError.notFound }
        do {
            _ = try await AttachmentUpload.receive(
                request, customerID: interaction.customerID, interactionID: interaction.id)
        } catch let failure as ValidationFailure {
            let key = failure.issues.first.map { "flash.upload.\($0.code)" } ?? "flash.upload.failed"
            return request.redirect(to: InteractionRoutes.show.link(interaction.id), flash: key, kind: "error")
        }
        return request.redirect(to: InteractionRoutes.show.link(interaction.id), flash: "flash.uploaded")
    }

    func download(_ request: Request) async throws -> Response {
        try await AttachmentUpload.download(request)
    }
}
