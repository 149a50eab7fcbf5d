import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

struct FeedbackPage: Encodable {
    /// "form", "sent" or "refused".
    var state: String
    var action: String
    var homeLink: String
    var company: String
    var stamp: String
    var form: FeedbackController.Form
    var number: String
    var maxUploadMegabytes: Int
    var alert: String?
    var errors: [String: String]
}

/// The public feedback form (`/public/feedback`): no sign-in. A submission is refused, with nothing stored, when
/// its hidden field is filled, when its signed stamp is missing, forged, stale or younger than a person could
/// write in, when its address has sent its share, or when a field or file is wrong; otherwise it opens one
/// `feedback` request (`FeedbackIntake`) and shows its number. Nothing on the page tells whether an address
/// belongs to a known contact.
struct FeedbackController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(PublicRoutes.feedback, use: show)
        routes.on(PublicRoutes.sendFeedback, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: send)
    }

    /// The hidden field robots fill in.
    static let honeypot = "website"

    struct Form: Content {
        var name: String?
        var company: String?
        var email: String?
        var phone: String?
        var message: String?
        var website: String?
        var stamp: String?
        var file: File?

        init() {}

        var input: FeedbackInput {
            FeedbackInput(name: name, company: company, email: email, phone: phone, message: message)
        }

        /// As shown again: text only.
        var shown: Form {
            var copy = self
            copy.file = nil
            copy.website = nil
            copy.stamp = nil
            return copy
        }
    }

    func show(_ request: Request) async throws -> Response {
        try await render(request, form: Form(), errors: [:], alert: nil, status: .ok)
    }

    func send(_ request: Request) async throws -> Response {
        let form: Form
        do {
            form = try request.content.decode(Form.self)
        } catch {
            return try await render(request, form: Form(), errors: [:], alert: "feedback.unreadable", status: .badRequest)
        }
        let now = request.now
        let guardian = request.application.feedbackGuard
        if let trap = form.website, !trap.isEmpty {
            request.logger.notice("feedback refused: hidden field filled", metadata: ["address": .string(request.clientAddress ?? "-")])
            return try await refuse(request, form, "feedback.refused", .unprocessableEntity)
        }
        let nonce: String
        switch try guardian.stamps().check(form.stamp, at: now) {
        case .invalid: return try await refuse(request, form, "feedback.staleForm", .unprocessableEntity)
        case .tooFast: return try await refuse(request, form, "feedback.tooFast", .unprocessableEntity)
        case .valid(let value): nonce = value
        }
        let valid: ValidFeedback
        do {
            valid = try form.input.validated()
        } catch {
            return try await render(
                request, form: form.shown, errors: request.fieldErrors(error), alert: "feedback.fixFields",
                status: .unprocessableEntity)
        }
        // The same form posted again (a double click, the browser resending) answers the first one's number.
        switch guardian.claim(nonce) {
        case .accepted(let number): return try await sent(request, number: number)
        case .inFlight: return try await awaitFirst(request, nonce: nonce, form: form)
        case .claimed: break
        }
        do {
            guard guardian.admit(request.clientAddress, now: now) else {
                guardian.release(nonce)
                return try await refuse(request, form, "feedback.rateLimited", .tooManyRequests)
            }
            let file = try await Self.storedFile(form.file, request)
            let settings = try await SettingsStore.read(on: request.db)
            let contact = try await FeedbackIntake.contact(email: valid.email, phone: valid.phone, on: request.db)
            let context = request.writeContext
            let locale = request.locale
            let prepared = await FeedbackIntake.prepare(contact: contact, in: context, on: request.db)
            let accepted = try await request.write { tx in
                try await FeedbackIntake.take(
                    valid, stamp: nonce, contact: contact, queueID: settings.feedbackQueueID, file: file,
                    locale: locale, prepared: prepared, in: context, on: tx)
            }
            guardian.remember(nonce, number: accepted.number)
            return try await sent(request, number: accepted.number)
        } catch let failure as ValidationFailure {
            guardian.release(nonce)
            return try await render(
                request, form: form.shown, errors: request.fieldErrors(failure), alert: "feedback.fixFields",
                status: .unprocessableEntity)
        } catch {
            guardian.release(nonce)
            throw error
        }
    }

    /// A second post of a form whose first is still being stored: its number, once the first has it (a busy
    /// database may take seconds).
    private func awaitFirst(_ request: Request, nonce: String, form: Form) async throws -> Response {
        for _ in 0..<1_500 {
            try await Task.sleep(for: .milliseconds(20))
            switch request.application.feedbackGuard.claim(nonce, take: false) {
            case .accepted(let number): return try await sent(request, number: number)
            case .inFlight: continue
            case .claimed: return try await refuse(request, form, "feedback.staleForm", .unprocessableEntity)
            }
        }
        return try await refuse(request, form, "feedback.staleForm", .unprocessableEntity)
    }

    /// The form's file, checked and stored by content; nil when none was chosen.
    static func storedFile(_ upload: File?, _ request: Request) async throws -> FeedbackIntake.StoredFile? {
        guard let upload, upload.data.readableBytes > 0 || !upload.filename.isEmpty else { return nil }
        let prepared = try await AttachmentUpload.prepare(Data(buffer: upload.data), filename: upload.filename, request: request)
        return FeedbackIntake.StoredFile(
            filename: prepared.filename, mime: prepared.mime, sha256: prepared.sha256, size: prepared.size)
    }

    private func refuse(_ request: Request, _ form: Form, _ alert: String, _ status: HTTPStatus) async throws
        -> Response
    {
        try await render(request, form: form.shown, errors: [:], alert: alert, status: status)
    }

    private func sent(_ request: Request, number: Int64) async throws -> Response {
        var page = try await model(request, form: Form(), errors: [:], alert: nil)
        page.state = "sent"
        page.number = RequestNumber.format(Int(number))
        return try await request.page("public/feedback", title: request.t("feedback.sentTitle"), page)
    }

    private func render(
        _ request: Request, form: Form, errors: [String: String], alert: String?, status: HTTPStatus
    ) async throws -> Response {
        let page = try await model(request, form: form, errors: errors, alert: alert)
        let response = try await request.page("public/feedback", title: request.t("feedback.title"), page)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func model(_ request: Request, form: Form, errors: [String: String], alert: String?) async throws
        -> FeedbackPage
    {
        let settings = try await SettingsStore.read(on: request.db)
        let guardian = request.application.feedbackGuard
        let stamp = try guardian.stamps().issue(at: request.now, nonce: Hex.encode(request.effects.randomBytes(16)))
        return FeedbackPage(
            state: "form", action: PublicRoutes.sendFeedback.link(), homeLink: PublicRoutes.home.link(),
            company: settings.companyName(in: request.locale), stamp: stamp, form: form, number: "",
            maxUploadMegabytes: request.appConfig.maxUploadMegabytes, alert: alert.map { request.t($0) },
            errors: errors)
    }
}
