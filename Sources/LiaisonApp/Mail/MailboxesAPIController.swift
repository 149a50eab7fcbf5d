import Crypto
import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import LiaisonMail
import Vapor

/// Mailboxes (administrators): the addresses customers write to and the servers that send and receive their mail.
struct MailboxesAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MailboxRoutes.apiList, use: list)
        routes.on(MailboxRoutes.apiCreate, use: create)
        routes.on(MailboxRoutes.apiShow, use: show)
        routes.on(MailboxRoutes.apiUpdate, use: update)
        routes.on(MailboxRoutes.apiDelete, use: delete)
        routes.on(MailboxRoutes.apiTest, use: test)
    }

    func list(_ request: Request) async throws -> Response {
        let mailboxes = try await MailboxQueries.all(on: request.db)
        return try ListDTO(items: mailboxes.map(MailboxDTO.init), nextCursor: nil).apiResponse(for: request)
    }

    func create(_ request: Request) async throws -> Response {
        let valid = try request.content.decode(MailboxBody.self).input().validated()
        let secrets = try request.secretBox()
        let actor = request.auditActor
        let now = request.now
        let mailbox = try await request.write { tx in
            try await MailboxCommands.create(valid, secrets: secrets, by: actor, at: now, on: tx)
        }
        let response = try MailboxDTO(mailbox).apiResponse(.created, for: request)
        response.headers.replaceOrAdd(name: .location, value: MailboxRoutes.apiShow.link(mailbox.id))
        return response.withETag(mailbox.version)
    }

    func show(_ request: Request) async throws -> Response {
        guard let mailbox = try await MailboxQueries.find(try request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        return try MailboxDTO(mailbox).apiResponse(for: request).withETag(mailbox.version)
    }

    func update(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let current = try await MailboxQueries.find(id, on: request.db) else { throw AppError.notFound }
        let expected = try request.ifMatch(current: current.version)
        let valid = try request.content.decode(MailboxBody.self).input(over: current).validated()
        let secrets = try request.secretBox()
        let actor = request.auditActor
        let now = request.now
        let mailbox = try await request.write { tx in
            try await MailboxCommands.update(
                id: id, with: valid, expectedVersion: expected, secrets: secrets, by: actor, at: now, on: tx)
        }
        return try MailboxDTO(mailbox).apiResponse(for: request).withETag(mailbox.version)
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let expected = try request.ifMatch()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await MailboxCommands.delete(id: id, expectedVersion: expected, by: actor, at: now, on: tx)
        }
        return Response(status: .noContent)
    }

    /// Connects to the mailbox's servers as configured (TLS, sign-in, the IMAP folder) and says what failed.
    func test(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let mailbox = try await MailboxQueries.find(id, on: request.db) else { throw AppError.notFound }
        return try await Self.check(mailbox, request: request).apiResponse(for: request)
    }

    /// The connection test of the API and of the page.
    static func check(_ mailbox: Mailbox, request: Request) async throws -> MailboxTestDTO {
        let passwords = try await MailboxQueries.passwords(of: mailbox.id, secrets: try request.secretBox(), on: request.db)
        let smtp = MailServers.smtp(
            mailbox, password: passwords.smtp, helloName: request.application.context.config.host)
        var result = MailboxTestDTO(smtp: .init(ok: true, message: ""), imap: nil)
        do {
            let extensions = try await SMTPClient(settings: smtp).check()
            result.smtp.message = "OK" + (extensions.isEmpty ? "" : " (" + extensions.joined(separator: ", ") + ")")
        } catch {
            result.smtp = .init(ok: false, stage: error.stage.rawValue, message: error.description, permanent: error.isPermanent)
        }
        if let imap = MailServers.imap(mailbox, password: passwords.imap) {
            do {
                let capabilities = try await IMAPClient(settings: imap).check()
                result.imap = .init(ok: true, message: "OK (\(capabilities.prefix(12).joined(separator: " ")))")
            } catch {
                result.imap = .init(ok: false, stage: error.stage.rawValue, message: error.description, permanent: error.isPermanent)
            }
        }
        return result
    }
}

extension Request {
    /// The box stored secrets are sealed with (`Application.secretBox`).
    func secretBox() throws -> SecretBox { try application.secretBox() }
}
