import LiaisonCore
import LiaisonData
import Vapor

/// Turns every error into an answer: RFC 9457 problem documents on the API, a page in the person's language on the
/// web. Unexpected errors are logged with detail and shown without it.
struct ErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = Self.problem(for: error, request: request)
            if problem.status >= 500 {
                request.logger.report(error: error)
            }
            var headers = HTTPHeaders()
            if problem.status == 401 {
                headers.add(name: .wwwAuthenticate, value: "Bearer realm=\"liaison\"")
            }
            if case AppError.preconditionFailed(let current) = error {
                headers.add(name: .eTag, value: ETag.make(current))
            }
            let accepted = request.headers.accept.mediaTypes
            if request.isAPI || (accepted.contains(.json) && !accepted.contains(.html)) {
                return problem.response(headers: headers)
            }
            do {
                let page = ErrorPage(status: problem.status, title: problem.title, message: problem.detail)
                let response = try await request.page("shared/error", title: problem.title, page)
                response.status = HTTPResponseStatus(statusCode: problem.status)
                return response
            } catch {
                request.logger.report(error: error)
                return Response(status: HTTPResponseStatus(statusCode: problem.status), body: .init(string: problem.detail))
            }
        }
    }

    static func problem(for error: any Error, request: Request) -> Problem {
        let catalog = request.catalog
        let locale = request.locale
        func make(_ status: HTTPResponseStatus, _ key: String, _ errors: [Problem.FieldError]? = nil) -> Problem {
            Problem(
                type: errors == nil ? "about:blank" : "https://liaison.dev/problems/validation",
                title: status.reasonPhrase, status: Int(status.code), detail: catalog.text(key, locale),
                errors: errors)
        }
        switch error {
        case let failure as ValidationFailure:
            let fields = failure.issues.map {
                Problem.FieldError(field: $0.field, code: $0.code, message: catalog.message(for: $0, locale))
            }
            return make(.unprocessableEntity, "error.validation", fields)
        case let refusal as MessageCheckRefusal:
            var problem = make(
                .unprocessableEntity, refusal.blocked ? "error.messageCheckBlocked" : "error.messageCheckWarnings",
                refusal.findings.map {
                    Problem.FieldError(field: refusal.field, code: "messageCheck.\($0.code)", message: $0.message)
                })
            problem.type = "https://liaison.dev/problems/message-check"
            problem.findings = refusal.findings
            problem.commitments = refusal.commitments
            return problem
        case let appError as AppError:
            return make(appError.status, appError.messageKey)
        case let dataError as DataError:
            switch dataError {
            case .notFound: return make(.notFound, "error.notFound")
            case .staleVersion: return make(.preconditionFailed, "error.preconditionFailed")
            case .conflict(let reason): return make(.conflict, "conflict.\(reason)")
            }
        case let decoding as DecodingError:
            let issue = DecodingIssue(decoding)
            return make(
                .unprocessableEntity, "error.validation",
                [Problem.FieldError(field: issue.field, code: issue.code, message: catalog.message(for: issue.validationIssue, locale))])
        case let abort as any AbortError:
            if abort.status == .notFound { return make(.notFound, "error.notFound") }
            if abort.status == .payloadTooLarge { return make(.payloadTooLarge, "error.payloadTooLarge") }
            if abort.status == .unsupportedMediaType { return make(.unsupportedMediaType, "error.unsupportedMediaType") }
            if abort.status == .methodNotAllowed { return make(.methodNotAllowed, "error.methodNotAllowed") }
            var problem = make(abort.status, abort.status.code >= 500 ? "error.internal" : "error.badRequest")
            if abort.status.code < 500, !abort.reason.isEmpty, abort.reason != abort.status.reasonPhrase {
                problem.detail = abort.reason
            }
            return problem
        default:
            return make(.internalServerError, "error.internal")
        }
    }
}

/// A field-level view of a JSON decoding failure: which field, and what was wrong with it.
struct DecodingIssue {
    var field: String
    var code: String
    var values: [String] = []

    init(_ error: DecodingError) {
        func path(_ keys: [any CodingKey], extra: (any CodingKey)? = nil) -> String {
            let all = keys + (extra.map { [$0] } ?? [])
            let text = all.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            field = path(context.codingPath, extra: key)
            code = "required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            field = path(context.codingPath)
            code = "wrongType"
        case .dataCorrupted(let context):
            field = path(context.codingPath)
            if let problem = context.underlyingError as? DateText.Problem {
                (code, values) = problem.issue
            } else {
                code = context.codingPath.isEmpty ? "malformedJSON" : "invalidValue"
            }
        @unknown default:
            field = "body"
            code = "malformedJSON"
        }
    }

    var validationIssue: ValidationIssue { ValidationIssue(field, code, values) }
}

struct ErrorPage: Encodable {
    var status: Int
    var title: String
    var message: String
}
