import Foundation
import LiaisonCore
import SQLiteNIO

/// Customers, their account teams and their search documents.
struct CustomerRows: Sendable {
    var customers = Rows(Columns.customers)
    var team = Rows(Columns.team)
    var search = SearchRows()

    static func make(plan: Plan, range: Range<Int>, seed: UInt64, docBase: Int64) -> CustomerRows {
        var out = CustomerRows()
        for c in range {
            var r = SeededRandom(seed: seed, stream: 3_000_000 + UInt64(c))
            let customer = plan.customers[c]
            let city = Vocabulary.cities[customer.city]
            let industry = customer.industry.map { Vocabulary.industries[$0].field }
            let region: String? = r.chance(0.85) ? city.region : nil
            let tags = FastText.jsonList(customer.tags)
            if c % 997 == 0 { precondition(tags == FastText.referenceJSON(customer.tags), "tags JSON differs") }
            out.customers.append(
                .text(customer.id), .text(customer.kind), .text(customer.name), .optionalText(customer.nameEn),
                .text(SortKey.make(customer.name)), .optionalText(industry), .text(customer.tier),
                .optionalText(region), .text(customer.status), .text(customer.classification), .text(tags),
                .text(plan.staff[customer.owner].id), .optionalText(customer.website), .optionalText(customer.phone),
                .optionalText(customer.address), .optionalText(customer.notes), .integer(customer.contactCount),
                .float(customer.lastActivityAt), .integer(1), .float(customer.createdAt), .float(customer.createdAt))
            for (member, role) in zip(customer.team, customer.teamRoles) {
                out.team.append(
                    .text(r.uuidString()), .text(customer.id), .text(plan.staff[member].id), .text(role),
                    .float(customer.createdAt))
            }
            // CustomerCommands.index: name, English name, industry, region, website, phone, address, tags, notes.
            let text = withNotes([
                customer.name, customer.nameEn, industry, region, customer.website, customer.phone, customer.address,
                customer.tags.joined(separator: " "),
            ].compactMap { $0 }.joined(separator: "\n"), customer.notes)
            out.search.add(
                id: docBase + Int64(c), kind: "customer", refID: customer.id, customerID: customer.id,
                classification: customer.classification, title: customer.name, text: text,
                alsoNamed: [customer.nameEn].compactMap { $0 }, updatedAt: customer.createdAt, check: c % 97 == 0)
        }
        return out
    }
}

/// Contacts, their identities (normalised emails, phones, WeChat ids) and their search documents.
struct ContactRows: Sendable {
    var contacts = Rows(Columns.contacts)
    var identities = Rows(Columns.identities)
    var search = SearchRows()
    var sampleEmails: [String] = []
    var samplePhones: [String] = []

