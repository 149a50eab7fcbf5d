import Foundation

/// Recognisers of Chinese time expressions: 今天, 明天下午, 本周五, 下周一上午, 月底前, 3个工作日内, 两天内,
/// 节后第一个工作日, 12月20日, 2026年12月20日, 20号, 下午3点半, 三点前, 15:00 (shared with English).
enum ChineseTimeAtoms {
    private typealias W = [UInt32]
    private static func w(_ text: String) -> W { TimeText.word(text) }
    private static func triples(_ list: [(String, TimeAtom.Day, TimeAtom.Part?)]) -> [(W, TimeAtom.Day, TimeAtom.Part?)]
    {
        list.map { (w($0.0), $0.1, $0.2) }
    }
    private static func pairs<T>(_ list: [(String, T)]) -> [(W, T)] { list.map { (w($0.0), $0.1) } }

    private static let relative: [(W, TimeAtom.Day, TimeAtom.Part?)] = triples([
        ("大后天", .offset(3), nil), ("后天", .offset(2), nil), ("今天", .offset(0), nil), ("今日", .offset(0), nil),
        ("当天", .offset(0), nil), ("当日", .offset(0), nil), ("今晚", .offset(0), .evening),
        ("今早", .offset(0), .early), ("明天", .offset(1), nil), ("明日", .offset(1), nil),
        ("明早", .offset(1), .early), ("明晚", .offset(1), .evening), ("昨天", .past, nil), ("昨日", .past, nil),
        ("前天", .past, nil), ("上周", .past, nil), ("上个星期", .past, nil), ("上星期", .past, nil),
        ("上个月", .past, nil), ("上月", .past, nil), ("去年", .past, nil),
    ])
    private static let weekPrefixes: [(W, Int?)] = pairs([
        ("下下周", 2), ("下下个星期", 2), ("下个星期", 1), ("下星期", 1), ("下个礼拜", 1), ("下礼拜", 1), ("下周", 1),
        ("这个星期", 0), ("这星期", 0), ("本星期", 0), ("这个礼拜", 0), ("这礼拜", 0), ("本周", 0), ("这周", 0),
        ("星期", nil), ("礼拜", nil), ("周", nil),
    ])
    private static let weekdayNames: [UInt32: Int] = {
        var table: [UInt32: Int] = [:]
        for (text, day) in [("一", 1), ("二", 2), ("三", 3), ("四", 4), ("五", 5), ("六", 6), ("日", 7), ("天", 7)] {
            if let scalar = text.unicodeScalars.first { table[scalar.value] = day }
        }
        for day in 1...7 { table[UInt32(0x30 + day)] = day }
        return table
    }()
    private static let weekEndTails: [W] = ["内", "之内", "以内", "结束前", "末前", "末之前", "下班前"].map(w)
    private static let monthEnds: [(W, Int)] = pairs([
        ("下个月底", 1), ("下个月末", 1), ("下月底", 1), ("下月末", 1), ("这个月底", 0), ("这个月末", 0), ("本月底", 0),
        ("本月末", 0), ("月底", 0), ("月末", 0), ("本月内", 0), ("这个月内", 0), ("周末前", -1), ("周末之前", -1),
    ])
    private static let holidayNames: [(W, String)] = pairs([
        ("国庆节", "国庆"), ("国庆", "国庆"), ("春节", "春节"), ("元旦", "元旦"), ("清明节", "清明"), ("清明", "清明"),
        ("五一", "劳动节"), ("劳动节", "劳动节"), ("端午节", "端午"), ("端午", "端午"), ("中秋节", "中秋"),
        ("中秋", "中秋"), ("十一", "国庆"), ("过年", "春节"), ("过完年", "春节*"), ("年后", "春节*"),
    ])
    private static let holidayGeneric: [W] = ["节假日", "放假", "长假", "假期", "收假", "休假", "节"].map(w)
    private static let afterTails: [W] = [
        "后第一个工作日", "后的第一个工作日", "后第一个上班日", "后上班第一天", "后第一天上班", "后第一天", "后上班后", "后上班",
        "结束后第一个工作日", "结束后的第一个工作日", "结束后上班第一天", "结束后第一天", "结束后", "回来后", "一上班",
        "之后第一个工作日", "之后的第一个工作日", "之后", "以后", "后",
    ].map(w)
    private static let beforeTails: [W] = ["前最后一个工作日", "前的最后一个工作日", "之前", "以前", "前"].map(w)
    private static let parts: [(W, TimeAtom.Part)] = pairs([
        ("下班之前", .endOfDay), ("下班以前", .endOfDay), ("下班前", .endOfDay), ("收工前", .endOfDay),
        ("下班时", .endOfDay), ("上午", .morning), ("早上", .early), ("一早", .early), ("早晨", .early),
        ("中午", .noon), ("午饭前", .noon), ("下午", .afternoon), ("傍晚", .afternoon), ("晚上", .evening),
        ("今天内", .endOfDay),
    ])
    private static let markers: [W] = ["之前", "以前", "之内", "以内", "前", "内"].map(w)
    private static let businessUnits: [W] = ["个工作日", "个工作天", "工作日", "个营业日"].map(w)
    private static let dayUnits: [W] = ["天", "日", "个自然日"].map(w)
    private static let weekUnits: [W] = ["周", "个星期", "个礼拜", "星期"].map(w)
    private static let hourUnits: [W] = ["个小时", "小时", "个钟头"].map(w)
    private static let within: [W] = ["之内", "以内", "内"].map(w)
    private static let clockUnits: [W] = ["点钟", "点", "时"].map(w)
    private static let year = w("年"), month = w("月"), dayMark = [w("日"), w("号")], half = w("半"), minute = w("分")
    private static let greeting = w("好")

