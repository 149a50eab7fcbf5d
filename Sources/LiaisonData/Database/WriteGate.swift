/// A first-come, first-served async lock. SQLite has one writer; queueing writers here, in the process, keeps
/// them from spinning in SQLite's busy handler and from failing to upgrade a read transaction.
public actor WriteGate {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    public func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    public func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
