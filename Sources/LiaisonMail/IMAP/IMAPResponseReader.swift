import NIOCore

/// One response from an IMAP server (RFC 3501 §7): its text with each literal replaced by "{n}" as announced, and
/// the literals' bytes in order. `* 3 FETCH (UID 7 BODY[] {1204}` + 1,204 bytes + `)` is one response.
struct IMAPResponse: Sendable, Equatable {
    var text: String
    var literals: [[UInt8]]

    /// "*" for untagged, "+" for a continuation request, else the tag.
    var tag: Substring { text.prefix { $0 != " " } }

    /// For a tagged response: "OK", "NO" or "BAD".
    var status: Substring {
        text.split(separator: " ", maxSplits: 2).dropFirst().first ?? ""
    }
}

/// Gathers bytes into responses, literals included, and hands them to whoever waits, one at a time
/// (`MailReplyQueue`). Lives on its channel's event loop. A response is bounded (`maximumResponse`), so a hostile server cannot fill the memory.
final class IMAPResponseReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias Failure = MailReplyQueue<IMAPResponse>.Failure

    static let maximumResponse = 64 * 1024 * 1024

    private var buffer: [UInt8] = []
    private var scanned = 0
    private var text: [UInt8] = []
    private var literals: [[UInt8]] = []
    /// Bytes of a literal still to come.
    private var literalLeft: Int?
    private let queue = MailReplyQueue<IMAPResponse>()

    func next(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<IMAPResponse> {
        queue.next(on: channel, timeout: timeout)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer += incoming.readBytes(length: incoming.readableBytes) ?? []
        parse()
        if text.count + literals.reduce(0, { $0 + $1.count }) + buffer.count > Self.maximumResponse {
            queue.fail(.tooLarge)
            context.close(promise: nil)
        }
    }

    private func parse() {
        while true {
            if let left = literalLeft {
                guard buffer.count >= left else { return }
                literals.append(Array(buffer[..<left]))
                buffer.removeFirst(left)
                literalLeft = nil
                scanned = 0
                continue
            }
            guard let newline = buffer[scanned...].firstIndex(of: 0x0A) else {
                scanned = buffer.count
                return
            }
            var line = Array(buffer[..<newline])
            buffer.removeFirst(newline + 1)
            scanned = 0
            if line.last == 0x0D { line.removeLast() }
            text += line
            // A line ending in "{n}" (or "{n+}") announces n bytes of literal.
            if line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) {
                let digits = line[(open + 1)..<(line.count - 1)].filter { $0 != UInt8(ascii: "+") }
                if !digits.isEmpty, digits.count <= 10, let count = Int(String(decoding: digits, as: UTF8.self)) {
                    literalLeft = count
                    continue
                }
            }
            queue.deliver(.success(IMAPResponse(text: String(decoding: text, as: UTF8.self), literals: literals)))
            text = []
            literals = []
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        queue.fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        queue.fail(.transport(error))
        context.close(promise: nil)
    }
}
