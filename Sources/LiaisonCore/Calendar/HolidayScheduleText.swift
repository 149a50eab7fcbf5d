import Foundation

/// A year's holidays and make-up workdays typed or pasted as text, one day or period a line, as admins copy them
/// from the State Council's notice:
///
/// ```
/// 2027-01-01 元旦
/// 2027-02-06..2027-02-12 春节
/// 2027-02-14 班 春节调休
/// ```
///
/// A line is a date (`YYYY-MM-DD`) or a period of dates (both ends included, joined by `..`, `~`, `～`, `至`, an en
/// or em dash, with or without spaces around it), then optionally the marker `班` (also `上班`, `补班`, `workday`)
/// for a make-up workday, then the name. Blank lines and lines starting with `#` are skipped. Every day of a
/// period is listed, weekends inside it included, as the official schedules count them.
public enum HolidayScheduleText {
    /// The longest period one line may give; longer is almost surely a typo in a year.
    public static let maximumPeriodDays = 31
    /// At most this many days in one text.
    public static let maximumDays = ICalendarHolidays.maximumEntries
    /// The longest name of a day, as calendars store them.
    public static let maximumNameLength = 100

    /// The days of the text in date order, or every problem found, each naming its 1-based line under `field`:
    /// `scheduleEmpty`, `scheduleBadDate` [line, text], `scheduleBadPeriod` [line, first, last],
    /// `schedulePeriodTooLong` [line, maximum], `scheduleNameTooLong` [line, maximum],
    /// `scheduleControlCharacter` [line], `scheduleDuplicate` [line, date, earlier line], `tooMany` [maximum].
    public static func parse(_ text: String, field: String = "text") throws(ValidationFailure)
        -> [ICalendarHolidays.Entry]
    {
        var issues: [ValidationIssue] = []
        var entries: [ICalendarHolidays.Entry] = []
        var firstLine: [LocalDate: Int] = [:]
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            var line = String(raw)
            if index == 0, line.unicodeScalars.first == "\u{FEFF}" { line = String(line.unicodeScalars.dropFirst()) }
            line = line.trimmed()
            if line.isEmpty || line.hasPrefix("#") { continue }
            switch parseLine(line, number: number, field: field) {
            case .problem(let issue):
                issues.append(issue)
            case .days(let days):
                for day in days {
                    if let earlier = firstLine[day.date] {
                        issues.append(
                            ValidationIssue(
                                field, "scheduleDuplicate", [String(number), day.date.description, String(earlier)]))
                        break
                    }
                    firstLine[day.date] = number
                    entries.append(day)
                }
            }
            if entries.count > maximumDays {
                issues.append(ValidationIssue(field, "tooMany", [String(maximumDays)]))
                break
            }
        }
        if issues.isEmpty && entries.isEmpty { issues.append(ValidationIssue(field, "scheduleEmpty")) }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        return entries.sorted { $0.date < $1.date }
    }

    private enum LineResult {
        case days([ICalendarHolidays.Entry])
        case problem(ValidationIssue)
    }

    private static let periodSeparators = ["..", "~", "～", "至", "–", "—"]
    private static let workdayMarkers: Set<String> = ["班", "上班", "补班", "workday"]

    private static func parseLine(_ line: String, number: Int, field: String)
        -> LineResult
    {
        let lineText = String(number)
        if line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
            return .problem(ValidationIssue(field, "scheduleControlCharacter", [lineText]))
        }
        var rest = Substring(line)
        var first = nextWord(&rest)
        var last: Substring?
        // "A..B" as one word, or "A .. B" with the separator standing alone, or "A ..B".
        if let separator = periodSeparators.first(where: { first.contains($0) }), let range = first.range(of: separator)
        {
            last = first[range.upperBound...]
            first = first[..<range.lowerBound]
            if last?.isEmpty == true { last = nextWord(&rest) }
        } else if let separator = periodSeparators.first(where: { rest.hasPrefix($0) }) {
            rest = rest.dropFirst(separator.count)
            last = nextWord(&rest)
        }
        guard let start = LocalDate(String(first)) else {
            return .problem(ValidationIssue(field, "scheduleBadDate", [lineText, String(first)]))
        }
        var end = start
        if let last {
            guard let parsed = LocalDate(String(last)) else {
                return .problem(ValidationIssue(field, "scheduleBadDate", [lineText, String(last)]))
            }
            guard parsed >= start else {
                return .problem(
                    ValidationIssue(field, "scheduleBadPeriod", [lineText, start.description, parsed.description]))
            }
            end = parsed
        }
        let days = end.dayNumber - start.dayNumber + 1
        guard days <= maximumPeriodDays else {
            return .problem(ValidationIssue(field, "schedulePeriodTooLong", [lineText, String(maximumPeriodDays)]))
        }
        var isWorkday = false
        var probe = rest
        if workdayMarkers.contains(nextWord(&probe).lowercased()) {
            isWorkday = true
            rest = probe
        }
        let name = String(rest).trimmed()
        guard name.count <= maximumNameLength else {
            return .problem(ValidationIssue(field, "scheduleNameTooLong", [lineText, String(maximumNameLength)]))
        }
        return .days(
            (0..<days).map {
                ICalendarHolidays.Entry(date: start.adding(days: $0), summary: name, isWorkday: isWorkday)
            })
    }

    /// The next run of non-space characters, removed from `text` with the spaces before and after it.
    private static func nextWord(_ text: inout Substring) -> Substring {
        text = text.drop(while: \.isWhitespace)
        let word = text.prefix(while: { !$0.isWhitespace })
        text = text.dropFirst(word.count).drop(while: \.isWhitespace)
        return word
    }
}
