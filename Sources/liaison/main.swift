import LiaisonApp
import NIOCore
import NIOPosix

// Swift concurrency runs on the HTTP event loops instead of a thread pool of its own: a request's handler then
// continues on the thread that read it, without two hand-offs between pools per request (measured on the
// issue-4 benchmark: CPU per reply 0.855 → 0.75 ms, replies 1,885 → 2,067–2,173 req/s). Writes still run on
// the SQLite writer's own thread, password hashing and file parsing on the blocking-work thread pool. Must run
// before any task starts.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
await Liaison.main()
