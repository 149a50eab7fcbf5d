import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The reports tab: the reports sent and drafted, and the form that drafts a new one.
struct ReportListPage: Encodable {
    struct Row: Encodable {
        var number: String
        var title: String
        var period: String
        var status: String
        var statusCode: String
        var sent: String
        var timeliness: String
        var link: String
    }

    var head: ProjectPage
    var rows: [Row]
    var createAction: String?
    var periodStart: String
    var periodEnd: String
    var errors: [String: String]
}

/// One report: its facts in sections, the project manager's words (a form while it is a draft), the recipients
/// and the send form, or, once sent, when and to whom. Printable.
struct ReportShowPage: Encodable {
    struct Line: Encodable {
        var text: String
        var note: String
        var warn: Bool
    }

    struct Section: Encodable {
        var title: String
        var lines: [Line]
    }

    struct Recipient: Encodable {
        var id: String
        var name: String
        var email: String
        var checked: Bool
    }

    var head: ProjectPage
    var title: String
    var number: String
    var period: String
    var status: String
    var statusCode: String
    var percentDone: Int
    var progressText: String
    var requestsText: String
    var sections: [Section]
    var summary: String
    var problems: String
    var nextSteps: String
    var factsAt: String
    var isDraft: Bool
    var canManage: Bool
    var updateAction: String
    var refreshAction: String
    var sendAction: String
    var deleteAction: String
    var backLink: String
    var periodStart: String
    var periodEnd: String
    var titleValue: String
    var version: Int
    var contacts: [Recipient]
    var sentText: String
    var recipients: [String]
    var timeliness: String
    var errors: [String: String]
}

extension ReportShowPage {
    /// The facts as sections of lines, in the reader's language; an empty section is left out.
    static func sections(_ facts: ProgressReportFacts, t: (String, [String]) -> String) -> [Section] {
        func task(_ line: ProgressReportFacts.TaskLine) -> Line {
            Line(
                text: line.name + (line.ownerName.map { " (\($0))" } ?? ""),
                note: [line.dueOn.map { t("report.dueLine", [$0.description]) },
                       line.doneOn.map { t("report.doneLine", [$0.description]) }].compactMap { $0 }
                    .joined(separator: " "),
                warn: line.late)
        }
        let all: [Section] = [
            Section(title: t("report.section.done", []), lines: facts.tasksDone.map(task)),
            Section(title: t("report.section.late", []), lines: facts.tasksLate.map(task)),
            Section(
                title: t("report.section.milestones", []),
                lines: facts.milestones.map {
                    Line(text: "\($0.date) \($0.name)", note: t($0.state.labelKey, []), warn: $0.state == .missed)
                }),
            Section(
                title: t("report.section.risks", []),
                lines: facts.risks.map {
                    Line(
                        text: $0.title + " [" + t($0.level.labelKey, []) + " \($0.score)]",
                        note: $0.mitigation.map { t("risk.mitigationLine", [$0]) } ?? "", warn: $0.level >= .high)
                }),
            Section(
                title: t("report.section.issues", []),
                lines: facts.issues.map {
                    Line(
                        text: $0.title + " [" + t($0.severity.labelKey, []) + "]",
                        note: $0.resolution.map { t("projectIssue.resolutionLine", [$0]) } ?? "", warn: true)
                }),
            Section(
                title: t("report.section.openRequests", []),
                lines: facts.openRequests.map {
                    Line(
                        text: "#\($0.number) \($0.subject)",
                        note: t((RequestStatus(rawValue: $0.status) ?? .open).labelKey, [])
                            + ($0.breached ? " · " + t("report.breached", []) : ""),
                        warn: $0.breached)
                }),
            Section(title: t("report.section.next", []), lines: facts.tasksNext.map(task)),
        ]
        return all.filter { !$0.lines.isEmpty }
    }
}

/// The portal's list of the reports sent to a contact's organisation, and what the teams told of risks and issues.
struct PortalReportListPage: Encodable {
    struct Row: Encodable {
        var title: String
        var project: String
        var period: String
        var sent: String
        var link: String
    }

    /// What the project teams told of a risk or an issue.
    struct Message: Encodable {
        var subject: String
        var body: String
        var note: String
    }

    var rows: [Row]
    var messages: [Message]
}
