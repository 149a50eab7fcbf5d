import Foundation

/// The calendar prepared once per computation: blocks cleaned up and looked up by day number.
struct Schedule {
    let zone: TimeZone
    let week: [[WorkingBlock]]
    let makeupBlocks: [WorkingBlock]
    let holidays: Set<LocalDate>
    let makeupWorkdays: Set<LocalDate>
    /// A stretch of time in which the zone's offset from UTC does not change, learnt from the time-zone database
    /// as the computation goes (most zones have none for years, Asia/Shanghai none since 1991): inside it, a
    /// block's moments need no offset lookups. Nil: every moment is worked out from three lookups.
    private let steady: SteadyOffset?

    init(_ calendar: BusinessCalendar, learningSteadyOffsets: Bool = true) {
        steady = learningSteadyOffsets ? SteadyOffset() : nil
        zone = calendar.timeZone
        week = (0...7).map { Self.normalized(calendar.week[$0] ?? []) }
        makeupBlocks = Self.normalized(calendar.makeupBlocks)
        holidays = calendar.holidays
        makeupWorkdays = calendar.makeupWorkdays
    }

    var hasWorkingTime: Bool {
        week[1...7].contains { !$0.isEmpty } || (!makeupWorkdays.isEmpty && !makeupBlocks.isEmpty)
    }

    func blocks(on dayNumber: Int) -> [WorkingBlock] {
        let day = LocalDate(dayNumber: dayNumber)
        if !holidays.isEmpty && holidays.contains(day) { return [] }
        if !makeupWorkdays.isEmpty && makeupWorkdays.contains(day) { return makeupBlocks }
        return week[day.weekday]
    }

    /// The block's real time span, in seconds since the reference date like `Date` itself.
    func span(of block: WorkingBlock, on dayNumber: Int) -> (start: Double, end: Double) {
        (moment(dayNumber: dayNumber, minute: block.start), moment(dayNumber: dayNumber, minute: block.end))
    }

    /// The first moment whose wall clock shows `minute` on the day or later. `Calendar.date(from:)` would move a
    /// skipped time forward by the whole gap (02:30 → 03:30), which would shorten a block by more than the skipped
    /// part, and platforms differ on it; offsets from the time-zone database give one answer everywhere.
    func moment(dayNumber: Int, minute: Int) -> Double {
        let wallClock = dayNumber * 86_400 + minute * 60
        let fromReferenceDate = -978_307_200.0
        // The moment lies within 14 hours of the wall-clock value read as UTC; probing 36 hours either side finds
        // every offset that can apply, and equal probes (nearly always) mean there is no change nearby.
        if let steady, let offset = steady.offset(from: wallClock - 129_600, to: wallClock + 129_600) {
            return Double(wallClock - offset) + fromReferenceDate
        }
        let earlier = offset(at: wallClock - 129_600)
        let current = offset(at: wallClock)
        let later = offset(at: wallClock + 129_600)
        if earlier == current && current == later {
            if let steady {
                // From the earliest probe to the zone's next transition, the offset stays what it is there.
                let start = wallClock - 129_600
                let next = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: Double(start)))
                steady.learn(
                    from: start, until: next.map { Int($0.timeIntervalSince1970.rounded(.down)) } ?? Int.max,
                    offset: earlier)
            }
            return Double(wallClock - current) + fromReferenceDate
        }
        // Around a clock change: the larger offset gives the earlier moment, which is the first showing of a
        // repeated time.
        let candidates = Set([earlier, current, later]).sorted(by: >)
        for candidate in candidates where offset(at: wallClock - candidate) == candidate {
            return Double(wallClock - candidate) + fromReferenceDate
        }
        // A skipped time: the answer is the change itself, the first moment whose clock shows a later time.
        var before = wallClock - (candidates.first ?? 0)
        var after = wallClock - (candidates.last ?? 0)
        guard before < after, before + offset(at: before) < wallClock, after + offset(at: after) >= wallClock else {
            return Double(after) + fromReferenceDate
        }
        while after - before > 1 {
            let middle = before + (after - before) / 2
            if middle + offset(at: middle) >= wallClock {
                after = middle
            } else {
                before = middle
            }
        }
        return Double(after) + fromReferenceDate
    }

    private func offset(at secondsSince1970: Int) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(secondsSince1970)))
    }

    /// One stretch of steady offset (seconds since 1970, `until` exclusive); a computation runs on one thread.
    private final class SteadyOffset {
        private var from = Int.max
        private var until = Int.min
        private var offset = 0

        func offset(from start: Int, to end: Int) -> Int? {
            start >= from && end < until ? offset : nil
        }

        func learn(from start: Int, until end: Int, offset: Int) {
            guard end > start else { return }
            from = start
            until = end
            self.offset = offset
        }
    }

    /// Clamped into the day, sorted, overlaps merged, so that arithmetic never counts a minute twice.
    private static func normalized(_ blocks: [WorkingBlock]) -> [WorkingBlock] {
        let clamped = blocks.map { WorkingBlock(start: max(0, $0.start), end: min(1440, $0.end)) }
            .filter { $0.start < $0.end }
            .sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [WorkingBlock] = []
        for block in clamped {
            if let last = merged.last, block.start < last.end {
                merged[merged.count - 1].end = max(last.end, block.end)
            } else {
                merged.append(block)
            }
        }
        return merged
    }
}
