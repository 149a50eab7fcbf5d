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
        case project
        case requirement

        /// Names are found by their title key too (`SearchQueries.nameQuery`); other documents store it empty.
        var isName: Bool { self == .customer || self == .contact }

        /// SQLite: the index of a name kind's keys (`NameKeys`), one per kind so that a picker reads only its own.
        var nameTable: String? {
            switch self {
            case .customer: "search_customer_names"
            case .contact: "search_contact_names"
            case .interaction, .request, .project, .requirement: nil
            }
        }
    }

    /// Longest text indexed per record; the start of a long note is what people search for.
    static let maximumText = 8000

    /// `names`: what a name (customer, contact) is also found by in pickers, beside its title (an English name).
    public static func upsert(
        _ kind: Kind, refID: UUID, customerID: UUID, classification: Classification, title: String, text: String,
        alsoNamed names: [String] = [], updatedAt: Date, isNew: Bool = false, on tx: any Database
    ) async throws {
        let combined = String((title + "\n" + text).prefix(maximumText))
        let (normalised, unfolded) = SearchText.normaliseKeepingScript(combined)
        try await store(
            kind, refID: refID, customerID: customerID, classification: classification, title: title,
            titleKey: SearchText.normalise(title), text: normalised, unfolded: unfolded,
            bigrams: SearchText.bigramText(normalised), nameKeys: kind.isName ? NameKeys.make([title] + names) : nil,
            updatedAt: updatedAt, isNew: isNew, on: tx)
    }

    /// A new document made ready before the write, when its title starts with a label only the write knows (a
    /// request's number): everything after the label normalised, in its own script, and its bigrams, so that the
    /// writer only puts the label in front. The label is plain ASCII and the rest starts with a space, so the two
    /// normalise apart exactly as they do together (normalising maps character by character; a test compares).
    public struct PreparedDocument: Sendable, Equatable {
        /// The title after its label, and the text, as given.
        let titleRest: String
        let text: String
        let normalisedTitleRest: String
        let normalisedRest: String
        let unfoldedRest: String?
        let bigrams: String
        /// Characters in the title's rest, the line break and the text: with the label's, what is kept of a long text.
        let length: Int

        public init(titleAfterLabel titleRest: String, text: String) {
            self.titleRest = titleRest
            self.text = text
            let rest = titleRest + "\n" + text
            length = rest.count
            let normalised = SearchText.normaliseKeepingScript(length <= SearchIndex.maximumText ? rest : "")
            normalisedRest = normalised.normalised
            unfoldedRest = normalised.unfolded
            normalisedTitleRest = SearchText.normalise(titleRest)
            bigrams = SearchText.bigramText(normalisedRest)
        }

        /// Whether a label may be put in front of the prepared text without normalising the whole again.
        func fits(_ label: String) -> Bool {
            titleRest.first == " " && label.utf8.allSatisfy { $0 < 0x80 } && label.count + length <= maximumText
        }
    }

    /// Indexes a new or changed record whose document was prepared before the write (`PreparedDocument`).
    public static func upsert(
        _ kind: Kind, refID: UUID, customerID: UUID, classification: Classification, label: String,
        prepared document: PreparedDocument, updatedAt: Date, isNew: Bool = false, on tx: any Database
    ) async throws {
        guard document.fits(label) else {
            return try await upsert(
                kind, refID: refID, customerID: customerID, classification: classification,
                title: label + document.titleRest, text: document.text, updatedAt: updatedAt, isNew: isNew, on: tx)
        }
        let labelKey = SearchText.normalise(label)
        try await store(
            kind, refID: refID, customerID: customerID, classification: classification,
            title: label + document.titleRest, titleKey: labelKey + document.normalisedTitleRest,
            text: labelKey + document.normalisedRest, unfolded: document.unfoldedRest.map { labelKey + $0 },
            bigrams: document.bigrams, nameKeys: nil, updatedAt: updatedAt, isNew: isNew, on: tx)
    }

    /// Writes a document whose text is normalised and whose bigrams are worked out.
    private static func store(
        _ kind: Kind, refID: UUID, customerID: UUID, classification: Classification, title: String, titleKey: String,
        text normalised: String, unfolded: String?, bigrams: String, nameKeys: String?, updatedAt: Date, isNew: Bool,
        on tx: any Database
    ) async throws {
        let sql = tx.sql
        let titleKey = kind.isName ? titleKey : ""
        // A record just created has no document yet: no need to look.
        let existing = isNew
            ? nil
            : try await sql.raw("SELECT id FROM search_docs WHERE ref_id = \(bind: refID) ORDER BY id LIMIT 1")
                .first().map(IDRow.init(row:))
        switch Engine(tx) {
        case .sqlite:
            let id: Int64
            if let existing {
                id = existing.id
                try await sql.raw(
                    """
                    UPDATE search_docs SET classification = \(bind: classification.rawValue), title = \(bind: title),
                        title_key = \(bind: titleKey), text = \(bind: normalised), unfolded = \(bind: unfolded),
                        updated_at = \(bind: updatedAt)
                    WHERE id = \(bind: id)
                    """
                ).run()
            } else {
                guard let row = try await sql.raw(
                    """
                    INSERT INTO search_docs (kind, ref_id, customer_id, classification, title, title_key, text, unfolded,
                        updated_at)
                    VALUES (\(bind: kind.rawValue), \(bind: refID), \(bind: customerID), \(bind: classification.rawValue),
                        \(bind: title), \(bind: titleKey), \(bind: normalised), \(bind: unfolded), \(bind: updatedAt))
                    RETURNING id
                    """
                ).first().map(IDRow.init(row:)) else { return }
                id = row.id
            }
            try await replaceIndexEntries(id: id, text: normalised, bigrams: bigrams, on: sql)
            if let nameKeys, let table = kind.nameTable {
                try await sql.runAtCommit(
                    "REPLACE INTO \(ident: table) (rowid, keys) VALUES (\(bind: id), \(bind: nameKeys))", table: table, rowID: id)
            }
        case .postgres:
            if let existing {
                try await sql.raw(
                    """
                    UPDATE search_docs SET classification = \(bind: classification.rawValue), title = \(bind: title),
                        title_key = \(bind: titleKey), text = \(bind: normalised), unfolded = \(bind: unfolded),
                        bigrams = to_tsvector('simple', \(bind: bigrams)), name_keys = to_tsvector('simple', \(bind: nameKeys)),
                        updated_at = \(bind: updatedAt)
                    WHERE id = \(bind: existing.id)
                    """
                ).run()
            } else {
                try await sql.raw(
                    """
                    INSERT INTO search_docs (kind, ref_id, customer_id, classification, title, title_key, text, unfolded,
                        bigrams, name_keys, updated_at)
                    VALUES (\(bind: kind.rawValue), \(bind: refID), \(bind: customerID), \(bind: classification.rawValue),
                        \(bind: title), \(bind: titleKey), \(bind: normalised), \(bind: unfolded),
                        to_tsvector('simple', \(bind: bigrams)), to_tsvector('simple', \(bind: nameKeys)), \(bind: updatedAt))
                    """
                ).run()
            }
        }
    }

    /// A record's fields followed by its notes (Markdown, indexed as plain text); just the fields when there are no
    /// notes, so a record without notes keeps the document it had before notes were indexed.
    static func joined(_ fields: String, notes: String?) -> String {
        guard let notes else { return fields }
        let plain = Markdown.plainText(notes)
        return plain.isEmpty ? fields : fields + "\n" + plain
    }

    /// A new title for a record's document (the first line of its text follows; its parts show it too).
    /// Does nothing for a record that is not indexed.
    public static func revise(refID: UUID, title: String, updatedAt: Date, on tx: any Database) async throws {
        let sql = tx.sql
        guard let head = try await sql.raw(
            "SELECT id, kind, text, unfolded FROM search_docs WHERE ref_id = \(bind: refID) ORDER BY id LIMIT 1"
        ).first().map(TextRow.init(row:))
        else { return }
        func rest(_ text: String) -> Substring { text.firstIndex(of: "\n").map { text[$0...] } ?? "" }
        let (titleKey, unfoldedTitle) = SearchText.normaliseKeepingScript(title)
        let text = titleKey + rest(head.text)
        let shown = (unfoldedTitle ?? titleKey) + rest(head.unfolded ?? head.text)
        let unfolded = shown == text ? nil : shown
        let storedKey = Kind(rawValue: head.kind)?.isName == true ? titleKey : ""
        switch Engine(tx) {
        case .sqlite:
            try await sql.raw(
                """
                UPDATE search_docs SET title = \(bind: title), title_key = \(bind: storedKey), text = \(bind: text),
                    unfolded = \(bind: unfolded), updated_at = \(bind: updatedAt)
                WHERE id = \(bind: head.id)
                """
            ).run()
            try await replaceIndexEntries(id: head.id, text: text, bigrams: SearchText.bigramText(text), on: sql)
        case .postgres:
            try await sql.raw(
                """
                UPDATE search_docs SET title = \(bind: title), title_key = \(bind: storedKey), text = \(bind: text),
                    unfolded = \(bind: unfolded), bigrams = to_tsvector('simple', \(bind: SearchText.bigramText(text))),
                    updated_at = \(bind: updatedAt)
                WHERE id = \(bind: head.id)
                """
            ).run()
        }
    }

    /// Adds a part to a record's document: more text found as that record (a reply or note on a request). A part is
    /// a row of its own with the record's kind, owner and classification (its title is the first document's, read
    /// by searches from there), and only the new text in the indexes, so a reply indexes its own words instead of
    /// the whole conversation again (on SQLite that re-index was half the pages each reply wrote). A part's text
    /// starts with an empty line where the first document of a record has its title. Searches show each record once. Does nothing for a record that is not indexed.
    public static func addPart(refID: UUID, text extra: String, at date: Date, on tx: any Database) async throws {
        guard !extra.isEmpty else { return }
        guard let head = try await tx.sql.raw(
            """
            SELECT kind, customer_id, classification FROM search_docs WHERE ref_id = \(bind: refID)
            ORDER BY id LIMIT 1
            """
        ).first().map(HeadRow.init(row:))
        else { return }
        try await addPart(
            Kind(rawValue: head.kind) ?? .request, refID: refID, customerID: head.customer_id,
            classification: Classification(rawValue: head.classification) ?? .secret, text: extra, at: date, on: tx)
    }

    /// A part's text made ready for the index (normalised, in its own script when folding changed it, and its
    /// bigrams) before the write: work that needs no database, done on the caller's thread instead of the writer's.
    public struct PreparedPart: Sendable, Equatable {
        let text: String
        let unfolded: String?
        let bigrams: String

        public init(_ extra: String) {
            guard !extra.isEmpty else {
                (text, unfolded, bigrams) = ("", nil, "")
                return
            }
            let normalised = SearchText.normaliseKeepingScript(String(extra.prefix(SearchIndex.maximumText)))
            text = "\n" + normalised.normalised
            unfolded = normalised.unfolded.map { "\n" + $0 }
            bigrams = SearchText.bigramText(text)
        }

        var isEmpty: Bool { text.isEmpty }
    }

    /// Adds a part when the caller knows what the record's first document holds (its kind, owner and
    /// classification): a reply knows its request and customer, and need not read the document.
    public static func addPart(
        _ kind: Kind, refID: UUID, customerID: UUID, classification: Classification, text extra: String,
        at date: Date, on tx: any Database
    ) async throws {
        try await addPart(
            kind, refID: refID, customerID: customerID, classification: classification, prepared: PreparedPart(extra),
            at: date, on: tx)
    }

    /// `addPart` with its text already prepared.
    public static func addPart(
        _ kind: Kind, refID: UUID, customerID: UUID, classification: Classification, prepared part: PreparedPart,
        at date: Date, on tx: any Database
    ) async throws {
        guard !part.isEmpty else { return }
        let sql = tx.sql
        let (text, unfolded, bigrams) = (part.text, part.unfolded, part.bigrams)
        switch Engine(tx) {
        case .sqlite:
            guard let row = try await tx.first(
                insertPart,
                [
                    .text(kind.rawValue), .uuid(refID), .uuid(customerID), .text(classification.rawValue),
                    .text(text), SQLValue(unfolded), .date(date),
                ]
            ).map(IDRow.init(row:)) else { return }
            try await replaceIndexEntries(id: row.id, text: text, bigrams: bigrams, on: sql)
        case .postgres:
            try await sql.raw(
                """
                INSERT INTO search_docs (kind, ref_id, customer_id, classification, title, title_key, text, unfolded,
                    bigrams, updated_at, part)
                VALUES (\(bind: kind.rawValue), \(bind: refID), \(bind: customerID), \(bind: classification.rawValue),
                    '', '', \(bind: text), \(bind: unfolded), to_tsvector('simple', \(bind: bigrams)), \(bind: date), 1)
                """
            ).run()
        }
    }

    private static let insertPart = FixedStatement(
        """
        INSERT INTO search_docs (kind, ref_id, customer_id, classification, title, title_key, text, unfolded,
            updated_at, part)
        VALUES (?, ?, ?, ?, '', '', ?, ?, ?, 1)
        RETURNING id
        """)

    /// SQLite: both FTS5 entries of a document, written over any earlier ones (contentless-delete tables take
    /// `REPLACE`, which drops the old tokens). Under group commit they are written at the end of the group, in the
    /// same transaction (see `runAtCommit`).
    private static func replaceIndexEntries(id: Int64, text: String, bigrams: String, on sql: any SQLDatabase)
        async throws
    {
        try await sql.runAtCommit(replaceTrigram, [.integer(Int(id)), .text(text)], table: "search_trigram", rowID: id)
        try await sql.runAtCommit(replaceBigram, [.integer(Int(id)), .text(bigrams)], table: "search_bigram", rowID: id)
    }

    private static let replaceTrigram = FixedStatement("REPLACE INTO search_trigram (rowid, text) VALUES (?, ?)")
    private static let replaceBigram = FixedStatement("REPLACE INTO search_bigram (rowid, text) VALUES (?, ?)")

    public static func remove(refID: UUID, on tx: any Database) async throws {
        try await remove(where: "ref_id = \(bind: refID)", on: tx)
    }

    /// Drops every document of a customer, parts included (when the customer is deleted).
    public static func removeAll(customerID: UUID, on tx: any Database) async throws {
        try await remove(where: ofCustomer(customerID), on: tx)
    }

    /// A customer's classification changed: its documents follow, parts included, so need-to-know filtering stays
    /// right.
    public static func reclassify(customerID: UUID, as classification: Classification, on tx: any Database)
        async throws
    {
        try await tx.sql.raw(
            "UPDATE search_docs SET classification = \(bind: classification.rawValue) WHERE \(ofCustomer(customerID))"
        ).run()
    }

    /// A customer's documents: the first documents of its records through `search_docs_customer` (which indexes
    /// only those, `part = 0`), and their records' parts through `search_docs_ref`.
    static func ofCustomer(_ customerID: UUID) -> SQLQueryString {
        """
        id IN (SELECT h.id FROM search_docs h WHERE h.customer_id = \(bind: customerID) AND h.part = 0
            UNION ALL
            SELECT p.id FROM search_docs p WHERE p.part = 1 AND p.ref_id IN (
                SELECT r.ref_id FROM search_docs r WHERE r.customer_id = \(bind: customerID) AND r.part = 0))
        """
    }

    private static func remove(where condition: SQLQueryString, on tx: any Database) async throws {
        let sql = tx.sql
        if Engine(tx) == .sqlite {
            let rows = try await sql.raw("SELECT id, kind, part FROM search_docs WHERE \(condition)").all()
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                try await sql.runAtCommit("DELETE FROM search_trigram WHERE rowid = \(bind: id)", table: "search_trigram", rowID: id)
                try await sql.runAtCommit("DELETE FROM search_bigram WHERE rowid = \(bind: id)", table: "search_bigram", rowID: id)
                // Only the first documents of names are in the name index.
                let kind = Kind(rawValue: try row.decode(column: "kind", as: String.self))
                if let table = kind?.nameTable, try row.decode(column: "part", as: Int.self) == 0 {
                    try await sql.runAtCommit("DELETE FROM \(ident: table) WHERE rowid = \(bind: id)", table: table, rowID: id)
                }
            }
        }
        try await sql.raw("DELETE FROM search_docs WHERE \(condition)").run()
    }
}

/// Rows read column by column: these run inside writes.
struct IDRow {
    var id: Int64

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
    }
}

private struct TextRow {
    var id: Int64
    var kind: String
    var text: String
    var unfolded: String?

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        kind = try row.decode(column: "kind", as: String.self)
        text = try row.decode(column: "text", as: String.self)
        unfolded = try row.optional("unfolded", String.self)
    }
}

private struct HeadRow {
    var kind: String
    var customer_id: UUID
    var classification: String

    init(row: any SQLRow) throws {
        kind = try row.decode(column: "kind", as: String.self)
        customer_id = try row.uuid("customer_id")
        classification = try row.decode(column: "classification", as: String.self)
    }
}
