import NIOCore
import Vapor

/// Reads a request body before the anti-forgery check and the handler see it, within a size limit, and refuses
/// multipart bodies whose part headers the multipart parser cannot survive.
///
/// MultipartKit 4.7 traps (crashing the whole server) on a byte of 0x80 or above where it expects a header name,
/// so such bodies are answered with 400 before it ever sees them.
struct BodyMiddleware: AsyncMiddleware {
    let maximumBytes: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else {
            return try await next.respond(to: request)
        }
        if request.body.data == nil {
            _ = try await request.body.collect(max: maximumBytes).get()
        }
        if let type = request.headers.contentType, type.type == "multipart",
            let boundary = type.parameters["boundary"], let body = request.body.data,
            !MultipartGuard.headersAreSafe(body, boundary: boundary)
        {
            throw Abort(.badRequest, reason: "Malformed multipart body.")
        }
        return try await next.respond(to: request)
    }
}

enum MultipartGuard {
    /// True when every part's header names are plain ASCII.
    static func headersAreSafe(_ body: ByteBuffer, boundary: String) -> Bool {
        let bytes = Array(body.readableBytesView)
        let delimiter = Array(("--" + boundary).utf8)
        guard !delimiter.isEmpty else { return false }
        var index = 0
        while let found = find(delimiter, in: bytes, from: index) {
            var position = found + delimiter.count
            // The closing delimiter ends the body.
            if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "-"), bytes[position + 1] == UInt8(ascii: "-") {
                return true
            }
            // Skip to the end of the delimiter line.
            while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            position += 1
            // Header lines until an empty line: the part before the first colon must be ASCII.
            while position < bytes.count {
                if bytes[position] == UInt8(ascii: "\r") || bytes[position] == UInt8(ascii: "\n") { break }
                var sawColon = false
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") {
                    if bytes[position] == UInt8(ascii: ":") { sawColon = true }
                    if !sawColon, bytes[position] >= 0x80 { return false }
                    position += 1
                }
                position += 1
            }
            index = position
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
