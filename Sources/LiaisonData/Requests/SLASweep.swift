import FluentKit
import Foundation
import LiaisonCore

/// The escalation sweep, run by the job runner: warns the assignee at the configured share of a target, records a
/// breach on the request for good, tells the queue's department leads, and supervisors for complaints. Each event is
/// handled once (its key is stored on the request), so running the sweep twice changes nothing.
public enum SLASweep {
    public struct Result: Sendable, Equatable {
        public var examined = 0
        public var warnings = 0
        public var breaches = 0
        /// Due requests left alone because their stored SLA state does not decode (logged and counted by
        /// `JSONColumn`): the sweep goes on with the others rather than stop, or act on a made-up state.
        public var damaged = 0

        public init() {}
    }

    public static func run(
        settings: RequestSettings, by actor: AuditActor, at now: Date, batch: Int = 500, on tx: any Database
    ) async throws -> Result {
        var result = Result()
        let due = try await RequestModel.due(at: now, limit: batch, on: tx)
        var calendars: [UUID?: BusinessCalendar] = [:]
        let directory = Directory()
        for request in due {
            let state: RequestSLA
            var handled: Set<String>
            var breaches: Set<SLAMetric>
            do {
                (state, handled, breaches) = (try request.slaState, try request.handled, try request.breachSet)
            } catch is JSONColumn.Undecodable {
                result.damaged += 1
                continue
            }
            result.examined += 1
            let calendar: BusinessCalendar
            if let cached = calendars[request.slaPolicyID] {
                calendar = cached
            } else {
                calendar = try await RequestCommands.calendar(for: request.slaPolicyID, by: actor, at: now, on: tx)
                calendars[request.slaPolicyID] = calendar
            }
            let events = state.events(at: now, calendar: calendar, warnShare: settings.warnShare, handled: handled)
            let breachedBefore = breaches
            for event in events {
                handled.insert(event.key)
                switch event.kind {
                case .warning:
                    result.warnings += 1
                    try await warn(request, event, directory: directory, at: now, on: tx)
                case .breach:
                    result.breaches += 1
                    handled.insert(SLAEvent(metric: event.metric, kind: .warning).key)
                    breaches.insert(event.metric)
                    request.setBreachSet(breaches)
                    try await breach(request, event, directory: directory, by: actor, at: now, on: tx)
                }
            }
            request.setHandled(handled)
            try RequestCommands.refresh(request, calendar: calendar, settings: settings)
            try await request.save(on: tx)
            if breaches != breachedBefore {
                LiveEvents.announce(.requestChanged(request.id!, customer: request.customerID))
            }
        }
        return result
    }

    private static func warn(
        _ request: RequestModel, _ event: SLAEvent, directory: Directory, at now: Date, on tx: any Database
    ) async throws {
        var recipients: [UUID]
        if let assignee = request.assigneeID {
            recipients = [assignee]
        } else {
            recipients = try await directory.leads(of: request, on: tx)
        }
        for person in recipients {
            try await NotificationStore.add(
                to: person, kind: .slaWarning, textKey: "notify.slaWarning",
                values: [RequestNumber.format(Int(request.number)), request.subject, event.metric.rawValue],
                subject: .request(request.id!), about: request.customerID, dedupeKey: "\(request.id!).\(event.key)",
                at: now, on: tx)
        }
    }

    private static func breach(
        _ request: RequestModel, _ event: SLAEvent, directory: Directory, by actor: AuditActor, at now: Date,
        on tx: any Database
    ) async throws {
        var recipients = Set(try await directory.leads(of: request, on: tx))
        if let assignee = request.assigneeID { recipients.insert(assignee) }
        if request.kind == RequestKind.complaint.rawValue {
            recipients.formUnion(try await directory.people(with: .supervisor, on: tx))
        }
        // People who may not know the customer (a lead outside a confidential customer's team) are not told.
        var notified = 0
        for person in recipients.sorted(by: { $0.idText < $1.idText }) {
            let told = try await NotificationStore.add(
                to: person, kind: .slaBreach, textKey: "notify.slaBreach",
                values: [RequestNumber.format(Int(request.number)), request.subject, event.metric.rawValue],
                subject: .request(request.id!), about: request.customerID,
                dedupeKey: "\(request.id!).\(event.key)", at: now, on: tx)
            if told { notified += 1 }
        }
        var changes = AuditChanges()
        changes.note("metric", event.metric.rawValue)
        changes.note("notified", String(notified))
        if notified < recipients.count { changes.note("withheld", String(recipients.count - notified)) }
        try await AuditLog.append(
            .requestBreached, recordType: .request, recordID: request.id!.idText, changes: changes, by: actor,
            at: now, on: tx)
    }

    /// Who leads what, read once per sweep run: a catch-up sweep escalates thousands of requests of the same few
    /// departments in one transaction.
    final class Directory: @unchecked Sendable {
        private var roles: [Role: [UUID]] = [:]
        private var departments: [UUID: UUID?] = [:]
        private var leadsByDepartment: [UUID: [UUID]] = [:]

        /// Department leads of the request's queue, else of the assignee's department, else every department lead.
        func leads(of request: RequestModel, on tx: any Database) async throws -> [UUID] {
            var department = request.queueID
            if department == nil, let assignee = request.assigneeID {
                if let known = departments[assignee] {
                    department = known
                } else {
                    department = try await UserModel.find(assignee, on: tx)?.$department.id
                    departments[assignee] = department
                }
            }
            let leads = try await people(with: .departmentLead, on: tx)
            guard let department else { return leads }
            if let known = leadsByDepartment[department] { return known }
            let inDepartment = try await UserModel.query(on: tx).filter(\.$id ~~ leads)
                .filter(\.$department.$id == department).all().compactMap(\.id)
            let chosen = inDepartment.isEmpty ? leads : inDepartment
            leadsByDepartment[department] = chosen
            return chosen
        }

        func people(with role: Role, on tx: any Database) async throws -> [UUID] {
            if let known = roles[role] { return known }
            let found = try await UserModel.query(on: tx).filter(\.$active == true)
                .join(UserRoleModel.self, on: \UserRoleModel.$user.$id == \UserModel.$id)
                .filter(UserRoleModel.self, \.$role == role.rawValue).all().compactMap(\.id)
            roles[role] = found
            return found
        }
    }
}
