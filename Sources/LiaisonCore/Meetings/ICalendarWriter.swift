import Foundation

/// Writes iCalendar text (RFC 5545): content lines ended by CRLF and folded at 75 octets without splitting a
/// UTF-8 sequence (a continuation line starts with one space, which counts), TEXT values escaped (`\`, `;`, `,`,
/// newlines) and parameter values quoted when they hold `:`, `;` or `,`.
public struct ICalendarWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    public static let maxOctets = 75

    /// A property whose value is written as it is (dates, numbers, addresses, already escaped text).
    public mutating func raw(_ name: String, _ parameters: [(String, String)] = [], _ value: String) {
        var line = name
        for (key, parameterValue) in parameters { line += ";" + key + "=" + Self.parameter(parameterValue) }
        line += ":" + value
        text += Self.fold(line)
    }

    /// A property of type TEXT, escaped.
    public mutating func text(_ name: String, _ parameters: [(String, String)] = [], _ value: String) {
        raw(name, parameters, Self.escape(value))
    }

    public mutating func begin(_ component: String) { raw("BEGIN", [], component) }
    public mutating func end(_ component: String) { raw("END", [], component) }

    /// TEXT escaping: backslash, semicolon and comma get a backslash; a line break becomes `\n` (CR dropped).
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                // Other control characters are not allowed in a value.
                if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value: double quotes are not allowed inside one, so they are dropped; quoted when needed.
    public static func parameter(_ value: String) -> String {
        let clean = String(value.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F })
        return clean.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"" + clean + "\"" : clean
    }

    /// One content line, folded: at most 75 octets per line before the CRLF, cut only between Unicode scalars.
    public static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if count + size > maxOctets {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(scalar)
            count += size
        }
        return out + "\r\n"
    }

    /// `20260501T093000Z`.
    public static func utc(_ date: Date) -> String {
        stamp(date, in: TimeZone(identifier: "UTC")!) + "Z"
    }

    /// `20260501T093000`, the wall-clock time in `zone` (for `DTSTART;TZID=…`).
    public static func local(_ date: Date, in zone: TimeZone) -> String {
        stamp(date, in: zone)
    }

    private static func stamp(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : String(n) }
        let year = String(c.year ?? 1970)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(c.month) + two(c.day) + "T"
            + two(c.hour) + two(c.minute) + two(c.second)
    }

    /// A UTC offset as `+0800`, `-0330`, or with seconds when it has them.
    public static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        var out = sign + two(magnitude / 3600) + two(magnitude % 3600 / 60)
        if magnitude % 60 != 0 { out += two(magnitude % 60) }
        return out
    }
}

/// A `VTIMEZONE` for one zone around a span of time, from Foundation's own transitions: one STANDARD or DAYLIGHT
/// observance per transition from a year before the span to a year after it, so every moment of the span lies
/// after an onset. A zone without transitions there (Asia/Shanghai) has one STANDARD observance at its offset.
public enum ICalendarTimeZone {
    public static func write(_ zone: TimeZone, around start: Date, _ end: Date, into writer: inout ICalendarWriter) {
        writer.begin("VTIMEZONE")
        writer.raw("TZID", [], ICalendarWriter.escape(zone.identifier))
        let transitions = Self.transitions(zone, from: start.addingTimeInterval(-400 * 86_400),
                                           to: end.addingTimeInterval(400 * 86_400))
        if transitions.isEmpty {
            let offset = zone.secondsFromGMT(for: start)
            observance(
                "STANDARD", onset: "19700101T000000", from: offset, to: offset,
                name: zone.abbreviation(for: start), into: &writer)
        } else {
            for moment in transitions {
                let before = zone.secondsFromGMT(for: moment.addingTimeInterval(-1))
                let after = zone.secondsFromGMT(for: moment)
                // The onset is the wall-clock time the transition happens at, read on the clock before it.
                let onset = ICalendarWriter.local(moment, in: TimeZone(secondsFromGMT: before) ?? zone)
                observance(
                    zone.isDaylightSavingTime(for: moment) ? "DAYLIGHT" : "STANDARD", onset: onset, from: before,
                    to: after, name: zone.abbreviation(for: moment), into: &writer)
            }
        }
        writer.end("VTIMEZONE")
    }

    /// The moments the zone's offset changes between two dates (at most 8).
    public static func transitions(_ zone: TimeZone, from: Date, to: Date) -> [Date] {
        var found: [Date] = []
        var cursor = from
        while found.count < 8, let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= to {
            found.append(next)
            cursor = next
        }
        return found
    }

    private static func observance(
        _ kind: String, onset: String, from: Int, to: Int, name: String?, into writer: inout ICalendarWriter
    ) {
        writer.begin(kind)
        writer.raw("DTSTART", [], onset)
        writer.raw("TZOFFSETFROM", [], ICalendarWriter.offset(from))
        writer.raw("TZOFFSETTO", [], ICalendarWriter.offset(to))
        if let name, !name.isEmpty { writer.text("TZNAME", [], name) }
        writer.end(kind)
    }
}
