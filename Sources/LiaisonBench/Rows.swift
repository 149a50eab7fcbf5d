import Foundation
import LiaisonCore
import SQLiteNIO

/// Values for `{SLOT}`s in subjects and bodies, drawn lazily for one interaction.
struct SlotFiller {
    var random: SeededRandom
    var contact: String
    var staff: String
    var staffPhone: String
    var customerShort: String
    var city: String
    var products: [Int]
    var project: String
    var time: Double

    mutating func value(_ slot: String) -> String {
        switch slot {
        case "C": return contact
        case "S": return staff
        case "PH": return staffPhone
        case "CO": return customerShort
        case "CITY": return city
        case "P": return Vocabulary.products[products[random.int(products.count)]]
        case "J": return project
        case "A": return Format.money(random.int(2, 4_000) * 500 + (random.chance(0.3) ? random.int(0, 99) * 5 : 0), &random)
        case "U": return Format.money(random.int(2, 400) * 100, &random)
        case "Q": return String(random.int(2, 500))
        case "D": return Format.date(time + Double(random.int(-5, 30)) * Plan.day, &random)
        case "N": return random.chance(0.5)
            ? "PO-\(Format.civil(time).year)-\(Format.digits(random.int(1_000_000), 6))"
            : "SO\(Format.compactDate(time))-\(Format.digits(random.int(10_000), 4))"
        case "INV": return "No.\(Format.digits(random.int(100_000_000), 8))"
        case "NUM": return Format.digits(random.int(10_000_000), random.int(6, 8))
        case "V": return random.chance(0.5) ? String(random.int(2, 5)) : "1.\(random.int(1, 9))"
        case "WK": return String(random.int(1, 52))
        case "K": return String(random.int(3, 18))
        case "W": return String(random.int(2, 12))
        case "Y": return String(Format.civil(time).year - random.int(0, 1))
        default: return slot
        }
    }
}

enum Format {
    /// Year, month, day (UTC+8, as the customers would write them) of a time in seconds since 1970.
    static func civil(_ seconds: Double) -> (year: Int, month: Int, day: Int) {
        let days = Int(((seconds + 8 * 3600) / Plan.day).rounded(.down))
        // Howard Hinnant's days_from_civil inverse.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func date(_ seconds: Double, _ r: inout SeededRandom) -> String {
        let (y, m, d) = civil(seconds)
        switch r.int(4) {
        case 0: return "\(y)年\(m)月\(d)日"
        case 1: return "\(m)月\(d)日"
        case 2: return "\(y)-\(digits(m, 2))-\(digits(d, 2))"
        default: return "\(monthNames[m - 1]) \(d)"
        }
    }

