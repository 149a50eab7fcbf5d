import NIOCore
import NIOPosix

/// Takes new mail from one folder (RFC 3501, with MOVE per RFC 6851 and UIDPLUS per RFC 4315 where offered):
/// connect (IMAPS or STARTTLS), LOGIN, SELECT, the UIDs after the caller's cursor, each message fetched without
/// marking it read, handed to the caller to store, and only the stored ones flagged \Seen or moved. One connection
/// per poll.
public struct IMAPClient: Sendable {
    public var settings: IMAPSettings
    let group: any EventLoopGroup

    public init(settings: IMAPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.group = group
    }

    public struct Poll: Sendable, Equatable {
        /// Where the next poll starts.
        public var cursor: IMAPCursor
        /// Messages handed to `store` and stored.
        public var taken: Int
        /// Messages still waiting after this poll (over the limit, or after one the caller could not store).
        public var left: Int
    }

    /// Hands up to `limit` new messages to `store` in UID order (their UID and bytes); `store` answers whether the
    /// message is safely kept. Taking stops at the first one that is not, so that the cursor never passes a message.
    /// With no cursor, or a cursor of another UIDVALIDITY (the folder was rebuilt), the folder's unread messages
    /// are new when messages are marked seen, and all of its messages when they are moved away.
    public func poll(
        after cursor: IMAPCursor?, limit: Int = 100, store: @Sendable (UInt32, [UInt8]) async -> Bool
    ) async throws(IMAPError) -> Poll {
        let session = try await IMAPSession.open(settings: settings, group: group)
        do {
            let validity = try await session.select(settings.folder)
            let known = cursor.flatMap { $0.uidValidity == validity ? $0.lastUID : nil }
            var uids: [UInt32]
            if let known {
                uids = try await session.searchUIDs("UID \(known &+ 1):*").filter { $0 > known }
            } else if case .markSeen = settings.afterTaking {
                uids = try await session.searchUIDs("UNSEEN")
            } else {
                uids = try await session.searchUIDs("ALL")
            }
            uids.sort()
            var last = known ?? 0
            var stored: [UInt32] = []
            for uid in uids.prefix(limit) {
                guard let bytes = try await session.fetch(uid) else {
                    // Gone since the search (expunged by another reader): nothing to take.
                    last = max(last, uid)
                    continue
                }
                guard await store(uid, bytes) else { break }
                stored.append(uid)
                last = max(last, uid)
            }
            if !stored.isEmpty { try await session.markTaken(stored, as: settings.afterTaking) }
            await session.logout()
            let next = IMAPCursor(uidValidity: validity, lastUID: last)
            return Poll(cursor: next, taken: stored.count, left: uids.filter { $0 > last }.count)
        } catch {
            await session.close()
            throw error
        }
    }

    /// Connects, protects, signs in and selects the folder, then logs out: what a "test connection" button does.
    /// Returns the server's capabilities.
    public func check() async throws(IMAPError) -> [String] {
        let session = try await IMAPSession.open(settings: settings, group: group)
        do {
            _ = try await session.select(settings.folder)
        } catch {
            await session.close()
            throw error
        }
        let capabilities = session.capabilities
        await session.logout()
        return capabilities
    }
}
