import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// NPS campaigns at the data level: the audience (email consent, need-to-know), sending (links derived from the
/// seed, only hashes stored, one mail job each, the same on a second run of the write), answering (once, with a
/// follow-up for detractors in the same write) and results.
@Suite struct NPSSurveyDataTests {
    private func secrets() throws -> SecretBox {
        try SecretBox.loadOrCreate(
            in: FileManager.default.temporaryDirectory.appendingPathComponent("liaison-nps-\(UUID().uuidString)"))
    }

    private func survey(_ f: DataFixture, tiers: [CustomerTier], customers: [UUID] = []) async throws -> NPSSurvey {
        let valid = ValidNPSSurvey(name: "年度调查", intro: nil, tiers: tiers, customerIDs: customers, closesAt: nil)
        let (actor, now) = (f.actor(f.admin), f.now)
        return try await f.write { tx in
            try await NPSSurveyCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func send(_ f: DataFixture, _ survey: NPSSurvey, by person: Person, secrets: SecretBox) async throws
        -> NPSSurvey
    {
        let (actor, now, viewer) = (f.actor(person), f.now, person.viewer)
        return try await f.write { tx in
            try await NPSSurveyCommands.send(
                id: survey.id, expectedVersion: nil, seed: Array(repeating: 7, count: 32), secrets: secrets,
                link: { "https://liaison.test/public/nps/" + $0 }, for: viewer,
                in: WriteContext(actor: actor, now: now),
                on: tx)
        }
    }

    @Test func theAudienceIsContactsWithAnAddressWhoDidNotRefuseEmailOfCustomersTheViewerMaySee() async throws {
        try await withFixture { f in
            let sales = try await f.person("sales@test.cn", name: "销售", roles: [.sales])
            let key = try await f.customer("苏州精密", tier: .key)
            let secret = try await f.customer("保密客户", classification: .secret, tier: .key)
            let other = try await f.customer("普通客户", tier: .standard)
            let asked = try await f.contact("王芳", of: key, email: "wang@jm.cn")
            let refused = try await f.contact("赵磊", of: key, email: "zhao@jm.cn")
            try await f.contact("孙丽", of: key, phone: "13800138000")
            try await f.contact("陈秘", of: secret, email: "chen@secret.cn")
            let chosen = try await f.contact("李强", of: other, email: "li@pt.cn")
            _ = try await f.db.sql.raw(
                "UPDATE contacts SET consent = '{\"email\":false}' WHERE id = \(bind: refused.id)"
            ).run()

            let all = try await NPSSurveyQueries.audience(
                tiers: [.key], customerIDs: [other.id], for: f.admin.viewer, on: f.db)
            #expect(Set(all.map(\.contactName)) == ["王芳", "陈秘", "李强"])
            let seen = try await NPSSurveyQueries.audience(
                tiers: [.key], customerIDs: [other.id], for: sales.viewer, on: f.db)
            #expect(Set(seen.map(\.contactID)) == [asked.id, chosen.id])
            #expect(seen.first { $0.contactID == asked.id }?.locale == .zhHans)
            #expect(
                try await NPSSurveyQueries.audience(tiers: [], customerIDs: [], for: f.admin.viewer, on: f.db).isEmpty)
        }
    }

    @Test func sendingStoresOnlyHashesQueuesOneJobEachAndIsRefusedTwice() async throws {
        try await withFixture { f in
            let key = try await f.customer("苏州精密", tier: .key)
            try await f.contact("王芳", of: key, email: "wang@jm.cn")
            try await f.contact("Emily", of: key, email: "emily@jm.cn")
            let box = try secrets()
            let draft = try await survey(f, tiers: [.key])
            f.advance()
            let sent = try await send(f, draft, by: f.admin, secrets: box)
            #expect(sent.status == .sent && sent.invitedCount == 2 && sent.sentAt == f.now)

            struct Job: Decodable { var payload: String }
            let jobs = try await f.db.sql.raw(
                "SELECT payload FROM jobs WHERE kind = \(bind: NPSSurveyCommands.inviteJobKind)"
            ).all(decoding: Job.self)
            #expect(jobs.count == 2)
            var tokens: [String] = []
            for job in jobs {
                let decoded = try JSONDecoder().decode(
                    NPSSurveyCommands.InvitationJob.self, from: Data(job.payload.utf8))
                let link = try box.open(decoded.link)
                let token = String(link.dropFirst("https://liaison.test/public/nps/".count))
                #expect(token.count == 64 && !job.payload.contains(token))
                tokens.append(token)
            }
            let stored = try await NPSInvitationModel.query(on: f.db).all().map(\.tokenHash)
            #expect(Set(stored) == Set(tokens.map(NPSSurveyCommands.hash)))
            // The same seed makes the same links: a write run again writes what its first run did.
            let again = NPSSurveyCommands.token(
                survey: draft.id, contact: try #require(try await NPSInvitationModel.query(on: f.db).first()).contactID,
                seed: Array(repeating: UInt8(7), count: 32))
            #expect(tokens.contains(again))

            await #expect(throws: DataError.conflict(reason: "surveySent")) {
                try await send(f, draft, by: f.admin, secrets: box)
            }
            let audit = try #require(try await f.lastAudit(.surveySent))
            #expect(audit.fields["invited"]?.to == "2")
        }
    }

