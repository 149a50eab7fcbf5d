import Foundation

/// A work plan drawn as a Gantt chart, in SVG text the server sends as `image/svg+xml` or puts in a page.
///
/// One row per task (a bar from its start day to its due day, both included, coloured by status, with its
/// progress inside) and then one per milestone (a diamond on its day); finish-to-start dependencies as elbow arrows
/// from the end of one bar to the start of the next; a dashed line on today; months and weeks (Monday's day of the
/// month) along the top. The chart is whole weeks wide, Monday to Sunday, and the day width shrinks as the plan
/// grows longer.
///
/// Safe under a strict content security policy: no script, no `style` element or attribute, only presentation
/// attributes (`fill`, `stroke`, `font-size`). Every piece of user text is XML-escaped, characters XML cannot carry
/// are dropped, and long names are cut by display width (a CJK character counts two) with an ellipsis; the full
/// name is in each row's `<title>`, which browsers show on hover. The output depends only on the input.
public struct GanttChart: Sendable {
    /// A task's bar.
    public struct Bar: Equatable, Sendable {
        public var id: UUID
        public var name: String
        public var start: LocalDate
        public var due: LocalDate
        public var status: TaskStatus
        /// 0…100, drawn inside the bar; nil draws none (a finished task is drawn full).
        public var progress: Int?
        /// The tasks this one waits for; those not on the chart are left out.
        public var predecessors: [UUID]

        public init(
            id: UUID, name: String, start: LocalDate, due: LocalDate, status: TaskStatus, progress: Int? = nil,
            predecessors: [UUID] = []
        ) {
            self.id = id
            self.name = name
            self.start = start
            self.due = due
            self.status = status
            self.progress = progress
            self.predecessors = predecessors
        }
    }

    /// A milestone's diamond: filled once reached, hollow before.
    public struct Milestone: Equatable, Sendable {
        public var id: UUID
        public var name: String
        public var date: LocalDate
        public var reached: Bool

        public init(id: UUID, name: String, date: LocalDate, reached: Bool = false) {
            self.id = id
            self.name = name
            self.date = date
            self.reached = reached
        }
    }

    public var bars: [Bar]
    public var milestones: [Milestone]
    /// Where the today line goes; none when nil or outside the chart.
    public var today: LocalDate?
    /// "zh-Hans" or "en": the month labels and the today label unless given.
    public var locale: String
    /// The chart's accessible name (`aria-label` and `<title>`).
    public var title: String
    /// The today line's label (the catalog's `todayLabelKey`); "今天" or "Today" by `locale` when nil.
    public var todayLabel: String?
    /// The catalog key of the today line's label.
    public static let todayLabelKey = "gantt.today"
    /// A month's label from year and month; "2026年3月" or "Mar 2026" by `locale` when nil. Narrow months get the
    /// month alone ("3月", "Mar").
    public var monthLabel: (@Sendable (_ year: Int, _ month: Int) -> String)?

    /// Display width of the name column, in half-width characters.
    public static let nameWidth = 34
    static let labelColumn = 240
    static let rowHeight = 24
    static let headerHeight = 44
    static let footerHeight = 20
    static let rightMargin = 16

    public init(
        bars: [Bar], milestones: [Milestone] = [], today: LocalDate? = nil, locale: String = "en", title: String = "",
        todayLabel: String? = nil, monthLabel: (@Sendable (_ year: Int, _ month: Int) -> String)? = nil
    ) {
        self.bars = bars
        self.milestones = milestones
        self.today = today
        self.locale = locale
        self.title = title
        self.todayLabel = todayLabel
        self.monthLabel = monthLabel
    }

    // MARK: Layout

    /// The days the chart covers (whole weeks) and how wide a day is drawn.
    struct Span: Equatable {
        var first: LocalDate
        var days: Int
        var dayWidth: Int
    }

