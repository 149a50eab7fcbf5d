import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The portal panel of a contact's page.
struct PortalAccountSection: Encodable {
    var status: String?
    var statusCode: String
    var email: String?
    var lastSignIn: String?
    var invitationUntil: String?
    var scope: String
    var inviteAction: String?
    var inviteLabel: String
    var closeAction: String?
    var scopeAction: String?
    var scopes: [Choice]
    var emails: [Choice]
    var canInvite: Bool
    /// Shown once, after an invitation no mailbox could send.
    var link: String?

    static func build(for contact: Contact, _ request: Request, link: String? = nil) async throws -> PortalAccountSection {
        let account = try await PortalAccounts.account(ofContact: contact.id, at: request.now, on: request.db)
        let canEdit = try request.person.can(.customersEdit)
        let scope = account?.scope ?? .own
        let statusCode = account.map { !$0.active ? "closed" : $0.accepted ? "active" : "invited" } ?? "none"
        return PortalAccountSection(
            status: account == nil ? nil : request.t("contacts.portal.\(statusCode)"), statusCode: statusCode,
            email: account?.email, lastSignIn: account?.lastSignInAt.map { request.format($0) },
            invitationUntil: account?.invitationExpiresAt.map { request.format($0) },
            scope: request.t(scope.labelKey),
            inviteAction: canEdit && !contact.emails.isEmpty ? PortalAccountRoutes.invite.link(contact.id) : nil,
            inviteLabel: request.t(account == nil ? "contacts.portal.invite" : "contacts.portal.reinvite"),
            closeAction: canEdit && account?.active == true ? PortalAccountRoutes.close.link(contact.id) : nil,
            scopeAction: canEdit ? PortalAccountRoutes.scope.link(contact.id) : nil,
            scopes: PortalScope.allCases.map { Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: $0 == scope) },
            emails: contact.emails.map {
                Choice(value: $0, label: $0, selected: EmailAddress.normalised($0) == account?.email)
            },
            canInvite: !contact.emails.isEmpty, link: link)
    }
}

