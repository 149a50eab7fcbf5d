import LiaisonCore
import Vapor

/// The live event streams: the browser's (session) and the API's (bearer token).
enum EventRoutes {
    static let web = Endpoint(.GET, "events", .capability(.staffArea))
    static let api = Endpoint(.GET, "api/v1/events", .capability(.staffArea))
}
