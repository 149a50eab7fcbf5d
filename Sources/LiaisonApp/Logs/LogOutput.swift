import Foundation

/// Where log lines go. Each line is handed over whole, so lines logged at the same time never interleave.
struct LogOutput: Sendable {
    let send: @Sendable (String) -> Void

    /// Standard error, one `write` per line under a lock (journald and container runtimes read it line by line).
    static let standardError = LogOutput { line in
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        standardErrorLock.withLock {
            bytes.withUnsafeBytes { buffer in
                guard let base = buffer.baseAddress else { return }
                var offset = 0
                while offset < buffer.count {
                    let written = write(2, base + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return  // nowhere left to report it
                    }
                    offset += written
                }
            }
        }
    }

    private static let standardErrorLock = NSLock()
}
