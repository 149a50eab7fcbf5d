import Foundation

/// Planned against done over a project's life (burn-up): for each week, how many tasks were due by then (the plan)
/// and how many were done by then, drawn as two step lines in SVG text, with today's line. Safe under a strict
/// content security policy like `RiskHeatMap`: no script, no `style`, every piece of text escaped; the output
/// depends only on the input.
public struct BurnUpChart: Sendable {
    /// One point of the chart: by the end of `day`, `planned` tasks were due and `done` were done.
    public struct Point: Sendable, Equatable, Codable {
        public var day: LocalDate
        public var planned: Int
        public var done: Int

        public init(day: LocalDate, planned: Int, done: Int) {
            self.day = day
            self.planned = planned
            self.done = done
        }
    }

    public struct Labels: Sendable {
        public var title: String
        public var planned: String
        public var done: String

        public init(title: String, planned: String, done: String) {
            self.title = title
            self.planned = planned
            self.done = done
        }
    }

    public var points: [Point]
    public var total: Int
    public var today: LocalDate
    public var labels: Labels

    public init(points: [Point], total: Int, today: LocalDate, labels: Labels) {
        self.points = points
        self.total = total
        self.today = today
        self.labels = labels
    }

    /// The most points a chart draws: weekly over three years.
    public static let maxPoints = 160

    /// Weekly points from the first day to the last (the project's dates, else its tasks'), from the tasks' due
    /// days (those without one count from the start) and the days they were done. Cancelled tasks are left out by
    /// the caller.
    public static func points(
        dueDays: [LocalDate?], doneDays: [LocalDate], from start: LocalDate, to end: LocalDate
    ) -> [Point] {
        guard start <= end else { return [] }
        let due = dueDays.map { $0 ?? start }.sorted()
        let done = doneDays.sorted()
        var result: [Point] = []
        var day = start.adding(days: 6)
        var (dueIndex, doneIndex) = (0, 0)
        while result.count < maxPoints {
            let at = min(day, end)
            while dueIndex < due.count, due[dueIndex] <= at { dueIndex += 1 }
            while doneIndex < done.count, done[doneIndex] <= at { doneIndex += 1 }
            result.append(Point(day: at, planned: dueIndex, done: doneIndex))
            if at == end { break }
            day = day.adding(days: 7)
        }
        return result
    }

    static let width = 640
    static let height = 260
    static let left = 44
    static let right = 16
    static let top = 36
    static let bottom = 40

    public func svg() -> String {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let ceiling = max(total, points.map { max($0.planned, $0.done) }.max() ?? 0, 1)
        var out = SVGText(capacity: 4_096)
        out.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.width)\" height=\"\(Self.height)\" ")
        out.raw("viewBox=\"0 0 \(Self.width) \(Self.height)\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"")
        out.text(labels.title)
        out.raw("\"><title>")
        out.text(labels.title)
        out.raw("</title><rect x=\"0\" y=\"0\" width=\"\(Self.width)\" height=\"\(Self.height)\" fill=\"#ffffff\"/>")
        out.raw("<text x=\"\(Self.left)\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"#1f2933\">")
        out.text(labels.title)
        out.raw("</text>")
        let baseline = Self.top + plotHeight
        out.raw("<line x1=\"\(Self.left)\" y1=\"\(baseline)\" x2=\"\(Self.left + plotWidth)\" y2=\"\(baseline)\" stroke=\"#9aa5b1\"/>")
        out.raw("<line x1=\"\(Self.left)\" y1=\"\(Self.top)\" x2=\"\(Self.left)\" y2=\"\(baseline)\" stroke=\"#9aa5b1\"/>")
        out.raw("<text x=\"\(Self.left - 6)\" y=\"\(Self.top + 4)\" text-anchor=\"end\" fill=\"#52606d\">\(ceiling)</text>")
        out.raw("<text x=\"\(Self.left - 6)\" y=\"\(baseline + 4)\" text-anchor=\"end\" fill=\"#52606d\">0</text>")
        guard let first = points.first, let last = points.last else {
            out.raw("</svg>")
            return out.result
        }
        let span = max(1, last.day.dayNumber - first.day.dayNumber)
        func x(_ day: LocalDate) -> Int {
            Self.left + Int(Double(plotWidth) * Double(day.dayNumber - first.day.dayNumber) / Double(span))
        }
        func y(_ value: Int) -> Int { baseline - Int(Double(plotHeight) * Double(value) / Double(ceiling)) }
        func line(_ value: (Point) -> Int, colour: String, dashed: Bool) {
            let path = points.map { "\(x($0.day)),\(y(value($0)))" }.joined(separator: " ")
            out.raw("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"")
            out.raw(dashed ? " stroke-dasharray=\"6 4\"/>" : "/>")
        }
        line(\.planned, colour: "#52606d", dashed: true)
        let reached = points.filter { $0.day <= today }
        if !reached.isEmpty {
            let path = reached.map { "\(x($0.day)),\(y($0.done))" }.joined(separator: " ")
            out.raw("<polyline points=\"\(path)\" fill=\"none\" stroke=\"#2e7d32\" stroke-width=\"3\"/>")
        }
        if today >= first.day && today <= last.day {
            let tx = x(today)
            out.raw("<line x1=\"\(tx)\" y1=\"\(Self.top)\" x2=\"\(tx)\" y2=\"\(baseline)\" stroke=\"#d64545\" stroke-dasharray=\"2 3\"/>")
        }
        out.raw("<text x=\"\(Self.left)\" y=\"\(baseline + 16)\" fill=\"#52606d\">\(first.day)</text>")
        out.raw("<text x=\"\(Self.left + plotWidth)\" y=\"\(baseline + 16)\" text-anchor=\"end\" fill=\"#52606d\">\(last.day)</text>")
        out.raw("<line x1=\"\(Self.left)\" y1=\"\(baseline + 30)\" x2=\"\(Self.left + 24)\" y2=\"\(baseline + 30)\" stroke=\"#52606d\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>")
        out.raw("<text x=\"\(Self.left + 30)\" y=\"\(baseline + 34)\" fill=\"#1f2933\">")
        out.text(labels.planned)
        out.raw("</text><line x1=\"\(Self.left + 200)\" y1=\"\(baseline + 30)\" x2=\"\(Self.left + 224)\" y2=\"\(baseline + 30)\" stroke=\"#2e7d32\" stroke-width=\"3\"/>")
        out.raw("<text x=\"\(Self.left + 230)\" y=\"\(baseline + 34)\" fill=\"#1f2933\">")
        out.text(labels.done)
        out.raw("</text></svg>")
        return out.result
    }
}
