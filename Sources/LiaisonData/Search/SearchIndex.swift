import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// Keeps the full-text index in step with the records. Call it inside the transaction that changes the record.
public enum SearchIndex {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case customer
        case contact
        case interaction
        case request
    }

    /// Longest text indexed per record; the start of a long note is what people search for.
    static let maximumText = 8000

    public static func upsert(
        _ kind: Kind, refID: UUID, customerID: UUID, classification: Classification, title: String, text: String,
        updatedAt: Date, isNew: Bool = false, on tx: any Database
    ) async throws {
        let sql = tx as! any SQLDatabase
        let normalised = SearchText.normalise(String((title + "\n" + text).prefix(maximumText)))
        let titleKey = SearchText.normalise(title)
        let bigrams = SearchText.bigramText(normalised)
        // A record just created has no document yet: no need to look.
        let existing = isNew
            ? nil : try await sql.raw("SELECT id FROM search_docs WHERE ref_id = \(bind: refID)").first(decoding: IDRow.self)
        switch Engine(tx) {
        case .sqlite:
            let id: Int64
            if let existing {
                id = existing.id
                try await sql.raw(
                    """
                    UPDATE search_docs SET classification = \(bind: classification.rawValue), title = \(bind: title),
                        title_key = \(bind: titleKey), text = \(bind: normalised), updated_at = \(bind: updatedAt)
                    WHERE id = \(bind: id)
                    """
                ).run()
            } else {
                guard let row = try await sql.raw(
                    """
                    INSERT INTO search_docs (kind, ref_id, customer_id, classification, title, title_key, text, updated_at)
                    VALUES (\(bind: kind.rawValue), \(bind: refID), \(bind: customerID), \(bind: classification.rawValue),
                        \(bind: title), \(bind: titleKey), \(bind: normalised), \(bind: updatedAt))
                    RETURNING id
                    """
                ).first(decoding: IDRow.self) else { return }
                id = row.id
            }
            try await replaceIndexEntries(id: id, text: normalised, bigrams: bigrams, on: sql)
        case .postgres:
            if let existing {
                try await sql.raw(
                    """
                    UPDATE search_docs SET classification = \(bind: classification.rawValue), title = \(bind: title),
                        title_key = \(bind: titleKey), text = \(bind: normalised),
                        bigrams = to_tsvector('simple', \(bind: bigrams)), updated_at = \(bind: updatedAt)
                    WHERE id = \(bind: existing.id)
                    """
                ).run()
            } else {
                try await sql.raw(
                    """
                    INSERT INTO search_docs (kind, ref_id, customer_id, classification, title, title_key, text, bigrams,
                        updated_at)
                    VALUES (\(bind: kind.rawValue), \(bind: refID), \(bind: customerID), \(bind: classification.rawValue),
                        \(bind: title), \(bind: titleKey), \(bind: normalised), to_tsvector('simple', \(bind: bigrams)),
                        \(bind: updatedAt))
                    """
                ).run()
            }
        }
    }

    /// Changes part of a document: a new title (the first line of its text follows), and/or more text at the end
    /// (a reply on a request), up to the indexed length. Does nothing for a record that is not indexed.
    public static func revise(
        refID: UUID, title: String? = nil, appending extra: String? = nil, updatedAt: Date, on tx: any Database
    ) async throws {
        let sql = tx as! any SQLDatabase
        guard let doc = try await sql.raw("SELECT id, title, text FROM search_docs WHERE ref_id = \(bind: refID)")
            .first(decoding: TextRow.self)
        else { return }
        var text = doc.text
        if let title {
            let rest = text.firstIndex(of: "\n").map { text[$0...] } ?? ""
            text = SearchText.normalise(title) + rest
        }
        if let extra, !extra.isEmpty, text.count < maximumText {
            text = String((text + "\n" + SearchText.normalise(extra)).prefix(maximumText))
        }
        let newTitle = title ?? doc.title
        let titleKey = SearchText.normalise(newTitle)
        let bigrams = SearchText.bigramText(text)
        switch Engine(tx) {
        case .sqlite:
            if title == nil {
                // Setting the title, even to itself, would rewrite its index entry.
                try await sql.raw(
                    "UPDATE search_docs SET text = \(bind: text), updated_at = \(bind: updatedAt) WHERE id = \(bind: doc.id)"
                ).run()
            } else {
                try await sql.raw(
                    """
                    UPDATE search_docs SET title = \(bind: newTitle), title_key = \(bind: titleKey), text = \(bind: text),
                        updated_at = \(bind: updatedAt)
                    WHERE id = \(bind: doc.id)
                    """
                ).run()
            }
            try await replaceIndexEntries(id: doc.id, text: text, bigrams: bigrams, on: sql)
        case .postgres:
            try await sql.raw(
                """
                UPDATE search_docs SET title = \(bind: newTitle), title_key = \(bind: titleKey), text = \(bind: text),
                    bigrams = to_tsvector('simple', \(bind: bigrams)), updated_at = \(bind: updatedAt)
                WHERE id = \(bind: doc.id)
                """
            ).run()
        }
    }

    /// SQLite: both FTS5 entries of a document, written over any earlier ones (contentless-delete tables take
    /// `REPLACE`, which drops the old tokens). Under group commit they are written at the end of the group, in the
    /// same transaction (see `runAtCommit`).
    private static func replaceIndexEntries(id: Int64, text: String, bigrams: String, on sql: any SQLDatabase)
        async throws
    {
        try await sql.runAtCommit(
            "REPLACE INTO search_trigram (rowid, text) VALUES (\(bind: id), \(bind: text))", table: "search_trigram", rowID: id)
        try await sql.runAtCommit(
            "REPLACE INTO search_bigram (rowid, text) VALUES (\(bind: id), \(bind: bigrams))", table: "search_bigram", rowID: id)
    }

    public static func remove(refID: UUID, on tx: any Database) async throws {
        try await remove(where: "ref_id = \(bind: refID)", on: tx)
    }

    /// Drops every document of a customer (when the customer is deleted).
    public static func removeAll(customerID: UUID, on tx: any Database) async throws {
        try await remove(where: "customer_id = \(bind: customerID)", on: tx)
    }

    /// A customer's classification changed: its documents follow, so need-to-know filtering stays right.
    public static func reclassify(customerID: UUID, as classification: Classification, on tx: any Database)
        async throws
    {
        try await (tx as! any SQLDatabase).raw(
            "UPDATE search_docs SET classification = \(bind: classification.rawValue) WHERE customer_id = \(bind: customerID)"
        ).run()
    }

    private static func remove(where condition: SQLQueryString, on tx: any Database) async throws {
        let sql = tx as! any SQLDatabase
        if Engine(tx) == .sqlite {
            let ids = try await sql.raw("SELECT id FROM search_docs WHERE \(condition)").all(decoding: IDRow.self)
            for row in ids {
                try await sql.runAtCommit("DELETE FROM search_trigram WHERE rowid = \(bind: row.id)", table: "search_trigram", rowID: row.id)
                try await sql.runAtCommit("DELETE FROM search_bigram WHERE rowid = \(bind: row.id)", table: "search_bigram", rowID: row.id)
            }
        }
        try await sql.raw("DELETE FROM search_docs WHERE \(condition)").run()
    }
}

struct IDRow: Decodable {
    var id: Int64
}

private struct TextRow: Decodable {
    var id: Int64
    var title: String
    var text: String
}
