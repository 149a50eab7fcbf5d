import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The milestones' forms on the work plan tab: add one, mark it reached or not, delete it.
extension WorkPlanWebController {
    struct MilestoneForm: Content {
        var name: String?
        var date: String?
        var reached: String?
        var version: String?
    }

    func createMilestone(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(MilestoneForm.self)
        do {
            _ = try await WorkPlanWorkflow.createMilestone(
                found.project.id, MilestoneInput(name: form.name, date: form.date, reached: form.reached == "true"),
                request)
        } catch let failure as ValidationFailure {
            return try await render(
                request, found, milestoneForm: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return request.redirect(
                to: WorkPlanRoutes.page.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: WorkPlanRoutes.page.link(found.project.id), flash: "flash.saved")
    }

    /// Marks a milestone reached or not (the form sends `reached`).
    func updateMilestone(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let back = WorkPlanRoutes.page.link(found.project.id)
        guard let milestone = try await MilestoneQueries.find(
                try request.recordID("milestoneId"), projectID: found.project.id, on: request.db)
        else { throw AppError.notFound }
        let form = try request.content.decode(MilestoneForm.self)
        let input = MilestoneInput(
            name: form.name ?? milestone.name, date: form.date ?? milestone.date.description,
            reached: form.reached.map { $0 == "true" } ?? milestone.reached)
        do {
            _ = try await WorkPlanWorkflow.updateMilestone(
                found.project.id, milestone.id, input, expected: form.version.flatMap { Int($0) }, request)
        } catch let failure as ValidationFailure {
            let message = failure.issues.first.map { request.catalog.message(for: $0, request.locale) } ?? ""
            return try await render(
                request, found, milestoneForm: MilestoneForm(), errors: ["date": message], status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "milestone.changed", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: back, flash: "flash.saved")
    }

    func deleteMilestone(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let back = WorkPlanRoutes.page.link(found.project.id)
        let id = try request.recordID("milestoneId")
        let form = try request.content.decode(VersionForm.self)
        do {
            try await WorkPlanWorkflow.deleteMilestone(
                found.project.id, id, expected: form.version.flatMap { Int($0) }, request)
        } catch DataError.staleVersion {
            return request.redirect(to: back, flash: "milestone.changed", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: back, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: back, flash: "milestone.deleted")
    }
}
