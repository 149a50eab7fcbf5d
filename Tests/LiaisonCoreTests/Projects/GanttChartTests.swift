import Foundation
import Testing

@testable import LiaisonCore

@Suite struct GanttChartTests {
    let a = UUID()
    let b = UUID()

    func day(_ text: String) -> LocalDate {
        LocalDate(text) ?? LocalDate(year: 0, month: 0, day: 0)
    }

    /// Two tasks in the week of Mon 2026-01-05 (B waits for A), a milestone on Friday, today on Wednesday: seven
    /// days of 20 pixels after the 240-pixel name column.
    func smallPlan(locale: String = "en", names: (String, String) = ("Design", "Build")) -> GanttChart {
        GanttChart(
            bars: [
                .init(id: a, name: names.0, start: day("2026-01-05"), due: day("2026-01-06"), status: .done),
                .init(
                    id: b, name: names.1, start: day("2026-01-08"), due: day("2026-01-09"), status: .inProgress,
                    progress: 50, predecessors: [a]),
            ],
            milestones: [.init(id: UUID(), name: "Acceptance", date: day("2026-01-09"), reached: false)],
            today: day("2026-01-07"), locale: locale, title: "Work plan")
    }

    @Test func theDocumentHasItsSizeAndViewBox() throws {
        let svg = smallPlan().svg()
        #expect(
            svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" width="396" height="136" viewBox="0 0 396 136""#))
        #expect(svg.hasSuffix("</svg>"))
        #expect(try XMLCheck.elements(svg).first == "svg")
    }

    @Test func barsArrowsMilestonesAndTodayAreWhereTheirDatesAre() {
        let svg = smallPlan().svg()
        // A: Jan 5–6, two days from x 240; B: Jan 8–9 from x 300, half done.
        #expect(svg.contains(##"<rect x="240" y="49" width="40" height="14" rx="3" fill="#8fd19e"/>"##))
        #expect(svg.contains(##"<rect x="300" y="73" width="40" height="14" rx="3" fill="#a9c4f5"/>"##))
        #expect(svg.contains(##"<rect x="300" y="73" width="20" height="14" rx="3" fill="#2f6fde"/>"##))
        // From the end of A (x 280, row 0) to the start of B (x 300, row 1).
        #expect(svg.contains(#"<path d="M280 56 H286 V80 H300" marker-end="url(#gantt-arrow)"/>"#))
        #expect(svg.contains(##"<polygon points="330,97 337,104 330,111 323,104" fill="#ffffff" stroke="#7b4bd1""##))
        #expect(svg.contains(##"<line x1="290" y1="44" x2="290" y2="116" stroke="#d64545""##))
        #expect(svg.contains(">Today</text>"))
        #expect(svg.contains(">Jan 2026</text>"))
        #expect(svg.contains(#"<text x="243" y="38">5</text>"#))
    }

    @Test func chineseChartsLabelMonthsAndTodayInChinese() {
        let svg = smallPlan(locale: "zh-Hans", names: ("需求分析", "开发")).svg()
        #expect(svg.contains(">2026年1月</text>"))
        #expect(svg.contains(">今天</text>"))
        #expect(svg.contains(">需求分析</text>"))
        let custom = GanttChart(
            bars: smallPlan().bars, today: day("2026-01-07"), todayLabel: "Now", monthLabel: { "\($1)/\($0)" }
        ).svg()
        #expect(custom.contains(">Now</text>") && custom.contains(">1/2026</text>"))
    }

    @Test func userTextIsEscapedEverywhere() throws {
        let nasty = #"<script>alert("x")</script> & 'more'"#
        var plan = smallPlan(names: (nasty, "研发 & 测试"))
        plan.title = #"Plan "A" <b>"#
        plan.milestones[0].name = "</text><script>"
        let svg = plan.svg()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;more&apos;"))
        #expect(svg.contains("研发 &amp; 测试"))
        #expect(svg.contains(#"aria-label="Plan &quot;A&quot; &lt;b&gt;""#))
        #expect(svg.contains("&lt;/text&gt;&lt;script&gt;"))
        _ = try XMLCheck.elements(svg)
    }

