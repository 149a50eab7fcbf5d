import Foundation

/// The time-expression recogniser: finds promised times in zh and en and resolves each on the sender's business
/// calendar to a due moment (rules in `CommitmentResolver`). Pure and linear in the text's length.
public enum CommitmentTime {
    /// The commitments of `text`, in text order.
    public static func find(in text: String, calendar: BusinessCalendar, now: Date) -> [CommitmentCandidate] {
        scan(Array(text.unicodeScalars), calendar: calendar, now: now).candidates
    }

    /// The longest text scanned, in scalars; the rest of a longer text is not read for times.
    static let maximumScanLength = 200_000

    /// Commitments and the date problems met on the way.
    static func scan(_ scalars: [Unicode.Scalar], calendar: BusinessCalendar, now: Date)
        -> (candidates: [CommitmentCandidate], issues: [CommitmentIssue])
    {
        let text = TimeText(scalars.count > maximumScanLength ? Array(scalars[..<maximumScanLength]) : scalars)
        let atoms = self.atoms(in: text)
        let resolver = CommitmentResolver(calendar: calendar, now: now)
        var candidates: [CommitmentCandidate] = []
        var issues: [CommitmentIssue] = []
        let groups = self.groups(atoms, in: text)
        var skipped = Set<Int>()
        for (index, group) in groups.enumerated() where index + 1 < groups.count {
            // 9月25日至27日, Oct 1 - Oct 7: a period, not a promise.
            if let end = group.last?.end, let next = groups[index + 1].first?.start, isRangeJoiner(text, end, next) {
                skipped.formUnion([index, index + 1])
            }
        }
        for (index, group) in groups.enumerated() where !skipped.contains(index) {
            if let invalid = group.first(where: { $0.value == .invalid }) {
                issues.append(
                    CommitmentIssue(
                        code: .invalid, start: invalid.start, end: invalid.end,
                        argument: excerpt(scalars, invalid.start, invalid.end)))
                continue
            }
            let start = group.first?.start ?? 0
            let end = group.last?.end ?? 0
            let impliedPart =
                group.first.flatMap { ChineseTimeAtoms.impliedPart(in: text, at: $0.start) }
                ?? (text.has(TimeText.word("tonight"), at: start) ? .evening : nil)
            guard let resolution = resolver.resolve(group, impliedPart: impliedPart, text: text) else { continue }
            switch resolution {
            case .reference:
                continue
            case .invalid:
                issues.append(
                    CommitmentIssue(code: .invalid, start: start, end: end, argument: excerpt(scalars, start, end)))
            case .due(let due, let movedFromDayOff):
                let isDeadline = group.contains { $0.value == .marker } || hasDeadlineTail(text, end)
                if due < now {
                    // A past date without 前 / by is a reference to what happened ("您10月15日提交的工单").
                    guard isDeadline || resolver.isRelativeToToday(group) else { continue }
                    issues.append(CommitmentIssue(code: .past, start: start, end: end, argument: resolver.label(due)))
                }
                if movedFromDayOff && !mentionsDayOff(scalars, around: start) {
                    issues.append(
                        CommitmentIssue(code: .holiday, start: start, end: end, argument: resolver.label(due)))
                }
                candidates.append(
                    CommitmentCandidate(text: excerpt(scalars, start, end), start: start, end: end, dueAt: due))
            }
        }
        return (candidates, issues)
    }

    /// Every atom of the text, left to right, none overlapping.
    static func atoms(in text: TimeText) -> [TimeAtom] {
        var atoms: [TimeAtom] = []
        var index = 0
        while index < text.count {
            if let atom = ChineseTimeAtoms.atom(in: text, at: index) ?? EnglishTimeAtoms.atom(in: text, at: index),
                atom.end > index
            {
                atoms.append(atom)
                index = atom.end
            } else {
                index += 1
            }
        }
        return atoms
    }