    static func compactDate(_ seconds: Double) -> String {
        let (y, m, d) = civil(seconds)
        return "\(y)\(digits(m, 2))\(digits(d, 2))"
    }

    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func grouped(_ value: Int) -> String {
        let text = String(value)
        var out = ""
        for (i, ch) in text.enumerated() {
            if i > 0 && (text.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    static func money(_ yuan: Int, _ r: inout SeededRandom) -> String {
        switch r.int(4) {
        case 0: return "¥\(grouped(yuan)).00"
        case 1: return "RMB \(grouped(yuan))"
        case 2: return yuan >= 10_000 && yuan % 100 == 0 ? "\(Double(yuan) / 10_000)万元" : "\(grouped(yuan)) 元"
        default: return "¥\(grouped(yuan))"
        }
    }
}

/// Rows of one table as a flat list of bound values.
struct Rows: Sendable {
    let columns: [String]
    var values: [SQLiteData] = []

    init(_ columns: [String]) { self.columns = columns }

    var count: Int { values.count / columns.count }

    mutating func append(_ row: SQLiteData...) {
        precondition(row.count == columns.count)
        values.append(contentsOf: row)
    }

    mutating func append(contentsOf other: Rows) { values.append(contentsOf: other.values) }
}

enum Columns {
    static let customers = ["id", "kind", "name", "name_en", "sort_key", "industry", "tier", "region", "status", "classification", "tags", "owner_id", "website", "phone", "address", "notes", "contact_count", "last_activity_at", "version", "created_at", "updated_at"]
    static let team = ["id", "customer_id", "user_id", "role", "added_at"]
    static let contacts = ["id", "customer_id", "name", "sort_key", "title", "role", "emails", "phones", "wechat", "other_ids", "preferred_channel", "preferred_language", "consent", "notes", "version", "created_at", "updated_at"]
    static let identities = ["id", "contact_id", "customer_id", "kind", "value"]
    static let interactions = ["id", "customer_id", "channel", "direction", "subject", "body", "occurred_at", "duration_minutes", "outcome", "next_step", "next_step_owner_id", "next_step_due_at", "next_step_done_at", "created_by", "version", "created_at", "updated_at"]
    static let participants = ["id", "interaction_id", "user_id", "contact_id"]
    static let timeline = ["id", "customer_id", "kind", "ref_id", "occurred_at", "channel", "direction", "title", "excerpt", "actor_label"]
    static let timelineContacts = ["contact_id", "occurred_at", "entry_id"]
    static let docs = ["id", "kind", "ref_id", "customer_id", "classification", "title", "title_key", "text", "updated_at"]
    static let bigram = ["rowid", "text"]
    static let names = ["rowid", "keys"]
}

/// Search rows for one record, built as `SearchIndex.upsert` builds them.
struct SearchRows: Sendable {
    var docs = Rows(Columns.docs)
    var trigrams = Rows(Columns.bigram)
    var bigrams = Rows(Columns.bigram)
    /// The name indexes' entries (`NameKeys.make`), of customers and of contacts.
    var customerNames = Rows(Columns.names)
    var contactNames = Rows(Columns.names)
    var firstID: Int64 = 0
    var lastID: Int64 = -1
    /// Every so many documents the fast text functions are compared with LiaisonCore's.
    var checked = 0

    mutating func add(
        id: Int64, kind: String, refID: String, customerID: String, classification: String, title: String,
        text: String, alsoNamed: [String] = [], updatedAt: Double, check: Bool
    ) {
        var combined = title + "\n" + text
        if combined.utf8.count > 8000 { combined = String(combined.prefix(8000)) }
        let normalised = FastText.normalise(combined)
        let titleKey = FastText.normalise(title)
        let bigram = FastText.bigramText(normalised: normalised)
        if check {
            checked += 1
            let expected = SearchText.normalise(combined)
            precondition(normalised == expected, "normalise differs for \(combined.debugDescription)")
            precondition(titleKey == SearchText.normalise(title), "title key differs for \(title.debugDescription)")
            precondition(bigram == SearchText.bigramText(expected), "bigrams differ for \(combined.debugDescription)")
        }
        if lastID < firstID { firstID = id }
        lastID = id
        docs.append(
            .integer(Int(id)), .text(kind), .text(refID), .text(customerID), .text(classification), .text(title),
            // Only names are found by their title key (as `SearchIndex` stores it).
            .text(kind == "customer" || kind == "contact" ? titleKey : ""), .text(normalised), .float(updatedAt))
        trigrams.append(.integer(Int(id)), .text(normalised))
        bigrams.append(.integer(Int(id)), .text(bigram))
        if kind == "customer" {
            customerNames.append(.integer(Int(id)), .text(NameKeys.make([title] + alsoNamed)))
        } else if kind == "contact" {
            contactNames.append(.integer(Int(id)), .text(NameKeys.make([title] + alsoNamed)))
        }
    }

    mutating func append(contentsOf other: SearchRows) {
        if other.lastID >= other.firstID {
            if lastID < firstID { firstID = other.firstID }
            lastID = other.lastID
        }
        docs.append(contentsOf: other.docs)
        trigrams.append(contentsOf: other.trigrams)
        bigrams.append(contentsOf: other.bigrams)
        customerNames.append(contentsOf: other.customerNames)
        contactNames.append(contentsOf: other.contactNames)
        checked += other.checked
    }
}

enum Channels {
    static let weighted: [(String, Int)] = [
        ("email", 34), ("phone", 20), ("meeting", 9), ("video", 10), ("chat", 13), ("visit", 6), ("portal", 3),
        ("webForm", 3), ("social", 2),
    ]
    static let table: [String] = weighted.flatMap { Array(repeating: $0.0, count: $0.1) }
    static let topicTable: [Int] = Topics.all.indices.flatMap { Array(repeating: $0, count: Topics.all[$0].weight) }
    static let subjects: [[Template]] = Topics.all.map { $0.subjects.map(Template.init) }
    static let paragraphs: [[Template]] = Topics.all.map { $0.paragraphs.map(Template.init) }
    static let openings = Topics.openings.map(Template.init)
    static let closings = Topics.closings.map(Template.init)
}