/// Staff invite a contact to the portal, choose what it sees there, and close its account.
struct PortalAccountController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(PortalAccountRoutes.apiShow, use: show)
        routes.on(PortalAccountRoutes.apiUpdate, use: update)
        routes.on(PortalAccountRoutes.apiClose, use: close)
        routes.on(PortalAccountRoutes.apiInvite, use: invite)
        routes.on(PortalAccountRoutes.invite, use: inviteFromPage)
        routes.on(PortalAccountRoutes.close, use: closeFromPage)
        routes.on(PortalAccountRoutes.scope, use: scopeFromPage)
    }

    private func visibleContact(_ request: Request) async throws -> Contact {
        guard let (contact, _) = try await ContactQueries.find(request.recordID(), for: request.viewer, on: request.db)
        else { throw AppError.notFound }
        return contact
    }

    /// The one path for an invitation: validated, stored with its link and its mail in one write. The link is
    /// returned for the staff member to pass on only when no mailbox can send it.
    static func invite(_ contact: Contact, email: String?, scope rawScope: String?, _ request: Request) async throws
        -> PortalInvitationDTO
    {
        var v = FieldValidator()
        let email = v.optionalText("email", email.map(InputText.compatible), max: 254)
        if let email, EmailAddress(email) == nil { v.add("email", "invalidEmail") }
        let scope = v.optionalChoice("scope", rawScope, as: PortalScope.self)
        try v.check()
        let secret = request.effects.secret()
        let link = request.publicURL(PortalRoutes.invitation.link(secret))
        let mailed = try await PortalMail.canSend(on: request.db)
        let context = request.writeContext
        let app = request.application
        let fallback = AppLocale(rawValue: request.appConfig.defaultLocale) ?? .zhHans
        let invitation = try await request.write { tx in
            let invitation = try await PortalAccounts.invite(
                contactID: contact.id, email: email, scope: scope, tokenHash: TokenHash.of(secret), in: context, on: tx)
            if mailed {
                try await PortalMail.queue(
                    .invitation, to: (invitation.account.email, invitation.name),
                    locale: invitation.locale ?? fallback, link: link, expiresAt: invitation.expiresAt, app: app,
                    now: context.now, on: tx)
            }
            return invitation
        }
        return PortalInvitationDTO(
            account: PortalAccountDTO(invitation.account), mailed: mailed, link: mailed ? nil : link,
            expiresAt: invitation.expiresAt)
    }

    func invite(_ request: Request) async throws -> Response {
        let contact = try await visibleContact(request)
        let body = try request.content.decode(PortalInvitationBody.self)
        return try await Self.invite(contact, email: body.email, scope: body.scope, request)
            .apiResponse(.created, for: request)
    }

    func show(_ request: Request) async throws -> Response {
        let contact = try await visibleContact(request)
        guard let account = try await PortalAccounts.account(ofContact: contact.id, at: request.now, on: request.db)
        else { throw AppError.notFound }
        return try PortalAccountDTO(account).apiResponse(for: request)
    }

    func update(_ request: Request) async throws -> Response {
        let contact = try await visibleContact(request)
        guard try await PortalAccounts.account(ofContact: contact.id, at: request.now, on: request.db) != nil else {
            throw AppError.notFound
        }
        let body = try request.content.decode(PortalAccountUpdateBody.self)
        var v = FieldValidator()
        if body.scope == nil { v.add("scope", "required") }
        let scope = v.choice("scope", body.scope, default: PortalScope.own)
        try v.check()
        let context = request.writeContext
        try await request.write { tx in
            try await PortalAccounts.setScope(contactID: contact.id, scope: scope, in: context, on: tx)
        }
        guard let account = try await PortalAccounts.account(ofContact: contact.id, at: request.now, on: request.db)
        else { throw AppError.notFound }
        return try PortalAccountDTO(account).apiResponse(for: request)
    }

    func close(_ request: Request) async throws -> Response {
        let contact = try await visibleContact(request)
        guard try await PortalAccounts.account(ofContact: contact.id, at: request.now, on: request.db) != nil else {
            throw AppError.notFound
        }
        let context = request.writeContext
        try await request.write { tx in try await PortalAccounts.close(contactID: contact.id, in: context, on: tx) }
        return Response(status: .noContent)
    }

    struct InviteForm: Content {
        var email: String?
        var scope: String?
    }

    func inviteFromPage(_ request: Request) async throws -> Response {
        let contact = try await visibleContact(request)
        let form = try request.content.decode(InviteForm.self)
        do {
            let invitation = try await Self.invite(contact, email: form.email, scope: form.scope, request)
            if let link = invitation.link {
                // No mailbox: the page shows the link once, for the staff member to pass on.
                let section = try await PortalAccountSection.build(for: contact, request, link: link)
                return try await request.page(
                    "portal/invited", title: request.t("contacts.portal.title"),
                    PortalInvitedPage(contactName: contact.name, contactLink: ContactRoutes.show.link(contact.id),
                        portal: section))
            }
            return request.redirect(to: ContactRoutes.show.link(contact.id) + "#portal", flash: "flash.portalInvited")
        } catch let failure as ValidationFailure {
            let taken = failure.issues.contains { $0.code == "emailTaken" }
            return request.redirect(
                to: ContactRoutes.show.link(contact.id) + "#portal",
                flash: taken ? "flash.portalEmailTaken" : "flash.portalInviteRefused", kind: "error")
        }
    }

    func closeFromPage(_ request: Request) async throws -> Response {
        let contact = try await visibleContact(request)
        let context = request.writeContext
        try await request.write { tx in try await PortalAccounts.close(contactID: contact.id, in: context, on: tx) }
        return request.redirect(to: ContactRoutes.show.link(contact.id) + "#portal", flash: "flash.portalAccountClosed")
    }

    struct ScopeForm: Content {
        var scope: String?
    }

    func scopeFromPage(_ request: Request) async throws -> Response {
        let contact = try await visibleContact(request)
        let form = try request.content.decode(ScopeForm.self)
        var v = FieldValidator()
        let scope = v.choice("scope", form.scope, default: PortalScope.own)
        try v.check()
        let context = request.writeContext
        try await request.write { tx in
            try await PortalAccounts.setScope(contactID: contact.id, scope: scope, in: context, on: tx)
        }
        return request.redirect(to: ContactRoutes.show.link(contact.id) + "#portal", flash: "flash.portalScopeSaved")
    }
}

struct PortalInvitedPage: Encodable {
    var contactName: String
    var contactLink: String
    var portal: PortalAccountSection
}
