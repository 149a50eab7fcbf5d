import Foundation

/// Holidays and make-up workdays read from an iCalendar (.ics) file (RFC 5545), as admins export them from
/// calendar apps and holiday subscriptions.
public enum ICalendarHolidays {
    /// One day of an imported event.
    public struct Entry: Sendable, Equatable, Codable {
        public var date: LocalDate
        public var summary: String
        /// True for a make-up workday (调休上班日), false for a day off.
        public var isWorkday: Bool

        /// An imported day.
        public init(date: LocalDate, summary: String, isWorkday: Bool) {
            self.date = date
            self.summary = summary
            self.isWorkday = isWorkday
        }
    }

    /// More days than this is not a holiday list but a mistake or an attack.
    public static let maximumEntries = 5_000
    /// The longest event, in days, that `parse` expands.
    public static let maximumEventDays = 366

    /// All-day events of an .ics file (VEVENT with DTSTART;VALUE=DATE:20261001 and optional DTEND, exclusive, or
    /// DURATION) expanded to one entry per day, sorted by date. Events whose SUMMARY contains "班" (补班, 上班),
    /// "workday", "work day" or "working day" (any case) are make-up workdays; the others are holidays. Handles
    /// CRLF/LF/CR, folded lines, escaped text and a DTSTART with a TZID or a time (its date is taken). Cancelled
    /// events are skipped; recurrence rules are not expanded. Throws on input that is not a VCALENDAR, on
    /// unbalanced BEGIN/END, on unreadable dates and past the size limits.
    public static func parse(_ text: String) throws(ICalendarError) -> [Entry] {
        var parser = Parser()
        for (number, line) in unfold(text) {
            let content: ContentLine
            do {
                content = try ContentLine(line, number: number)
            } catch {
                // Before BEGIN:VCALENDAR any unreadable line means the upload is some other kind of file.
                throw parser.stack.isEmpty ? notACalendar(number) : error
            }
            try parser.read(content)
        }
        return try parser.finish()
    }

