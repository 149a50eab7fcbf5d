import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Builds a requirement's page for its reader: what they may do depends on their capabilities and the status.
enum RequirementPageBuilder {
    static func render(
        _ requirement: Requirement, access: CustomerAccess, moveError: String? = nil,
        assessmentForm: RequirementsWebController.AssessmentForm? = nil, assessmentErrors: [String: String] = [:],
        status: HTTPStatus = .ok, _ request: Request
    ) async throws -> Response {
        let me = try request.person
        let db = request.db
        let viewer = try request.viewer
        let customer = try await CustomerQueries.find(requirement.customerID, for: viewer, on: db)
        var contact: String?
        if let id = requirement.contactID { contact = try await ContactQueries.names([id], on: db)[id] }
        let history = try await RequirementQueries.history(requirement.id, on: db)
        let assessment = try await RequirementQueries.assessment(requirement.id, on: db)
        let files = try await RequirementQueries.attachments(requirement.id, on: db)
        let documents = try await RequirementDocumentQueries.ofRequirement(requirement.id, on: db)
        var people = Set(history.compactMap(\.actorID))
        for id in [requirement.ownerID, requirement.createdByID, assessment?.assessedByID] { if let id { people.insert(id) } }
        let names = try await PeopleQueries.names(people, on: db)
        let departments = try await DepartmentQueries.all(on: db)
        let departmentName = requirement.departmentID.flatMap { id in departments.first { $0.id == id } }?
            .displayName(in: request.locale)

        let capabilities = me.capabilities
        let moves = requirement.status.allowedNext
            .filter { !RequirementStatus.decided.contains($0) }
            .filter { next in requirement.status.refusal(toMove: next, with: capabilities) == nil }
            .sorted { a, b in
                (RequirementStatus.allCases.firstIndex(of: a) ?? 0) < (RequirementStatus.allCases.firstIndex(of: b) ?? 0)
            }
            .map {
                RequirementPage.Move(
                    status: $0.rawValue, label: request.t("requirement.move.\($0.rawValue)"), handOff: $0 == .inReview)
            }

        var due: String?
        if requirement.status == .inReview, let handedOff = requirement.handedOffAt,
            let calendar = try await CalendarStore.all(on: db).first(where: \.isDefault)?.business,
            let last = AssessmentDeadline.lastDay(
                handedOffAt: handedOff, days: request.appConfig.assessmentDays, calendar: calendar)
        {
            due = last.description
        }

        var shownAssessment: RequirementPage.Assessment?
        if let a = assessment {
            shownAssessment = RequirementPage.Assessment(
                feasibility: a.feasibility.map { request.t($0.labelKey) } ?? "—",
                effort: a.effortDays.map { request.t("requirement.effortValue", Self.number($0)) } ?? "—",
                value: a.value.map { request.t($0.labelKey) } ?? "—", risks: a.risks,
                decision: a.decision.map { request.t($0.labelKey) } ?? request.t("requirement.undecided"),
                customerReason: a.customerReason, internalNotes: a.internalNotes,
                assessedBy: a.assessedByID.flatMap { names[$0] } ?? "", decidedAt: request.format(a.decidedAt))
        }
        var form: RequirementPage.AssessmentForm?
        if requirement.status == .inReview, me.can(.requirementsAssess) {
            let f = assessmentForm
            form = RequirementPage.AssessmentForm(
                action: RequirementRoutes.assess.link(requirement.id),
                version: f?.version.flatMap { Int($0) } ?? assessment?.version ?? 0,
                feasibilities: [Choice(value: "", label: "—", selected: false)]
                    + request.options(Feasibility.self, selected: f?.feasibility ?? assessment?.feasibility?.rawValue) {
                        $0.labelKey
                    },
                values: [Choice(value: "", label: "—", selected: false)]
                    + request.options(RequirementValue.self, selected: f?.value ?? assessment?.value?.rawValue) {
                        $0.labelKey
                    },
                decisions: [Choice(value: "", label: request.t("requirement.decision.none"), selected: f?.decision == nil)]
                    + request.options(AssessmentDecision.self, selected: f?.decision) { $0.labelKey },
                effortDays: f?.effortDays ?? assessment?.effortDays.map(Self.number) ?? "",
                risks: f?.risks ?? assessment?.risks ?? "",
                customerReason: f?.customerReason ?? assessment?.customerReason ?? "",
                internalNotes: f?.internalNotes ?? assessment?.internalNotes ?? "", errors: assessmentErrors)
        }

        var sourceText: String?
        var sourceLink: String?
        if let id = requirement.sourceID {
            sourceText = try await RequirementSourceText.label(kind: requirement.sourceKind, id: id, request)
            if sourceText != nil { sourceLink = RequirementSourceText.link(kind: requirement.sourceKind, id: id) }
        } else if let reference = requirement.sourceReference {
            sourceText = reference
        }

        let mayWriteDocuments = me.can(.requirementsAssess)
            && [.accepted, .specified, .planned, .delivered].contains(requirement.status)
        var page = RequirementPage(
            id: requirement.id.idText, title: requirement.title, status: request.t(requirement.status.labelKey),
            statusKey: requirement.status.rawValue, customer: customer?.name ?? "",
            customerLink: me.can(.customersView) ? CustomerRoutes.show.link(requirement.customerID) : nil,
            classification: access.classification.isRestricted ? request.t(access.classification.labelKey) : nil,
            contact: contact ?? "—", description: requirement.description, businessValue: requirement.businessValue,
            desired: requirement.desiredDate?.description ?? "—", priority: request.t(requirement.priority.labelKey),
            priorityKey: requirement.priority.rawValue,
            owner: requirement.ownerID.flatMap { names[$0] } ?? "—", department: departmentName ?? "—",
            handedOff: request.format(requirement.handedOffAt), due: due,
            source: request.t(requirement.sourceKind.labelKey), sourceLink: sourceLink, sourceText: sourceText,
            created: request.format(requirement.createdAt),
            createdBy: requirement.createdByID.flatMap { names[$0] } ?? "",
            editLink: me.can(.requirementsCapture) ? RequirementRoutes.edit.link(requirement.id) : nil,
            boardLink: RequirementRoutes.board.link(), version: requirement.version,
            moveAction: RequirementRoutes.move.link(requirement.id), moves: moves,
            departments: departments.map {
                Choice(
                    value: $0.id.idText, label: $0.displayName(in: request.locale),
                    selected: $0.id == requirement.departmentID, keys: $0.typingKeys)
            },
            moveError: moveError, assessment: shownAssessment, assessmentForm: form,
            documents: documents.map {
                RequirementPage.Document(
                    title: $0.title, kind: request.t($0.kind.labelKey), link: RequirementRoutes.document.link($0.id),
                    version: $0.currentVersion, updated: request.format($0.updatedAt))
            },
            newSpecificationLink: mayWriteDocuments
                ? RequirementRoutes.newDocument.link(requirement.id) + "?kind=specification" : nil,
            newPlanLink: mayWriteDocuments
                ? RequirementRoutes.newDocument.link(requirement.id) + "?kind=developmentPlan" : nil,
            files: files.map {
                RequirementPage.File(
                    name: $0.filename, link: InteractionRoutes.download.link($0.id), size: request.byteCount($0.size))
            },
            attachAction: RequirementRoutes.attach.link(requirement.id),
            history: history.reversed().map { event in
                RequirementPage.Event(
                    time: request.format(event.at), who: event.actorID.flatMap { names[$0] } ?? "",
                    text: event.from.map {
                        request.t("requirement.history.moved", request.t($0.labelKey), request.t(event.to.labelKey))
                    } ?? request.t("requirement.history.captured"),
                    note: event.note)
            })
        let projects = try await ProjectRequirementQueries.projects(of: requirement.id, for: viewer, on: db)
        page.projects = projects.enumerated().map { index, project in
            RequirementPage.Project(
                label: project.numberText + " " + project.name, link: ProjectRoutes.show.link(project.id),
                first: index == 0)
        }
        page.hasDocuments = !page.documents.isEmpty
        page.hasMoves = !page.moves.isEmpty
        page.hasFiles = !page.files.isEmpty
        let response = try await request.page("requirements/requirement", title: requirement.title, page)
        response.status = status
        return response
    }

    /// 2, 2.5: a whole number without its decimal point.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
