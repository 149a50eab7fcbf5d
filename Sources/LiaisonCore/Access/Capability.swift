/// Something a person may do. Roles grant capabilities; record rules (account teams, classification) narrow them.
public enum Capability: String, CaseIterable, Codable, Sendable {
    /// Use the staff web application and API at all.
    case staffArea
    /// See colleagues and departments (directory, pickers).
    case directoryView
    /// Create, edit, deactivate people and reset their passwords.
    case peopleManage
    /// Create, edit and delete departments.
    case departmentsManage
    /// Read and verify the audit trail.
    case auditView
    /// Read operational data such as job queues.
    case systemView
    /// See customers, contacts and their timelines (narrowed by need-to-know).
    case customersView
    /// Create and edit customers, contacts and account teams.
    case customersEdit
    /// Delete customers and contacts.
    case customersDelete
    /// Log interactions with customers and upload their attachments.
    case interactionsLog
    /// Import customers and contacts from CSV files.
    case customersImport
    /// Export customers and contacts to CSV files.
    case customersExport
    /// Create requests, reply to them, change their status, priority and assignee.
    case requestsHandle
    /// Set up business calendars and SLA policies.
    case slaManage
    /// Write the canned responses of a department.
    case cannedResponsesManage
    /// Set up mailboxes (addresses, mail servers and their passwords).
    case mailboxesManage
    /// Hand received mail to Liaison (`POST /api/v1/mail/inbound`): a relay's service account.
    case mailInbound
    /// See and resolve mail held in quarantine, and read any message's raw mail.
    case mailQuarantine
    /// Set up outgoing webhooks and departments' chat robots (addresses, events, signing secrets).
    case integrationsManage
    /// Write announcements and submit them for publication (published at once unless approval is required).
    case announcementsWrite
    /// Approve or reject announcements written by others, and publish without approval.
    case announcementsApprove
    /// Change the organisation's settings (company name and logo, the feedback queue, approval of announcements).
    case settingsManage
    /// Run NPS surveys: prepare campaigns, send them, read their results (narrowed by need-to-know).
    case surveysManage
    /// See requirements (the board, a requirement, its assessment and documents), narrowed by need-to-know.
    case requirementsView
    /// Capture requirements from customers and hand them to an R&D department (sales).
    case requirementsCapture
    /// Assess requirements handed to R&D, decide on them, and write specifications and development plans.
    case requirementsAssess
    /// Run projects: create and change them, their team and status, write their charter and send it for sign-off
    /// (narrowed by need-to-know).
    case projectsManage
    /// See and follow up every improvement action across projects and customers (the management department).
    case improvementsOversee
}
