import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// The page behind an NPS invitation's link: no sign-in, the question in the contact's language, one answer per
/// link. A detractor's answer opens a follow-up request in the same write.
struct NPSPublicController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(NPSRoutes.answer, use: show)
        routes.on(NPSRoutes.submit, use: submit)
    }

    struct Form: Content {
        var score: String?
        var comment: String?
    }

    func show(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let outcome = try await NPSAnswers.check(
            tokenHash: NPSSurveyCommands.hash(token), at: request.now, on: request.db)
        return try await render(request, token: token, outcome: outcome, form: Form(), error: nil)
    }

    func submit(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let hash = NPSSurveyCommands.hash(token)
        let form = (try? request.content.decode(Form.self)) ?? Form()
        guard let score = NPSAnswerInput.score(form.score) else {
            let outcome = try await NPSAnswers.check(tokenHash: hash, at: request.now, on: request.db)
            let locale = Self.locale(of: outcome, request)
            return try await render(
                request, token: token, outcome: outcome, form: form,
                error: request.catalog.text("nps.public.pickScore", locale, []))
        }
        // A public form: characters with no place in a comment are dropped rather than refused.
        let comment = form.comment
            .map { InputText.nfc(InputText.stripped(InputText.unifyingLineBreaks($0), multiline: true)) }?
            .nilIfBlank.map { String($0.prefix(NPSAnswerInput.maxComment)) }
        let catalog = request.catalog
        let locale = AppLocale(rawValue: request.appConfig.defaultLocale) ?? .zhHans
        let writeContext = WriteContext(
            actor: AuditActor(userID: nil, label: "customer", address: request.clientAddress), now: request.now,
            settings: request.appConfig.requestSettings)
        let outcome = try await request.write { tx in
            try await NPSAnswers.answer(
                tokenHash: hash, score: score, comment: comment,
                followUp: { score, comment in
                    NPSAnswers.FollowUpText(
                        subject: catalog.text("nps.followUp.subject", locale, [String(score)]),
                        body: catalog.text("nps.followUp.body", locale, [String(score)])
                            + (comment.map {
                                "\n\n> " + Markdown.literal($0).replacingOccurrences(of: "\n", with: "\n> ")
                            } ?? ""))
                }, in: writeContext, on: tx)
        }
        if case .open(let invitation) = outcome {
            return try await page(request, NPSAnswerPage(state: "thanks", locale: invitation.locale), status: .ok)
        }
        return try await render(request, token: token, outcome: outcome, form: form, error: nil)
    }

    private static func locale(of outcome: NPSAnswers.Outcome, _ request: Request) -> AppLocale {
        switch outcome {
        case .open(let invitation): invitation.locale
        case .used(let locale), .closed(let locale), .expired(let locale): locale
        case .unknown: request.locale
        }
    }

    private func render(
        _ request: Request, token: String, outcome: NPSAnswers.Outcome, form: Form, error: String?
    ) async throws -> Response {
        var body = NPSAnswerPage(state: "unknown", locale: Self.locale(of: outcome, request))
        var status = HTTPStatus.ok
        switch outcome {
        case .open(let invitation):
            body.state = "open"
            body.surveyName = invitation.surveyName
            body.intro = invitation.intro
            body.contactName = invitation.contactName
            body.action = NPSRoutes.submit.link(token)
            body.scores = NPSSummary.scores.map {
                NPSAnswerPage.Score(value: $0, selected: form.score?.trimmedSpaces() == String($0))
            }
            body.comment = form.comment ?? ""
            body.error = error
            if error != nil { status = .unprocessableEntity }
        case .used: body.state = "used"; status = .gone
        case .closed: body.state = "closed"; status = .gone
        case .expired: body.state = "expired"; status = .gone
        case .unknown: body.state = "unknown"; status = .notFound
        }
        return try await page(request, body, status: status)
    }

    /// The page in the contact's language, whatever the browser asks for.
    private func page(_ request: Request, _ body: NPSAnswerPage, status: HTTPStatus) async throws -> Response {
        request.locale = body.locale
        let response = try await request.page("surveys/answer", title: request.t("nps.public.title"), body)
        response.status = status
        return response
    }
}