    static func make(plan: Plan, range: Range<Int>, seed: UInt64, docBase: Int64) -> ContactRows {
        var out = ContactRows()
        var sortKeys: [String: String] = [:]
        for k in range {
            var r = SeededRandom(seed: seed, stream: 20_000_000 + UInt64(k))
            let contact = plan.contacts[k]
            let customer = plan.customers[contact.customer]
            let sortKey: String
            if let cached = sortKeys[contact.name] {
                sortKey = cached
            } else {
                sortKey = SortKey.make(contact.name)
                sortKeys[contact.name] = sortKey
            }
            let title: String? = r.chance(0.75) ? r.pick(Vocabulary.contactTitles) : nil
            let role: String? = r.chance(0.8) ? r.pick(Vocabulary.contactRoles) : nil
            // E-mail addresses from the pinyin/English name: zhang.wei@huaxun-tech.com.cn, 87654321@qq.com …
            let parts = sortKey.split(separator: " ").map { String($0).filter { $0.isLetter || $0.isNumber } }
            var emails: [String] = []
            let emailCount = r.chance(0.9) ? 1 : 2
            for n in 0..<emailCount {
                let company = n == 0 ? r.chance(0.8) : false
                let domain = company && customer.kind == "organization" ? customer.emailDomain : r.pick(Vocabulary.freeMail)
                var local: String
                if domain == "qq.com" {
                    local = String(r.int(10_000_000, 2_999_999_999))
                } else {
                    let family = contact.chinese ? (parts.first ?? "x") : (parts.last ?? "x")
                    let given = contact.chinese ? parts.dropFirst().joined() : (parts.first ?? "x")
                    switch r.int(4) {
                    case 0: local = family + "." + given
                    case 1: local = family + given
                    case 2: local = given + "." + family
                    default: local = String(given.prefix(1)) + family
                    }
                    if !company || r.chance(0.15) { local += String(r.int(1, 99)) }
                }
                let email = local + "@" + domain
                if !emails.contains(email) { emails.append(email) }
            }
            var phones = [Phones.mobile(&r)]
            if r.chance(0.25) { phones.append(Phones.landline(Vocabulary.cities[customer.city], &r)) }
            let wechat: String? = r.chance(0.5)
                ? (r.chance(0.5) ? "wxid_" + String((0..<10).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement(using: &r)! })
                    : parts.joined() + String(r.int(1, 9999)))
                : nil
            let otherIDs: [(String, String)] = r.chance(0.1) ? [("dingtalk", "dt_" + String(r.int(100_000, 999_999)))] : []
            let preferredChannel: String? = r.chance(0.6) ? r.pick(["email", "phone", "chat", "visit", "video"]) : nil
            let preferredLanguage: String? = r.chance(0.6) ? (contact.chinese ? "zh-Hans" : "en") : nil
            let consent: [(String, Bool)]
            switch r.int(4) {
            case 0, 1: consent = []
            case 2: consent = [("email", true), ("phone", true)]
            default: consent = [("email", r.chance(0.7)), ("chat", true), ("phone", r.chance(0.5))]
            }
            let notes: String? = r.chance(0.1) ? r.pick(["喜欢早上沟通", "Prefers email over phone.", "决策链关键人物", "技术背景，关注细节", "下半年可能调岗", "Speaks Mandarin and English."]) : nil
            let created = customer.createdAt + Double(r.int(60, 3 * 86_400))
            let emailsJSON = FastText.jsonList(emails)
            let phonesJSON = FastText.jsonList(phones)
            let otherJSON = FastText.jsonMap(otherIDs)
            let consentJSON = FastText.jsonBoolMap(consent)
            if k % 997 == 0 {
                precondition(emailsJSON == FastText.referenceJSON(emails), "emails JSON differs")
                precondition(phonesJSON == FastText.referenceJSON(phones), "phones JSON differs")
                precondition(otherJSON == FastText.referenceJSON(Dictionary(uniqueKeysWithValues: otherIDs)), "ids JSON")
                precondition(consentJSON == FastText.referenceJSON(Dictionary(uniqueKeysWithValues: consent)), "consent")
            }
            out.contacts.append(
                .text(contact.id), .text(customer.id), .text(contact.name), .text(sortKey), .optionalText(title),
                .optionalText(role), .text(emailsJSON), .text(phonesJSON), .optionalText(wechat), .text(otherJSON),
                .optionalText(preferredChannel), .optionalText(preferredLanguage), .text(consentJSON),
                .optionalText(notes), .integer(1), .float(created), .float(created))
            // ContactCommands.writeIdentities: lower-cased emails, normalised phones, lower-cased WeChat id.
            var identities = emails.map { ("email", $0.lowercased()) }
            identities += phones.map { ("phone", FastText.normalisePhone($0)) }
            if let wechat { identities.append(("wechat", wechat.lowercased())) }
            for (kind, value) in identities where !value.isEmpty {
                out.identities.append(.text(r.uuidString()), .text(contact.id), .text(customer.id), .text(kind), .text(value))
            }
            // ContactCommands.index: ContactModel.searchText + "\n" + customer name, then notes.
            var textParts = [contact.name, title, wechat].compactMap { $0 }
            textParts += emails
            textParts += phones + phones.map(FastText.normalisePhone)
            textParts += otherIDs.map(\.1)
            out.search.add(
                id: docBase + Int64(k), kind: "contact", refID: contact.id, customerID: customer.id,
                classification: customer.classification, title: contact.name,
                text: withNotes(textParts.joined(separator: "\n") + "\n" + customer.name, notes), updatedAt: created,
                check: k % 97 == 0)
            if k % 1500 == 0 {
                out.sampleEmails.append(emails[0])
                out.samplePhones.append(FastText.normalisePhone(phones[0]))
            }
        }
        return out
    }
}

