import Foundation
import LiaisonCore
import LiaisonData
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// A customer contact with a portal account, signed in by accepting its invitation.
struct PortalContact {
    let person: Person
    let contactID: String
    let customerID: String
    let email: String
    let browser: Browser
    let api: APIClient
}

extension TestApp {
    static let portalPassword = "Portal-Passw0rd!"

    /// A contact of `customerID` invited by `staff` (who may edit customers) and signed in through its invitation
    /// link; a token for the portal API besides.
    func portalContact(
        by staff: APIClient, customerID: String, name: String, email: String, scope: String = "own"
    ) async throws -> PortalContact {
        let contact = try await staff.call(
            .POST, "/api/v1/contacts", json: ["customerId": customerID, "name": name, "emails": [email]])
        let contactID = try #require(contact.object["id"] as? String, "\(contact.body.string)")
        let invitation = try await staff.call(
            .POST, "/api/v1/contacts/\(contactID)/portal-invitation", json: ["scope": scope])
        #expect(invitation.status == .created, "\(invitation.body.string)")
        let link = try #require(invitation.object["link"] as? String)
        let browser = Browser(self)
        let accepted = try await browser.post(
            Self.path(of: link), [("password", Self.portalPassword), ("confirm", Self.portalPassword)])
        #expect(accepted.status == .seeOther && accepted.location == "/portal", "\(accepted.status) \(accepted.body.string)")
        let record = try #require(try await PeopleQueries.signInRecord(email: email, on: db))
        return PortalContact(
            person: record.person, contactID: contactID, customerID: customerID, email: email, browser: browser,
            api: APIClient(app: self, token: try await token(for: record.person)))
    }

    /// The path of an absolute link (`http://host/portal/invitation/…` → `/portal/invitation/…`).
    static func path(of link: String) -> String {
        guard let url = URL(string: link) else { return link }
        return url.path
    }
}

extension Mailbox {
    /// A mailbox to render mail from, never connected to.
    static var sample: Mailbox {
        Mailbox(
            id: UUID(), address: "service@liaison.test", name: "客服中心", departmentID: UUID(), active: true,
            smtp: .init(host: "127.0.0.1", port: 25, security: .none, username: nil, hasPassword: false),
            smtpAuth: .automatic, verifyCertificate: false, imap: nil, imapFolder: "INBOX", imapAfter: .seen,
            imapMoveFolder: nil, connectTimeout: 10, commandTimeout: 30, version: 1, createdAt: TestApp.start,
            updatedAt: TestApp.start)
    }
}
