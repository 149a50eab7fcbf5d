import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The "Changes & quality" tab: change requests with what may be done to each, deliverables with their checks.
struct ChangesPage: Encodable {
    struct ChangeRow: Encodable {
        var view: ChangeRequestView
        var version: Int
        var decidedBy: String
        var assessAction: String?
        var sendAction: String?
        var decisionAction: String?
        var withdrawAction: String?
        var charterLink: String?
    }

    struct DeliverableRow: Encodable {
        var taskId: String
        var name: String
        var deliverable: String
        var acceptanceCheck: String
        var readiness: String
        var readinessCode: String
        var latestCheck: String
        var latestEvidence: String
        var latestLink: String?
        var checks: Int
        var acceptance: String
        var acceptanceAction: String?
    }

    var head: ProjectPage
    var changes: [ChangeRow]
    var createAction: String
    var kinds: [Choice]
    var changeForm: ChangesWebController.ChangeForm
    var changeErrors: [String: String]
    var contacts: [Choice]
    var deliverables: [DeliverableRow]
    var checkAction: String?
    var tasks: [Choice]
    var results: [Choice]
    var checkForm: ChangesWebController.CheckForm
    var checkErrors: [String: String]

    static func row(_ cr: ChangeRequest, head: ProjectPage, contacts: [UUID: String], _ request: Request) -> ChangeRow {
        let project = cr.projectID.idText
        let id = cr.id.idText
        let manage = head.canManage
        return ChangeRow(
            view: ChangeRequestView(cr, request), version: cr.version,
            decidedBy: cr.decidedByContact.flatMap { contacts[$0] } ?? "",
            assessAction: manage && cr.status.canMove(to: .assessed)
                ? ChangeRequestRoutes.assess.link(project, id) : nil,
            sendAction: manage && cr.status.canMove(to: .sentToCustomer) ? ChangeRequestRoutes.send.link(project, id) : nil,
            decisionAction: manage && cr.status == .sentToCustomer ? ChangeRequestRoutes.decision.link(project, id) : nil,
            withdrawAction: manage && cr.status.canMove(to: .withdrawn) ? ChangeRequestRoutes.withdraw.link(project, id) : nil,
            charterLink: cr.charterVersionNumber.map { ProjectRoutes.charter.link(project) + "?version=\($0)" })
    }

    static func deliverable(
        _ item: QualityCheckQueries.Deliverable, head: ProjectPage, reviewers: [UUID: String], contacts: [UUID: String],
        _ request: Request
    ) -> DeliverableRow {
        let check = item.latestCheck
        let link = check?.evidenceLink.map { $0.contains("://") ? $0 : "https://" + $0 }
        return DeliverableRow(
            taskId: item.task.id.idText, name: item.task.name, deliverable: item.task.deliverable ?? "",
            acceptanceCheck: item.task.acceptanceCheck ?? "", readiness: request.t(item.readiness.labelKey),
            readinessCode: item.readiness.rawValue,
            latestCheck: check.map {
                request.t($0.result.labelKey) + " · " + $0.criterion + " · "
                    + ($0.reviewerID.flatMap { reviewers[$0] } ?? "—") + " · " + request.format($0.checkedAt)
            } ?? "",
            latestEvidence: check?.evidence ?? "", latestLink: link, checks: item.checkCount,
            acceptance: item.acceptance.map {
                request.t($0.decision.labelKey) + " · " + ($0.contactID.flatMap { contacts[$0] } ?? "—") + " · "
                    + request.format($0.decidedAt) + ($0.note.map { " · " + $0 } ?? "")
            } ?? "",
            acceptanceAction: head.canManage
                ? ChangeRequestRoutes.acceptance.link(item.task.projectID.idText, item.task.id.idText) : nil)
    }
}
