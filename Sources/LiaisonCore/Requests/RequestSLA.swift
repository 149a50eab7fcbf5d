import Foundation

/// The three response-time measures of a request.
public enum SLAMetric: String, CaseIterable, Codable, Sendable {
    case firstResponse
    case nextResponse
    case resolution

    public var labelKey: String { "slaMetric.\(rawValue)" }
}

/// What the escalation sweep must do for a request now.
public struct SLAEvent: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable { case warning, breach }

    public var metric: SLAMetric
    public var kind: Kind

    public init(metric: SLAMetric, kind: Kind) {
        self.metric = metric
        self.kind = kind
    }

    /// Stored on the request once handled, so the sweep never acts twice.
    public var key: String { "\(metric.rawValue).\(kind.rawValue)" }
}

/// The SLA state of one request: its targets and a clock per measure. Clocks pause while the company waits on the
/// customer; the first-response and next-response clocks stop at a public reply; the resolution clock stops when the
/// request is resolved and runs again if it is reopened.
public struct RequestSLA: Sendable, Equatable, Codable {
    public var targets: SLATargets
    public var firstResponse: SLAClock?
    public var firstRespondedAt: Date?
    public var nextResponse: SLAClock?
    public var resolution: SLAClock

    public static func start(_ targets: SLATargets, at now: Date) -> RequestSLA {
        RequestSLA(
            targets: targets, firstResponse: SLAClock(targetMinutes: targets.firstResponse, startedAt: now),
            firstRespondedAt: nil, nextResponse: nil,
            resolution: SLAClock(targetMinutes: targets.resolution, startedAt: now))
    }

    /// Status changes pause and resume the running clocks.
    public mutating func statusChanged(to status: RequestStatus, at now: Date, calendar: BusinessCalendar) {
        if status.clocksRun {
            firstResponse?.resume(at: now)
            nextResponse?.resume(at: now)
            resolution.resume(at: now)
        } else {
            firstResponse?.pause(at: now, calendar: calendar)
            nextResponse?.pause(at: now, calendar: calendar)
            resolution.pause(at: now, calendar: calendar)
        }
    }

    /// A public reply to the customer answers whatever the company owed.
    public mutating func publicReply(at now: Date) {
        if firstResponse != nil {
            firstResponse = nil
            firstRespondedAt = now
        }
        nextResponse = nil
    }

    /// A message from the customer after the first answer starts the next-response clock.
    public mutating func customerMessage(at now: Date, status: RequestStatus) {
        guard firstRespondedAt != nil, nextResponse == nil else { return }
        var clock = SLAClock(targetMinutes: targets.nextResponse, startedAt: now)
        if !status.clocksRun { clock.runningSince = nil }
        nextResponse = clock
    }

    /// New targets after a change of kind or priority; time already used still counts.
    public mutating func retarget(_ new: SLATargets) {
        targets = new
        firstResponse?.targetMinutes = new.firstResponse
        nextResponse?.targetMinutes = new.nextResponse
        resolution.targetMinutes = new.resolution
    }

    public func clock(_ metric: SLAMetric) -> SLAClock? {
        switch metric {
        case .firstResponse: firstResponse
        case .nextResponse: nextResponse
        case .resolution: resolution
        }
    }

    public func dueDate(_ metric: SLAMetric, calendar: BusinessCalendar) -> Date? {
        clock(metric)?.dueDate(calendar: calendar)
    }

    /// Warnings and breaches that are due now and not yet handled.
    public func events(at now: Date, calendar: BusinessCalendar, warnShare: Double, handled: Set<String>) -> [SLAEvent] {
        var events: [SLAEvent] = []
        for metric in SLAMetric.allCases {
            guard let clock = clock(metric), clock.isRunning else { continue }
            let breach = SLAEvent(metric: metric, kind: .breach)
            let warning = SLAEvent(metric: metric, kind: .warning)
            if clock.isBreached(at: now, calendar: calendar) {
                if !handled.contains(breach.key) { events.append(breach) }
            } else if let warnAt = clock.warningDate(share: warnShare, calendar: calendar), warnAt <= now,
                !handled.contains(warning.key)
            {
                events.append(warning)
            }
        }
        return events
    }

    /// The next moment the sweep must look at this request: the earliest unhandled warning or breach of a running
    /// clock; nil when nothing is running.
    public func nextCheck(calendar: BusinessCalendar, warnShare: Double, handled: Set<String>) -> Date? {
        var moments: [Date] = []
        for metric in SLAMetric.allCases {
            guard let clock = clock(metric), clock.isRunning,
                !handled.contains(SLAEvent(metric: metric, kind: .breach).key)
            else { continue }
            if !handled.contains(SLAEvent(metric: metric, kind: .warning).key),
                let warn = clock.warningDate(share: warnShare, calendar: calendar)
            {
                moments.append(warn)
            } else if let due = clock.dueDate(calendar: calendar) {
                // A breach is "now later than the due time": look one second after it.
                moments.append(due.addingTimeInterval(1))
            }
        }
        return moments.min()
    }
}
