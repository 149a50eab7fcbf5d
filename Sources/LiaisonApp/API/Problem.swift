import Vapor

/// An RFC 9457 problem document, the body of every API error.
struct Problem: Content {
    struct FieldError: Content {
        var field: String
        var code: String
        var message: String
    }

    var type: String
    var title: String
    var status: Int
    var detail: String
    var errors: [FieldError]?
    /// A send the message check refused: what it found, and the promises it read.
    var findings: [MessageFindingDTO]?
    var commitments: [CommitmentCandidateDTO]?

    static let contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])

    func response(headers extra: HTTPHeaders = [:]) -> Response {
        var headers = extra
        headers.contentType = Self.contentType
        let body = (try? JSONCoding.encoder.encode(self)) ?? Data()
        return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(data: body))
    }
}
