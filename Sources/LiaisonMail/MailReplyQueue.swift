import NIOCore
import NIOPosix
import NIOSSL

/// Why no reply came.
enum MailReplyFailure: Error {
    case timedOut
    case closed
    case malformed(String)
    case tooLarge
    case transport(any Error)

    /// What a failed wait (`error`, after waiting `seconds`) says to a person, whether retrying cannot help, and
    /// whether it was TLS that failed.
    static func described(_ error: any Error, waited seconds: Double) -> (message: String, isPermanent: Bool, isTLS: Bool) {
        switch error as? MailReplyFailure {
        case .timedOut: return ("no answer within \(Int(seconds)) s", false, false)
        case .closed: return ("the server closed the connection", false, false)
        case .malformed(let line): return ("not a reply of this protocol: \(line.prefix(200))", false, false)
        case .tooLarge: return ("a response larger than 64 MiB", true, false)
        case .transport(let cause):
            let isTLS = cause is NIOSSLError || cause is BoringSSLError
            return (words(cause), isTLS, isTLS)
        case nil: return (words(error), false, false)
        }
    }

    /// An error of the network or TLS layer in words.
    static func words(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.first.map { words($0.error) } ?? "\(error)"
        }
        if let error = error as? IOError { return error.description }
        if let error = error as? ChannelError, case .connectTimeout = error { return "connection timed out" }
        return String(describing: error)
    }
}

/// What a server sent, handed to whoever waits, one at a time, with a timeout per wait; once the connection fails,
/// every later wait fails the same way. The SMTP and IMAP readers keep one each; it lives on their channel's event
/// loop, and every method runs there.
final class MailReplyQueue<Reply: Sendable>: @unchecked Sendable {
    typealias Failure = MailReplyFailure

    private var ready: [Result<Reply, Failure>] = []
    private var waiting: EventLoopPromise<Reply>?
    private var timer: Scheduled<Void>?
    private var ended: Failure?

    /// The next reply, or a failure after `timeout` (the connection is then closed).
    func next(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<Reply> {
        channel.eventLoop.preconditionInEventLoop()
        if !ready.isEmpty { return channel.eventLoop.makeCompletedFuture(ready.removeFirst().mapError { $0 as any Error }) }
        if let ended { return channel.eventLoop.makeFailedFuture(ended) }
        let promise = channel.eventLoop.makePromise(of: Reply.self)
        waiting = promise
        timer = channel.eventLoop.scheduleTask(in: timeout) { [weak self] in
            self?.fail(.timedOut)
            channel.close(promise: nil)
        }
        return promise.futureResult
    }

    /// A reply, or one that could not be read, for the waiting caller or the next one.
    func deliver(_ result: Result<Reply, Failure>) {
        guard let promise = takeWaiting() else {
            ready.append(result)
            return
        }
        promise.completeWith(result.mapError { $0 as any Error })
    }

    /// The connection failed: the waiting caller and every later one are told.
    func fail(_ failure: Failure) {
        if ended == nil { ended = failure }
        takeWaiting()?.fail(failure)
    }

    private func takeWaiting() -> EventLoopPromise<Reply>? {
        let promise = waiting
        waiting = nil
        timer?.cancel()
        timer = nil
        return promise
    }
}

/// Writes on a mail connection. A write waits for TLS to be ready; should the handshake stall, the connection is
/// closed after `timeout`, so that nothing waits for ever.
enum MailWrite {
    static func send(_ bytes: [UInt8], on channel: any Channel, timeout: Double) async throws {
        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }
}
