import LiaisonCore
import Vapor

/// The public site: no sign-in.
enum PublicRoutes {
    static let home = Endpoint(.GET, "public", .everyone)
    static let announcement = Endpoint(.GET, "public/announcements/:id", .everyone)
    static let feed = Endpoint(.GET, "public/feed.atom", .everyone)
    static let logo = Endpoint(.GET, "public/logo", .everyone)
    static let feedback = Endpoint(.GET, "public/feedback", .everyone)
    static let sendFeedback = Endpoint(.POST, "public/feedback", .everyone)
}
