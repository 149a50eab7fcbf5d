import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Shipped migrations carry the values they used; the queries that rely on what those migrations built (partial
/// indexes) say the same thing in live code. When one changes, the other must, through a new migration.
@Suite struct MigrationValuesTests {
    @Test func openRequestsConditionMatchesTheQueueIndexes() {
        #expect(RequestQueueOrder.openCondition == AddRequestQueueOrder.openCondition)
    }

    @Test func nameKindsMatchTheNameIndex() {
        #expect(SearchQueries.nameKinds == AddSearchNameIndex.nameKinds)
    }

    @Test func theRequirementEntriesOf110AreTheLiveTimelineKind() {
        #expect(CreateProjectRequirements.kind == TimelineEntry.Kind.requirement.rawValue)
        let longest = TimelineWriter.excerpt(of: String(repeating: "x", count: 999))
        #expect(CreateProjectRequirements.excerptLength == longest.count)
    }

    /// The migration log knows each migration by name: ours must stay what Fluent's default made of them.
    @Test func migrationsKeepTheNamesTheLogKnows() {
        for migration in Migrations.all {
            #expect(migration.name == String(reflecting: type(of: migration)))
            #expect(migration.name.hasPrefix("LiaisonData."))
        }
        #expect(Migrations.all.first?.name == "LiaisonData.CreateDepartments")
        #expect(Set(Migrations.all.map(\.name)).count == Migrations.all.count)
    }
}

/// Migration 033 reads the subject of existing notifications from the links written before it.
@Suite struct NotificationSubjectMigrationTests {
    let request = UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!
    let message = UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5C")!

    @Test func requestLinksNameTheRequestAndTheMessage() {
        let plain = UpdateNotificationsForSubjects.subject(of: "/requests/\(request.uuidString)")
        #expect(plain?.kind == "request" && plain?.id == request && plain?.message == nil)
        let anchored = UpdateNotificationsForSubjects.subject(of: "/requests/\(request.uuidString)#m-\(message.uuidString)")
        #expect(anchored?.kind == "request" && anchored?.id == request && anchored?.message == message)
    }

    @Test func calendarLinksNameTheCalendar() {
        let subject = UpdateNotificationsForSubjects.subject(of: "/admin/calendars/\(request.uuidString)")
        #expect(subject?.kind == "calendar" && subject?.id == request && subject?.message == nil)
    }

    @Test func otherLinksNameNothing() {
        #expect(UpdateNotificationsForSubjects.subject(of: "/") == nil)
        #expect(UpdateNotificationsForSubjects.subject(of: "/requests/not-an-id") == nil)
        #expect(UpdateNotificationsForSubjects.subject(of: "/customers/\(request.uuidString)") == nil)
    }
}
