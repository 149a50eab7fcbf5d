import Foundation
import NIOCore
import NIOFoundationCompat
import Testing
import Vapor
import VaporTesting

/// Calls the JSON API with a bearer token and decodes answers loosely, as a client would.
struct APIClient {
    let app: TestApp
    var token: String?

    @discardableResult
    func call(
        _ method: HTTPMethod, _ path: String, json: Any? = nil, headers extra: [(String, String)] = []
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        for (name, value) in extra { headers.add(name: name, value: value) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        return try await app.tester.sendRequest(method, path, headers: headers, body: body)
    }

    /// Posts raw bytes of a content type (a message for the mail relay endpoint).
    func post(_ path: String, data: Data, contentType: HTTPMediaType) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        headers.contentType = contentType
        return try await app.tester.sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: data))
    }

    /// Posts raw bytes, as the upload endpoints take them with `?filename=`.
    func upload(_ path: String, data: Data) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        headers.contentType = .binary
        return try await app.tester.sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: data))
    }
}

extension TestingHTTPResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    var items: [[String: Any]] {
        object["items"] as? [[String: Any]] ?? []
    }

    /// `field` → `code` of a validation problem.
    var fieldErrors: [String: String] {
        let errors = object["errors"] as? [[String: Any]] ?? []
        var result: [String: String] = [:]
        for error in errors {
            if let field = error["field"] as? String, let code = error["code"] as? String { result[field] = code }
        }
        return result
    }

    var text: String { body.string }
}
