import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which thread is using something that must be used by one thread at a time, such as a SQLite connection opened
/// without SQLite's own mutex (`SQLITE_OPEN_NOMUTEX`): `enter` fails when another thread is inside. Different
/// threads one after another are fine (a task may resume on another thread between two statements); the same
/// thread may enter again while inside (a row handler that runs another statement).
///
/// Debug builds check every use of `SQLiteHandle` and `PinnedHandle` with it and stop on a violation; release
/// builds do not pay for it.
final class ThreadOwnership: Sendable {
    private struct State {
        var owner: UInt?
        var depth = 0
    }

    private let state = NIOLockedValueBox(State())

    /// Marks the calling thread as the user; false, and nothing marked, when another thread is the user now.
    func enter() -> Bool {
        let thread = Self.currentThread
        return state.withLockedValue { state in
            if let owner = state.owner, owner != thread { return false }
            state.owner = thread
            state.depth += 1
            return true
        }
    }

    /// Ends a use that `enter` allowed.
    func leave() {
        state.withLockedValue { state in
            state.depth -= 1
            if state.depth <= 0 { state = State() }
        }
    }

    /// Whether some thread is inside now.
    var isInUse: Bool {
        state.withLockedValue { $0.owner != nil }
    }

    /// The calling thread's identity, stable while it runs.
    static var currentThread: UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }
}
