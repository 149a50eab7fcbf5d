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

/// Gathers bytes into responses, literals included, and hands them to whoever waits, one at a time. Lives on its
/// channel's event loop. A response is bounded (`maximumResponse`), so a hostile server cannot fill the memory.
final class IMAPResponseReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    enum Failure: Error {
        case timedOut
        case closed
        case tooLarge
        case transport(any Error)
    }

    static let maximumResponse = 64 * 1024 * 1024

    private var buffer: [UInt8] = []
    private var scanned = 0
    private var text: [UInt8] = []
    private var literals: [[UInt8]] = []
    /// Bytes of a literal still to come.
    private var literalLeft: Int?
    private var ready: [IMAPResponse] = []
    private var waiting: EventLoopPromise<IMAPResponse>?
    private var timer: Scheduled<Void>?
    private var ended: Failure?

    func next(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<IMAPResponse> {
        channel.eventLoop.preconditionInEventLoop()
        if !ready.isEmpty { return channel.eventLoop.makeSucceededFuture(ready.removeFirst()) }
        if let ended { return channel.eventLoop.makeFailedFuture(ended) }
        let promise = channel.eventLoop.makePromise(of: IMAPResponse.self)
        waiting = promise
        timer = channel.eventLoop.scheduleTask(in: timeout) { [weak self] in
            self?.fail(.timedOut)
            channel.close(promise: nil)
        }
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer += incoming.readBytes(length: incoming.readableBytes) ?? []
        parse()
        if text.count + literals.reduce(0, { $0 + $1.count }) + buffer.count > Self.maximumResponse {
            fail(.tooLarge)
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
            deliver(IMAPResponse(text: String(decoding: text, as: UTF8.self), literals: literals))
            text = []
            literals = []
        }
    }

    private func deliver(_ response: IMAPResponse) {
        if let promise = waiting {
            waiting = nil
            timer?.cancel()
            timer = nil
            promise.succeed(response)
        } else {
            ready.append(response)
        }
    }

    private func fail(_ failure: Failure) {
        if ended == nil { ended = failure }
        if let promise = waiting {
            waiting = nil
            timer?.cancel()
            timer = nil
            promise.fail(failure)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.transport(error))
        context.close(promise: nil)
    }
}
