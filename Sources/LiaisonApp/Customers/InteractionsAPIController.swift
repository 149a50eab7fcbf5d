import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// `/api/v1/interactions` and attachments.
struct InteractionsAPIController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(InteractionRoutes.apiCreate, use: create)
        routes.on(InteractionRoutes.apiShow, use: show)
        routes.on(InteractionRoutes.apiUpdate, use: update)
        routes.on(InteractionRoutes.apiAttach, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: attach)
        routes.on(
            InteractionRoutes.apiCustomerAttach, body: .collect(maxSize: ByteCount(value: uploadLimit)),
            use: attachToCustomer)
        routes.on(InteractionRoutes.apiDownload, use: download)
    }

    func create(_ request: Request) async throws -> Response {
        let person = try request.person
        let valid = try request.content.decode(CreateInteractionRequest.self).input
            .validated(now: request.now, defaultOwner: person.id)
        guard try await CustomerQueries.access(valid.customerID, for: request.viewer, on: request.db) != nil else {
            throw ValidationFailure([ValidationIssue("customerId", "invalidReference")])
        }
        let context = request.writeContext
        let interaction = try await request.write { tx in
            try await InteractionCommands.create(valid, in: context, on: tx)
        }
        let response = try InteractionDTO(interaction, attachments: []).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(
            name: HTTPHeaders.Name.location, value: InteractionRoutes.apiShow.link(interaction.id))
        return response.withETag(interaction.version)
    }

    func show(_ request: Request) async throws -> Response {
        let (interaction, access) = try await visibleInteraction(request)
        let attachments = try await AttachmentQueries.list(
            customerID: interaction.customerID, interactionID: interaction.id, on: request.db)
        try await request.auditRead(
            .interactionRead, recordType: .interaction, recordID: interaction.id, classification: access.classification)
        return try InteractionDTO(interaction, attachments: attachments).apiResponse(for: request)
            .withETag(interaction.version)
    }

    /// Marks the next step done or open (`{"nextStepDone": true}`).
    func update(_ request: Request) async throws -> Response {
        let (interaction, _) = try await visibleInteraction(request)
        let body = try request.content.decode(UpdateInteractionRequest.self)
        guard let done = body.nextStepDone else {
            throw ValidationFailure([ValidationIssue("nextStepDone", "required")])
        }
        guard interaction.nextStep != nil else { throw AppError.conflict("noNextStep") }
        let context = request.writeContext
        let updated = try await request.write { tx in
            try await InteractionCommands.setNextStepDone(interaction.id, done: done, in: context, on: tx)
        }
        return try InteractionDTO(updated).apiResponse(for: request).withETag(updated.version)
    }

    func attach(_ request: Request) async throws -> Response {
        let (interaction, _) = try await visibleInteraction(request)
        let attachment = try await AttachmentUpload.receive(
            request, customerID: interaction.customerID, interactionID: interaction.id)
        return try AttachmentDTO(attachment).apiResponse(.created, for: request)
    }

    func attachToCustomer(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let attachment = try await AttachmentUpload.receive(request, customerID: customer.id, interactionID: nil)
        return try AttachmentDTO(attachment).apiResponse(.created, for: request)
    }

    func download(_ request: Request) async throws -> Response {
        try await AttachmentUpload.download(request)
    }

    private func visibleInteraction(_ request: Request) async throws -> (Interaction, CustomerAccess) {
        guard let found = try await InteractionQueries.find(request.recordID(), for: request.viewer, on: request.db)
        else { throw AppError.notFound }
        return found
    }
}
