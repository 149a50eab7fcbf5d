import LiaisonCore
import Vapor

/// Commitments (承诺跟进): the page /commitments, the API /api/v1/commitments, and the one-click confirmation of a
/// promise the reply form found (`POST /requests/{id}/commitments`). Any member of staff keeps commitments; who
/// sees one follows its customer, and who may change one is checked in the write (owner, creator, the owner's
/// department lead, management).
enum CommitmentRoutes {
    static let page = Endpoint(.GET, "commitments", .capability(.staffArea))
    static let create = Endpoint(.POST, "commitments", .capability(.staffArea))
    static let edit = Endpoint(.GET, "commitments/:id/edit", .capability(.staffArea))
    static let update = Endpoint(.POST, "commitments/:id", .capability(.staffArea))
    static let done = Endpoint(.POST, "commitments/:id/done", .capability(.staffArea))
    static let cancel = Endpoint(.POST, "commitments/:id/cancel", .capability(.staffArea))
    static let fromReply = Endpoint(.POST, "requests/:id/commitments", .capability(.requestsHandle))

    static let apiList = Endpoint(.GET, "api/v1/commitments", .capability(.staffArea))
    static let apiCreate = Endpoint(.POST, "api/v1/commitments", .capability(.staffArea))
    static let apiShow = Endpoint(.GET, "api/v1/commitments/:id", .capability(.staffArea))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/commitments/:id", .capability(.staffArea))
    static let apiDelete = Endpoint(.DELETE, "api/v1/commitments/:id", .capability(.staffArea))
    static let apiDone = Endpoint(.POST, "api/v1/commitments/:id/done", .capability(.staffArea))
}
