import FluentKit

/// Every migration, in order. A landed migration is never edited; changes come as new numbered files.
public enum Migrations {
    public static let all: [any Migration] = [
        CreateDepartments(),
        CreateUsers(),
        CreateUserRoles(),
        CreateSessions(),
        CreateAPITokens(),
        CreateAuditEntries(),
        CreateJobs(),
        CreateCustomers(),
        CreateCustomerTeam(),
        CreateContacts(),
        CreateInteractions(),
        CreateTimeline(),
        CreateAttachments(),
        CreateSearchIndex(),
        CreateImports(),
        CreateCalendars(),
        CreateSLAPolicies(),
        CreateRequests(),
        CreateNotifications(),
        CreateCannedResponses(),
        UpdateForAssignment(),
        AddMessageAttachments(),
        AddRequestQueueOrder(),
        AddSearchNameIndex(),
        TuneSearchIndexMerges(),
        DropSearchTitleIndex(),
        IndexFirstSearchDocumentsByCustomer(),
        IndexNotesAndFoldTraditionalChinese(),
        AddNotificationCustomer(),
        UpdateNotificationsForSubjects(),
        RekeyTimelineContacts(),
        ReadRequestEntriesFromMessages(),
    ]
}
