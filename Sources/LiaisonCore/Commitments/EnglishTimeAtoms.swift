import Foundation

/// Recognisers of English time expressions: today, tomorrow, tonight, (this / next) Friday, Monday morning, EOD,
/// end of (the) month, end of the week, within 2 business days, in 3 days, within 24 hours, Dec 20, 20 December,
/// 12/20, 2026-12-20, 3pm, 3:30 p.m., 15:00, after the holiday, first working day after National Day.
enum EnglishTimeAtoms {
    private typealias W = [UInt32]
    private static func w(_ text: String) -> W { TimeText.word(text) }
    private static func pairs<T>(_ list: [(String, T)]) -> [(W, T)] { list.map { (w($0.0), $0.1) } }

    private static let relative: [(W, TimeAtom.Day)] = pairs([
        ("the day after tomorrow", .offset(2)), ("day after tomorrow", .offset(2)), ("tomorrow", .offset(1)),
        ("tmrw", .offset(1)), ("today", .offset(0)), ("tonight", .offset(0)), ("yesterday", .past),
        ("last week", .past), ("last month", .past),
    ])
    private static let weekdays: [(W, Int)] = pairs([
        ("monday", 1), ("tuesday", 2), ("wednesday", 3), ("thursday", 4), ("friday", 5), ("saturday", 6),
        ("sunday", 7), ("mon", 1), ("tues", 2), ("tue", 2), ("wed", 3), ("thurs", 4), ("thur", 4), ("thu", 4),
        ("fri", 5),
    ])
    private static let weekPrefixes: [(W, Int?)] = pairs([
        ("this coming ", 0), ("this ", 0), ("next ", 1), ("the following ", 1), ("coming ", nil), ("last ", -1),
        ("on ", nil),
    ])
    private static let weekEnds: [(W, Int)] = pairs([
        ("end of this week", 0), ("end of the week", 0), ("end of week", 0), ("end of next week", 1),
        ("this week", 0), ("next week", 1), ("eow", 0), ("before the weekend", 0), ("by the weekend", 0),
    ])
    private static let monthEnds: [(W, Int)] = pairs([
        ("end of this month", 0), ("end of the month", 0), ("end of month", 0), ("end of next month", 1),
        ("month end", 0), ("month-end", 0), ("eom", 0), ("this month", 0),
    ])
    private static let parts: [(W, TimeAtom.Part)] = pairs([
        ("end of the business day", .endOfDay), ("end of business day", .endOfDay), ("end of business", .endOfDay),
        ("end of the day", .endOfDay), ("end of day", .endOfDay), ("close of business", .endOfDay),
        ("eod", .endOfDay), ("cob", .endOfDay), ("first thing in the morning", .early), ("first thing", .early),
        ("morning", .morning), ("noon", .noon),
        ("midday", .noon), ("lunchtime", .noon), ("afternoon", .afternoon), ("evening", .evening),
    ])
    private static let months: [(W, Int)] = pairs([
        ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6), ("july", 7),
        ("august", 8), ("september", 9), ("october", 10), ("november", 11), ("december", 12), ("jan", 1),
        ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8), ("sept", 9), ("sep", 9),
        ("oct", 10), ("nov", 11), ("dec", 12),
    ])
    private static let holidayNames: [(W, String)] = pairs([
        ("national day", "国庆"), ("golden week", "国庆"), ("chinese new year", "春节"), ("lunar new year", "春节"),
        ("spring festival", "春节"), ("new year's day", "元旦"), ("new year", "元旦"), ("mid-autumn festival", "中秋"),
        ("mid-autumn", "中秋"), ("dragon boat festival", "端午"), ("labour day", "劳动节"), ("labor day", "劳动节"),
        ("may day", "劳动节"), ("qingming", "清明"), ("the holidays", ""), ("the holiday", ""), ("holidays", ""),
        ("holiday", ""), ("the break", ""),
    ])
    private static let markers: [W] = [
        "no later than", "not later than", "by", "before", "until", "till", "within", "due",
    ].map(w)
    private static let ordinals: [W] = ["st", "nd", "rd", "th"].map(w)

    private static let endOf = w("end of ")
    private static let theWord = w("the ")

    /// The first word of every phrase the recognisers know: a word not among them starts no atom.
    private static let firstWords: Set<[UInt32]> = {
        var phrases: [W] = relative.map(\.0) + weekdays.map(\.0) + weekPrefixes.map(\.0) + weekEnds.map(\.0)
        phrases += monthEnds.map(\.0) + parts.map(\.0) + months.map(\.0) + markers + holidayLeads.map(\.0)
        phrases += durationLeads + [endOf, theWord]
        return Set(phrases.map { phrase in Array(phrase.prefix { TimeText.isLetter($0) }) })
    }()

    /// The run of letters starting at `index`.
    private static func word(in text: TimeText, at index: Int) -> [UInt32] {
        var end = index
        while TimeText.isLetter(text[end]) { end += 1 }
        return Array(text.values[index..<end])
    }

    /// The atom starting at `index`, if any.
    static func atom(in text: TimeText, at index: Int) -> TimeAtom? {
        let first = text[index]
        guard TimeText.isLetter(first) || TimeText.isDigit(first) else { return nil }
        if TimeText.isDigit(first) { return numeric(in: text, at: index) }
        guard text.wordStart(index), firstWords.contains(word(in: text, at: index)) else { return nil }
        if let found = holiday(in: text, at: index) { return found }
        if let found = duration(in: text, at: index) { return found }
        for (word, day) in relative where text.has(word, at: index) && text.wordEnd(index + word.count) {
            return TimeAtom(value: .day(day), start: index, end: index + word.count)
        }
        for (word, offset) in weekEnds where text.has(word, at: index) && text.wordEnd(index + word.count) {
            return TimeAtom(value: .day(.weekEnd(offset)), start: index, end: index + word.count)
        }
        for (word, offset) in monthEnds where text.has(word, at: index) && text.wordEnd(index + word.count) {
            return TimeAtom(value: .day(.monthEnd(offset)), start: index, end: index + word.count)
        }
        if text.has(endOf, at: index) {
            var next = index + 7
            if text.has(theWord, at: next) { next += 4 }
            if let (word, month) = months.first(where: { text.has($0.0, at: next) && text.wordEnd(next + $0.0.count) }),
                word != w("may") || !TimeText.isLetter(text[next + word.count + 1])
            {
                return TimeAtom(value: .day(.monthEndOf(month)), start: index, end: next + word.count)
            }
        }
        if let found = weekday(in: text, at: index) { return found }
        if let found = dayOfMonth(in: text, at: index) { return found }
        if let found = monthName(in: text, at: index) { return found }
        for (word, part) in parts where text.has(word, at: index) && text.wordEnd(index + word.count) {
            if index >= 5, text.has(w("good "), at: index - 5) { return nil }
            return TimeAtom(value: .part(part), start: index, end: index + word.count)
        }
        for word in markers where text.has(word, at: index) && text.wordEnd(index + word.count) {
            return TimeAtom(value: .marker, start: index, end: index + word.count)
        }
        return nil
    }

    private static func weekday(in text: TimeText, at index: Int) -> TimeAtom? {
        var offset: Int?
        var next = index
        if let (prefix, value) = weekPrefixes.first(where: { text.has($0.0, at: index) }) {
            offset = value
            next = index + prefix.count
        }
        guard let (word, day) = weekdays.first(where: { text.has($0.0, at: next) && text.wordEnd(next + $0.0.count) })
        else { return nil }
        var end = next + word.count
        if offset == -1 { return TimeAtom(value: .day(.past), start: index, end: end) }
        // "Tuesday next week", "Friday of this week".
        for (suffix, week) in [
            (w(" next week"), 1), (w(" of next week"), 1), (w(" this week"), 0), (w(" of this week"), 0),
        ]
        where offset == nil && text.has(suffix, at: end) && text.wordEnd(end + suffix.count) {
            offset = week
            end += suffix.count
            break
        }
        return TimeAtom(value: .day(.weekday(week: offset, day: day)), start: index, end: end)
    }

    /// "the 15th" (not "the 15th of December", which the date recogniser reads from its digits).
    private static func dayOfMonth(in text: TimeText, at index: Int) -> TimeAtom? {
        guard text.has(w("the "), at: index), let day = text.arabic(at: index + 4), day.length <= 2,
            let ordinal = text.first(of: ordinals, at: index + 4 + day.length)
        else { return nil }
        let end = index + 4 + day.length + ordinal.count
        guard text.wordEnd(end), !text.has(w(" of "), at: end), (1...31).contains(day.value) else { return nil }
        if months.contains(where: { text.has([0x20] + $0.0, at: end) }) { return nil }
        return TimeAtom(value: .day(.dayOfMonth(day.value)), start: index, end: end)
    }

    private static func monthName(in text: TimeText, at index: Int) -> TimeAtom? {
        guard let (word, month) = months.first(where: { text.has($0.0, at: index) && text.wordEnd(index + $0.0.count) })
        else { return nil }
        var next = index + word.count
        if text[next] == 0x2E { next += 1 }  // "Dec."
        while text[next] == 0x20 { next += 1 }
        guard let day = text.arabic(at: next), day.length <= 2 else { return nil }
        var end = next + day.length
        if let ordinal = text.first(of: ordinals, at: end) { end += ordinal.count }
        guard text.wordEnd(end) else { return nil }
        var year: Int?
        if text[end] == 0x2C, text[end + 1] == 0x20, let found = text.arabic(at: end + 2), found.length == 4 {
            year = found.value
            end += 2 + found.length
        }
        return dateAtom(year, month, day.value, index, end)
    }

    private static func duration(in text: TimeText, at index: Int) -> TimeAtom? {
        for lead in durationLeads where text.has(lead, at: index) {
            let next = index + lead.count
            guard let number = text.englishNumber(at: next) else { continue }
            var unitStart = next + number.length
            while text[unitStart] == 0x20 || text[unitStart] == 0x2D { unitStart += 1 }
            let units: [(W, (Int) -> TimeAtom.Day)] = [
                (w("business days"), { .businessDays($0) }), (w("business day"), { .businessDays($0) }),
                (w("working days"), { .businessDays($0) }), (w("working day"), { .businessDays($0) }),
                (w("workdays"), { .businessDays($0) }), (w("days"), { .calendarDays($0) }),
                (w("day"), { .calendarDays($0) }), (w("weeks"), { .calendarDays($0 * 7) }),
                (w("week"), { .calendarDays($0 * 7) }), (w("hours"), { .hours($0) }), (w("hour"), { .hours($0) }),
                (w("hrs"), { .hours($0) }), (w("h"), { .hours($0) }),
            ]
            for (unit, make) in units where text.has(unit, at: unitStart) && text.wordEnd(unitStart + unit.count) {
                // "in a day or two" is no promise of a time.
                if text.has(w(" or "), at: unitStart + unit.count) { return nil }
                return TimeAtom(value: .day(make(number.value)), start: index, end: unitStart + unit.count)
            }
        }
        return nil
    }

    private static let holidayLeads: [(W, Bool)] = [
        (w("first working day after "), true), (w("first business day after "), true), (w("first day after "), true),
        (w("right after "), true), (w("after "), true), (w("last working day before "), false),
        (w("right before "), false), (w("before "), false),
    ]
    private static let durationLeads: [W] = [w("within the next "), w("within "), w("in the next "), w("in ")]

    private static func holiday(in text: TimeText, at index: Int) -> TimeAtom? {
        for (lead, after) in holidayLeads where text.has(lead, at: index) {
            var next = index + lead.count
            if text.has(w("the "), at: next), !text.has(w("the holiday"), at: next), !text.has(w("the break"), at: next)
            {
                next += 4
            }
            for (word, name) in holidayNames where text.has(word, at: next) && text.wordEnd(next + word.count) {
                let day: TimeAtom.Day =
                    after ? .afterHoliday(name.isEmpty ? nil : name) : .beforeHoliday(name.isEmpty ? nil : name)
                return TimeAtom(value: .day(day), start: index, end: next + word.count)
            }
        }
        return nil
    }

    /// Digits: 2026-12-20, 12/20(/2026), 20 Dec(ember), 3pm, 3:30 p.m., 15:00.
    static func numeric(in text: TimeText, at index: Int) -> TimeAtom? {
        guard let number = text.arabic(at: index) else { return nil }
        let next = index + number.length
        // 2026-12-20 or 2026/12/20
        if number.length == 4, text[next] == 0x2D || text[next] == 0x2F, let month = text.arabic(at: next + 1),
            text[next + 1 + month.length] == text[next], let day = text.arabic(at: next + 2 + month.length)
        {
            let end = next + 2 + month.length + day.length
            guard !TimeText.isDigit(text[end]) else { return nil }
            return dateAtom(number.value, month.value, day.value, index, end)
        }
        // 12/20 or 12/20/2026 (month first)
        if number.length <= 2, (1...12).contains(number.value), text[next] == 0x2F, let day = text.arabic(at: next + 1),
            day.length <= 2, (1...31).contains(day.value)
        {
            var end = next + 1 + day.length
            var year: Int?
            if text[end] == 0x2F, let found = text.arabic(at: end + 1), found.length == 4 {
                year = found.value
                end += 1 + found.length
            } else if text[end] == 0x2F {
                return nil
            }
            guard text[index - 1] != 0x2F else { return nil }
            return dateAtom(year, number.value, day.value, index, end)
        }
        // 15:00, 3:30pm
        if number.length <= 2, text[next] == 0x3A, let minutes = text.arabic(at: next + 1), minutes.length == 2 {
            var end = next + 1 + minutes.length
            guard !TimeText.isDigit(text[end]), text[end] != 0x3A else { return nil }
            let meridiem = self.meridiem(in: text, at: end)
            end += meridiem.length
            guard number.value <= 24, minutes.value < 60, !(meridiem.pm != nil && number.value > 12) else {
                return TimeAtom(value: .invalid, start: index, end: end)
            }
            let hour =
                (meridiem.pm == true && number.value < 12)
                ? number.value + 12
                : (meridiem.pm == false && number.value == 12 ? 0 : number.value)
            return TimeAtom(
                value: .clock(
                    minutes: hour * 60 + minutes.value, settled: meridiem.pm != nil || number.value > 12, strong: true),
                start: index, end: end)
        }
        // "at 2" after a day or part of the day ("tomorrow afternoon at 2"): a clock time that needs company.
        if number.length <= 2, (1...12).contains(number.value), index >= 3, text.has(w("at "), at: index - 3),
            meridiem(in: text, at: next).pm == nil, text.wordEnd(next), text[next] != 0x3A, text[next] != 0x2F,
            text[next] != 0x2E
        {
            return TimeAtom(
                value: .clock(minutes: number.value * 60, settled: false, strong: false), start: index, end: next)
        }
        // 3pm, 3 p.m.
        if number.length <= 2 {
            let meridiem = self.meridiem(in: text, at: next)
            if let pm = meridiem.pm, meridiem.length > 0 {
                guard (1...12).contains(number.value) else {
                    return TimeAtom(value: .invalid, start: index, end: next + meridiem.length)
                }
                let hour = pm ? (number.value % 12) + 12 : number.value % 12
                return TimeAtom(
                    value: .clock(minutes: hour * 60, settled: true, strong: true), start: index,
                    end: next + meridiem.length)
            }
            // 20 December, 20th Dec
            var cursor = next
            if let ordinal = text.first(of: ordinals, at: cursor) { cursor += ordinal.count }
            if text[cursor] == 0x20, text.wordEnd(cursor) {
                cursor += 1
                if text.has(w("of "), at: cursor) { cursor += 3 }
                if let (word, month) = months.first(where: {
                    text.has($0.0, at: cursor) && text.wordEnd(cursor + $0.0.count)
                }) {
                    var end = cursor + word.count
                    var year: Int?
                    if text[end] == 0x20 || text[end] == 0x2C {
                        var probe = end + (text[end] == 0x2C ? 1 : 0)
                        while text[probe] == 0x20 { probe += 1 }
                        if let found = text.arabic(at: probe), found.length == 4 {
                            year = found.value
                            end = probe + found.length
                        }
                    }
                    return dateAtom(year, month, number.value, index, end)
                }
            }
        }
        return nil
    }

    /// am / pm / a.m. / p.m. after optional spaces: (pm?, length including the spaces).
    private static func meridiem(in text: TimeText, at index: Int) -> (pm: Bool?, length: Int) {
        var cursor = index
        while text[cursor] == 0x20 { cursor += 1 }
        for (word, pm) in [(w("a.m."), false), (w("p.m."), true), (w("am"), false), (w("pm"), true)]
        where text.has(word, at: cursor) && text.wordEnd(cursor + word.count) {
            return (pm, cursor + word.count - index)
        }
        return (nil, 0)
    }

    static func dateAtom(_ year: Int?, _ month: Int, _ day: Int, _ start: Int, _ end: Int) -> TimeAtom? {
        guard (1...12).contains(month), (1...31).contains(day) else {
            return month >= 1 && month <= 19 && day <= 40 ? TimeAtom(value: .invalid, start: start, end: end) : nil
        }
        return TimeAtom(value: .day(.date(year: year, month: month, day: day)), start: start, end: end)
    }
}
