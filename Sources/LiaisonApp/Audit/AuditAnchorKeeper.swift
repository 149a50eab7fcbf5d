import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Logging
import NIOConcurrencyHelpers
import Vapor

/// Moves the audit anchor with the trail: told after every commit that made writes durable (each SQLite group,
/// each PostgreSQL transaction), it records the trail's last entry in `audit-anchor.json` and hands it to the
/// external copies (log line, webhook).
///
/// Being told costs the writer a lock and a flag; the work (two indexed reads, one small file written and renamed
/// over the old one, no fsync) runs in a task of its own, one pass at a time, and a pass covers every commit told
/// before it started. The anchor never names an entry that is not durable: a reader may see a SQLite commit before
/// its log is synced (`SQLiteLogSyncer`), so a pass waits for the next sync (`durable`) between reading the trail's
/// end and recording it. It trails the database by at most the commits made while a pass runs; a crash
/// between a commit and the next pass leaves it behind by those, never ahead. Entries past the anchor are covered
/// by the hash chain only, which `liaison audit verify` accepts: an anchor behind is not a broken trail.
///
/// It only ever moves forward along the same trail: when the trail no longer holds the anchored entry as it was
/// (entries cut off or rewritten), the anchor stays where it is, as evidence, and this is logged once.
final class AuditAnchorKeeper: Sendable {
    enum Pass: Equatable {
        case recorded(AuditAnchor)
        case unchanged
        /// The trail no longer holds the anchored entry as it was: the anchor stays, as evidence.
        case refused(AuditAnchor)
    }

    private struct State {
        /// The anchor as last written; read from the file at the first pass.
        var anchor: AuditAnchor?
        var loaded = false
        var told = false
        var running = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var refusedAt: AuditAnchor?
        /// The last failure logged, so that a lasting one (a full disk) is logged once, not at every commit.
        var failure: String?
        var lastPass = Pass.unchanged
    }

    private let state = NIOLockedValueBox(State())
    private let file: AuditAnchorFile
    private let database: @Sendable () -> (any Database)?
    /// Returns once every commit made before the call is on the disk.
    private let durable: @Sendable () async throws -> Void
    private let clock: Clock
    private let copies: AuditAnchorCopies
    private let logger: Logger

    init(
        file: AuditAnchorFile, clock: Clock, copies: AuditAnchorCopies, logger: Logger,
        database: @escaping @Sendable () -> (any Database)?,
        durable: @escaping @Sendable () async throws -> Void = {}
    ) {
        self.durable = durable
        self.file = file
        self.clock = clock
        self.copies = copies
        self.logger = logger
        self.database = database
    }

    /// A commit made writes durable. Returns at once; a pass runs soon after.
    func committed() {
        let start = state.withLockedValue { state -> Bool in
            state.told = true
            if state.running { return false }
            state.running = true
            return true
        }
        if start {
            Task(executorPreference: globalConcurrentExecutor) { await self.drain() }
        }
    }

