import Foundation
import LiaisonCore
import LiaisonData

/// A progress report in words, in one language: the plain-text body of its mail, and the short summary that the
/// customer's timeline keeps.
enum ReportText {
    static func summary(_ report: ProgressReport, catalog: Catalog, locale: AppLocale) -> String {
        let t = { (key: String, values: [String]) in catalog.text(key, locale, values) }
        var lines = [
            t("report.periodLine", [report.period.start.description, report.period.end.description]),
            t("report.progressLine", [
                String(report.facts.percentDone), String(report.facts.tasksDoneTotal), String(report.facts.tasksTotal),
            ]),
        ]
        if !report.summary.isEmpty { lines += ["", report.summary] }
        return lines.joined(separator: "\n")
    }

    /// The whole report, section by section; a section with nothing in it is left out.
    static func body(_ report: ProgressReport, title: String, project: String, catalog: Catalog, locale: AppLocale)
        -> String
    {
        let t = { (key: String, values: [String]) in catalog.text(key, locale, values) }
        let facts = report.facts
        var out: [String] = [title, project, summary(report, catalog: catalog, locale: locale)]
        func section(_ key: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            out.append(t(key, []) + "\n" + lines.map { "- " + $0 }.joined(separator: "\n"))
        }
        func task(_ line: ProgressReportFacts.TaskLine) -> String {
            [line.name, line.ownerName.map { "(\($0))" }, line.dueOn.map { t("report.dueLine", [$0.description]) },
             line.doneOn.map { t("report.doneLine", [$0.description]) }, line.late ? t("report.late", []) : nil]
                .compactMap { $0 }.joined(separator: " ")
        }
        section("report.section.done", facts.tasksDone.map(task))
        section("report.section.late", facts.tasksLate.map(task))
        section(
            "report.section.milestones",
            facts.milestones.map { "\($0.date) \($0.name) — " + t($0.state.labelKey, []) })
        section(
            "report.section.risks",
            facts.risks.map { risk in
                "\(risk.title) [\(t(risk.level.labelKey, [])) \(risk.score)]"
                    + (risk.mitigation.map { " → " + $0 } ?? "")
            })
        section(
            "report.section.issues",
            facts.issues.map { issue in
                "\(issue.title) [\(t(issue.severity.labelKey, []))]" + (issue.resolution.map { " → " + $0 } ?? "")
            })
        let r = facts.requests
        out.append(
            t("report.section.requests", []) + "\n"
                + t("report.requestsLine", [String(r.opened), String(r.resolved), String(r.open), String(r.breached)]))
        section(
            "report.section.openRequests",
            facts.openRequests.map { request in
                "#\(request.number) \(request.subject) ("
                    + t((RequestStatus(rawValue: request.status) ?? .open).labelKey, []) + ")"
                    + (request.breached ? " — " + t("report.breached", []) : "")
            })
        if !report.problems.isEmpty { out.append(t("report.field.problems", []) + "\n" + report.problems) }
        if !report.nextSteps.isEmpty { out.append(t("report.field.nextSteps", []) + "\n" + report.nextSteps) }
        return out.joined(separator: "\n\n")
    }
}
