import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The staff pages under /surveys: the list, a new campaign, a draft (its form, who gets it, send, delete) and a
/// sent campaign (who was asked and the results).
struct NPSWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(NPSRoutes.list, use: list)
        routes.on(NPSRoutes.new, use: new)
        routes.on(NPSRoutes.create, use: create)
        routes.on(NPSRoutes.show, use: show)
        routes.on(NPSRoutes.update, use: update)
        routes.on(NPSRoutes.delete, use: delete)
        routes.on(NPSRoutes.send, use: send)
    }

    struct Form: Content {
        var name: String?
        var intro: String?
        var tiers: [String]?
        var customerIds: [String]?
        var closesAt: String?
        var version: String?

        init() {}

        init(_ survey: NPSSurvey, zone: TimeZone) {
            name = survey.name
            intro = survey.intro
            tiers = survey.tiers.map(\.rawValue)
            customerIds = survey.customerIDs.map(\.idText)
            closesAt = survey.closesAt.map { Self.local($0, zone) }
            version = String(survey.version)
        }

        /// A moment as a `datetime-local` value in `zone`.
        static func local(_ date: Date, _ zone: TimeZone) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : String(n) }
            return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute))"
        }

        func input(zone: TimeZone) -> NPSSurveyInput {
            NPSSurveyInput(
                name: name, intro: intro, tiers: tiers ?? [], customerIDs: customerIds ?? [], closesAt: closesAt,
                closesAtZone: zone)
        }
    }

    func list(_ request: Request) async throws -> Response {
        let rows = try await NPSSurveyQueries.all(on: request.db).map { survey in
            NPSListPage.Row(
                name: survey.name, link: NPSRoutes.show.link(survey.id), status: request.t(survey.status.labelKey),
                sent: survey.status == .sent, audience: audience(survey, request), invited: survey.invitedCount,
                answered: survey.answeredCount, closes: request.format(survey.closesAt),
                created: request.format(survey.createdAt))
        }
        return try await request.page(
            "surveys/list", title: request.t("nps.title"),
            NPSListPage(rows: rows, hasRows: !rows.isEmpty, newLink: NPSRoutes.new.link()))
    }

    func new(_ request: Request) async throws -> Response {
        try await renderForm(request, nil, form: Form(), errors: [:], status: .ok)
    }

    func create(_ request: Request) async throws -> Response {
        let form = try request.content.decode(Form.self)
        do {
            let survey = try await NPSWorkflow.create(form.input(zone: request.displayTimeZone), request)
            return request.redirect(to: NPSRoutes.show.link(survey.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, nil, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    func show(_ request: Request) async throws -> Response {
        let survey = try await NPSWorkflow.find(request)
        if survey.status == .draft {
            return try await renderForm(
                request, survey, form: Form(survey, zone: request.displayTimeZone), errors: [:], status: .ok)
        }
        return try await renderSent(request, survey)
    }

    func update(_ request: Request) async throws -> Response {
        let current = try await NPSWorkflow.find(request)
        let form = try request.content.decode(Form.self)
        guard current.status == .draft else {
            return request.redirect(to: NPSRoutes.show.link(current.id), flash: "conflict.surveySent", kind: "error")
        }
        do {
            _ = try await NPSWorkflow.update(
                current, form.input(zone: request.displayTimeZone), expected: form.version.flatMap { Int($0) },
                request)
            return request.redirect(to: NPSRoutes.show.link(current.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(
                request, current, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            var fresh = form
            fresh.version = String(current.version)
            return try await renderForm(
                request, current, form: fresh, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func delete(_ request: Request) async throws -> Response {
        let id = try request.recordID()
        do {
            try await NPSWorkflow.delete(id, expected: nil, request)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: NPSRoutes.show.link(id), flash: "conflict.\(reason)", kind: "error")
        }
        return request.redirect(to: NPSRoutes.list.link(), flash: "flash.deleted")
    }

    func send(_ request: Request) async throws -> Response {
        let current = try await NPSWorkflow.find(request)
        struct SendForm: Content { var version: String? }
        let expected = (try? request.content.decode(SendForm.self))?.version.flatMap { Int($0) }
        do {
            _ = try await NPSWorkflow.send(current.id, expected: expected, request)
        } catch DataError.conflict(let reason) {
            return request.redirect(to: NPSRoutes.show.link(current.id), flash: "conflict.\(reason)", kind: "error")
        } catch DataError.staleVersion {
            return request.redirect(to: NPSRoutes.show.link(current.id), flash: "conflict.surveyChanged", kind: "error")
        }
        return request.redirect(to: NPSRoutes.show.link(current.id), flash: "flash.npsSent")
    }

    // MARK: Rendering

    private func audience(_ survey: NPSSurvey, _ request: Request) -> String {
        var parts = survey.tiers.map { request.t($0.labelKey) }
        if !survey.customerIDs.isEmpty {
            parts.append(request.t("nps.chosenCustomers", String(survey.customerIDs.count)))
        }
        return parts.joined(separator: request.locale == .zhHans ? "、" : ", ")
    }

    private func recipients(_ survey: NPSSurvey, _ request: Request) async throws -> [NPSSurveyPage.Recipient] {
        try await NPSWorkflow.recipients(survey, request).map { item in
            let state: String =
                if item.answered == true {
                    request.t("nps.recipient.answered")
                } else if item.mailed == true {
                    request.t("nps.recipient.mailed")
                } else if item.mailed == false {
                    request.t("nps.recipient.queued")
                } else {
                    ""
                }
            return NPSSurveyPage.Recipient(
                contact: item.recipient.contactName, customer: item.recipient.customerName,
                tier: request.t(item.recipient.tier.labelKey), email: item.recipient.email,
                language: item.recipient.locale.nativeName, state: state)
        }
    }

    private func base(_ request: Request, _ survey: NPSSurvey?) -> NPSSurveyPage {
        NPSSurveyPage(
            isNew: survey == nil, form: nil, id: survey?.id.idText ?? "", name: survey?.name ?? "",
            intro: survey?.intro, status: survey.map { request.t($0.status.labelKey) } ?? "",
            isDraft: survey?.status != .sent, audience: survey.map { audience($0, request) } ?? "",
            closes: request.format(survey?.closesAt), sent: request.format(survey?.sentAt),
            version: survey?.version ?? 0,
            sendAction: survey.map { NPSRoutes.send.link($0.id) } ?? "",
            deleteAction: survey.map { NPSRoutes.delete.link($0.id) } ?? "", listLink: NPSRoutes.list.link(),
            recipients: [], recipientCount: 0, hiddenNote: false, overall: nil, chart: nil, segments: [],
            segmentLabel: "", groups: [], hasGroups: false, comments: [], hasComments: false, period: "", error: nil)
    }

    private func renderForm(
        _ request: Request, _ survey: NPSSurvey?, form: Form, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let viewer = try request.viewer
        let chosenTiers = Set(form.tiers ?? [])
        let chosenIDs = (form.customerIds ?? []).compactMap { UUIDText.parse($0.trimmedSpaces()) }
        let chosen = try await NPSSurveyQueries.visibleCustomers(chosenIDs, for: viewer, on: request.db)
        let recent = try await NPSSurveyQueries.recentCustomers(for: viewer, limit: 30, on: request.db)
        var seen = Set<UUID>()
        let customers = (chosen + recent).compactMap { customer -> Choice? in
            guard seen.insert(customer.id).inserted else { return nil }
            return Choice(value: customer.id.idText, label: customer.name, selected: chosenIDs.contains(customer.id))
        }
        var page = base(request, survey)
        page.form = NPSFormPage(
            isNew: survey == nil,
            action: survey.map { NPSRoutes.update.link($0.id) } ?? NPSRoutes.create.link(),
            cancelLink: NPSRoutes.list.link(), version: form.version.flatMap { Int($0) } ?? survey?.version ?? 0,
            name: form.name ?? "", intro: form.intro ?? "", closesAt: form.closesAt ?? "",
            tiers: CustomerTier.allCases.map {
                Choice(value: $0.rawValue, label: request.t($0.labelKey), selected: chosenTiers.contains($0.rawValue))
            },
            customers: customers, errors: errors)
        if let survey {
            page.recipients = try await recipients(survey, request)
            page.recipientCount = page.recipients.count
        }
        let title = survey == nil ? request.t("nps.new") : survey?.name ?? ""
        let response = try await request.page("surveys/survey", title: title, page)
        response.status = status
        return response
    }

    private func renderSent(_ request: Request, _ survey: NPSSurvey) async throws -> Response {
        var v = FieldValidator()
        let segment = v.choice("segment", try? request.query.get(String.self, at: "segment"), default: NPSSegment.tier)
        let results = try await NPSResults.load(
            survey, segment: segment, for: try request.viewer, at: request.now, on: request.db)
        var page = base(request, survey)
        page.recipients = try await recipients(survey, request)
        page.recipientCount = page.recipients.count
        page.hiddenNote = page.recipientCount < survey.invitedCount
        page.overall = group(results.overall, name: request.t("nps.results.all"), request)
        page.chart = NPSChart.make(results.overall.summary, label: request.t("nps.results.chartLabel"))
        page.segments = NPSSegment.allCases.map {
            Choice(
                value: NPSRoutes.show.link(survey.id) + "?segment=" + $0.rawValue, label: request.t($0.labelKey),
                selected: $0 == segment)
        }
        page.segmentLabel = request.t(segment.labelKey)
        page.groups = results.groups.map { item in
            let name =
                switch segment {
                case .tier: CustomerTier(rawValue: item.key).map { request.t($0.labelKey) } ?? item.name
                default: item.name
                }
            return group(item, name: name, request)
        }
        page.comments = results.comments.reversed().map {
            NPSSurveyPage.Comment(
                score: $0.score, category: NPSCategory.of($0.score)?.rawValue ?? "", customer: $0.customerName,
                contact: $0.contactName, text: $0.comment, time: request.format($0.answeredAt))
        }
        page.hasGroups = !page.groups.isEmpty
        page.hasComments = !page.comments.isEmpty
        page.period = request.t(
            "nps.results.period", request.format(results.periodStart), request.format(results.periodEnd))
        return try await request.page("surveys/survey", title: survey.name, page)
    }

    private func group(_ group: NPSResults.Group, name: String, _ request: Request) -> NPSSurveyPage.Group {
        let dash = "—"
        return NPSSurveyPage.Group(
            name: name, invited: group.invited.map(String.init) ?? dash, answered: group.answered,
            rate: group.responseRate.map { "\($0)%" } ?? dash, nps: group.summary.score.map(String.init) ?? dash,
            promoters: group.summary.promoters, passives: group.summary.passives,
            detractors: group.summary.detractors,
            csat: group.csatAverage.map {
                request.t("nps.results.csatValue", String(format: "%.1f", $0), String(group.csatCount))
            } ?? dash)
    }
}