    @Test func aDetractorsAnswerOpensAFollowUpAndResultsLeaveOutWhatTheViewerMayNotSee() async throws {
        try await withFixture { f in
            let owner = try await f.person("owner@test.cn", name: "客户经理", roles: [.sales])
            let key = try await f.customer("苏州精密", tier: .key, owner: owner)
            let secret = try await f.customer("保密客户", classification: .secret, tier: .key)
            let wang = try await f.contact("王芳", of: key, email: "wang@jm.cn")
            try await f.contact("陈秘", of: secret, email: "chen@secret.cn")
            let box = try secrets()
            let draft = try await survey(f, tiers: [.key])
            f.advance()
            _ = try await send(f, draft, by: f.admin, secrets: box)
            let invitations = try await NPSInvitationModel.query(on: f.db).all()
            let key7 = [UInt8](repeating: 7, count: 32)
            func hash(of contact: UUID) -> String {
                NPSSurveyCommands.hash(NPSSurveyCommands.token(survey: draft.id, contact: contact, seed: key7))
            }
            #expect(invitations.count == 2)
            f.advance()
            let customerActor = AuditActor(userID: nil, label: "customer", address: nil)
            let now = f.now
            func answer(_ contact: UUID, _ score: Int, _ comment: String?) async throws -> NPSAnswers.Outcome {
                let tokenHash = hash(of: contact)
                return try await f.write { tx in
                    try await NPSAnswers.answer(
                        tokenHash: tokenHash, score: score, comment: comment,
                        followUp: { NPSAnswers.FollowUpText(subject: "跟进 \($0)", body: "评分 \($0)：\($1 ?? "")") },
                        in: WriteContext(actor: customerActor, now: now), on: tx)
                }
            }
            guard case .open = try await answer(wang.id, 2, "太慢") else {
                Issue.record("the answer was not taken")
                return
            }
            #expect(try await answer(wang.id, 10, nil) == .used(.zhHans))
            let secretContact = try #require(invitations.first { $0.customerID == secret.id }).contactID
            _ = try await answer(secretContact, 10, "很好")

            let answered = try #require(
                try await NPSInvitationModel.query(on: f.db).filter(\.$contactID == wang.id).first())
            #expect(answered.score == 2 && answered.comment == "太慢")
            let followUp = try #require(answered.followUpRequestID)
            let request = try #require(try await RequestModel.load(followUp, on: f.db))
            #expect(request.kind == RequestKind.feedback.rawValue && request.assigneeID == owner.id)
            #expect(request.contactID == wang.id && request.subject == "跟进 2")

            let sent = try #require(try await NPSSurveyQueries.find(draft.id, on: f.db))
            let everything = try await NPSResults.load(
                sent, segment: .customer, for: f.admin.viewer, at: f.now, on: f.db)
            #expect(everything.overall.summary.score == 0 && everything.overall.answered == 2)
            let theirs = try await NPSResults.load(sent, segment: .customer, for: owner.viewer, at: f.now, on: f.db)
            #expect(theirs.overall.summary.score == -100 && theirs.overall.invited == 1)
            #expect(theirs.groups.map(\.name) == ["苏州精密"] && theirs.comments.map(\.comment) == ["太慢"])
        }
    }
}