    /// The characters an atom can start with, so that most characters are passed over with one lookup.
    private static let starters: Set<UInt32> = {
        var words: [W] = relative.map(\.0) + weekPrefixes.map(\.0) + monthEnds.map(\.0) + holidayNames.map(\.0)
        words += holidayGeneric + parts.map(\.0) + markers
        var set = Set(words.compactMap(\.first))
        set.formUnion(TimeText.chineseDigits.keys)
        return set
    }()

    private static func firsts(_ words: [W]) -> Set<UInt32> { Set(words.compactMap(\.first)) }
    private static let holidayFirsts = firsts(holidayNames.map(\.0) + holidayGeneric)
    private static let relativeFirsts = firsts(relative.map(\.0))
    private static let weekFirsts = firsts(weekPrefixes.map(\.0))
    private static let monthEndFirsts = firsts(monthEnds.map(\.0))
    private static let partFirsts = firsts(parts.map(\.0))
    private static let markerFirsts = firsts(markers)

    /// The atom starting at `index`, if any, with its end.
    static func atom(in text: TimeText, at index: Int) -> TimeAtom? {
        let first = text[index]
        guard TimeText.isDigit(first) || starters.contains(first) else { return nil }
        if holidayFirsts.contains(first), let found = holiday(in: text, at: index) { return found }
        if relativeFirsts.contains(first) {
            for (word, day, _) in relative where text.has(word, at: index) {
                return TimeAtom(value: .day(day), start: index, end: index + word.count)
            }
        }
        if weekFirsts.contains(first), let found = week(in: text, at: index) { return found }
        for (word, offset) in monthEnds where monthEndFirsts.contains(first) && text.has(word, at: index) {
            var end = index + word.count
            if offset == -1 {
                // 周末前: before the weekend, the last working day of this week.
                return TimeAtom(value: .day(.weekEnd(0)), start: index, end: end)
            }
            if let tail = text.first(of: [w("之前"), w("以前"), w("前")], at: end) { end += tail.count }
            return TimeAtom(value: .day(.monthEnd(offset)), start: index, end: end)
        }
        for (word, part) in parts where partFirsts.contains(first) && text.has(word, at: index) {
            if text.has(greeting, at: index + word.count) { return nil }
            return TimeAtom(value: .part(part), start: index, end: index + word.count)
        }
        if TimeText.isDigit(first) || TimeText.chineseDigits[first] != nil, let found = numeric(in: text, at: index) {
            return found
        }
        for word in markers where markerFirsts.contains(first) && text.has(word, at: index) {
            return TimeAtom(value: .marker, start: index, end: index + word.count)
        }
        return nil
    }

    /// The part of day a relative word implies (今晚 → evening), for the grouping step.
    static func impliedPart(in text: TimeText, at index: Int) -> TimeAtom.Part? {
        relative.first { text.has($0.0, at: index) }?.2
    }

    private static func week(in text: TimeText, at index: Int) -> TimeAtom? {
        for (prefix, offset) in weekPrefixes where text.has(prefix, at: index) {
            let next = index + prefix.count
            if let day = weekdayNames[text[next]] {
                // 周日 / 星期天; 周一 but not 周一次 (once a week) or 周年.
                if text.has(w("次"), at: next + 1) || text.has(w("年"), at: next) { return nil }
                return TimeAtom(value: .day(.weekday(week: offset, day: day)), start: index, end: next + 1)
            }
            if let offset {
                if let tail = text.first(of: weekEndTails, at: next) {
                    return TimeAtom(value: .day(.weekEnd(offset)), start: index, end: next + tail.count)
                }
            }
            return nil
        }
        return nil
    }

