import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The mailbox pages under /admin/mailboxes (administrators): the list, the form, deleting and the connection test.
struct MailboxWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MailboxRoutes.list, use: list)
        routes.on(MailboxRoutes.new, use: new)
        routes.on(MailboxRoutes.create, use: create)
        routes.on(MailboxRoutes.edit, use: edit)
        routes.on(MailboxRoutes.update, use: update)
        routes.on(MailboxRoutes.delete, use: delete)
        routes.on(MailboxRoutes.test, use: test)
    }

    /// The form as posted. Checkboxes are absent when unticked; a password left empty keeps the stored one, and
    /// the "remove" box removes it.
    struct MailboxForm: Content {
        var address: String?
        var name: String?
        var departmentId: String?
        var active: String?
        var smtpHost: String?
        var smtpPort: String?
        var smtpSecurity: String?
        var smtpUsername: String?
        var smtpPassword: String?
        var removeSmtpPassword: String?
        var smtpAuth: String?
        var verifyCertificate: String?
        var acknowledge: String?
        var imapHost: String?
        var imapPort: String?
        var imapSecurity: String?
        var imapUsername: String?
        var imapPassword: String?
        var removeImapPassword: String?
        var imapFolder: String?
        var imapAfter: String?
        var imapMoveFolder: String?
        var connectTimeout: String?
        var commandTimeout: String?
        var version: String?

        init() {
            active = "on"
            verifyCertificate = "on"
            acknowledge = "on"
            smtpSecurity = MailSecurity.starttls.rawValue
            imapSecurity = MailSecurity.tls.rawValue
            imapFolder = "INBOX"
        }

        init(_ mailbox: Mailbox) {
            address = mailbox.address
            name = mailbox.name
            departmentId = mailbox.departmentID.uuidString
            active = mailbox.active ? "on" : nil
            smtpHost = mailbox.smtp.host
            smtpPort = String(mailbox.smtp.port)
            smtpSecurity = mailbox.smtp.security.rawValue
            smtpUsername = mailbox.smtp.username
            smtpAuth = mailbox.smtpAuth.rawValue
            verifyCertificate = mailbox.verifyCertificate ? "on" : nil
            acknowledge = mailbox.acknowledge ? "on" : nil
            imapHost = mailbox.imap?.host
            imapPort = mailbox.imap.map { String($0.port) }
            imapSecurity = mailbox.imap?.security.rawValue ?? MailSecurity.tls.rawValue
            imapUsername = mailbox.imap?.username
            imapFolder = mailbox.imapFolder
            imapAfter = mailbox.imapAfter.rawValue
            imapMoveFolder = mailbox.imapMoveFolder
            connectTimeout = String(mailbox.connectTimeout)
            commandTimeout = String(mailbox.commandTimeout)
            version = String(mailbox.version)
        }

        /// The input; a port or number of seconds that is not a number is out of range.
        var input: MailboxInput {
            func port(_ text: String?) -> Int? {
                guard let text = text?.trimmedSpaces(), !text.isEmpty else { return nil }
                return Int(text) ?? 0
            }
            func password(_ text: String?, remove: String?) -> String? {
                if remove != nil { return "" }
                guard let text, !text.isEmpty else { return nil }
                return text
            }
            var input = MailboxInput()
            input.address = address
            input.name = name
            input.departmentID = departmentId
            input.active = active != nil
            input.smtpHost = smtpHost
            input.smtpPort = port(smtpPort)
            input.smtpSecurity = smtpSecurity
            input.smtpUsername = smtpUsername
            input.smtpPassword = password(smtpPassword, remove: removeSmtpPassword)
            input.smtpAuth = smtpAuth
            input.verifyCertificate = verifyCertificate != nil
            input.acknowledge = acknowledge != nil
            input.imapHost = imapHost
            input.imapPort = port(imapPort)
            input.imapSecurity = imapSecurity
            input.imapUsername = imapUsername
            input.imapPassword = password(imapPassword, remove: removeImapPassword)
            input.imapFolder = imapFolder
            input.imapAfter = imapAfter
            input.imapMoveFolder = imapMoveFolder
            input.connectTimeout = port(connectTimeout)
            input.commandTimeout = port(commandTimeout)
            return input
        }

        /// What the page shows again: never a password.
        var shown: MailboxForm {
            var copy = self
            copy.smtpPassword = nil
            copy.imapPassword = nil
            return copy
        }
    }

    func list(_ request: Request) async throws -> Response {
        let mailboxes = try await MailboxQueries.all(on: request.db)
        let departments = try await DepartmentQueries.all(on: request.db)
        let names = Dictionary(uniqueKeysWithValues: departments.map { ($0.id, $0.displayName(in: request.locale)) })
        func server(_ server: Mailbox.Server) -> String {
            "\(server.host):\(server.port) · " + request.t("mail.security.\(server.security.rawValue)")
        }
        let rows = mailboxes.map {
            MailboxesPage.Row(
                address: $0.address, name: $0.name ?? "", department: names[$0.departmentID] ?? "",
                smtp: server($0.smtp), imap: $0.imap.map(server) ?? "—", active: $0.active,
                editLink: MailboxRoutes.edit.link($0.id))
        }
        let mayQuarantine = try request.person.can(.mailQuarantine)
        let held = mayQuarantine ? try await MailQuarantine.heldCount(on: request.db) : 0
        return try await request.page(
            "mailboxes/list", title: request.t("mailboxes.title"),
            MailboxesPage(
                rows: rows, hasRows: !rows.isEmpty, newLink: MailboxRoutes.new.link(),
                quarantineLink: mayQuarantine ? MailRoutes.quarantine.link() : nil,
                quarantineLabel: request.t("quarantine.heldCount", String(held)), held: held))
    }

    func new(_ request: Request) async throws -> Response {
        try await render(request, mailbox: nil, form: MailboxForm(), errors: [:], status: .ok)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(MailboxForm.self)
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated()
            let secrets = try request.secretBox()
            let mailbox = try await request.write { tx in
                try await MailboxCommands.create(valid, secrets: secrets, by: actor, at: now, on: tx)
            }
            return request.redirect(to: MailboxRoutes.edit.link(mailbox.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, mailbox: nil, form: form.shown, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func edit(_ request: Request) async throws -> Response {
        guard let mailbox = try await MailboxQueries.find(try request.recordID(), on: request.db) else {
            throw AppError.notFound
        }
        return try await render(request, mailbox: mailbox, form: MailboxForm(mailbox), errors: [:], status: .ok)
    }

    func update(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let mailbox = try await MailboxQueries.find(id, on: request.db) else { throw AppError.notFound }
        let form = try request.content.decode(MailboxForm.self)
        let actor = request.auditActor
        let now = request.now
        do {
            let valid = try form.input.validated()
            let secrets = try request.secretBox()
            _ = try await request.write { tx in
                try await MailboxCommands.update(
                    id: id, with: valid, expectedVersion: form.version.flatMap { Int($0) }, secrets: secrets, by: actor,
                    at: now, on: tx)
            }
            return request.redirect(to: MailboxRoutes.edit.link(id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, mailbox: mailbox, form: form.shown, errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        } catch DataError.staleVersion {
            var fresh = form.shown
            fresh.version = String(mailbox.version)
            return try await render(
                request, mailbox: mailbox, form: fresh, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            try await MailboxCommands.delete(id: id, expectedVersion: nil, by: actor, at: now, on: tx)
        }
        return request.redirect(to: MailboxRoutes.list.link(), flash: "flash.deleted")
    }

    /// Runs the connection test on the stored settings and shows the form with what each server answered.
    func test(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        guard let mailbox = try await MailboxQueries.find(id, on: request.db) else { throw AppError.notFound }
        let result = try await MailboxesAPIController.check(mailbox, request: request)
        var lines = [MailboxFormPage.TestLine(server: "SMTP", ok: result.smtp.ok, message: result.smtp.message)]
        if let imap = result.imap { lines.append(.init(server: "IMAP", ok: imap.ok, message: imap.message)) }
        return try await render(request, mailbox: mailbox, form: MailboxForm(mailbox), errors: [:], status: .ok, tests: lines)
    }

    private func render(
        _ request: Request, mailbox: Mailbox?, form: MailboxForm, errors: [String: String], status: HTTPStatus,
        tests: [MailboxFormPage.TestLine] = []
    ) async throws -> Response {
        let departments = try await DepartmentQueries.all(on: request.db).map {
            Choice(value: $0.id.uuidString, label: $0.displayName(in: request.locale), selected: $0.id.uuidString == form.departmentId)
        }
        let body = MailboxFormPage(
            isNew: mailbox == nil,
            action: mailbox.map { MailboxRoutes.update.link($0.id) } ?? MailboxRoutes.create.link(),
            deleteAction: mailbox.map { MailboxRoutes.delete.link($0.id) },
            testAction: mailbox.map { MailboxRoutes.test.link($0.id) }, cancelLink: MailboxRoutes.list.link(),
            version: mailbox?.version ?? 0, form: form, departments: departments,
            smtpSecurities: request.options(MailSecurity.self, selected: form.smtpSecurity) { "mail.security.\($0.rawValue)" },
            imapSecurities: request.options(MailSecurity.self, selected: form.imapSecurity) { "mail.security.\($0.rawValue)" },
            authentications: request.options(MailAuthentication.self, selected: form.smtpAuth) { "mail.auth.\($0.rawValue)" },
            afterTaking: request.options(MailAfterTaking.self, selected: form.imapAfter) { "mail.after.\($0.rawValue)" },
            hasSMTPPassword: mailbox?.smtp.hasPassword ?? false, hasIMAPPassword: mailbox?.imap?.hasPassword ?? false,
            testResults: tests, errors: errors)
        let title = request.t(mailbox == nil ? "mailboxes.new" : "mailboxes.edit")
        let response = try await request.page("mailboxes/form", title: title, body)
        response.status = status
        return response
    }
}