/// Interactions with everything the app writes beside them: participants, the timeline entry and its contacts,
/// and the search document.
struct InteractionRows: Sendable {
    var interactions = Rows(Columns.interactions)
    var participants = Rows(Columns.participants)
    var timeline = Rows(Columns.timeline)
    var timelineContacts = Rows(Columns.timelineContacts)
    var search = SearchRows()
    var bodyCharacters = 0
    var plainCharacters = 0
    var count = 0

    mutating func append(_ other: InteractionRows) {
        interactions.append(contentsOf: other.interactions)
        participants.append(contentsOf: other.participants)
        timeline.append(contentsOf: other.timeline)
        timelineContacts.append(contentsOf: other.timelineContacts)
        search.append(contentsOf: other.search)
        bodyCharacters += other.bodyCharacters
        plainCharacters += other.plainCharacters
        count += other.count
    }

    static func make(plan: Plan, range: Range<Int>, seed: UInt64, docBase: Int64, ordered: Bool) -> InteractionRows {
        var out = InteractionRows()
        for i in range {
            var r = SeededRandom(seed: seed, stream: 100_000_000 + UInt64(i))
            let customerIndex = Int(plan.interactionCustomer[i])
            let customer = plan.customers[customerIndex]
            let t = plan.interactionTime[i]
            let topic = Channels.topicTable[r.int(Channels.topicTable.count)]
            var channel = Channels.table[r.int(Channels.table.count)]
            let directionRoll = r.unit()
            var direction = directionRoll < 0.08 ? "internal" : directionRoll < 0.52 ? "inbound" : "outbound"
            if channel == "webForm" || channel == "portal" { direction = "inbound" }
            if direction == "internal" && channel != "meeting" && channel != "chat" { channel = r.chance(0.5) ? "meeting" : "chat" }

            // Who: a team member logs it (the owner most often); contacts of this customer take part.
            let creatorIndex = r.chance(0.6) ? customer.owner : customer.team[r.int(customer.team.count)]
            let creator = plan.staff[creatorIndex]
            var staffIDs = [creator.id]
            if r.chance(0.15) {
                let other = plan.staff[customer.team[r.int(customer.team.count)]].id
                if other != creator.id { staffIDs.append(other) }
            }
            var contactIndexes: [Int] = []
            if direction != "internal" && customer.contactCount > 0 {
                let wanted = channel == "meeting" || channel == "visit" ? r.int(1, 3) : (r.chance(0.85) ? 1 : 2)
                for _ in 0..<wanted {
                    let k = customer.firstContact + r.int(customer.contactCount)
                    if !contactIndexes.contains(k) { contactIndexes.append(k) }
                }
            }
            let contactName = contactIndexes.first.map { plan.contacts[$0].name }
                ?? (customer.contactCount > 0 ? plan.contacts[customer.firstContact].name : "客户")
            var filler = SlotFiller(
                random: SeededRandom(seed: r.next()), contact: contactName, staff: creator.name, staffPhone: creator.phone,
                customerShort: customer.shortName, city: Vocabulary.cities[customer.city].name,
                products: customer.products, project: customer.project, time: t)

            // What: a subject and a Markdown body of about 100–400 characters.
            var subject = ""
            Channels.subjects[topic][r.int(Channels.subjects[topic].count)].render(into: &subject, &filler)
            var body = ""
            if r.chance(0.55) {
                Channels.openings[r.int(Channels.openings.count)].render(into: &body, &filler)
                body += r.chance(0.5) ? "\n\n" : ""
            }
            let target = r.int(100, 380)
            let paragraphs = Channels.paragraphs[topic]
            var used: [Int] = []
            var length = FastText.scalarCount(body)
            while length < target && used.count < paragraphs.count {
                var p = r.int(paragraphs.count)
                while used.contains(p) { p = (p + 1) % paragraphs.count }
                used.append(p)
                var paragraph = ""
                paragraphs[p].render(into: &paragraph, &filler)
                if !body.isEmpty && !body.hasSuffix("\n\n") && !body.hasSuffix("，") && !body.hasSuffix(",") && !body.hasSuffix("：") {
                    body += "\n\n"
                }
                body += paragraph
                length += FastText.scalarCount(paragraph) + 2
            }
            if r.chance(0.45) {
                body += "\n\n"
                Channels.closings[r.int(Channels.closings.count)].render(into: &body, &filler)
            }
            let plain = FastText.plainText(body)
            if i < 3_000 || i % 101 == 0 {
                let expected = Markdown.plainText(body)
                precondition(plain == expected, "plain text differs for \(body.debugDescription):\n\(plain.debugDescription)\n\(expected.debugDescription)")
            }
            let excerpt = FastText.scalarCount(plain) <= 280 ? plain : String(plain.prefix(280))
            let duration: Int? = ["phone", "video", "meeting", "visit"].contains(channel) ? r.int(5, 120) : nil
            let outcome: String? = r.chance(0.35) ? r.pick(Vocabulary.outcomes) : nil
            var nextStep: String?
            var nextOwner: String?
            var nextDue: Double?
            var nextDone: Double?
            if r.chance(0.2) {
                nextStep = r.pick(Vocabulary.nextSteps)
                nextOwner = creator.id
                let due = t + Double(r.int(2, 14)) * Plan.day
                nextDue = due
                if due < plan.end - 7 * Plan.day && r.chance(0.9) { nextDone = due - Double(r.int(0, 86_400)) }
            }
            let created = t + Double(r.int(60, 7_200))
            // Ids in creation order (see orderedUUIDString); up to 16 rows of a kind per interaction.
            let slots = UInt64(plan.interactionTime.count) * 16
            let base = UInt64(i) * 16
            let id = ordered ? r.orderedUUIDString(sequence: base, slots: slots) : r.uuidString()
            out.interactions.append(
                .text(id), .text(customer.id), .text(channel), .text(direction), .text(subject), .text(body), .float(t),
                duration.map { .integer($0) } ?? .null, .optionalText(outcome), .optionalText(nextStep),
                .optionalText(nextOwner), nextDue.map { .float($0) } ?? .null, nextDone.map { .float($0) } ?? .null,
                .text(creator.id), .integer(1), .float(created), .float(created))
            var sub: UInt64 = 0
            func nextID() -> String {
                sub += 1
                return ordered ? r.orderedUUIDString(sequence: base + sub, slots: slots) : r.uuidString()
            }
            for staff in staffIDs {
                out.participants.append(.text(nextID()), .text(id), .text(staff), .null)
            }
            for k in contactIndexes {
                out.participants.append(.text(nextID()), .text(id), .null, .text(plan.contacts[k].id))
            }
            // TimelineWriter.record: excerpt = first 280 characters of the plain text; actor = creator's email.
            let entryID = ordered ? r.orderedUUIDString(sequence: base, slots: slots) : r.uuidString()
            out.timeline.append(
                .text(entryID), .text(customer.id), .text("interaction"), .text(id), .float(t), .text(channel),
                .text(direction), .text(subject), .text(excerpt), .text(creator.email))
            for k in contactIndexes {
                out.timelineContacts.append(.text(plan.contacts[k].id), .float(t), .text(entryID))
            }
            // InteractionCommands.index: plain body, outcome, next step and customer name under the subject.
            out.search.add(
                id: docBase + Int64(i), kind: "interaction", refID: id, customerID: customer.id,
                classification: customer.classification, title: subject,
                text: ([plain, outcome ?? ""] + [nextStep].compactMap { $0 } + [customer.name]).joined(separator: "\n"),
                updatedAt: created,
                check: i < 300 || i % 499 == 0)
            out.bodyCharacters += FastText.scalarCount(body)
            out.plainCharacters += FastText.scalarCount(plain)
            out.count += 1
        }
        return out
    }
}

/// Fields followed by notes as plain text, as `SearchIndex.joined` builds them.
private func withNotes(_ fields: String, _ notes: String?) -> String {
    guard let notes else { return fields }
    let plain = Markdown.plainText(notes)
    return plain.isEmpty ? fields : fields + "\n" + plain
}
