import Foundation
import Logging

/// Writes each entry as one JSON object on one line: `time` (RFC 3339, UTC, milliseconds), `level`, `message`,
/// `logger` (the logger's label), `error` when one is attached, then the entry's metadata as fields of their own.
/// Numbers and booleans given as metadata stay numbers and booleans; text is escaped so that a line break in a
/// message never starts a new line.
struct JSONLogHandler: LogHandler {
    let label: String
    let output: LogOutput
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// Field names that differ from the metadata key: Vapor names a request's id `request-id`.
    static let renamed = ["request-id": "requestId"]
    private static let reserved: Set<String> = ["time", "level", "message", "logger", "error"]

    init(label: String, output: LogOutput, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider)
    {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            fields.merge(provided) { $1 }
        }
        if let given = event.metadata, !given.isEmpty {
            fields.merge(given) { $1 }
        }
        output.send(
            Self.line(
                time: Date(), level: event.level, message: event.message.description, label: label,
                error: event.error.map { String(describing: $0) }, fields: fields))
    }

    /// The JSON text of one entry; fields in a fixed order (the four above, then the metadata by name).
    static func line(
        time: Date, level: Logger.Level, message: String, label: String, error: String? = nil,
        fields: Logger.Metadata
    ) -> String {
        var out = "{\"time\":\"" + timestamp(time) + "\",\"level\":\"" + level.rawValue + "\",\"message\":"
        JSONText.quote(message, into: &out)
        out += ",\"logger\":"
        JSONText.quote(label, into: &out)
        if let error {
            out += ",\"error\":"
            JSONText.quote(error, into: &out)
        }
        let named = fields.map { key, value in
            let name = renamed[key] ?? key
            return (reserved.contains(name) ? "metadata." + name : name, value)
        }
        for (name, value) in named.sorted(by: { $0.0 < $1.0 }) {
            out += ","
            JSONText.quote(name, into: &out)
            out += ":"
            JSONText.value(value, into: &out)
        }
        out += "}"
        return out
    }

    /// `2026-09-21T13:33:20.123Z`.
    static func timestamp(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        var seconds = time_t(whole)
        let milliseconds = min(999, Int(((interval - whole) * 1000).rounded(.down)))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return digits(parts.tm_year + 1900, 4) + "-" + digits(parts.tm_mon + 1, 2) + "-" + digits(parts.tm_mday, 2)
            + "T" + digits(parts.tm_hour, 2) + ":" + digits(parts.tm_min, 2) + ":" + digits(parts.tm_sec, 2) + "."
            + digits(Int32(milliseconds), 3) + "Z"
    }
}

/// The bits of JSON a log line needs, written straight into a string.
enum JSONText {
    static func value(_ value: Logger.Metadata.Value, into out: inout String) {
        switch value {
        case .string(let text):
            quote(text, into: &out)
        case .stringConvertible(let convertible):
            switch convertible {
            case let flag as Bool: out += flag ? "true" : "false"
            case let number as Int: out += String(number)
            case let number as Int64: out += String(number)
            case let number as UInt: out += String(number)
            case let number as Double where number.isFinite: out += String(number)
            default: quote(convertible.description, into: &out)
            }
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                self.value(element, into: &out)
            }
            out += "]"
        case .dictionary(let entries):
            out += "{"
            for (index, key) in entries.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                quote(key, into: &out)
                out += ":"
                if let element = entries[key] { self.value(element, into: &out) }
            }
            out += "}"
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (line and paragraph separators too,
    /// which some readers take for line breaks); everything else as it is, Chinese included.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        if !text.unicodeScalars.contains(where: needsEscape) {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where needsEscape(scalar):
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar == "\"" || scalar == "\\" || scalar.value == 0x7F || scalar.value == 0x2028
            || scalar.value == 0x2029
    }
}
