import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// New requests worked out before their write (`RequestCommands.prepare`): the write uses the clocks and search
/// document only while the customer is as they were read, and otherwise works them out as an unprepared request.
@Suite struct PreparedRequestTests {
    private func input(_ subject: String, for customer: Customer, body: String = "请尽快处理。") -> ValidRequest {
        ValidRequest(
            customerID: customer.id, contactID: nil, kind: .issue, priority: .high, channel: .email,
            subject: subject, body: body, queueID: nil, assigneeID: nil)
    }

    private func context(_ f: DataFixture) -> WriteContext {
        WriteContext(actor: f.actor(f.admin), now: f.now, settings: f.settings)
    }

    /// Prepares as the server does: with the default policy in place (`liaison serve` makes it at start; preparing
    /// outside a write never creates it).
    private func prepare(_ f: DataFixture, _ input: ValidRequest) async -> RequestCommands.PreparedRequest {
        let now = f.now
        _ = try? await f.write { tx in try await SLAPolicyStore.defaultPolicy(by: .system(), at: now, on: tx) }
        return await RequestCommands.prepare(input, in: context(f), on: f.db)
    }

    private func create(_ f: DataFixture, _ prepared: RequestCommands.PreparedRequest) async throws -> ServiceRequest {
        let context = context(f)
        return try await f.write { tx in try await RequestCommands.create(prepared, in: context, on: tx) }
    }

    private func create(_ f: DataFixture, _ input: ValidRequest) async throws -> ServiceRequest {
        let context = context(f)
        return try await f.write { tx in try await RequestCommands.create(input, in: context, on: tx) }
    }

    private struct Document: Equatable {
        var title: String
        var titleKey: String
        var text: String
        var unfolded: String?
    }