    var span: Span {
        var low: LocalDate?
        var high: LocalDate?
        func take(_ day: LocalDate) {
            if low.map({ day < $0 }) ?? true { low = day }
            if high.map({ $0 < day }) ?? true { high = day }
        }
        for bar in bars {
            take(bar.start)
            take(bar.due)
        }
        for milestone in milestones { take(milestone.date) }
        let start = low ?? today ?? LocalDate(year: 2000, month: 1, day: 3)
        let end = high ?? start
        let first = start.adding(days: 1 - start.weekday)
        let last = end.adding(days: 7 - end.weekday)
        let days = last.dayNumber - first.dayNumber + 1
        let dayWidth =
            switch days {
            case ...70: 20
            case ...182: 10
            case ...400: 5
            case ...800: 3
            case ...1_500: 2
            default: 1
            }
        return Span(first: first, days: days, dayWidth: dayWidth)
    }

    // MARK: Drawing

    /// The complete SVG document.
    public func svg() -> String {
        let span = span
        let rows = bars.count + milestones.count
        let chartRight = Self.labelColumn + span.days * span.dayWidth
        let width = chartRight + Self.rightMargin
        let bodyBottom = Self.headerHeight + rows * Self.rowHeight
        let height = bodyBottom + Self.footerHeight
        func x(_ day: LocalDate) -> Int { Self.labelColumn + (day.dayNumber - span.first.dayNumber) * span.dayWidth }
        func middle(_ row: Int) -> Int { Self.headerHeight + row * Self.rowHeight + Self.rowHeight / 2 }

        var out = SVGText(capacity: 2_048 + rows * 420)
        out.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" ")
        out.raw(
            "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"")
        out.text(title)
        out.raw("\"><title>")
        out.text(title)
        out.raw("</title><defs><marker id=\"gantt-arrow\" viewBox=\"0 0 6 6\" refX=\"6\" refY=\"3\" markerWidth=\"6\" ")
        out.raw("markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L6,3 L0,6 z\" fill=\"#52606d\"/></marker></defs>")
        out.raw("<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
        // Every other row shaded, for the eye to follow a name to its bar.
        for row in stride(from: 1, to: rows, by: 2) {
            out.raw("<rect x=\"0\" y=\"\(Self.headerHeight + row * Self.rowHeight)\" width=\"\(width)\" ")
            out.raw("height=\"\(Self.rowHeight)\" fill=\"#f5f7fa\"/>")
        }
        drawAxis(&out, span: span, chartRight: chartRight, bodyBottom: bodyBottom, x: x)

        var rowOf: [UUID: Int] = [:]
        rowOf.reserveCapacity(bars.count)
        for (row, bar) in bars.enumerated() where rowOf[bar.id] == nil { rowOf[bar.id] = row }

        out.raw("<g class=\"tasks\">")
        for (row, bar) in bars.enumerated() {
            let top = Self.headerHeight + row * Self.rowHeight
            let start = min(bar.start, bar.due)
            let left = x(start)
            let length = (max(bar.start, bar.due).dayNumber - start.dayNumber + 1) * span.dayWidth
            let colours = Self.colours(bar.status)
            out.raw("<g><title>")
            out.text(bar.name)
            out.raw(" (\(bar.start) – \(bar.due))</title>")
            name(&out, bar.name, row: row)
            out.raw(
                "<rect x=\"\(left)\" y=\"\(top + 5)\" width=\"\(length)\" height=\"\(Self.rowHeight - 10)\" rx=\"3\" ")
            out.raw("fill=\"\(colours.fill)\"")
            if bar.status == .cancelled { out.raw(" stroke=\"#9aa5b1\" stroke-dasharray=\"3 2\"") }
            out.raw("/>")
            let progress = bar.status == .done ? 100 : bar.progress.map { min(100, max(0, $0)) } ?? 0
            if progress > 0 {
                out.raw("<rect x=\"\(left)\" y=\"\(top + 5)\" width=\"\(length * progress / 100)\" ")
                out.raw("height=\"\(Self.rowHeight - 10)\" rx=\"3\" fill=\"\(colours.progress)\"/>")
            }
            out.raw("</g>")
        }
        out.raw("</g><g class=\"dependencies\" fill=\"none\" stroke=\"#52606d\" stroke-width=\"1\">")
        for (row, bar) in bars.enumerated() where rowOf[bar.id] == row {
            var drawn = Set<Int>()
            for id in bar.predecessors {
                guard let from = rowOf[id], from != row, drawn.insert(from).inserted else { continue }
                let before = bars[from]
                let x1 = x(max(before.start, before.due)) + span.dayWidth
                let y1 = middle(from)
                let x2 = x(min(bar.start, bar.due))
                let y2 = middle(row)
                if x2 - x1 >= 12 {
                    out.raw("<path d=\"M\(x1) \(y1) H\(x1 + 6) V\(y2) H\(x2)\" marker-end=\"url(#gantt-arrow)\"/>")
                } else {
                    // Back along the gap between the rows, then down (or up) into the bar's start.
                    let gap = from < row ? y2 - Self.rowHeight / 2 : y2 + Self.rowHeight / 2
                    out.raw("<path d=\"M\(x1) \(y1) H\(x1 + 6) V\(gap) H\(x2 - 6) V\(y2) H\(x2)\" ")
                    out.raw("marker-end=\"url(#gantt-arrow)\"/>")
                }
            }
        }
        out.raw("</g><g class=\"milestones\">")
        for (index, milestone) in milestones.enumerated() {
            let row = bars.count + index
            let cx = x(milestone.date) + span.dayWidth / 2
            let cy = middle(row)
            out.raw("<g><title>")
            out.text(milestone.name)
            out.raw(" (\(milestone.date))</title>")
            name(&out, milestone.name, row: row)
            out.raw("<polygon points=\"\(cx),\(cy - 7) \(cx + 7),\(cy) \(cx),\(cy + 7) \(cx - 7),\(cy)\" ")
            out.raw(
                milestone.reached ? "fill=\"#7b4bd1\"/>" : "fill=\"#ffffff\" stroke=\"#7b4bd1\" stroke-width=\"2\"/>")
            out.raw("</g>")
        }
        out.raw("</g>")
        if let today, today.dayNumber >= span.first.dayNumber, today.dayNumber < span.first.dayNumber + span.days {
            let line = x(today) + span.dayWidth / 2
            out.raw("<g class=\"today\"><line x1=\"\(line)\" y1=\"\(Self.headerHeight)\" x2=\"\(line)\" ")
            out.raw("y2=\"\(bodyBottom)\" stroke=\"#d64545\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>")
            out.raw(
                "<text x=\"\(line)\" y=\"\(bodyBottom + 14)\" text-anchor=\"middle\" fill=\"#d64545\" font-size=\"11\">"
            )
            out.text(todayLabel ?? (isChinese ? "今天" : "Today"))
            out.raw("</text></g>")
        }
        out.raw("</svg>")
        return out.result
    }

    private var isChinese: Bool { locale.lowercased().hasPrefix("zh") }

    private func name(_ out: inout SVGText, _ text: String, row: Int) {
        out.raw(
            "<text x=\"8\" y=\"\(Self.headerHeight + row * Self.rowHeight + Self.rowHeight / 2 + 4)\" fill=\"#1f2933\">"
        )
        out.text(Self.truncated(text, width: Self.nameWidth))
        out.raw("</text>")
    }

    /// Month bands and labels, week lines and Mondays' day numbers, and the line under the header.
    private func drawAxis(
        _ out: inout SVGText, span: Span, chartRight: Int, bodyBottom: Int, x: (LocalDate) -> Int
    ) {
        out.raw("<g class=\"axis\" fill=\"#52606d\" font-size=\"11\">")
        let last = span.first.adding(days: span.days - 1)
        // Weeks: a light line on each Monday, the day of the month when there is room for it.
        var monday = span.first
        while monday <= last {
            let left = x(monday)
            if span.dayWidth >= 3 {
                out.raw("<line x1=\"\(left)\" y1=\"22\" x2=\"\(left)\" y2=\"\(bodyBottom)\" stroke=\"#e4e7eb\"/>")
            }
            if span.dayWidth >= 4 { out.raw("<text x=\"\(left + 3)\" y=\"38\">\(monday.day)</text>") }
            monday = monday.adding(days: 7)
        }
        // Months: a darker line where each begins, the label in the month's band.
        var month = LocalDate(year: span.first.year, month: span.first.month, day: 1)
        while month <= last {
            let next =
                month.month == 12
                ? LocalDate(year: month.year + 1, month: 1, day: 1)
                : LocalDate(year: month.year, month: month.month + 1, day: 1)
            let left = x(max(month, span.first))
            let right = x(min(next, last.adding(days: 1)))
            if month >= span.first {
                out.raw("<line x1=\"\(left)\" y1=\"0\" x2=\"\(left)\" y2=\"\(bodyBottom)\" stroke=\"#9aa5b1\"/>")
            }
            if let label = monthText(year: month.year, month: month.month, room: right - left) {
                out.raw("<text x=\"\(left + 4)\" y=\"16\" fill=\"#1f2933\">")
                out.text(label)
                out.raw("</text>")
            }
            month = next
        }
        out.raw("<line x1=\"0\" y1=\"\(Self.headerHeight)\" x2=\"\(chartRight)\" y2=\"\(Self.headerHeight)\" ")
        out.raw("stroke=\"#9aa5b1\"/></g>")
    }

    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// The month's label for a band `room` pixels wide: the full one, the month alone, or none.
    func monthText(year: Int, month: Int, room: Int) -> String? {
        if room >= 72 {
            if let monthLabel { return monthLabel(year, month) }
            return isChinese ? "\(year)年\(month)月" : "\(Self.englishMonths[month - 1]) \(year)"
        }
        if room >= 30 { return isChinese ? "\(month)月" : Self.englishMonths[month - 1] }
        return nil
    }

    static func colours(_ status: TaskStatus) -> (fill: String, progress: String) {
        switch status {
        case .notStarted: ("#cbd2d9", "#8796a5")
        case .inProgress: ("#a9c4f5", "#2f6fde")
        case .blocked: ("#f4b5b5", "#d64545")
        case .done: ("#8fd19e", "#3f9142")
        case .cancelled: ("#f0f2f4", "#cbd2d9")
        }
    }

    // MARK: Text

    /// The text cut to `width` half-width columns, with "…" at the end when cut; CJK and other wide characters
    /// count two columns.
    public static func truncated(_ text: String, width: Int) -> String {
        var total = 0
        for character in text { total += displayWidth(character) }
        guard total > width else { return text }
        var kept = ""
        var used = 0
        for character in text {
            let next = displayWidth(character)
            if used + next > width - 1 { break }
            kept.append(character)
            used += next
        }
        return kept + "…"
    }

    /// 2 for the East Asian wide and full-width characters (Han, kana, Hangul, full-width forms, wide emoji), else 1.
    public static func displayWidth(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first, scalar.value >= 0x1100 else { return 1 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}

/// SVG text being written: markup as given, user text escaped for XML.
struct SVGText {
    private(set) var result: String

    init(capacity: Int) {
        result = ""
        result.reserveCapacity(capacity)
    }

    mutating func raw(_ markup: String) {
        result += markup
    }

    /// `&`, `<`, `>`, `"` and `'` as entities (safe in text and in attribute values alike); characters XML 1.0
    /// cannot carry (controls other than tab and line breaks, U+FFFE, U+FFFF) dropped; tab and line breaks as spaces.
    mutating func text(_ text: String) {
        if !text.utf8.contains(where: {
            $0 < 0x20 || $0 == 0x22 || $0 == 0x26 || $0 == 0x27 || $0 == 0x3C || $0 == 0x3E || $0 == 0xEF
        }) {
            result += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
    }
}
