import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The project page's charter tab, the charter's form, sending it for sign-off, and the difference between versions.
extension ProjectsWebController {
    // MARK: Charter

    func charter(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.findForCharter(request)
        return try await renderCharter(request, found, sendError: nil, links: [], status: .ok)
    }

    func renderCharter(
        _ request: Request, _ found: ProjectSummary, sendError: String?, links: [ProjectPage.Link],
        status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        var page = try base(request, found, tab: "charter")
        let versions = try await CharterQueries.versions(of: p.id, on: request.db)
        let shownNumber = (try? request.query.get(Int.self, at: "version"))
        let shown = versions.first(where: { $0.number == shownNumber }) ?? versions.first
        page.hasCharter = shown != nil
        page.sections = CharterSectionView.all(
            shown?.content ?? CharterContent(), isDraft: shown?.status.isEditable ?? true, request)
        if let shown {
            page.charterLabel = request.t("charter.versionLabel", String(shown.number))
            page.charterStatus = request.t(shown.status.labelKey)
            page.charterStatusCode = shown.status.rawValue
            page.charterEditable = shown.status.isEditable && shown.number == versions.first?.number
            page.charterVersion = shown.version
            page.signers = shown.signers.map {
                .init(
                    name: $0.name, email: $0.email ?? "", signed: $0.signedAt != nil,
                    signedAt: request.format($0.signedAt),
                    address: $0.signedAddress ?? "", inPortal: $0.signedUserID != nil)
            }
            page.hasSigners = !page.signers.isEmpty
        } else {
            page.charterLabel = request.t("charter.emptyDraft")
            page.charterStatus = request.t(CharterVersionStatus.draft.labelKey)
            page.charterStatusCode = CharterVersionStatus.draft.rawValue
        }
        page.versions = versions.map { v in
            .init(
                number: v.number, label: request.t("charter.versionLabel", String(v.number)),
                status: request.t(v.status.labelKey), statusCode: v.status.rawValue,
                created: request.format(v.createdAt),
                sent: request.format(v.sentAt), signed: request.format(v.signedAt), current: v.number == shown?.number,
                link: ProjectRoutes.charter.link(p.id) + "?version=\(v.number)",
                diffLink: v.number > 1
                    ? ProjectRoutes.charterDiff.link(p.id) + "?from=\(v.number - 1)&to=\(v.number)" : nil)
        }
        page.hasVersions = !versions.isEmpty
        let latest = versions.first
        let open = p.status != .closed
        page.charterEditLink = ProjectRoutes.charterEdit.link(p.id)
        page.newVersionAction = ProjectRoutes.charterNewVersion.link(p.id)
        page.sendAction = ProjectRoutes.charterSend.link(p.id)
        page.canSend =
            page.canManage && open && latest?.status == .draft && !(latest?.content.isEmpty ?? true)
            && shown?.number == latest?.number
        page.canStartVersion = page.canManage && open && latest != nil && latest?.status != .draft
        page.charterEditable = page.charterEditable && page.canManage && open
        if latest == nil { page.charterEditable = page.canManage && open }
        if page.canSend {
            let contacts = try await ProjectQueries.signableContacts(of: p.customerID, on: request.db)
            page.contacts = contacts.map {
                Choice(value: $0.id.idText, label: $0.name, selected: false, detail: $0.email)
            }
            page.hasContacts = !contacts.isEmpty
        }
        page.sendError = sendError
        page.issuedLinks = links
        page.diffLink = versions.count > 1 ? ProjectRoutes.charterDiff.link(p.id) : nil
        let response = try await request.page("projects/show", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    struct CharterForm: Content {
        var goals: String?
        var scopeIn: String?
        var scopeOut: String?
        var milestoneName: [String]?
        var milestoneDate: [String]?
        var deliveryStandards: String?
        var acceptanceCriteria: String?
        var assumptions: String?
        var stakeholders: String?
        var version: String?

        var input: CharterInput {
            let names = milestoneName ?? []
            let dates = milestoneDate ?? []
            var milestones: [CharterInput.Milestone] = []
            for index in 0..<max(names.count, dates.count) {
                let name = index < names.count ? names[index] : ""
                let date = index < dates.count ? dates[index] : ""
                if name.trimmedSpaces().isEmpty, date.trimmedSpaces().isEmpty { continue }
                milestones.append(CharterInput.Milestone(name: name, date: date))
            }
            return CharterInput(
                goals: goals ?? "", scopeIn: scopeIn ?? "", scopeOut: scopeOut ?? "", milestones: milestones,
                deliveryStandards: deliveryStandards ?? "", acceptanceCriteria: acceptanceCriteria ?? "",
                assumptions: assumptions ?? "", stakeholders: stakeholders ?? "")
        }
    }

    func charterEdit(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let latest = try await CharterQueries.latest(of: found.project.id, on: request.db)
        if let latest, !latest.status.isEditable {
            return request.redirect(
                to: ProjectRoutes.charter.link(found.project.id), flash: "conflict.charterFrozen", kind: "error")
        }
        let c = latest?.content ?? CharterContent()
        let form = CharterForm(
            goals: c.goals, scopeIn: c.scopeIn, scopeOut: c.scopeOut, milestoneName: c.milestones.map(\.name),
            milestoneDate: c.milestones.map(\.date.description), deliveryStandards: c.deliveryStandards,
            acceptanceCriteria: c.acceptanceCriteria, assumptions: c.assumptions, stakeholders: c.stakeholders,
            version: String(latest?.version ?? 0))
        return try await renderCharterForm(request, found, form: form, errors: [:], status: .ok)
    }

    func charterSave(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        let form = try request.content.decode(CharterForm.self)
        let link = ProjectRoutes.charter.link(found.project.id)
        let expected = form.version.flatMap { Int($0) }.flatMap { $0 == 0 ? nil : $0 }
        do {
            _ = try await ProjectWorkflow.saveCharter(found.project.id, form.input, expected: expected, request)
        } catch let failure as ValidationFailure {
            return try await renderCharterForm(
                request, found, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return try await renderCharterForm(
                request, found, form: form, errors: ["form": request.t("error.staleForm")], status: .conflict)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: link, flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: link, flash: "flash.saved")
    }

    func renderCharterForm(
        _ request: Request, _ found: ProjectSummary, form: CharterForm, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let p = found.project
        let values: [(String, String?)] = [
            ("goals", form.goals), ("scopeIn", form.scopeIn), ("scopeOut", form.scopeOut),
            ("deliveryStandards", form.deliveryStandards), ("acceptanceCriteria", form.acceptanceCriteria),
            ("assumptions", form.assumptions), ("stakeholders", form.stakeholders),
        ]
        let names = form.milestoneName ?? []
        let dates = form.milestoneDate ?? []
        var milestones: [CharterFormPage.Milestone] = []
        var kept = 0
        for index in 0..<max(names.count, dates.count) {
            let name = index < names.count ? names[index] : ""
            let date = index < dates.count ? dates[index] : ""
            if name.trimmedSpaces().isEmpty, date.trimmedSpaces().isEmpty { continue }
            milestones.append(
                .init(
                    index: kept, name: name, date: date, nameError: errors["milestones[\(kept)].name"],
                    dateError: errors["milestones[\(kept)].date"]))
            kept += 1
        }
        for _ in 0..<3 { milestones.append(.init(index: milestones.count, name: "", date: "")) }
        let projectDates: String =
            switch (p.startOn, p.endOn) {
            case (let s?, let e?): request.t("charter.form.projectDates", s.description, e.description)
            default: ""
            }
        let page = CharterFormPage(
            title: request.t("charter.edit"), action: ProjectRoutes.charterSave.link(p.id),
            cancelLink: ProjectRoutes.charter.link(p.id), version: form.version.flatMap { Int($0) } ?? 0,
            fields: values.map {
                .init(
                    key: $0.0, label: request.t("charter.section.\($0.0)"), value: $0.1 ?? "", error: errors[$0.0])
            },
            milestones: milestones, milestonesError: errors["milestones"], projectDates: projectDates,
            formError: errors["form"])
        let response = try await request.page("projects/charter-form", title: p.numberText + " " + p.name, page)
        response.status = status
        return response
    }

    func newVersion(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        do {
            _ = try await ProjectWorkflow.newCharterVersion(found.project.id, request)
        } catch DataError.conflict(let reason) {
            return request.redirect(
                to: ProjectRoutes.charter.link(found.project.id), flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: ProjectRoutes.charterEdit.link(found.project.id), flash: "flash.saved")
    }

    func send(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.find(request, audit: false)
        struct SendForm: Content {
            var contactIds: [String]?
            var version: String?
        }
        let form = try request.content.decode(SendForm.self)
        let link = ProjectRoutes.charter.link(found.project.id)
        do {
            let sent = try await ProjectWorkflow.sendCharter(
                found.project.id, contactIDs: form.contactIds, expected: form.version.flatMap { Int($0) }, request)
            let unmailed = sent.links.compactMap { item in
                item.link.map { ProjectPage.Link(name: item.name, email: item.email ?? "", link: $0) }
            }
            if unmailed.isEmpty { return request.redirect(to: link, flash: "flash.charterSent") }
            return try await renderCharter(request, found, sendError: nil, links: unmailed, status: .ok)
        } catch let failure as ValidationFailure {
            let message = failure.issues.first.map { request.catalog.message(for: $0, request.locale) }
            return try await renderCharter(request, found, sendError: message, links: [], status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return request.redirect(to: link, flash: "conflict.charterChanged", kind: "error")
        } catch DataError.conflict(let reason) {
            return request.redirect(to: link, flash: "conflict.\(reason)", kind: "error")
        }
    }

    // MARK: Diff

    func diff(_ request: Request) async throws -> Response {
        let found = try await ProjectWorkflow.findForCharter(request)
        let p = found.project
        let from = try? request.query.get(String.self, at: "from")
        let to = try? request.query.get(String.self, at: "to")
        let pair = try? await ProjectWorkflow.diff(p.id, from: from, to: to, request)
        let versions = try await CharterQueries.versions(of: p.id, on: request.db)
        var sections: [CharterDiffPage.Section] = []
        if let pair {
            sections = CharterDiff.compare(pair.from.content, pair.to.content).map { s in
                CharterDiffPage.Section(
                    title: request.t(s.section.labelKey), changed: s.changed,
                    lines: s.lines.map {
                        CharterDiffPage.Line(
                            kind: $0.kind.rawValue, sign: $0.kind == .added ? "+" : $0.kind == .removed ? "−" : " ",
                            text: $0.text, oldNumber: $0.oldNumber.map(String.init) ?? "",
                            newNumber: $0.newNumber.map(String.init) ?? "")
                    })
            }
        }
        let page = CharterDiffPage(
            title: request.t("charter.diff.title"), backLink: ProjectRoutes.charter.link(p.id),
            heading: pair.map {
                request.t("charter.diff.heading", String($0.from.number), String($0.to.number))
            } ?? request.t("charter.diff.none"),
            versions: versions.map {
                Choice(
                    value: String($0.number), label: request.t("charter.versionLabel", String($0.number)),
                    selected: $0.number == pair?.to.number)
            },
            fromVersions: versions.map {
                Choice(
                    value: String($0.number), label: request.t("charter.versionLabel", String($0.number)),
                    selected: $0.number == pair?.from.number)
            },
            action: ProjectRoutes.charterDiff.link(p.id), sections: sections, hasDiff: pair != nil)
        return try await request.page("projects/diff", title: p.numberText + " " + p.name, page)
    }
}
