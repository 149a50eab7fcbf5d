/// Deny-by-default mapping from roles to capabilities. Nothing is allowed unless a role here grants it.
public enum AccessPolicy {
    public static func capabilities(of role: Role) -> Set<Capability> {
        switch role {
        case .admin:
            return Set(Capability.allCases)
        case .supervisor:
            return [
                .staffArea, .directoryView, .auditView, .systemView, .customersView, .customersEdit,
                .customersDelete, .interactionsLog, .customersExport, .requestsHandle, .slaManage, .surveysManage,
                .announcementsWrite, .announcementsApprove, .projectsManage, .requirementsView,
                .requirementsCapture, .improvementsOversee,
            ]
        case .departmentLead:
            return [
                .staffArea, .directoryView, .customersView, .customersEdit, .customersDelete, .interactionsLog,
                .customersImport, .customersExport, .requestsHandle, .cannedResponsesManage, .announcementsWrite,
                .surveysManage, .requirementsView, .requirementsAssess,
            ]
        case .sales:
            return [
                .staffArea, .directoryView, .customersView, .customersEdit, .interactionsLog, .customersImport,
                .requestsHandle, .announcementsWrite, .surveysManage, .requirementsView, .requirementsCapture,
            ]
        case .projectManager:
            return [
                .staffArea, .directoryView, .customersView, .customersEdit, .interactionsLog, .requestsHandle,
                .announcementsWrite, .requirementsView, .projectsManage,
            ]
        case .agent:
            return [
                .staffArea, .directoryView, .customersView, .customersEdit, .interactionsLog, .requestsHandle,
                .announcementsWrite,
            ]
        case .engineer:
            return [
                .staffArea, .directoryView, .customersView, .interactionsLog, .requestsHandle, .requirementsView,
                .requirementsAssess,
            ]
        case .employee:
            return [.staffArea, .directoryView]
        case .service:
            return [.mailInbound]
        case .customer:
            return []
        }
    }

    public static func capabilities(of roles: some Sequence<Role>) -> Set<Capability> {
        roles.reduce(into: Set<Capability>()) { $0.formUnion(capabilities(of: $1)) }
    }

    public static func allows(_ roles: some Sequence<Role>, _ capability: Capability) -> Bool {
        roles.contains { capabilities(of: $0).contains(capability) }
    }
}