    /// Logical lines with the physical line number each starts on; continuation lines (a leading space or tab)
    /// are joined to the line before without that first character, as RFC 5545 §3.1 folds them.
    private static func unfold(_ text: String) -> [(Int, String)] {
        var lines: [(Int, String)] = []
        let physical = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, line) in physical.enumerated() {
            let first = line.unicodeScalars.first
            if first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1].1 += String(line.unicodeScalars.dropFirst())
            } else {
                var content = String(line)
                if index == 0, content.unicodeScalars.first == "\u{FEFF}" {
                    content = String(content.unicodeScalars.dropFirst())
                }
                if !content.trimmedSpaces().isEmpty {
                    lines.append((index + 1, content))
                }
            }
        }
        return lines
    }

    /// `NAME;PARAM=value:VALUE`, split at the first colon outside a quoted parameter value.
    private struct ContentLine {
        var number: Int
        var name: String
        var parameters: [String: String]
        var value: String

        init(_ text: String, number: Int) throws(ICalendarError) {
            self.number = number
            var inQuotes = false
            var pieces: [String] = []
            var piece = ""
            var value: String?
            for (offset, scalar) in text.unicodeScalars.enumerated() {
                if scalar == "\"" {
                    inQuotes.toggle()
                } else if !inQuotes && scalar == ";" {
                    pieces.append(piece)
                    piece = ""
                    continue
                } else if !inQuotes && scalar == ":" {
                    value = String(text.unicodeScalars.dropFirst(offset + 1))
                    break
                }
                piece.unicodeScalars.append(scalar)
            }
            guard let value else { throw ICalendarError(line: number, reason: "not a content line (no colon)") }
            pieces.append(piece)
            self.value = value
            name = pieces[0].trimmedSpaces().uppercased()
            guard !name.isEmpty else { throw ICalendarError(line: number, reason: "a content line without a name") }
            var parameters: [String: String] = [:]
            for parameter in pieces.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = pair[0].trimmedSpaces().uppercased()
                let raw = pair.count > 1 ? String(pair[1]) : ""
                parameters[key] = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            self.parameters = parameters
        }
    }

    /// The properties of one VEVENT as they are read.
    private struct EventDraft {
        var line: Int
        var start: ContentLine?
        var end: ContentLine?
        var duration: ContentLine?
        var summary = ""
        var cancelled = false
    }

    private struct Parser {
        var stack: [String] = []
        var sawCalendar = false
        var event: EventDraft?
        var entries: [Entry] = []
        var lastLine = 1

        mutating func read(_ line: ContentLine) throws(ICalendarError) {
            lastLine = line.number
            switch line.name {
            case "BEGIN":
                let component = line.value.trimmedSpaces().uppercased()
                if stack.isEmpty {
                    guard component == "VCALENDAR" else { throw ICalendarHolidays.notACalendar(line.number) }
                    sawCalendar = true
                } else if component == "VEVENT" {
                    guard stack.last == "VCALENDAR" else {
                        throw ICalendarError(line: line.number, reason: "BEGIN:VEVENT inside \(stack.last ?? "")")
                    }
                    event = EventDraft(line: line.number)
                } else if component == "VCALENDAR" {
                    throw ICalendarError(line: line.number, reason: "BEGIN:VCALENDAR inside \(stack.last ?? "")")
                }
                stack.append(component)
            case "END":
                let component = line.value.trimmedSpaces().uppercased()
                guard let open = stack.last, open == component else {
                    let expected = stack.last.map { "END:\($0)" } ?? "BEGIN:VCALENDAR"
                    throw ICalendarError(line: line.number, reason: "END:\(component) where \(expected) was expected")
                }
                stack.removeLast()
                if component == "VEVENT", let draft = event {
                    event = nil
                    try finish(draft)
                }
            default:
                guard !stack.isEmpty else { throw ICalendarHolidays.notACalendar(line.number) }
                // Properties of nested components (VALARM, VTIMEZONE rules) are not the event's own.
                guard stack.last == "VEVENT" else { return }
                switch line.name {
                case "DTSTART": event?.start = line
                case "DTEND": event?.end = line
                case "DURATION": event?.duration = line
                case "SUMMARY": event?.summary = ICalendarHolidays.unescape(line.value)
                case "STATUS":
                    event?.cancelled = line.value.trimmedSpaces().uppercased() == "CANCELLED"
                default: break
                }
            }
        }

        mutating func finish() throws(ICalendarError) -> [Entry] {
            guard sawCalendar else { throw ICalendarHolidays.notACalendar(1) }
            if let open = stack.last {
                throw ICalendarError(line: lastLine, reason: "missing END:\(open)")
            }
            // Sorted for previews; the index keeps events on the same day in file order.
            return entries.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
                .map(\.element)
        }

        private mutating func finish(_ draft: EventDraft) throws(ICalendarError) {
            guard let start = draft.start else {
                throw ICalendarError(line: draft.line, reason: "event without DTSTART")
            }
            let (first, _) = try Self.date(start, "DTSTART")
            var days = 1
            if let end = draft.end {
                let (last, endsInsideDay) = try Self.date(end, "DTEND")
                // DTEND is exclusive; a timed event that ends after midnight still covers its last day.
                days = last.dayNumber - first.dayNumber + (endsInsideDay ? 1 : 0)
            } else if let duration = draft.duration {
                days = try Self.days(duration)
            }
            days = max(1, days)
            guard days <= ICalendarHolidays.maximumEventDays else {
                let limit = ICalendarHolidays.maximumEventDays
                throw ICalendarError(line: draft.line, reason: "event spans \(days) days, more than \(limit)")
            }
            guard !draft.cancelled else { return }
            // A day name is a single line: escaped line breaks and other control characters become spaces.
            let summary = InputText.nfc(InputText.stripped(draft.summary)).trimmed()
            let isWorkday = ICalendarHolidays.isWorkday(summary)
            for offset in 0..<days {
                guard entries.count < ICalendarHolidays.maximumEntries else {
                    let limit = ICalendarHolidays.maximumEntries
                    throw ICalendarError(line: draft.line, reason: "more than \(limit) days in the file")
                }
                entries.append(Entry(date: first.adding(days: offset), summary: summary, isWorkday: isWorkday))
            }
        }

        /// The date of "20261001", "20261001T090000" or "20261001T090000Z", and whether a time after midnight was
        /// given.
        private static func date(_ line: ContentLine, _ name: String) throws(ICalendarError) -> (LocalDate, Bool) {
            let value = Array(line.value.trimmedSpaces().unicodeScalars)
            let isDigit = { (scalar: Unicode.Scalar) in ("0"..."9").contains(scalar) }
            func number(_ range: Range<Int>) -> Int {
                range.reduce(0) { $0 * 10 + Int(value[$1].value - 48) }
            }
            let shapeIsDate = value.count == 8 && value.allSatisfy(isDigit)
            let shapeIsDateTime =
                (value.count == 15 || (value.count == 16 && value[15] == "Z")) && value[8] == "T"
                && value[0..<8].allSatisfy(isDigit) && value[9..<15].allSatisfy(isDigit)
            guard shapeIsDate || shapeIsDateTime,
                let date = LocalDate.validated(year: number(0..<4), month: number(4..<6), day: number(6..<8))
            else {
                throw ICalendarError(line: line.number, reason: "\(name) is not a date: \(line.value)")
            }
            return (date, shapeIsDateTime && number(9..<15) != 0)
        }

        /// Whole days of "P3D", "P1W" or "P1DT12H"; a duration under a day counts as its one day.
        private static func days(_ line: ContentLine) throws(ICalendarError) -> Int {
            let text = line.value.trimmedSpaces().uppercased()
            let datePart = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard datePart.hasPrefix("P") || datePart.hasPrefix("+P") else {
                throw ICalendarError(line: line.number, reason: "DURATION is not understood: \(line.value)")
            }
            var days = 0
            var digits = ""
            for character in datePart.drop(while: { $0 != "P" }).dropFirst() {
                if character.isASCII && character.isNumber {
                    digits.append(character)
                } else if character == "W" || character == "D", let count = Int(digits), count <= 1_000 {
                    days += character == "W" ? count * 7 : count
                    digits = ""
                } else {
                    throw ICalendarError(line: line.number, reason: "DURATION is not understood: \(line.value)")
                }
            }
            return days
        }

    }

    private static func notACalendar(_ line: Int) -> ICalendarError {
        ICalendarError(line: line, reason: "not an iCalendar file: BEGIN:VCALENDAR expected")
    }

    /// Whether an event's title marks a make-up workday rather than a day off.
    static func isWorkday(_ summary: String) -> Bool {
        let text = summary.lowercased()
        return ["班", "workday", "work day", "working day"].contains { text.contains($0) }
    }

    /// Undoes RFC 5545 text escaping: \\ \; \, and \n or \N.
    static func unescape(_ value: String) -> String {
        var result = ""
        var escaping = false
        for character in value {
            if escaping {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }
}

/// Why an iCalendar file could not be read, with the 1-based line where the problem starts.
public struct ICalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    /// A problem at `line`.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// "line 3: event without DTSTART".
    public var description: String {
        "line \(line): \(reason)"
    }
}
