/// The kinds of record an audit entry is about. The raw values are what the trail stores (and what its hashes
/// cover), so they never change; the catalogs name each one as `record.<raw value>`.
public enum AuditRecordType: String, CaseIterable, Codable, Sendable {
    case apiToken
    case attachment
    case calendar
    case cannedResponse
    case contact
    case customer
    case database
    case department
    case `import`
    case mailbox
    case mail
    case mailQuarantine
    case interaction
    case request
    case search
    case session
    case slaPolicy
    case system
    case user
    case webhook
    case robot
    case announcement
    case settings
    case survey
    case project
    case requirement
    case requirementDocument
    case task
    case milestone
    case communicationPlan
    case risk
    case projectIssue
    case progressReport
    case projectReview
    case evaluation
    case improvement
    case meeting
    case changeRequest
    case qualityCheck
    case commitment
}
