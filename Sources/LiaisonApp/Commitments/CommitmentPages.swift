import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// A commitment as a row of a page (the list, a request's, a customer's, the home page), with its actions for
/// whoever may take them.
struct CommitmentRow: Encodable {
    var id: String
    var text: String
    var owner: String
    var due: String
    var overdue: Bool
    var status: String
    var statusCode: String
    var source: String
    var customer: String?
    var customerLink: String?
    var requestNumber: String?
    var requestLink: String?
    var doneAction: String?
    var cancelAction: String?
    var editLink: String?
    var version: Int

    init(_ s: CommitmentSummary, now: Date, mayChange: Bool, request: Request) {
        let c = s.commitment
        id = c.id.idText
        text = c.text
        owner = s.ownerName
        due = request.format(c.dueAt)
        overdue = c.isOverdue(at: now)
        status = request.t(c.status.labelKey)
        statusCode = c.status.rawValue
        source = request.t(c.source.labelKey)
        customer = s.customerName
        customerLink = c.customerID.map { CustomerRoutes.show.link($0) }
        requestNumber = s.requestNumber.map(RequestNumber.format)
        requestLink = c.requestID.map { RequestRoutes.show.link($0) }
        let open = c.status == .open && mayChange
        doneAction = open ? CommitmentRoutes.done.link(c.id) : nil
        cancelAction = open ? CommitmentRoutes.cancel.link(c.id) : nil
        editLink = open ? CommitmentRoutes.edit.link(c.id) : nil
        version = c.version
    }

    /// The rows of a block (a request's, a customer's), each with what the reader may do.
    static func rows(_ items: [CommitmentSummary], request: Request) async throws -> [CommitmentRow] {
        let viewer = try request.viewer
        var built: [CommitmentRow] = []
        for item in items {
            let mayChange = try await CommitmentQueries.mayChange(item.commitment, viewer: viewer, on: request.db)
            built.append(CommitmentRow(item, now: request.now, mayChange: mayChange, request: request))
        }
        return built
    }
}

struct CommitmentListPage: Encodable {
    struct Filter: Encodable {
        var label: String
        var link: String
        var current: Bool
    }

    var filters: [Filter]
    var scope: String
    var overdue: Bool
    var statuses: [Choice]
    var filterAction: String
    var commitments: [CommitmentRow]
    var nextLink: String?
    var createAction: String
    var owners: [Choice]
    var text: String
    var dueAt: String
    var errors: [String: String]
}

struct CommitmentEditPage: Encodable {
    var action: String
    var back: String
    var text: String
    var dueAt: String
    var owners: [Choice]
    var version: Int
    var errors: [String: String]
}

/// The commitments block of a request's or a customer's page: its commitments and a form that records one more.
struct CommitmentBlock: Encodable {
    var rows: [CommitmentRow]
    var createAction: String?
    /// On a customer's page, the customer the new commitment is for.
    var customerId: String?
    var listLink: String

    /// A request's commitments; the form confirms a promise made there (as the reply form does).
    static func forRequest(_ id: UUID, canHandle: Bool, _ request: Request) async throws -> CommitmentBlock {
        let found = try await CommitmentQueries.list(
            CommitmentFilter(requestID: id, now: request.now), for: try request.viewer, limit: 50, on: request.db)
        return CommitmentBlock(
            rows: try await CommitmentRow.rows(found.items, request: request),
            createAction: canHandle ? CommitmentRoutes.fromReply.link(id) : nil, customerId: nil,
            listLink: CommitmentRoutes.page.link() + "?scope=all")
    }

    /// A customer's open commitments.
    static func forCustomer(_ id: UUID, _ request: Request) async throws -> CommitmentBlock {
        let found = try await CommitmentQueries.list(
            CommitmentFilter(status: .open, customerID: id, now: request.now), for: try request.viewer, limit: 50,
            on: request.db)
        return CommitmentBlock(
            rows: try await CommitmentRow.rows(found.items, request: request),
            createAction: CommitmentRoutes.create.link(), customerId: id.idText,
            listLink: CommitmentRoutes.page.link() + "?scope=all")
    }
}
