import Vapor

/// Answers 405 with an `Allow` header, instead of 404, when the path exists but not for the request's method.
/// Only unmatched requests pay for the lookup.
struct MethodNotAllowedMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.route == nil else { return try await next.respond(to: request) }
        let segments = request.url.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let allowed = Set(
            request.application.routes.all.filter { Self.matches($0.path, segments) }.map(\.method.rawValue))
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
            return try await next.respond(to: request)
        }
        var methods = allowed
        if methods.contains("GET") { methods.insert("HEAD") }
        let problem = ErrorMiddleware.problem(for: Abort(.methodNotAllowed), request: request)
        let headers: HTTPHeaders = ["Allow": methods.sorted().joined(separator: ", ")]
        if request.isAPI { return problem.response(headers: headers) }
        let response = try await request.page(
            "shared/error", title: problem.title,
            ErrorPage(status: problem.status, title: problem.title, message: problem.detail))
        response.status = .methodNotAllowed
        response.headers.add(contentsOf: headers)
        return response
    }

    static func matches(_ pattern: [PathComponent], _ segments: [String]) -> Bool {
        var index = 0
        for component in pattern {
            switch component {
            case .catchall:
                return index < segments.count
            case .constant(let value):
                guard index < segments.count, segments[index] == value else { return false }
            case .parameter, .anything:
                guard index < segments.count else { return false }
            }
            index += 1
        }
        return index == segments.count
    }
}