    @Test func charactersXMLCannotCarryAreDropped() throws {
        let svg = smallPlan(names: ("a\u{0}b\u{1B}c\u{FFFE}d", "line\nbreak\ttab")).svg()
        #expect(svg.contains(">abcd<"))
        #expect(svg.contains(">line break tab<"))
        _ = try XMLCheck.elements(svg)
    }

    @Test func theChartCarriesNoScriptAndNoStyle() {
        let svg = smallPlan().svg().lowercased()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("style"))
        #expect(!svg.contains("javascript:"))
        #expect(!svg.contains(" on"))  // no event handler attributes
    }

    @Test func longNamesAreCutByDisplayWidth() {
        #expect(GanttChart.truncated(String(repeating: "x", count: 34), width: 34) == String(repeating: "x", count: 34))
        #expect(
            GanttChart.truncated(String(repeating: "x", count: 35), width: 34) == String(repeating: "x", count: 33)
                + "…")
        // Seventeen Han characters fill 34 columns; eighteen are cut to sixteen and the ellipsis.
        #expect(GanttChart.truncated(String(repeating: "项", count: 17), width: 34) == String(repeating: "项", count: 17))
        #expect(
            GanttChart.truncated(String(repeating: "项", count: 18), width: 34) == String(repeating: "项", count: 16)
                + "…")
        #expect(GanttChart.truncated("ab项目cd", width: 6) == "ab项…")
        #expect(
            GanttChart.displayWidth("項") == 2 && GanttChart.displayWidth("ｶ") == 1 && GanttChart.displayWidth("Ａ") == 2)
        #expect(
            GanttChart.displayWidth("é") == 1 && GanttChart.displayWidth("한") == 2 && GanttChart.displayWidth("😀") == 2)
        let svg = smallPlan(names: (String(repeating: "需", count: 40), "B")).svg()
        #expect(svg.contains(">" + String(repeating: "需", count: 16) + "…</text>"))
        // The whole name stays in the tooltip.
        #expect(svg.contains("<title>" + String(repeating: "需", count: 40) + " (2026-01-05 – 2026-01-06)</title>"))
    }

    @Test func theTodayLineIsLeftOutWhenTodayIsOffTheChart() {
        var plan = smallPlan()
        plan.today = day("2026-02-01")
        #expect(!plan.svg().contains("class=\"today\""))
        plan.today = nil
        #expect(!plan.svg().contains("class=\"today\""))
    }

    @Test func anArrowToATaskStartingBeforeItsPredecessorEndsGoesRoundBetweenTheRows() {
        var plan = smallPlan()
        plan.bars[1].start = day("2026-01-06")
        // A ends at x 280; B starts at x 260: along the gap between rows 0 and 1 (y 68), into B from the left.
        #expect(plan.svg().contains(#"<path d="M280 56 H286 V68 H254 V80 H260" marker-end="url(#gantt-arrow)"/>"#))
    }

    @Test func unknownAndRepeatedPredecessorsDrawNoExtraArrows() {
        var plan = smallPlan()
        plan.bars[1].predecessors = [a, a, UUID(), b]
        #expect(plan.svg().components(separatedBy: "marker-end=").count - 1 == 1)
    }

    @Test func anEmptyPlanIsAnEmptyWeek() throws {
        let svg = GanttChart(bars: [], today: day("2026-03-04"), title: "Empty").svg()
        // Mon Mar 2 to Sun Mar 8: 7 days of 20 pixels, no rows.
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" width="396" height="64""#))
        #expect(svg.contains("class=\"today\""))
        _ = try XMLCheck.elements(svg)
    }

    @Test func longPlansGetNarrowerDays() {
        let long = GanttChart(bars: [
            .init(id: a, name: "Long", start: day("2026-01-05"), due: day("2026-12-31"), status: .notStarted)
        ])
        #expect(long.span.dayWidth == 5)
        #expect(long.span.first == day("2026-01-05"))
        #expect(long.span.days == 364)
        let short = smallPlan()
        #expect(short.span == GanttChart.Span(first: day("2026-01-05"), days: 7, dayWidth: 20))
    }

    /// 400 tasks, each waiting for the one before: well-formed, one arrow per dependency, the same text each time.
    @Test func aLargePlanIsWellFormedAndDeterministic() throws {
        let ids = (0..<400).map { _ in UUID() }
        let start = day("2026-01-05")
        let bars = ids.indices.map { index in
            GanttChart.Bar(
                id: ids[index], name: "任务 \(index) <\(index)> & 'x'", start: start.adding(days: index / 2),
                due: start.adding(days: index / 2 + 3 + index % 5), status: TaskStatus.allCases[index % 5],
                progress: index % 101, predecessors: index > 0 ? [ids[index - 1]] : [])
        }
        let milestones = (0..<10).map {
            GanttChart.Milestone(id: UUID(), name: "M\($0)", date: start.adding(days: $0 * 20))
        }
        let chart = GanttChart(
            bars: bars, milestones: milestones, today: start.adding(days: 90), locale: "zh-Hans", title: "大计划")
        let svg = chart.svg()
        #expect(svg == chart.svg())
        let elements = try XMLCheck.elements(svg)
        #expect(elements.filter { $0 == "polygon" }.count == 10)
        #expect(svg.components(separatedBy: "marker-end=").count - 1 == 399)
        #expect(svg.contains(#"height="\#(44 + 410 * 24 + 20)""#))
    }
}

