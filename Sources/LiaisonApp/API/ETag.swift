import LiaisonCore
import Vapor

/// Optimistic concurrency on the API: responses carry `ETag: "<version>"`; an update with `If-Match` applies only
/// to that version and otherwise fails with 412, so two people never silently overwrite each other.
enum ETag {
    static func make(_ version: Int) -> String { "\"\(version)\"" }

    /// The version the caller expects, from `If-Match`; nil when absent or `*`.
    fileprivate static func expectedVersion(_ request: Request) throws -> Int? {
        guard let header = request.headers.first(name: .ifMatch)?.trimmedSpaces(),
            header != "*"
        else { return nil }
        let stripped = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(stripped) else {
            throw AppError.badRequest("error.badIfMatch")
        }
        return version
    }
}

extension Request {
    /// The version an update or delete names in `If-Match` (nil when absent or `*`; 400 when it names no version),
    /// to be passed to the command, which checks it inside its transaction. Given the version of the record as read
    /// before the write, a different one is refused at once with 412 and the current `ETag`.
    func ifMatch(current: Int? = nil) throws -> Int? {
        let expected = try ETag.expectedVersion(self)
        if let expected, let current, expected != current { throw AppError.preconditionFailed(current: current) }
        return expected
    }
}

extension Response {
    func withETag(_ version: Int) -> Response {
        headers.replaceOrAdd(name: .eTag, value: ETag.make(version))
        return self
    }
}

extension Content {
    /// Encodes with the API's JSON settings and the given status, through `CompactJSONEncoder` (the same bytes as
    /// Foundation's encoder with `JSONCoding.encoder`'s settings, at a fraction of the cost). Under test every
    /// answer is also encoded by Foundation's encoder and the two must be equal.
    func apiResponse(_ status: HTTPStatus = .ok, for request: Request) throws -> Response {
        let bytes = try JSONCoding.compact.encode(self)
        if request.application.environment == .testing {
            let reference = try JSONCoding.encoder.encode(self)
            guard reference.elementsEqual(bytes) else {
                throw JSONCoding.Mismatch(type: String(describing: Self.self), foundation: reference, compact: bytes)
            }
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: bytes)))
    }
}
