import Foundation
import LiaisonCore
import Vapor

/// `liaison.pid` in the data folder while `liaison serve` runs, so that commands which must not run beside a
/// server (restore) can tell. A file left by a server that died is recognised as stale.
struct ServerPIDFile: Sendable {
    let url: URL

    init(dataDirectory: String) {
        url = URL(fileURLWithPath: dataDirectory).appendingPathComponent("liaison.pid")
    }

    func write() throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("\(getpid())\n".utf8).write(to: url, options: .atomic)
    }

    func remove() {
        guard let pid = recordedPID(), pid == getpid() else { return }
        try? FileManager.default.removeItem(at: url)
    }

    /// The process id of a server still running on this data folder, if any.
    func runningPID() -> Int32? {
        guard let pid = recordedPID(), pid > 0 else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }

    private func recordedPID() -> Int32? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return Int32(text.trimmed())
    }
}

/// Removes the pid file when the server stops.
struct RemovePIDFile: LifecycleHandler {
    let file: ServerPIDFile

    func shutdownAsync(_ application: Application) async {
        file.remove()
    }
}
