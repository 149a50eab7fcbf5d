import Logging

/// How the server writes its log (`LIAISON_LOG_FORMAT`): swift-log's text lines, or one JSON object per line for a
/// log collector (journald, Loki, Elasticsearch) to read without parsing text.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// The handler for each logger of the process, installed once at start (`LoggingSystem.bootstrap`).
    func handler(label: String, level: Logger.Level, output: LogOutput = .standardError) -> any LogHandler {
        switch self {
        case .text:
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        case .json:
            var handler = JSONLogHandler(label: label, output: output)
            handler.logLevel = level
            return handler
        }
    }
}
