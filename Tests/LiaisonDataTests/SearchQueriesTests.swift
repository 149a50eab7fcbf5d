import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Search order and the shape of its SQL: names first, then the newest matching records, read from the indexes.
@Suite struct SearchQueriesTests {
    struct PlanRow: Decodable { var detail: String }

    private let admin = CustomerViewer(userID: UUID(), roles: [.admin])

    @discardableResult
    private func index(
        _ kind: SearchIndex.Kind, _ title: String, _ text: String = "", customer: UUID = UUID(),
        classification: Classification = .internal, on db: any Database
    ) async throws -> UUID {
        let id = UUID()
        try await SearchIndex.upsert(
            kind, refID: id, customerID: kind == .customer ? id : customer, classification: classification,
            title: title, text: text, updatedAt: Date(), on: db)
        return id
    }

    @Test func namesStartingWithTheQueryComeFirstThenTheNewestRecords() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let company = try await index(.customer, "交付科技有限公司", on: db)
            let old = try await index(.interaction, "交付延期说明", "项目交付推迟两周", customer: company, on: db)
            let newer = try await index(.interaction, "周报", "本周完成交付验收", customer: company, on: db)
            try await index(.interaction, "报价", "无关内容", customer: company, on: db)
            let hits = try await SearchQueries.search("交付", for: admin, on: db)
            #expect(hits.map(\.refID) == [company, newer, old])
            #expect(hits.map(\.titleMatch) == [true, false, false])
            let limited = try await SearchQueries.search("交付", limit: 2, for: admin, on: db)
            #expect(limited.map(\.refID) == [company, newer])
            let onlyInteractions = try await SearchQueries.search("交付", kinds: [.interaction], for: admin, on: db)
            #expect(onlyInteractions.map(\.refID) == [newer, old])
        }
    }

    /// Both ways of reading matches give the same answers: all matches in index order when there are few, the
    /// index newest first when there are many.
    @Test(arguments: [1000, 0])
    func wordsFromBothIndexesMustAllMatch(fewMatches: Int) async throws {
        func search(_ query: String, for viewer: CustomerViewer, on db: any Database) async throws -> [SearchHit] {
            try await SearchQueries.search(query, kinds: nil, limit: 20, for: viewer, on: db, fewMatches: fewMatches)
        }
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let customer = UUID()
            let both = try await index(.interaction, "合同", "合同 delivery schedule", customer: customer, on: db)
            try await index(.interaction, "合同", "只有合同", customer: customer, on: db)
            try await index(.interaction, "delivery", "only delivery", customer: customer, on: db)
            let secret = try await index(
                .interaction, "合同", "合同 delivery secret", customer: UUID(), classification: .secret, on: db)
            let hits = try await search("合同 delivery", for: admin, on: db)
            #expect(hits.map(\.refID) == [secret, both])
            let outsider = CustomerViewer(userID: UUID(), roles: [.sales])
            #expect(try await search("合同 delivery", for: outsider, on: db).map(\.refID) == [both])
            #expect(try await search("合同 invoice", for: admin, on: db).isEmpty)
            #expect(try await search("合同", for: outsider, on: db).count == 2)
            #expect(try await search("delivery schedule", for: admin, on: db).map(\.refID) == [both])
            #expect(try await search("合同 d", for: admin, on: db).map(\.refID) == [secret, both])
        }
    }

    @Test func aRevisedDocumentForgetsItsOldWords() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let id = try await index(.request, "R-000001 alpha subject", "first body", on: db)
            try await SearchIndex.revise(refID: id, title: "R-000001 gamma subject", updatedAt: Date(), on: db)
            try await SearchIndex.addPart(refID: id, text: "reply 退款 done", at: Date(), on: db)
            #expect(try await SearchQueries.search("alpha", for: admin, on: db).isEmpty)
            for query in ["gamma", "first body", "reply", "退款"] {
                let hits = try await SearchQueries.search(query, for: admin, on: db)
                #expect(hits.map(\.title) == ["R-000001 gamma subject"], "\(query)")
            }
            // Upserting again replaces the entries too.
            let customer = try await index(.customer, "旧名称有限公司", on: db)
            try await SearchIndex.upsert(
                .customer, refID: customer, customerID: customer, classification: .internal, title: "新名称有限公司",
                text: "", updatedAt: Date(), on: db)
            #expect(try await SearchQueries.search("旧名称", for: admin, on: db).isEmpty)
            #expect(try await SearchQueries.search("新名称", for: admin, on: db).count == 1)
        }
    }

    @Test func aPartIsShownWithItsRecordsTitleWhichItDoesNotStore() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let id = try await index(.request, "R-000002 打印机卡纸", "第一封邮件", on: db)
            try await SearchIndex.addPart(refID: id, text: "已更换硒鼓 toner replaced", at: Date(), on: db)
            let other = try await index(.request, "R-000003 硒鼓订购", "硒鼓 order", on: db)
            #expect(try await SearchQueries.search("硒鼓", for: admin, on: db).map(\.title)
                == ["R-000003 硒鼓订购", "R-000002 打印机卡纸"])
            try await SearchIndex.revise(refID: id, title: "R-000002 打印机反复卡纸", updatedAt: Date(), on: db)
            let retitled = try await SearchQueries.search("toner", for: admin, on: db)
            #expect(retitled.map(\.title) == ["R-000002 打印机反复卡纸"])
            struct Stored: Decodable, Equatable {
                var title: String
                var title_key: String
            }
            let read: SQLQueryString = "SELECT title, title_key FROM search_docs WHERE ref_id = \(bind: id) ORDER BY id"
            let stored = try await db.sql.raw(read).all(decoding: Stored.self)
            #expect(stored == [
                // Only names are found by their title key: a request stores none.
                Stored(title: "R-000002 打印机反复卡纸", title_key: ""), Stored(title: "", title_key: ""),
            ])

            // Before 039 every part held its record's title: reverting puts it back, preparing takes it out again.
            try await DropSearchPartTitles().revert(on: db)
            let reverted = try await db.sql.raw(read).all(decoding: Stored.self)
            #expect(reverted.count == 2 && reverted[0] == reverted[1])
            try await DropSearchPartTitles().prepare(on: db)
            #expect(try await db.sql.raw(read).all(decoding: Stored.self) == stored)
            #expect(try await SearchQueries.search("硒鼓", for: admin, on: db).map(\.refID) == [other, id])
        }
    }

    @Test func theSlimIndexesFindWhatTheFullOnesDid() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let company = try await index(.customer, "華南物流有限公司", "广州", on: db)
            let request = try await index(.request, "R-000004 登录失败", "系统提示密码错误", customer: company, on: db)
            try await SearchIndex.addPart(refID: request, text: "已重置登录密码", at: Date(), on: db)
            let queries = ["登录", "密码", "华南", "华南物流", "登录 密码", "提示密码错误", "广州"]
            func answers() async throws -> [[UUID]] {
                var found: [[UUID]] = []
                for query in queries {
                    found.append(try await SearchQueries.search(query, for: admin, on: db).map(\.refID))
                }
                return found
            }
            let slim = try await answers()
            #expect(slim == [[request], [request], [company], [company], [request], [request], [company]])
            struct Key: Decodable { var kind: String; var title_key: String }
            func keys() async throws -> [String: String] {
                let rows = try await db.sql.raw("SELECT kind, title_key FROM search_docs WHERE part = 0")
                    .all(decoding: Key.self)
                return Dictionary(rows.map { ($0.kind, $0.title_key) }, uniquingKeysWith: { first, _ in first })
            }
            #expect(try await keys() == ["customer": "华南物流有限公司", "request": ""])

            // Before 041: positions in the bigram index, a title key on every first document.
            try await SlimSearchAndAuditIndexes().revert(on: db)
            #expect(try await keys() == ["customer": "华南物流有限公司", "request": "r-000004 登录失败"])
            #expect(try await answers() == slim)
            try await SlimSearchAndAuditIndexes().prepare(on: db)
            #expect(try await keys() == ["customer": "华南物流有限公司", "request": ""])
            #expect(try await answers() == slim)
            try await SearchIndex.addPart(refID: request, text: "登录恢复正常", at: Date(), on: db)
            #expect(try await SearchQueries.search("恢复", for: admin, on: db).map(\.refID) == [request])

            if Engine(db) == .sqlite {
                // The audit index by actor holds only entries with one, and a search by actor reads it.
                let plan = try await db.sql.raw(
                    """
                    EXPLAIN QUERY PLAN SELECT id FROM audit_entries WHERE actor_id = \(bind: UUID().uuidString)
                        AND id < 100 ORDER BY id DESC LIMIT 51
                    """
                ).all(decoding: PlanRow.self).map(\.detail)
                #expect(plan == ["SEARCH audit_entries USING COVERING INDEX audit_actor (actor_id=? AND rowid<?)"])
                let timeIndex = try await db.sql.raw("SELECT name FROM sqlite_master WHERE name = 'audit_at'").first()
                #expect(timeIndex == nil)
                // A time span alone reads the trail newest first.
                let from = Date(timeIntervalSince1970: 1_790_000_000)
                #expect(try await AuditQueries.list(AuditFilter(from: from), page: PageQuery(), on: db).items.isEmpty)
            }
        }
    }

    @Test(arguments: [1000, 0])
    func aRequestsRepliesAreFoundAsTheRequestOnce(fewMatches: Int) async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            func search(_ query: String, limit: Int = 20) async throws -> [SearchHit] {
                try await SearchQueries.search(
                    query, kinds: nil, limit: limit, for: admin, on: db, fewMatches: fewMatches)
            }
            let first = try await index(.request, "R-000001 退款 subject", "first message", on: db)
            for text in ["reply about 退款 again", "third 退款", "unrelated words here"] {
                try await SearchIndex.addPart(refID: first, text: text, at: Date(), on: db)
            }
            let second = try await index(.request, "R-000002 other", "nothing yet", on: db)
            try await SearchIndex.addPart(refID: second, text: "退款 once", at: Date(), on: db)
            // A record that is not indexed gets no parts.
            try await SearchIndex.addPart(refID: UUID(), text: "退款 orphan", at: Date(), on: db)

            #expect(try await search("退款").map(\.refID) == [second, first])
            #expect(try await search("退款", limit: 1).map(\.refID) == [second])
            let reply = try #require(try await search("unrelated").first)
            #expect(reply.refID == first && reply.kind == .request && reply.title == "R-000001 退款 subject")
            #expect(reply.snippet.contains("unrelated words"), "\(reply.snippet)")

            // A new subject: the first document's words and every part's title follow.
            try await SearchIndex.revise(refID: first, title: "R-000001 新标题", updatedAt: Date(), on: db)
            #expect(try await search("subject").isEmpty)
            #expect(try await search("unrelated").map(\.title) == ["R-000001 新标题"])
            #expect(try await search("新标题").map(\.refID) == [first])

            // Many matching parts of one request do not crowd out an older record.
            let busy = try await index(.request, "R-000003 busy", "发票 first", on: db)
            for number in 0..<12 {
                try await SearchIndex.addPart(refID: busy, text: "发票 reply \(number)", at: Date(), on: db)
            }
            let older = try await index(.request, "R-000004 quiet", "no match", on: db)
            try await SearchIndex.addPart(refID: older, text: "发票 mentioned", at: Date(), on: db)
            for number in 0..<12 {
                try await SearchIndex.addPart(refID: busy, text: "发票 later \(number)", at: Date(), on: db)
            }
            #expect(try await search("发票", limit: 2).map(\.refID) == [busy, older])
            #expect(try await search("发票").map(\.refID) == [busy, older])

            // Removing a record removes its parts.
            try await SearchIndex.remove(refID: first, on: db)
            #expect(try await search("unrelated").isEmpty)
            #expect(try await search("退款").map(\.refID) == [second])
        }
    }

    @Test func aCustomersPartsFollowItsClassificationAndGoWithIt() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            let customer = UUID()
            let request = try await index(.request, "R-000007 网络中断", "first", customer: customer, on: db)
            try await SearchIndex.addPart(
                .request, refID: request, customerID: customer, classification: .internal, text: "交换机已更换",
                at: Date(), on: db)
            let other = try await index(.request, "R-000008 交换机", "交换机 other customer", on: db)
            let outsider = CustomerViewer(userID: UUID(), roles: [.agent])
            #expect(try await SearchQueries.search("交换机", for: outsider, on: db).map(\.refID) == [other, request])

            try await SearchIndex.reclassify(customerID: customer, as: .secret, on: db)
            #expect(try await SearchQueries.search("交换机", for: outsider, on: db).map(\.refID) == [other])
            #expect(try await SearchQueries.search("交换机", for: admin, on: db).map(\.refID) == [other, request])

            try await SearchIndex.removeAll(customerID: customer, on: db)
            #expect(try await SearchQueries.search("交换机", for: admin, on: db).map(\.refID) == [other])
            #expect(try await SearchQueries.search("网络中断", for: admin, on: db).isEmpty)

            if Engine(db) == .sqlite {
                // Both reach the customer's documents through indexes, never by reading every document.
                let plan = try await db.sql.raw(
                    "EXPLAIN QUERY PLAN SELECT id FROM search_docs WHERE \(SearchIndex.ofCustomer(customer))"
                ).all(decoding: PlanRow.self).map(\.detail)
                #expect(!plan.contains { $0.hasPrefix("SCAN") && !$0.contains("USING") }, "\(plan)")
                #expect(plan.contains { $0.contains("search_docs_customer") }, "\(plan)")
                #expect(plan.contains { $0.contains("search_docs_ref") }, "\(plan)")
            }
        }
    }

    @Test func theSQLiteStatementsReadIndexesWithoutSorting() async throws {
        try await withDatabase { (db: any Database, _: Writer) async throws in
            guard Engine(db) == .sqlite else { return }
            let sql = db.sql
            func plan(_ query: SQLQueryString) async throws -> String {
                try await sql.raw("EXPLAIN QUERY PLAN " + query).all(decoding: PlanRow.self).map(\.detail)
                    .joined(separator: "\n")
            }
            let names = try await plan(SearchQueries.nameQuery("交付", conditions: [], limit: 20))
            #expect(names.contains("search_docs_name"), "\(names)")
            for query in ["交付", "增值税专用发票", "delivery"] {
                let text = try await plan(
                    SearchQueries.matchQuery(SearchText.plan(query), engine: .sqlite, conditions: [], limit: 20))
                #expect(text.contains("VIRTUAL TABLE"), "\(query): \(text)")
                #expect(!text.contains("TEMP B-TREE"), "\(query) sorts: \(text)")
            }
        }
    }
}
