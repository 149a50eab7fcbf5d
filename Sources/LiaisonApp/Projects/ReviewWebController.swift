import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The review tab of the project page (项目总结): the facts, the team's notes, the customer's evaluations and the
/// form that asks for them, the project's improvement actions with their form, and the finalise button. Printable.
struct ReviewWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(ReviewRoutes.page, use: page)
        routes.on(ReviewRoutes.save, use: save)
        routes.on(ReviewRoutes.finalise, use: finalise)
        routes.on(ReviewRoutes.ask, use: ask)
        routes.on(ReviewRoutes.addAction, use: addAction)
    }

    struct NotesForm: Content {
        var wentWell: String?
        var fellShort: String?
        var lessons: String?
        var version: String?
    }

    struct AskForm: Content {
        var contactIds: [String]?
    }

    struct ActionForm: Content {
        var title: String?
        var description: String?
        var ownerId: String?
        var dueOn: String?
    }

    func page(_ request: Request) async throws -> Response {
        try await render(request, try await ProjectWorkflow.find(request), status: .ok)
    }

    func render(
        _ request: Request, _ found: ProjectSummary, notes: NotesForm? = nil, action: ActionForm = ActionForm(),
        errors: [String: String] = [:], links: [EvaluationAskedDTO.Link] = [], status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let head = try ProjectsWebController().base(request, found, tab: "review")
        let loaded = try await ReviewWorkflow.load(p, request)
        let review = loaded.review
        let isFinal = review.status == .final
        let canEdit = head.canManage && !isFinal
        let today = ImprovementWorkflow.today(request)
        let contacts = head.canManage ? try await ProjectQueries.signableContacts(of: p.customerID, on: request.db) : []
        let members = try await ProjectQueries.members(of: p.id, on: request.db)
        let page = ReviewPage(
            head: head, status: request.t(review.status.labelKey), statusCode: review.status.rawValue,
            finalNote: isFinal
                ? request.t(
                    "review.finalNote", request.format(review.finalisedAt), request.format(loaded.facts.computedAt))
                : request.t("review.draftNote"),
            period: request.t(
                "review.period", request.format(loaded.facts.periodStart), request.format(loaded.facts.periodEnd)),
            facts: ReviewPage.factGroups(loaded.facts, request),
            wentWell: notes?.wentWell ?? review.wentWell, fellShort: notes?.fellShort ?? review.fellShort,
            lessons: notes?.lessons ?? review.lessons, version: review.version,
            saveAction: canEdit ? ReviewRoutes.save.link(p.id) : nil,
            finaliseAction: canEdit && ReviewStatus.mayFinalise(p.status) ? ReviewRoutes.finalise.link(p.id) : nil,
            finaliseHint: canEdit && !ReviewStatus.mayFinalise(p.status)
                ? request.t("review.finaliseWhenClosing") : nil,
            evaluations: loaded.evaluations.map { e in
                ReviewPage.EvaluationRow(
                    name: e.contactName,
                    state: e.submittedAt == nil
                        ? request.t("evaluation.awaiting")
                        : request.t("evaluation.submittedOn", request.format(e.submittedAt)),
                    submitted: e.submittedAt != nil,
                    scores: CustomerEvaluation.Point.allCases.compactMap { point in
                        e.scores[point].map { ReviewPage.Score(label: request.t(point.labelKey), value: $0) }
                    },
                    comment: e.comment ?? "")
            },
            askAction: head.canManage && !contacts.isEmpty ? ReviewRoutes.ask.link(p.id) : nil,
            contacts: contacts.map { Choice(value: $0.id.idText, label: $0.name, selected: false, detail: $0.email) },
            links: links.filter { $0.link != nil }.map {
                ReviewPage.Link(name: $0.name, email: $0.email ?? "", link: $0.link ?? "")
            },
            actions: loaded.actions.map { ImprovementPageRow($0, today: today, request: request) },
            actionFormAction: head.canManage ? ReviewRoutes.addAction.link(p.id) : nil,
            owners: members.map {
                Choice(value: $0.userID.idText, label: $0.name, selected: $0.userID.idText == action.ownerId)
            },
            actionTitle: action.title ?? "", actionDescription: action.description ?? "", actionDue: action.dueOn ?? "",
            errors: errors)
        let response = try await request.page("projects/review", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    func save(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(NotesForm.self)
        let back = ReviewRoutes.page.link(found.project.id)
        let input = ProjectReviewInput(wentWell: form.wentWell, fellShort: form.fellShort, lessons: form.lessons)
        do {
            _ = try await ReviewWorkflow.save(
                found.project.id, input, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, notes: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.reviewChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    func finalise(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(NotesForm.self)
        let back = ReviewRoutes.page.link(found.project.id)
        do {
            _ = try await ReviewWorkflow.finalise(found.project.id, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: back, flash: "flash.reviewFinalised")
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "flash.reviewChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
    }

    func ask(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(AskForm.self)
        do {
            let links = try await ReviewWorkflow.ask(found.project.id, contactIDs: form.contactIds, request)
            return try await render(request, found, links: links, status: .ok)
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func addAction(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(ActionForm.self)
        let input = ImprovementInput(
            title: form.title, description: form.description, ownerID: form.ownerId, dueOn: form.dueOn,
            projectID: found.project.id.idText)
        do {
            _ = try await ImprovementWorkflow.create(input, request)
            return request.redirect(to: ReviewRoutes.page.link(found.project.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, action: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }
}

/// The review tab.
struct ReviewPage: Encodable {
    struct Fact: Encodable {
        var label: String
        var value: String
        /// Marks a value that tells of something gone wrong (late, missed, breached).
        var warn: Bool
    }

    struct FactGroup: Encodable {
        var title: String
        var facts: [Fact]
        var note: String?
    }

    struct Score: Encodable {
        var label: String
        var value: Int
    }

    struct EvaluationRow: Encodable {
        var name: String
        var state: String
        var submitted: Bool
        var scores: [Score]
        var comment: String
    }

    struct Link: Encodable {
        var name: String
        var email: String
        var link: String
    }

    var head: ProjectPage
    var status: String
    var statusCode: String
    var finalNote: String
    var period: String
    var facts: [FactGroup]
    var wentWell: String
    var fellShort: String
    var lessons: String
    var version: Int
    var saveAction: String?
    var finaliseAction: String?
    var finaliseHint: String?
    var evaluations: [EvaluationRow]
    var askAction: String?
    var contacts: [Choice]
    var links: [Link]
    var actions: [ImprovementPageRow]
    var actionFormAction: String?
    var owners: [Choice]
    var actionTitle: String
    var actionDescription: String
    var actionDue: String
    var errors: [String: String]

    /// The facts in groups, each value already in words and numbers.
    static func factGroups(_ f: ClosureReviewFacts, _ request: Request) -> [FactGroup] {
        func fact(_ key: String, _ value: Int, warn: Bool = false) -> Fact {
            Fact(label: request.t(key), value: String(value), warn: warn && value > 0)
        }
        var groups = [
            FactGroup(
                title: request.t("review.facts.tasks"),
                facts: [
                    fact("review.fact.tasksTotal", f.tasks.total), fact("review.fact.doneOnTime", f.tasks.doneOnTime),
                    fact("review.fact.doneLate", f.tasks.doneLate, warn: true), fact("review.fact.open", f.tasks.open),
                    fact("review.fact.overdue", f.tasks.overdue, warn: true),
                    fact("review.fact.cancelled", f.tasks.cancelled),
                ]),
            FactGroup(
                title: request.t("review.facts.milestones"),
                facts: [
                    fact("review.fact.milestonesTotal", f.milestones.total), fact("review.fact.met", f.milestones.met),
                    fact("review.fact.metLate", f.milestones.metLate, warn: true),
                    fact("review.fact.missed", f.milestones.missed, warn: true),
                    fact("review.fact.upcoming", f.milestones.upcoming),
                ]),
            FactGroup(
                title: request.t("review.facts.communication"),
                facts: [
                    fact("review.fact.occurrencesDue", f.communication.due),
                    fact("review.fact.doneOnTime", f.communication.doneOnTime),
                    fact("review.fact.doneLate", f.communication.doneLate, warn: true),
                    fact("review.fact.missed", f.communication.missed, warn: true),
                ]),
            FactGroup(
                title: request.t("review.facts.reports"),
                facts: [
                    fact("review.fact.occurrencesDue", f.reportOccurrences.due),
                    fact("review.fact.doneOnTime", f.reportOccurrences.doneOnTime),
                    fact("review.fact.doneLate", f.reportOccurrences.doneLate, warn: true),
                    fact("review.fact.missed", f.reportOccurrences.missed, warn: true),
                ] + (f.reports.map { [
                    fact("review.fact.reportsSent", $0.sent), fact("review.fact.reportsOnTime", $0.sentOnTime),
                ] } ?? []), note: f.reports == nil ? request.t("review.facts.reportsNote") : nil),
            FactGroup(
                title: request.t("review.facts.sla"),
                facts: [
                    fact("review.fact.requests", f.sla.requests), fact("review.fact.slaMet", f.sla.met),
                    fact("review.fact.slaBreached", f.sla.breached, warn: true), fact("review.fact.open", f.sla.open),
                ]),
            FactGroup(
                title: request.t("review.facts.satisfaction"),
                facts: [
                    Fact(
                        label: request.t("review.fact.csat"),
                        value: f.satisfaction.csatAverage.map { String(format: "%.2f", $0) } ?? "—", warn: false),
                    fact("review.fact.csatCount", f.satisfaction.csatCount),
                    Fact(
                        label: request.t("review.fact.nps"), value: f.satisfaction.nps.map(String.init) ?? "—",
                        warn: false),
                    fact("review.fact.npsCount", f.satisfaction.npsCount),
                ]),
            FactGroup(
                title: request.t("review.facts.risks"),
                facts: [
                    fact("review.fact.risks", f.risks.risks),
                    fact("review.fact.occurred", f.risks.occurred, warn: true),
                    fact("review.fact.issues", f.risks.issues),
                    fact("review.fact.issuesOpen", f.risks.issuesOpen, warn: true),
                    fact("review.fact.issuesResolved", f.risks.issuesResolved),
                ]),
        ]
        if let changes = f.changeRequests {
            groups.append(
                FactGroup(
                    title: request.t("review.facts.changeRequests"),
                    facts: [
                        fact("review.fact.changesRaised", changes.raised),
                        fact("review.fact.changesApproved", changes.approved),
                        fact("review.fact.changesRejected", changes.rejected),
                    ]))
        } else {
            groups.append(
                FactGroup(
                    title: request.t("review.facts.changeRequests"), facts: [],
                    note: request.t("review.facts.changeRequestsNote")))
        }
        return groups
    }
}