/// A small well-formedness check of the chart's XML, since `XMLParser` lives in FoundationXML on Linux, which the
/// test target does not import: elements nest and close, attributes are quoted, text and attribute values hold no
/// raw `<` and only the five named entities. Returns the element names in document order.
enum XMLCheck {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func elements(_ text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        var index = 0
        var open: [String] = []
        var names: [String] = []
        var roots = 0
        func fail(_ why: String) -> Malformed { Malformed(description: "\(why) at byte \(index)") }
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x2D || byte == 0x3A || byte == 0x5F
        }
        func name() throws -> String {
            let start = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            guard index > start else { throw fail("expected a name") }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        func entity() throws {
            let rest = bytes[index...].prefix(6)
            for entity in ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"] where rest.starts(with: entity.utf8) {
                index += entity.utf8.count
                return
            }
            throw fail("bad entity")
        }
        func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "<"):
                index += 1
                guard index < bytes.count else { throw fail("end inside a tag") }
                if bytes[index] == UInt8(ascii: "/") {
                    index += 1
                    let closing = try name()
                    guard open.popLast() == closing, index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                        throw fail("mismatched </\(closing)>")
                    }
                    index += 1
                    continue
                }
                let element = try name()
                if open.isEmpty { roots += 1 }
                names.append(element)
                var attributes = Set<String>()
                while true {
                    skipSpace()
                    guard index < bytes.count else { throw fail("end inside <\(element)>") }
                    if bytes[index] == UInt8(ascii: ">") {
                        open.append(element)
                        index += 1
                        break
                    }
                    if bytes[index] == UInt8(ascii: "/") {
                        guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") else {
                            throw fail("bad />")
                        }
                        index += 2
                        break
                    }
                    let attribute = try name()
                    guard attributes.insert(attribute).inserted else { throw fail("repeated \(attribute)") }
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "="),
                        bytes[index + 1] == UInt8(ascii: "\"")
                    else { throw fail("unquoted \(attribute)") }
                    index += 2
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                        if bytes[index] == UInt8(ascii: "<") { throw fail("< in \(attribute)") }
                        if bytes[index] == UInt8(ascii: "&") { try entity() } else { index += 1 }
                    }
                    guard index < bytes.count else { throw fail("unterminated \(attribute)") }
                    index += 1
                }
            case UInt8(ascii: "&"):
                try entity()
            default:
                if open.isEmpty { throw fail("text outside the root") }
                if bytes[index] < 0x20 && bytes[index] != 0x0A && bytes[index] != 0x09 && bytes[index] != 0x0D {
                    throw fail("control character")
                }
                index += 1
            }
        }
        guard open.isEmpty, roots == 1 else { throw Malformed(description: "unclosed \(open) or \(roots) roots") }
        return names
    }
}
