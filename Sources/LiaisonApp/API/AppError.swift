import Vapor

/// Errors a handler throws to answer with a specific status and a catalog message.
enum AppError: Error, Sendable {
    case unauthenticated
    case forbidden
    case notFound
    /// Not found, with a message saying why (a catalog key): a record that was deleted.
    case gone(String)
    /// A request that cannot be understood; the key names a catalog message.
    case badRequest(String)
    /// A body of a type the route does not take; the key names a catalog message saying which it takes.
    case unsupportedMediaType(String)
    /// The record's state forbids the change; the reason names `conflict.<reason>` in the catalog.
    case conflict(String)
    /// `If-Match` named an old version of the record.
    case preconditionFailed(current: Int)
    /// A form without a valid anti-forgery token.
    case csrf
    case passwordChangeRequired

    var status: HTTPResponseStatus {
        switch self {
        case .unauthenticated: .unauthorized
        case .forbidden, .csrf, .passwordChangeRequired: .forbidden
        case .notFound, .gone: .notFound
        case .badRequest: .badRequest
        case .unsupportedMediaType: .unsupportedMediaType
        case .conflict: .conflict
        case .preconditionFailed: .preconditionFailed
        }
    }

    var messageKey: String {
        switch self {
        case .unauthenticated: "error.unauthenticated"
        case .forbidden: "error.forbidden"
        case .notFound: "error.notFound"
        case .badRequest(let key), .unsupportedMediaType(let key), .gone(let key): key
        case .conflict(let reason): "conflict.\(reason)"
        case .preconditionFailed: "error.preconditionFailed"
        case .csrf: "error.csrf"
        case .passwordChangeRequired: "error.passwordChangeRequired"
        }
    }
}