    private static func holiday(in text: TimeText, at index: Int) -> TimeAtom? {
        var name: String?
        var next = index
        if let (word, holidayName) = holidayNames.first(where: { text.has($0.0, at: index) }) {
            name = holidayName == "春节*" ? "春节" : holidayName
            next = index + word.count
            if holidayName == "春节*" {
                // 年后 / 过完年 is itself "after the new year", but 一年后 / 半年后 are durations.
                let before = text[index - 1]
                if TimeText.isDigit(before) || TimeText.chineseDigits[before] != nil
                    || "半几多每".unicodeScalars.contains(where: { $0.value == before })
                {
                    return nil
                }
                return TimeAtom(value: .day(.afterHoliday("春节")), start: index, end: next)
            }
            if let generic = text.first(of: holidayGeneric, at: next) { next += generic.count }
        } else if let generic = text.first(of: holidayGeneric, at: index) {
            next = index + generic.count
        } else {
            return nil
        }
        if let tail = text.first(of: afterTails, at: next) {
            return TimeAtom(value: .day(.afterHoliday(name)), start: index, end: next + tail.count)
        }
        if let tail = text.first(of: beforeTails, at: next) {
            return TimeAtom(value: .day(.beforeHoliday(name)), start: index, end: next + tail.count)
        }
        return nil
    }

    private static func numeric(in text: TimeText, at index: Int) -> TimeAtom? {
        guard let number = text.number(at: index) else { return nil }
        let next = index + number.length
        // 2026年12月20日
        if text.has(year, at: next), number.value >= 1000, let monthNumber = text.number(at: next + 1),
            text.has(month, at: next + 1 + monthNumber.length)
        {
            let dayStart = next + 1 + monthNumber.length + 1
            if let dayNumber = text.number(at: dayStart),
                let mark = text.first(of: dayMark, at: dayStart + dayNumber.length)
            {
                return date(
                    number.value, monthNumber.value, dayNumber.value, index, dayStart + dayNumber.length + mark.count)
            }
        }
        // 3月底 / 3月底前 / 3月末
        if text.has(month, at: next), let tail = text.first(of: [w("底"), w("末"), w("份结束")], at: next + 1) {
            var end = next + 1 + tail.count
            if let marker = text.first(of: [w("之前"), w("以前"), w("前")], at: end) { end += marker.count }
            guard (1...12).contains(number.value) else { return TimeAtom(value: .invalid, start: index, end: end) }
            return TimeAtom(value: .day(.monthEndOf(number.value)), start: index, end: end)
        }
        // 12月20日 / 12月20号
        if text.has(month, at: next), let dayNumber = text.number(at: next + 1),
            let mark = text.first(of: dayMark, at: next + 1 + dayNumber.length)
        {
            return date(nil, number.value, dayNumber.value, index, next + 1 + dayNumber.length + mark.count)
        }
        // 3个工作日内
        if let unit = text.first(of: businessUnits, at: next) {
            var end = next + unit.count
            if let tail = text.first(of: within, at: end) { end += tail.count }
            return TimeAtom(value: .day(.businessDays(number.value)), start: index, end: end)
        }
        // 两天内, 一周内, 2小时内 (内 required: 3天前 is three days ago)
        for (units, scale, isHours) in [(dayUnits, 1, false), (weekUnits, 7, false), (hourUnits, 1, true)] {
            if let unit = text.first(of: units, at: next), let tail = text.first(of: within, at: next + unit.count) {
                let value: TimeAtom.Day = isHours ? .hours(number.value) : .calendarDays(number.value * scale)
                return TimeAtom(value: .day(value), start: index, end: next + unit.count + tail.count)
            }
        }
        // 20号 / 20日 (a day of the month; 20日内 is a duration, handled above)
        if let mark = text.first(of: dayMark, at: next), (1...31).contains(number.value) {
            return TimeAtom(value: .day(.dayOfMonth(number.value)), start: index, end: next + mark.count)
        }
        // 下午3点, 三点半, 3点15分, 15时
        if let unit = text.first(of: clockUnits, at: next) {
            var end = next + unit.count
            var minutes = 0
            var strong = unit.count == 2 || text.has(w("前"), at: end) || text.has(w("之前"), at: end)
            if text.has(half, at: end) {
                minutes = 30
                end += 1
                strong = true
            } else if let extra = text.number(at: end), extra.value < 60 {
                if text.has(minute, at: end + extra.length) {
                    minutes = extra.value
                    end += extra.length + 1
                    strong = true
                } else if TimeText.isDigit(text[end]) {
                    minutes = extra.value
                    end += extra.length
                    strong = true
                }
            }
            if unit == w("时") && !strong && !TimeText.isDigit(text[index]) { return nil }
            if text.has(w("前"), at: end) || text.has(w("之前"), at: end) { strong = true }
            guard number.value <= 24 else { return TimeAtom(value: .invalid, start: index, end: end) }
            return TimeAtom(
                value: .clock(minutes: number.value * 60 + minutes, settled: number.value > 12, strong: strong),
                start: index, end: end)
        }
        return nil
    }

    private static func date(_ year: Int?, _ month: Int, _ day: Int, _ start: Int, _ end: Int) -> TimeAtom? {
        guard (1...12).contains(month), (1...31).contains(day) else {
            return month >= 1 && month <= 19 && day <= 40 ? TimeAtom(value: .invalid, start: start, end: end) : nil
        }
        return TimeAtom(value: .day(.date(year: year, month: month, day: day)), start: start, end: end)
    }
}
