import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The assessment reminder: every ten minutes, requirements waiting for R&D longer than `LIAISON_ASSESSMENT_DAYS`
/// business days tell their department's leads, once per hand-off (`AssessmentReminders`). Departments have no
/// calendar of their own yet, so the days are counted on the default business calendar.
enum RequirementJobs {
    static let remind = JobHandler(kind: "requirements.assessmentReminder") { _, context in
        let result = try await remindAll(context.application, at: context.now)
        if result.reminded > 0 {
            context.logger.info("assessment reminders: \(result.reminded) requirements, \(result.notices) notices")
        }
    }

    static let recurring = RecurringJob(kind: remind.kind, interval: 600)

    static func remindAll(_ application: Application, at now: Date) async throws -> AssessmentReminders.Result {
        let days = application.context.config.assessmentDays
        let actor = AuditActor.system("requirements")
        return try await application.write { tx in
            let calendar = try await CalendarStore.defaultCalendar(by: actor, at: now, on: tx).business
            return try await AssessmentReminders.run(days: days, calendar: calendar, by: actor, at: now, on: tx)
        }
    }
}