    /// A request's search document with its number taken out, so that two requests' documents compare.
    private func document(of request: ServiceRequest, _ f: DataFixture) async throws -> Document {
        let row = try #require(
            try await f.db.sql.raw(
                "SELECT title, title_key, text, unfolded FROM search_docs WHERE ref_id = \(bind: request.id)"
            ).first())
        let label = RequestNumber.format(request.number)
        func strip(_ text: String) -> String {
            text.replacingOccurrences(of: label, with: "#").replacingOccurrences(of: label.lowercased(), with: "#")
        }
        return Document(
            title: strip(try row.decode(column: "title", as: String.self)),
            titleKey: strip(try row.decode(column: "title_key", as: String.self)),
            text: strip(try row.decode(column: "text", as: String.self)),
            unfolded: try row.decode(column: "unfolded", as: String?.self).map(strip))
    }

    private func sameClocks(_ a: ServiceRequest, _ b: ServiceRequest) {
        #expect(a.slaPolicyID == b.slaPolicyID)
        #expect(a.sla == b.sla)
        #expect(a.firstResponseDueAt == b.firstResponseDueAt)
        #expect(a.nextResponseDueAt == b.nextResponseDueAt)
        #expect(a.resolutionDueAt == b.resolutionDueAt)
        #expect(a.breaches == b.breaches)
    }

    @Test func aPreparedRequestStoresWhatAnUnpreparedOneWould() async throws {
        try await withFixture { f in
            let customer = try await f.customer("臺北雲端科技股份有限公司", tier: .key)
            let valid = input("門戶登錄失敗 ΟΔΟΣ", for: customer, body: "您好：登錄時提示「帳號已鎖定」，請協助。ＡＢＣ１２３")
            let prepared = await prepare(f, valid)
            #expect(prepared.clocks != nil)
            #expect(prepared.document != nil)
            let planned = try await create(f, prepared)
            let plain = try await create(f, valid)
            sameClocks(planned, plain)
            #expect(planned.number == plain.number - 1)
            let (plannedDocument, plainDocument) = (try await document(of: planned, f), try await document(of: plain, f))
            #expect(plannedDocument == plainDocument)
            #expect(plannedDocument.unfolded != nil, "the traditional script is kept for snippets")
            let (plannedAudit, plainAudit) = (try await f.audit(of: planned.id), try await f.audit(of: plain.id))
            #expect(plannedAudit.first?.notes["targets"] == plainAudit.first?.notes["targets"])
            #expect(plannedAudit.first?.notes["targets"] != nil)
            let found = try await SearchQueries.search("台北云端", for: f.admin.viewer, on: f.db).map(\.refID)
            #expect(found.contains(planned.id))
            #expect(try await SearchQueries.search("帐号", for: f.admin.viewer, on: f.db).map(\.refID).contains(planned.id))
        }
    }

    @Test func withoutADefaultPolicyPreparingLeavesTheClocksToTheWrite() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司", tier: .key)
            let prepared = await RequestCommands.prepare(input("门户登录失败", for: customer), in: context(f), on: f.db)
            #expect(prepared.clocks == nil)
            #expect(try await SLAPolicyStore.all(on: f.db).isEmpty)
            let created = try await create(f, prepared)
            #expect(created.slaPolicyID == (try await SLAPolicyStore.all(on: f.db)).first?.id)
            #expect(created.firstResponseDueAt != nil)
        }
    }

    @Test func aTierChangedSinceThePlanGivesTheNewTiersClocks() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司", tier: .small)
            let strategic = try await f.customer("深圳前海数据有限公司", tier: .strategic)
            let prepared = await prepare(f, input("门户登录失败", for: customer))
            #expect(prepared.clocks?.tier == "small")
            try await f.write { tx in
                try await tx.sql.raw("UPDATE customers SET tier = 'strategic' WHERE id = \(bind: customer.id)").run()
            }
            let planned = try await create(f, prepared)
            let reference = try await create(f, input("门户登录失败", for: strategic))
            sameClocks(planned, reference)
            #expect(planned.firstResponseDueAt != prepared.clocks?.firstResponseDueAt, "the tiers' targets differ")
        }
    }

    @Test func aCustomerRenamedSinceThePlanIsFoundByItsNewName() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let prepared = await prepare(f, input("门户登录失败", for: customer))
            try await f.write { tx in
                try await tx.sql.raw("UPDATE customers SET name = '西湖数智有限公司' WHERE id = \(bind: customer.id)").run()
            }
            let request = try await create(f, prepared)
            let text = try await document(of: request, f).text
            #expect(text.contains("西湖数智有限公司"))
            #expect(!text.contains("云栖"))
        }
    }

    @Test func aCustomerGoneSinceThePlanIsAnInvalidReference() async throws {
        try await withFixture { f in
            let customer = try await f.customer("杭州云栖科技有限公司")
            let prepared = await prepare(f, input("门户登录失败", for: customer))
            try await f.write { tx in
                try await tx.sql.raw("DELETE FROM customers WHERE id = \(bind: customer.id)").run()
            }
            await #expect(throws: ValidationFailure.self) { try await create(f, prepared) }
        }
    }

    /// Putting the label in front of the prepared text gives what normalising the whole does, for text that folds,
    /// changes width or case, or combines.
    @Test(arguments: [
        " 門戶登錄失敗", " ΟΔΟΣ Σ", " e\u{301}clair Ｅ", " \u{301}accent first", " 臺北\u{FE00}", "  ",
        " " + String(repeating: "长", count: 7990),
    ])
    func aLabelledDocumentNormalisesAsAWhole(_ titleRest: String) async throws {
        let text = "ΣΟΦΙΑ\n臺灣 ＡＢＣ"
        let document = SearchIndex.PreparedDocument(titleAfterLabel: titleRest, text: text)
        let label = "R-001234"
        let whole = String((label + titleRest + "\n" + text).prefix(SearchIndex.maximumText))
        let (normalised, unfolded) = SearchText.normaliseKeepingScript(whole)
        guard document.fits(label) else {
            // Too long to be cut the same way, or a rest whose first space combines with what follows.
            #expect(label.count + titleRest.count + 1 + text.count > SearchIndex.maximumText || titleRest.first != " ")
            return
        }
        let key = SearchText.normalise(label)
        #expect(key + document.normalisedRest == normalised)
        #expect(document.unfoldedRest.map { key + $0 } == unfolded)
        #expect(key + document.normalisedTitleRest == SearchText.normalise(label + titleRest))
        #expect(document.bigrams == SearchText.bigramText(normalised))
    }
}