    /// Waits until every commit told so far is anchored (or the pass that covered it failed).
    func settle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLockedValue { state -> Bool in
                guard state.running || state.told else { return true }
                state.waiting.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Anchors the trail's end now (the recurring job, and `liaison audit verify` after a clean check) and answers
    /// what the pass did.
    func anchorNow() async -> Pass {
        committed()
        await settle()
        return state.withLockedValue { $0.lastPass }
    }

    private func drain() async {
        while true {
            let go = state.withLockedValue { state -> Bool in
                if state.told {
                    state.told = false
                    return true
                }
                state.running = false
                return false
            }
            guard go else { break }
            let pass: Pass
            do {
                pass = try await self.pass()
                state.withLockedValue { $0.failure = nil }
            } catch {
                let text = String(describing: error)
                let first = state.withLockedValue { state -> Bool in
                    defer { state.failure = text }
                    return state.failure != text
                }
                if first { logger.error("the audit anchor could not be moved: \(text)") }
                pass = .unchanged
            }
            state.withLockedValue { $0.lastPass = pass }
        }
        let waiting = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            // A commit told between the loop's last look and here starts a new drain; its waiters wait for it.
            guard !state.running else { return [] }
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    private func pass() async throws -> Pass {
        guard let db = database() else { return .unchanged }
        let known = state.withLockedValue { state -> AuditAnchor? in
            if !state.loaded {
                state.anchor = readFile()
                state.loaded = true
            }
            return state.anchor
        }
        guard let head = try await AuditLog.head(at: clock.now(), on: db) else { return .unchanged }
        if let known {
            if head.sequence == known.sequence, head.hash == known.hash { return .unchanged }
            guard try await AuditLog.contains(known, on: db) else {
                let first = state.withLockedValue { state -> Bool in
                    defer { state.refusedAt = known }
                    return state.refusedAt != known
                }
                if first {
                    logger.critical(
                        "The audit trail no longer holds entry \(known.sequence) as the audit anchor recorded it: run `liaison audit verify` (if the database was restored or replaced on purpose, move audit-anchor.json in the data folder aside)"
                    )
                }
                return .refused(known)
            }
            guard head.sequence > known.sequence else { return .unchanged }
        }
        try await durable()
        try file.write(head)
        state.withLockedValue { $0.anchor = head }
        copies.offer(head)
        return .recorded(head)
    }

    /// The anchor file's content. One that cannot be read is kept aside as evidence (it is written by renaming a
    /// complete file over the old one, so a crash does not leave it half-written) and the anchor starts afresh.
    private func readFile() -> AuditAnchor? {
        do {
            return try file.read()
        } catch {
            let aside = file.url.path + ".unreadable-" + String(Int(clock.now().timeIntervalSince1970))
            try? FileManager.default.moveItem(atPath: file.url.path, toPath: aside)
            logger.critical("\(error); kept as \(aside), and a new audit anchor is taken at the trail's end")
            return nil
        }
    }

    /// Anchors the last commits, makes the last external copy, and stops.
    func close() async {
        await settle()
        await copies.close()
    }

    /// Forgets the anchor held in memory, so that the next pass reads the file again (after a restore or a
    /// command replaced it).
    func reload() {
        state.withLockedValue {
            $0.loaded = false
            $0.refusedAt = nil
        }
    }
}

extension Application {
    private struct AuditAnchorKeeperKey: StorageKey {
        typealias Value = AuditAnchorKeeper
    }

    /// Set by `configure`.
    var auditAnchorKeeper: AuditAnchorKeeper {
        get { configured(AuditAnchorKeeperKey.self, "no audit anchor keeper") }
        set { storage[AuditAnchorKeeperKey.self] = newValue }
    }

    /// The keeper of this application's audit anchor, with its external copies as `config` asks.
    func makeAuditAnchorKeeper(
        config: AppConfig, clock: Clock, durable: @escaping @Sendable () async throws -> Void = {}
    ) -> AuditAnchorKeeper {
        var copyLogger = Logger(label: "liaison.audit")
        // The copy in the log is kept even where the log shows only warnings and worse.
        copyLogger.logLevel = min(config.logLevel, .notice)
        let copies = AuditAnchorCopies(
            log: config.auditAnchorLog, webhook: config.auditAnchorWebhook,
            source: config.baseURL ?? ProcessInfo.processInfo.hostName,
            transport: .live { [weak self] in self?.client }, logger: copyLogger)
        return AuditAnchorKeeper(
            file: AuditAnchorFile(dataDirectory: config.dataDirectory), clock: clock, copies: copies, logger: logger,
            database: { [weak self] in self?.db }, durable: durable)
    }
}

/// Lets the last commits reach the anchor and its copies before the database closes (registered between the
/// write connection's closing and the job runner, so it runs after the jobs stop and before the writer closes).
struct SettleAuditAnchor: LifecycleHandler {
    let keeper: AuditAnchorKeeper

    func shutdownAsync(_ application: Application) async {
        await keeper.close()
    }
}
