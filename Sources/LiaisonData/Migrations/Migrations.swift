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
        CompactAuditTrail(),
        DropSearchPartTitles(),
        TrimRequestMessageIndexes(),
        SlimSearchAndAuditIndexes(),
        AddNameLookup(),
        CreateMailboxes(),
        AddMailboxTimeouts(),
        CreateMailMessages(),
        AllowRequestsWithoutCustomer(),
        CreateWebhooks(),
        CreateChatRobots(),
        CreateNotificationPreferences(),
        AddMailboxAcknowledgement(),
    ]
}

extension AsyncMigration {
    /// The name the migration log knows it by: the type's qualified name ("LiaisonData.CreateDepartments"), the same
    /// as Fluent's own default, without its `String(reflecting:)` (a runtime scan of every protocol conformance in
    /// the program per migration, a fifth of a short command's start, such as `liaison mail ingest`).
    var name: String { _typeName(Self.self, qualified: true) }
}