    /// Atoms that belong together: neighbours separated by nothing or by filler (spaces, 的, at, on, the, commas,
    /// brackets), with at most one day, one part and one clock each. Markers (前, by) join the group they touch but
    /// never make one alone.
    static func groups(_ atoms: [TimeAtom], in text: TimeText) -> [[TimeAtom]] {
        var groups: [[TimeAtom]] = []
        var current: [TimeAtom] = []
        func flush() {
            if current.contains(where: { $0.value != .marker }) {
                while current.first?.value == .marker, current.count > 1, !isLeadingMarker(current[0], text) {
                    current.removeFirst()
                }
                while current.last?.value == .marker, !isTrailingMarker(current[current.count - 1], text) {
                    current.removeLast()
                }
                groups.append(current)
            }
            current = []
        }
        for atom in atoms {
            if let last = current.last, isFiller(text, last.end, atom.start), fits(atom, into: current) {
                current.append(atom)
            } else {
                flush()
                current = [atom]
            }
        }
        flush()
        return groups
    }

    /// Markers always join; a day, a part or a clock only when the group has none of its kind yet.
    private static func fits(_ atom: TimeAtom, into group: [TimeAtom]) -> Bool {
        func category(_ value: TimeAtom.Value) -> Int {
            switch value {
            case .day: 0
            case .part: 1
            case .clock: 2
            case .invalid: 3
            case .marker: 4
            }
        }
        let own = category(atom.value)
        if own >= 3 { return true }
        // 10月10日（周六） or 周六（10月10日）: the weekday repeats the date.
        if case .day(let day) = atom.value,
            let other = group.lazy.compactMap({ atom -> TimeAtom.Day? in
                if case .day(let value) = atom.value { return value }
                return nil
            }).first
        {
            return isDateAndWeekday(day, other) && group.filter({ category($0.value) == 0 }).count == 1
        }
        return !group.contains { category($0.value) == own }
    }

    private static func isDateAndWeekday(_ first: TimeAtom.Day, _ second: TimeAtom.Day) -> Bool {
        switch (first, second) {
        case (.date, .weekday), (.weekday, .date), (.date, .offset), (.offset, .date): true
        default: false
        }
    }

    private static func isLeadingMarker(_ atom: TimeAtom, _ text: TimeText) -> Bool {
        TimeText.isLetter(text[atom.start])
    }

    private static func isTrailingMarker(_ atom: TimeAtom, _ text: TimeText) -> Bool {
        !TimeText.isLetter(text[atom.start])
    }

    private static let rangeJoiners: Set<String> = ["至", "到", "-", "~", "～", "—", "–", "to", "through", "and"]

    private static func isRangeJoiner(_ text: TimeText, _ from: Int, _ to: Int) -> Bool {
        guard to > from, to - from <= 9 else { return false }
        var view = String.UnicodeScalarView()
        for index in from..<to {
            if let scalar = Unicode.Scalar(text[index]) { view.append(scalar) }
        }
        return rangeJoiners.contains(String(view).trimmingCharacters(in: .whitespaces))
    }

    private static let fillers: Set<String> = [
        "", "的", "at", "on", "the", "of", "in", "in the", ",", "，", "(", "（", ")", "）", "、", "-", "at the", "on the",
        "this", "the end of", "end of", "之", "在", "到",
    ]

    private static func isFiller(_ text: TimeText, _ from: Int, _ to: Int) -> Bool {
        guard to >= from, to - from <= 12 else { return false }
        var view = String.UnicodeScalarView()
        for index in from..<to {
            if let scalar = Unicode.Scalar(text[index]) { view.append(scalar) }
        }
        let trimmed = String(view).trimmingCharacters(in: .whitespaces)
        return fillers.contains(trimmed)
    }

    private static func hasDeadlineTail(_ text: TimeText, _ end: Int) -> Bool {
        text.has(TimeText.word("前"), at: end) || text.has(TimeText.word("之前"), at: end)
            || text.has(TimeText.word("以前"), at: end)
    }

    /// Whether the sentence around `index` itself speaks of the day off (顺延, 放假, holiday …): the sender knows.
    static func mentionsDayOff(_ scalars: [Unicode.Scalar], around index: Int) -> Bool {
        let sentence = Sentences.range(around: index, in: scalars)
        let text = excerpt(scalars, sentence.lowerBound, sentence.upperBound).lowercased()
        return dayOffWords.contains { text.contains($0) }
    }

    static let dayOffWords = ["放假", "假期", "节假日", "休息日", "顺延", "holiday", "day off", "weekend", "postpone", "moves to"]

    static func excerpt(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> String {
        guard start < end, start >= 0, end <= scalars.count else { return "" }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}
