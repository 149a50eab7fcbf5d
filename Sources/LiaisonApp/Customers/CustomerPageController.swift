import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The customer page and the dedicated quick-log page.
struct CustomerPageController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(CustomerRoutes.show, use: show)
        routes.on(CustomerRoutes.logForm, use: logForm)
    }

    func show(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        try await request.auditRead(
            .customerRead, recordType: .customer, recordID: customer.id, classification: customer.classification)
        let page = try await CustomerPageBuilder.build(customer, request: request)
        return try await request.page("customers/show", title: customer.displayName(in: request.locale), page)
    }

    func logForm(_ request: Request) async throws -> Response {
        let customer = try await request.visibleCustomer(request.recordID())
        let contacts = try await ContactQueries.list(customerID: customer.id, on: request.db)
        let form = try await InteractionFormBuilder.blank(for: customer, contacts: contacts, request: request)
        return try await request.page("interactions/log", title: request.t("interactions.log"), LogPage(
            customerName: customer.name, customerLink: CustomerRoutes.show.link(customer.id), log: form))
    }
}

struct LogPage: Encodable {
    var customerName: String
    var customerLink: String
    var log: InteractionForm
}
