import NIOCore

/// Gathers the server's lines into replies ("250-first", "250 last") and hands them to whoever waits, one at a
/// time (`MailReplyQueue`). Lives on its channel's event loop: every method runs there.
final class SMTPReplyReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias Failure = MailReplyQueue<SMTPReply>.Failure

    private var buffer: [UInt8] = []
    private var lines: [String] = []
    private let queue = MailReplyQueue<SMTPReply>()

    /// The next reply, or a failure after `timeout` (the connection is then closed).
    func next(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        queue.next(on: channel, timeout: timeout)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer += incoming.readBytes(length: incoming.readableBytes) ?? []
        while let newline = buffer.firstIndex(of: 0x0A) {
            var line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.last == 0x0D { line.removeLast() }
            take(String(decoding: line, as: UTF8.self))
        }
        // A server that never ends its line cannot fill the memory.
        if buffer.count > 64 * 1024 {
            buffer = []
            queue.fail(.malformed("a line longer than 64 KiB"))
            context.close(promise: nil)
        }
    }

    private func take(_ line: String) {
        let scalars = Array(line.utf8)
        guard scalars.count >= 3, let code = Int(String(decoding: scalars[0..<3], as: UTF8.self)),
            (200...599).contains(code), scalars.count == 3 || scalars[3] == UInt8(ascii: " ") || scalars[3] == UInt8(ascii: "-")
        else {
            queue.deliver(.failure(.malformed(line)))
            return
        }
        lines.append(scalars.count > 4 ? String(decoding: scalars[4...], as: UTF8.self) : "")
        if scalars.count == 3 || scalars[3] == UInt8(ascii: " ") {
            let reply = SMTPReply(code: code, lines: lines)
            lines = []
            queue.deliver(.success(reply))
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
