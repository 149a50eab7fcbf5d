import FluentKit
import Foundation
import LiaisonCore
import SQLKit
import Testing

@testable import LiaisonData

/// Migration 028 brings documents written before it in step: notes and next steps indexed, traditional Chinese
/// folded, on both engines.
@Suite struct SearchMigrationTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)
    private let admin = CustomerViewer(userID: UUID(), roles: [.admin])

    /// The bigrams the index held before folding: pairs of each run of Han characters, as typed.
    private func unfoldedBigrams(_ text: String) -> String {
        var runs: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if (0x3400...0x9FFF).contains(scalar.value) {
                runs[runs.count - 1].append(scalar)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }.map { run in
            run.count == 1
                ? String(run[0])
                : (0..<(run.count - 1)).map { String(run[$0]) + String(run[$0 + 1]) }.joined(separator: " ")
        }.joined(separator: " | ")
    }

    /// Puts a record's first document back as an older version wrote it: this text, not folded, in the row and
    /// both indexes.
    private func writeOldDocument(refID: UUID, text: String, titleKey: String, on db: any Database) async throws {
        let sql = db.sql
        let id = try #require(
            try await sql.raw("SELECT id FROM search_docs WHERE ref_id = \(bind: refID) AND part = 0").first()
        ).decode(column: "id", as: Int64.self)
        try await sql.raw(
            "UPDATE search_docs SET text = \(bind: text), title_key = \(bind: titleKey) WHERE id = \(bind: id)"
        ).run()
        switch Engine(db) {
        case .sqlite:
            try await sql.raw("REPLACE INTO search_trigram (rowid, text) VALUES (\(bind: id), \(bind: text))").run()
            try await sql.raw(
                "REPLACE INTO search_bigram (rowid, text) VALUES (\(bind: id), \(bind: unfoldedBigrams(text)))"
            ).run()
        case .postgres:
            try await sql.raw(
                "UPDATE search_docs SET bigrams = to_tsvector('simple', \(bind: unfoldedBigrams(text))) WHERE id = \(bind: id)"
            ).run()
        }
    }

    private func documentText(_ refID: UUID, on db: any Database) async throws -> String {
        try #require(
            try await db.sql.raw(
                "SELECT text FROM search_docs WHERE ref_id = \(bind: refID) AND part = 0"
            ).first()
        ).decode(column: "text", as: String.self)
    }

    @Test func theMigrationIndexesNotesAndNextStepsAndFoldsOldDocuments() async throws {
        try await withDatabase { (db: any Database, writer: Writer) async throws in
            let now = self.now
            let actor = AuditActor(userID: nil, label: "tester", address: nil)
            let owner = try await writer.write(on: db) { tx in
                try await PeopleCommands.create(
                    try PersonInput(email: "owner@t.cn", name: "负责人", roles: ["sales"]).validated(),
                    passwordHash: "x", mustChangePassword: false, by: .system(), at: now, on: tx)
            }
            let context = WriteContext(actor: actor, now: now)
            let (taipei, contact, interaction, request) = try await writer.write(on: db) { tx in
                let taipei = try await CustomerCommands.create(
                    try CustomerInput(name: "臺北貿易股份有限公司", tags: ["貿易"], notes: "每季度**对账**一次").validated(),
                    in: context, on: tx)
                let contact = try await ContactCommands.create(
                    try ContactInput(
                        customerID: taipei.id.uuidString, name: "陳先生", emails: ["chen@tp.tw"], notes: "只在上午接電話"
                    ).validated(), in: context, on: tx)
                let interaction = try await InteractionCommands.create(
                    try InteractionInput(
                        customerID: taipei.id.uuidString, channel: "phone", direction: "outbound", subject: "年度合約",
                        body: "討論**續約**條款", occurredAt: now, outcome: "同意", nextStep: "寄送樣品給採購部"
                    ).validated(now: now, defaultOwner: owner.id), in: context, on: tx)
                // Any other document, as a request's would be.
                let request = UUID()
                try await SearchIndex.upsert(
                    .request, refID: request, customerID: taipei.id, classification: .internal,
                    title: "R-000001 報價單", text: "請提供報價", updatedAt: now, isNew: true, on: tx)
                return (taipei.id, contact.id, interaction.id, request)
            }
            let written = [
                taipei: try await documentText(taipei, on: db), contact: try await documentText(contact, on: db),
                interaction: try await documentText(interaction, on: db),
                request: try await documentText(request, on: db),
            ]

            // As a database written before migration 028 holds them: no notes, no next step, nothing folded.
            try await writeOldDocument(
                refID: taipei, text: "臺北貿易股份有限公司\n臺北貿易股份有限公司\n貿易", titleKey: "臺北貿易股份有限公司", on: db)
            try await writeOldDocument(
                refID: contact, text: "陳先生\n陳先生\nchen@tp.tw\n臺北貿易股份有限公司", titleKey: "陳先生", on: db)
            try await writeOldDocument(
                refID: interaction, text: "年度合約\n討論續約條款\n同意\n臺北貿易股份有限公司", titleKey: "年度合約", on: db)
            try await writeOldDocument(request: request, on: db)
            for query in ["台北", "对账", "上午接", "寄送样品", "报价"] {
                #expect(try await SearchQueries.search(query, for: admin, on: db).isEmpty, "\(query) before")
            }

            try await IndexNotesAndFoldTraditionalChinese().prepare(on: db)

            let expected: [(String, UUID)] = [
                ("台北贸易", taipei), ("臺北", taipei), ("对账", taipei), ("對賬", taipei), ("上午接电话", contact),
                ("寄送样品", interaction), ("採購部", interaction), ("报价", request), ("報價單", request),
            ]
            for (query, record) in expected {
                let hits = try await SearchQueries.search(query, for: admin, on: db)
                #expect(hits.map(\.refID).contains(record), "\(query) found \(hits.map(\.title))")
            }
            // Snippets show the text as written.
            let quote = try await SearchQueries.search("报价", for: admin, on: db).first { $0.refID == request }
            #expect(quote?.snippet == "請提供報價", "\(String(describing: quote))")
            // The same documents as the commands of this version write (the contact's other ids aside, whose
            // order the command does not fix).
            #expect(try await documentText(taipei, on: db) == written[taipei])
            #expect(try await documentText(interaction, on: db) == written[interaction])
            #expect(try await documentText(request, on: db) == written[request])
            #expect(try await documentText(contact, on: db).contains("只在上午接电话"))
            // Run again, it changes nothing.
            try await IndexNotesAndFoldTraditionalChinese().prepare(on: db)
            #expect(try await documentText(taipei, on: db) == written[taipei])
        }
    }

    private func writeOldDocument(request: UUID, on db: any Database) async throws {
        try await writeOldDocument(refID: request, text: "r-000001 報價單\n請提供報價", titleKey: "r-000001 報價單", on: db)
    }
}
