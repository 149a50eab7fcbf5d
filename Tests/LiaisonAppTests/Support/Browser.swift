import Foundation
import NIOCore
import NIOFoundationCompat
import Testing
import Vapor
import VaporTesting

/// A browser for route tests: keeps cookies between requests and repeats the anti-forgery token in forms.
final class Browser: @unchecked Sendable {
    let app: TestApp
    var cookies: [String: String] = [:]
    var acceptLanguage: String?

    init(_ app: TestApp) {
        self.app = app
    }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, form: nil)
    }

    /// Posts a form. The anti-forgery token is added from the cookie unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ form: [(String, String)] = [], csrf: Bool = true) async throws -> TestingHTTPResponse {
        if csrf, cookies["liaison_csrf"] == nil {
            try await get("/sign-in")
        }
        var fields = form
        if csrf, let token = cookies["liaison_csrf"] { fields.append(("_csrf", token)) }
        return try await send(.POST, path, form: fields)
    }

    /// Posts one file as a browser's multipart form does, with the anti-forgery token as its first part.
    @discardableResult
    func upload(
        _ path: String, field: String = "file", filename: String, type: String, content: String, fields: [(String, String)] = []
    ) async throws -> TestingHTTPResponse {
        if cookies["liaison_csrf"] == nil { try await get("/sign-in") }
        let boundary = "----liaison"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(cookies["liaison_csrf"] ?? "")\r\n"
        for (name, value) in fields {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: \(type)\r\n\r\n"
        body += content + "\r\n--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.add(name: .accept, value: "text/html")
        if let acceptLanguage { headers.add(name: .acceptLanguage, value: acceptLanguage) }
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return try await app.tester.sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts JSON as a page's script does: the session cookie, and the anti-forgery token in `X-CSRF-Token`.
    @discardableResult
    func postJSON(_ path: String, _ json: Any) async throws -> TestingHTTPResponse {
        if cookies["liaison_csrf"] == nil { try await get("/sign-in") }
        var headers = HTTPHeaders()
        headers.add(name: .accept, value: "application/json")
        headers.add(name: "X-CSRF-Token", value: cookies["liaison_csrf"] ?? "")
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.contentType = .json
        let body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        return try await app.tester.sendRequest(.POST, path, headers: headers, body: body)
    }

    @discardableResult
    func signIn(_ email: String, _ password: String) async throws -> TestingHTTPResponse {
        try await post("/sign-in", [("email", email), ("password", password)])
    }

    private func send(_ method: HTTPMethod, _ path: String, form: [(String, String)]?) async throws
        -> TestingHTTPResponse
    {
        var headers = HTTPHeaders()
        headers.add(name: .accept, value: "text/html")
        if let acceptLanguage { headers.add(name: .acceptLanguage, value: acceptLanguage) }
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var body: ByteBuffer?
        if let form {
            headers.contentType = .urlEncodedForm
            var components = URLComponents()
            components.queryItems = form.map { URLQueryItem(name: $0.0, value: $0.1) }
            let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            body = ByteBuffer(string: encoded)
        }
        let response = try await app.tester.sendRequest(method, path, headers: headers, body: body)
        for header in response.headers[.setCookie] {
            // An expired cookie comes with an empty value ("name=; Expires=…"), which must remove it too.
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0])
            let value = String(pair[1])
            if header.contains("Max-Age=0") || header.contains("Expires=Thu, 01 Jan 1970") || value.isEmpty {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        return response
    }
}

extension TestingHTTPResponse {
    var location: String? { headers.first(name: .location) }
}
