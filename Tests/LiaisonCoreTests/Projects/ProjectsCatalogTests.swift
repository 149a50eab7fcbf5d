import Foundation
import Testing

@testable import LiaisonCore

/// Every label and validation message the work-plan and communication-plan rules name is in the catalog, in both
/// languages (the app's contract tests check the keys its code uses; these are the ones this core hands out).
@Suite struct ProjectsCatalogTests {
    static func catalog(_ language: String) throws -> [String: String] {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let relative = "Sources/LiaisonApp/Resources/Localization/\(language).json"
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path) {
            guard folder.pathComponents.count > 1 else { throw CocoaError(.fileNoSuchFile) }
            folder.deleteLastPathComponent()
        }
        let data = try Data(contentsOf: folder.appendingPathComponent(relative))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    static let validationCodes = [
        "invalidWeekday", "invalidAudience", "taskDependsOnItself", "taskDependencyCycle", "unknownTask",
        "dueBeforeStart", "milestoneBeforeProjectStart", "milestoneAfterProjectEnd", "raciNoAccountable",
        "raciSeveralAccountable", "raciNoResponsible", "raciConflictingRoles", "taskBadTransition",
        // Shared with other forms.
        "outOfRange", "invalidClockTime", "unknownTimeZone", "dateOutOfRange", "invalidDate", "required",
        "invalidChoice", "tooLong", "tooMany", "duplicateValue", "controlCharacter", "invalidReference",
    ]

    static var keys: [String] {
        TaskStatus.allCases.map(\.labelKey) + OccurrenceState.allCases.map(\.labelKey)
            + CommunicationContent.allCases.map(\.labelKey) + RACIRole.allCases.map(\.labelKey)
            + ContactRole.allCases.map(\.labelKey) + TeamRole.allCases.map(\.labelKey)
            + Channel.allCases.map(\.labelKey) + [TaskGraph.Warning.messageKey, GanttChart.todayLabelKey]
            + validationCodes.map { ValidationIssue("field", $0).messageKey }
    }

    @Test(arguments: ["en", "zh-Hans"]) func everyKeyIsInTheCatalog(language: String) throws {
        let catalog = try Self.catalog(language)
        let missing = Self.keys.filter { (catalog[$0] ?? "").isEmpty }
        #expect(missing.isEmpty, "missing in \(language): \(missing)")
    }

    @Test func theWarningAndTheCircleMessagesHaveTheirBlanks() throws {
        for language in ["en", "zh-Hans"] {
            let catalog = try Self.catalog(language)
            #expect(catalog[TaskGraph.Warning.messageKey]?.contains("{1}") == true)
            #expect(catalog["validation.taskDependencyCycle"]?.contains("{0}") == true)
            #expect(catalog["validation.milestoneAfterProjectEnd"]?.contains("{0}") == true)
        }
    }
}
