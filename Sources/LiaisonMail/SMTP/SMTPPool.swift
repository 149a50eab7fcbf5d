import Foundation
import NIOCore
import NIOPosix

/// Signed-in connections kept open between messages, per server and account: a busy outbox sends one message after
/// another on the same conversation (RFC 5321 allows a new MAIL FROM after each completed DATA) instead of paying
/// for a connection, TLS and AUTH each time. A connection waits at most `idleSeconds` for its next message; one the
/// server dropped meanwhile is replaced once, before anything of the message was sent.
public final class SMTPPool: Sendable {
    private let idle: Idle
    private let group: any EventLoopGroup

    public init(
        idleSeconds: Double = 10, maxIdlePerServer: Int = 16,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        idle = Idle(idleSeconds: idleSeconds, maxPerServer: maxIdlePerServer)
        self.group = group
    }

    /// How many connections were opened so far (for tests and metrics).
    public var opened: Int {
        get async { await idle.opened }
    }

    /// Sends like `SMTPClient.send`, on a kept connection when one is free.
    public func send(_ message: [UInt8], from sender: String, to recipients: [String], settings: SMTPSettings)
        async throws(SMTPError) -> SMTPClient.Receipt
    {
        try SMTPClient.checkEnvelope(from: sender, to: recipients)
        if let kept = await idle.take(settings) {
            do {
                let receipt = try await kept.deliver(message, from: sender, to: recipients)
                await give(kept, settings)
                return receipt
            } catch {
                await kept.close()
                // Gone while it waited (closed, timed out): nothing of the message left us yet, so a new connection
                // may carry it. Anything later is the server's answer to this message, and stands.
                guard error.stage == .sender else { throw error }
            }
        }
        let session = try await SMTPClient(settings: settings, group: group).open()
        await idle.countOpened()
        do {
            let receipt = try await session.deliver(message, from: sender, to: recipients)
            await give(session, settings)
            return receipt
        } catch {
            await session.close()
            throw error
        }
    }

    private func give(_ session: SMTPSession, _ settings: SMTPSettings) async {
        if let surplus = await idle.put(session, settings) { await surplus.quit() }
    }

    /// Says goodbye on every kept connection (at shutdown).
    public func closeAll() async {
        for session in await idle.drain() { await session.quit() }
    }

    /// The kept connections, by server and account, newest last.
    private actor Idle {
        let idleSeconds: Double
        let maxPerServer: Int
        var sessions: [SMTPSettings: [(session: SMTPSession, since: Date)]] = [:]
        var opened = 0

        init(idleSeconds: Double, maxPerServer: Int) {
            self.idleSeconds = idleSeconds
            self.maxPerServer = maxPerServer
        }

        func countOpened() { opened += 1 }

        /// The most recently used connection still fresh enough; older ones are closed.
        func take(_ settings: SMTPSettings) -> SMTPSession? {
            guard var list = sessions[settings] else { return nil }
            let now = Date()
            var stale: [SMTPSession] = []
            list.removeAll { entry in
                let old = now.timeIntervalSince(entry.since) > idleSeconds || !entry.session.channel.isActive
                if old { stale.append(entry.session) }
                return old
            }
            let taken = list.popLast()?.session
            sessions[settings] = list.isEmpty ? nil : list
            for session in stale { Task { await session.quit() } }
            return taken
        }

        /// Keeps a connection; returns one to close when there are too many.
        func put(_ session: SMTPSession, _ settings: SMTPSettings) -> SMTPSession? {
            guard session.channel.isActive else { return session }
            var list = sessions[settings] ?? []
            list.append((session, Date()))
            let surplus = list.count > maxPerServer ? list.removeFirst().session : nil
            sessions[settings] = list
            return surplus
        }

        func drain() -> [SMTPSession] {
            defer { sessions = [:] }
            return sessions.values.flatMap { $0.map(\.session) }
        }
    }
}
