import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program the tests start (a mail server, openssl, pg_restore), through `posix_spawn`.
///
/// Foundation's `Process.run()` on Linux lists `/proc/self/fd` to close the descriptors a child would inherit, and
/// copies each directory entry whole (`d_name`'s 256 bytes) from glibc's buffer: when an entry sits at the end of
/// that buffer and the next page is unmapped, the copy reads past it and the test runner (holding hundreds of
/// descriptors: databases, sockets) dies with SIGSEGV now and then. Here the child gets the standard descriptors it
/// is given (`/dev/null` otherwise) and every other one is closed at exec (`posix_spawn_file_actions_addclosefrom_np`).
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    /// Guarded by `lock`: the wait status once the child was reaped.
    private var exitStatus: Int32?

    /// Starts `path` with `arguments`; `input`, `output` and `error` are descriptors for the child's 0, 1 and 2
    /// (nil: `/dev/null`). The caller closes its copies of the child's ends after this returns.
    public init(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil, input: Int32? = nil,
        output: Int32? = nil, error: Int32? = nil
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, given, flags) in [(Int32(0), input, O_RDONLY), (1, output, O_WRONLY), (2, error, O_WRONLY)] {
            if let given {
                posix_spawn_file_actions_adddup2(&actions, given, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", flags, 0)
            }
        }
        guard let closeFrom = Self.closeFrom else { throw TestFailure("posix_spawn_file_actions_addclosefrom_np is missing") }
        _ = closeFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The test runner blocks some signals; the child starts with none blocked and default handlers.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let variables = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let envp = variables.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard code == 0 else { throw TestFailure("cannot start \(path): \(String(cString: strerror(code)))") }
        self.pid = pid
    }

    /// Runs `path` to its end with no input and its output discarded: its exit status (-1 when it could not start
    /// or was killed by a signal).
    @discardableResult
    public static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) -> Int32 {
        guard let child = try? ChildProcess(path, arguments, environment: environment) else { return -1 }
        return child.waitUntilExit()
    }

    /// Waits for the child to end: its exit status, or -1 when a signal ended it.
    @discardableResult
    public func waitUntilExit() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if exitStatus == nil {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            exitStatus = status
        }
        return Self.exitCode(exitStatus!)
    }

    /// Whether the child has not ended yet (reaps it when it has).
    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return true }
        exitStatus = status
        return false
    }

    /// Asks the child to end (SIGTERM).
    public func terminate() {
        if isRunning { kill(pid, SIGTERM) }
    }

    /// Ends the child: SIGTERM, then SIGKILL when it is still there after `grace` seconds; waits for it.
    public func stop(grace: Double = 5) {
        terminate()
        let deadline = Date().addingTimeInterval(grace)
        while isRunning, Date() < deadline { usleep(50_000) }
        if isRunning { kill(pid, SIGKILL) }
        waitUntilExit()
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which its Swift module does not export.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(
            symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()
}
