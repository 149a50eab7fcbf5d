import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct SurveyPage: Encodable {
    var state: String
    var number: String
    var subject: String
    var action: String
    var scores: [Int]
    var error: String?
}

/// The public satisfaction page behind the link sent after resolution: no sign-in, one answer per link.
struct SurveyController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(SurveyRoutes.show, use: show)
        routes.on(SurveyRoutes.answer, use: answer)
    }

    func show(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let outcome = try await Satisfaction.check(tokenHash: TokenHash.of(token), at: request.now, on: request.db)
        return try await render(request, token: token, outcome: outcome, error: nil)
    }

    struct Form: Content {
        var score: String?
        var comment: String?
    }

    func answer(_ request: Request) async throws -> Response {
        let token = try request.parameters.require("token")
        let form = try request.content.decode(Form.self)
        guard let score = form.score.flatMap({ Int($0) }), (1...5).contains(score) else {
            let outcome = try await Satisfaction.check(tokenHash: TokenHash.of(token), at: request.now, on: request.db)
            return try await render(request, token: token, outcome: outcome, error: request.t("survey.pickScore"))
        }
        // A public form: characters with no place in a comment are dropped rather than refused.
        let comment = form.comment
            .map { InputText.nfc(InputText.stripped(InputText.unifyingLineBreaks($0), multiline: true)) }?
            .nilIfBlank.map { String($0.prefix(2000)) }
        let now = request.now
        let hash = TokenHash.of(token)
        let outcome = try await request.write { tx in
            try await Satisfaction.rate(tokenHash: hash, score: score, comment: comment, at: now, on: tx)
        }
        if case .valid = outcome {
            return try await request.page(
                "public/survey", title: request.t("survey.title"),
                SurveyPage(state: "thanks", number: "", subject: "", action: "", scores: [], error: nil))
        }
        return try await render(request, token: token, outcome: outcome, error: nil)
    }

    private func render(_ request: Request, token: String, outcome: Satisfaction.Outcome, error: String?) async throws
        -> Response
    {
        var page = SurveyPage(
            state: "unknown", number: "", subject: "", action: SurveyRoutes.answer.link(token), scores: [1, 2, 3, 4, 5],
            error: error)
        var status = HTTPStatus.ok
        switch outcome {
        case .valid(let number, let subject):
            page.state = "open"
            page.number = number
            page.subject = subject
        case .used: page.state = "used"
        case .expired: page.state = "expired"; status = .gone
        case .unknown: page.state = "unknown"; status = .notFound
        }
        let response = try await request.page("public/survey", title: request.t("survey.title"), page)
        response.status = error == nil ? status : .unprocessableEntity
        return response
    }
}
