import Foundation

/// What a notification tells a person about. Each kind has its own preferences: shown in Liaison, sent by email,
/// posted to the department's chat group.
public enum NotificationKind: String, CaseIterable, Codable, Sendable {
    case mention
    case assigned
    case customerReply
    case slaWarning
    case slaBreach
    case mailFailed
    case calendarNeedsYear
    case webhookDisabled
    case robotDisabled
    /// A requirement handed to one's department waits longer than its assessment period.
    case assessmentDue
    /// A report, meeting or review of a communication plan one owns is coming up.
    case communicationDue
    /// A report, meeting or review of a communication plan one owns or manages was not done by its due time.
    case communicationMissed
    /// A task one owns or manages is still open after its due day.
    case taskOverdue
    /// A milestone of a project one manages was not reached by its date.
    case milestoneSlipping
    /// An improvement action one owns is due tomorrow.
    case improvementDue
    /// An improvement action one owns is past its due day.
    case improvementOverdue
    /// The customer approved or rejected a change request of a project one manages or whose change one proposed.
    case changeRequestDecided
    /// A commitment one owns is coming due (the reminder lead time before it).
    case commitmentDue
    /// A commitment one owns, or whose owner one leads, passed its due time while open.
    case commitmentBreached
    /// Something that waits on one's contact: a quiet customer, a waiting request, a commitment due tomorrow, a
    /// communication-plan item coming due.
    case nudge

    /// What a person gets when they have set nothing for the kind: shown in Liaison only.
    public static let defaultPreference = NotificationPreference(inApp: true, email: false, chat: false)
}

/// Where notifications of one kind reach a person.
public struct NotificationPreference: Codable, Sendable, Equatable {
    /// Listed as unread in the notification centre and counted in the header (off: kept in the list as read).
    public var inApp: Bool
    public var email: Bool
    /// Posted by the person's department's chat robots, naming the person.
    public var chat: Bool

    public init(inApp: Bool, email: Bool, chat: Bool) {
        self.inApp = inApp
        self.email = email
        self.chat = chat
    }
}

/// A daily span, in minutes after midnight on the person's clock, when nothing is sent to them by email or chat;
/// what falls in it waits for its end. A span whose end is before its start runs past midnight (22:00–08:00).
public struct QuietHours: Codable, Sendable, Equatable {
    public var start: Int
    public var end: Int

    /// nil unless both are minutes of a day (0..<1440) and differ.
    public init?(start: Int, end: Int) {
        guard (0..<1440).contains(start), (0..<1440).contains(end), start != end else { return nil }
        self.start = start
        self.end = end
    }

    /// `"22:00"` → 1320; nil for anything but a 24-hour clock time.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
            parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
            let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// `1320` → `"22:00"`.
    public static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// When something due at `date` may be sent: `date` itself outside the span, else the span's end (on the
    /// person's clock, across daylight-saving changes as the time zone has them).
    public func release(_ date: Date, in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let now = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        let inside = start < end ? (now >= start && now < end) : (now >= start || now < end)
        guard inside else { return date }
        let dayStart = calendar.startOfDay(for: date)
        // The end is today when it is still ahead on the clock, else tomorrow.
        let endDay = now < end ? dayStart : (calendar.date(byAdding: .day, value: 1, to: dayStart) ?? dayStart)
        return calendar.date(bySettingHour: end / 60, minute: end % 60, second: 0, of: endDay) ?? date
    }
}
