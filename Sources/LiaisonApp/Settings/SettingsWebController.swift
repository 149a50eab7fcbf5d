import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

struct SettingsPage: Encodable {
    var action: String
    var logoAction: String
    var removeLogoAction: String
    var logoURL: String?
    var version: Int
    var form: SettingsWebController.Form
    var queues: [Choice]
    var publicLink: String
    var messageChecksLink: String = MessageCheckRoutes.page.link()
    var errors: [String: String]
}

/// `/admin/settings`: the company's name and logo, the feedback form's queue and whether announcements need approval.
struct SettingsWebController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(SettingsRoutes.page, use: show)
        routes.on(SettingsRoutes.save, use: save)
        routes.on(
            SettingsRoutes.uploadLogo, body: .collect(maxSize: ByteCount(value: OrganisationSettings.logoMaxBytes + 65_536)),
            use: uploadLogo)
        routes.on(SettingsRoutes.removeLogo, use: removeLogo)
    }

    struct Form: Content {
        var companyNameZh: String?
        var companyNameEn: String?
        var feedbackQueueId: String?
        var announcementsNeedApproval: String?
        var quietDaysStrategic: String?
        var quietDaysKey: String?
        var quietDaysStandard: String?
        var quietDaysSmall: String?
        var commitmentReminderHours: String?
        var version: String?

        init(_ settings: OrganisationSettings) {
            companyNameZh = settings.companyNameZh
            companyNameEn = settings.companyNameEn
            feedbackQueueId = settings.feedbackQueueID?.uuidString
            announcementsNeedApproval = settings.announcementsNeedApproval ? "on" : nil
            quietDaysStrategic = String(settings.followUp.days(for: .strategic))
            quietDaysKey = String(settings.followUp.days(for: .key))
            quietDaysStandard = String(settings.followUp.days(for: .standard))
            quietDaysSmall = String(settings.followUp.days(for: .small))
            commitmentReminderHours = String(settings.followUp.reminderHours)
            version = String(settings.version)
        }

        var input: SettingsInput {
            SettingsInput(
                companyNameZh: companyNameZh ?? "", companyNameEn: companyNameEn ?? "",
                feedbackQueueID: feedbackQueueId ?? "", announcementsNeedApproval: announcementsNeedApproval != nil,
                quietDays: [
                    .strategic: quietDaysStrategic, .key: quietDaysKey, .standard: quietDaysStandard,
                    .small: quietDaysSmall,
                ].compactMapValues { $0 }, reminderHours: commitmentReminderHours)
        }
    }

    struct LogoForm: Content {
        var logo: File?
    }

    func show(_ request: Request) async throws -> Response {
        let settings = try await SettingsStore.read(on: request.db)
        return try await render(request, settings, form: Form(settings), errors: [:], status: .ok)
    }

    func save(_ request: Request) async throws -> Response {
        let current = try await SettingsStore.read(on: request.db)
        let form = try request.content.decode(Form.self)
        do {
            let next = try form.input.validated(over: current)
            _ = try await SettingsAPIController.save(next, expected: form.version.flatMap { Int($0) }, request)
            return request.redirect(to: SettingsRoutes.page.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, current, form: form, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            var fresh = form
            fresh.version = String(current.version)
            return try await render(
                request, current, form: fresh, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func uploadLogo(_ request: Request) async throws -> Response {
        let current = try await SettingsStore.read(on: request.db)
        do {
            let upload = try? request.content.decode(LogoForm.self)
            let data = upload?.logo.map { Data(buffer: $0.data) } ?? Data()
            var next = current
            next.logo = try await SettingsAPIController.storeLogo(data, request)
            _ = try await SettingsAPIController.save(next, expected: nil, request)
            return request.redirect(to: SettingsRoutes.page.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, current, form: Form(current), errors: request.fieldErrors(failure),
                status: .unprocessableEntity)
        }
    }

    func removeLogo(_ request: Request) async throws -> Response {
        var next = try await SettingsStore.read(on: request.db)
        next.logo = nil
        _ = try await SettingsAPIController.save(next, expected: nil, request)
        return request.redirect(to: SettingsRoutes.page.link(), flash: "flash.saved")
    }

    private func render(
        _ request: Request, _ settings: OrganisationSettings, form: Form, errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let departments = try await DepartmentQueries.all(on: request.db)
        var queues = [Choice(value: "", label: request.t("settings.noQueue"), selected: (form.feedbackQueueId ?? "").isEmpty)]
        queues += departments.map {
            Choice(
                value: $0.id.uuidString, label: $0.displayName(in: request.locale),
                selected: $0.id.uuidString == form.feedbackQueueId?.uppercased())
        }
        let page = SettingsPage(
            action: SettingsRoutes.save.link(), logoAction: SettingsRoutes.uploadLogo.link(),
            removeLogoAction: SettingsRoutes.removeLogo.link(),
            logoURL: SettingsDTO(settings).logoUrl, version: settings.version, form: form, queues: queues,
            publicLink: PublicRoutes.home.link(), errors: errors)
        let response = try await request.page("settings/form", title: request.t("settings.title"), page)
        response.status = status
        return response
    }
}
