import Foundation
import LiaisonCore

/// A staff member: the bench admin (index 0) or a generated salesperson.
struct Staff: Sendable {
    var id: String
    var name: String
    var email: String
    var phone: String
}

/// Everything about a customer that interactions need, decided before anything is written.
struct CustomerPlan: Sendable {
    var id: String
    var kind: String
    var name: String
    var nameEn: String?
    var shortName: String
    var brand: String
    var brandPinyin: String
    var city: Int
    var industry: Int?
    var tier: String
    var status: String
    var classification: String
    var tags: [String]
    var website: String?
    var phone: String?
    var address: String?
    var notes: String?
    var owner: Int
    /// Staff indexes on the account team (owner first).
    var team: [Int]
    var teamRoles: [String]
    var products: [Int]
    var project: String
    var emailDomain: String
    var createdAt: Double
    var firstContact: Int
    var contactCount: Int
    var interactionCount: Int
    var lastActivityAt: Double
}

struct ContactPlan: Sendable {
    var id: String
    var customer: Int
    var name: String
    var chinese: Bool
}

/// The shape of the whole data set: users, customers with their contacts, and which customer and when each
/// interaction belongs to (chronological by index).
struct Plan: Sendable {
    var staff: [Staff]
    var customers: [CustomerPlan]
    var contacts: [ContactPlan]
    var interactionCustomer: [Int32]
    var interactionTime: [Double]
    var start: Double
    var end: Double

    static let day = 86_400.0

    static func make(
        customers customerCount: Int, contacts contactCount: Int, interactions interactionCount: Int, staff: [Staff],
        seed: UInt64, end: Double
    ) -> Plan {
        var random = SeededRandom(seed: seed, stream: 1)
        let span = 3 * 365 * day
        let start = end - span

        // Activity weights: Pareto (alpha 1.3), capped, so a few customers have thousands of interactions.
        var weights: [Double] = []
        weights.reserveCapacity(customerCount)
        for _ in 0..<customerCount {
            let u = max(random.unit(), 1e-12)
            weights.append(min(pow(u, -1 / 1.3), 600))
        }
        // Tier follows activity, with some noise.
        let rankOrder = weights.indices.sorted { weights[$0] > weights[$1] }
        var rank = Array(repeating: 0, count: customerCount)
        for (position, index) in rankOrder.enumerated() { rank[index] = position }

        // Interactions: customer by weight, time growing slowly denser towards the present.
        let alias = AliasTable(weights: weights)
        var interactionCustomer = [Int32](repeating: 0, count: interactionCount)
        var interactionTime = [Double](repeating: 0, count: interactionCount)
        var counts = [Int](repeating: 0, count: customerCount)
        var last = [Double](repeating: 0, count: customerCount)
        var first = [Double](repeating: .infinity, count: customerCount)
        for i in 0..<interactionCount {
            let c = alias.sample(&random)
            let x = (Double(i) + random.unit()) / Double(max(interactionCount, 1))
            let t = (start + span * pow(x, 0.85)).rounded()
            interactionCustomer[i] = Int32(c)
            interactionTime[i] = t
            counts[c] += 1
            last[c] = max(last[c], t)
            first[c] = min(first[c], t)
        }

        // Contacts: at least one each, the rest by the square root of activity.
        var contactCounts = Array(repeating: contactCount >= customerCount ? 1 : 0, count: customerCount)
        let extra = contactCount - contactCounts.reduce(0, +)
        if extra > 0 {
            let contactAlias = AliasTable(weights: weights.map { $0.squareRoot() })
            for _ in 0..<extra { contactCounts[contactAlias.sample(&random)] += 1 }
        } else if contactCount < customerCount {
            for i in 0..<contactCount { contactCounts[i] = 1 }
        }

        var customers: [CustomerPlan] = []
        customers.reserveCapacity(customerCount)
        var contacts: [ContactPlan] = []
        contacts.reserveCapacity(contactCount)
        let brands = Brand.all
        for c in 0..<customerCount {
            var r = SeededRandom(seed: seed, stream: 1_000_000 + UInt64(c))
            let cityIndex = r.int(Vocabulary.cities.count)
            let city = Vocabulary.cities[cityIndex]
            let brand = brands[r.int(brands.count)]
            let individual = r.chance(0.08)
            var plan = CustomerPlan(
                id: r.uuidString(), kind: individual ? "individual" : "organization", name: "", nameEn: nil,
                shortName: "", brand: brand.name, brandPinyin: brand.pinyin, city: cityIndex, industry: nil,
                tier: "standard", status: "active", classification: "internal", tags: [], website: nil, phone: nil,
                address: nil, notes: nil, owner: 0, team: [], teamRoles: [], products: [], project: "",
                emailDomain: "", createdAt: 0, firstContact: contacts.count, contactCount: contactCounts[c],
                interactionCount: counts[c], lastActivityAt: 0)
            let english = r.chance(0.4)
            if individual {
                let person = Names.chinese(&r)
                plan.name = person
                plan.shortName = person
                if english { plan.nameEn = Names.pinyinName(person) }
                plan.emailDomain = r.pick(Vocabulary.freeMail)
            } else {
                let industryIndex = r.int(Vocabulary.industries.count)
                let industry = Vocabulary.industries[industryIndex]
                let suffix = pickSuffix(&r)
                plan.industry = industryIndex
                plan.name = city.name + brand.name + industry.word + suffix.zh
                plan.shortName = brand.name + industry.word
                if english {
                    plan.nameEn = "\(city.pinyin) \(brand.pinyin) \(industry.english) \(suffix.en)"
                }
                let base = brand.pinyin.lowercased() + (r.chance(0.5) ? "-" + industry.domain : "")
                plan.emailDomain = base + r.pick([".com", ".com.cn", ".cn", ".net"])
                if english || r.chance(0.3) { plan.website = "https://www." + plan.emailDomain }
            }
            plan.phone = r.chance(0.7) ? Phones.landline(city, &r) : nil
            if r.chance(0.75) {
                let district = r.pick(city.districts)
                let road = r.pick(["科技路", "创新大道", "人民路", "建设路", "中山路", "高新四路", "软件园路", "工业大道", "滨江大道", "解放路", "学府路", "金融街"])
                let place = city.province.hasSuffix("市") ? city.province : city.province + city.name + "市"
                plan.address = "\(place)\(district)\(road)\(r.int(1, 999))号"
                if r.chance(0.3) { plan.address! += "\(r.pick(["A", "B", "C", "1", "2"]))栋\(r.int(2, 30))楼" }
            }
            if r.chance(0.12) {
                plan.notes = r.pick(["年度采购额较大，注意维护高层关系。", "Prefers communication by email.", "付款周期较长，需提前催款。", "集团下属子公司众多，采购分散。", "Key reference customer for the region.", "对价格敏感，重视售后服务。"])
            }
            // Tier by activity rank (top ~4% strategic, next ~12% key), with noise.
            let percentile = Double(rank[c]) / Double(customerCount)
            if r.chance(0.85) {
                plan.tier = percentile < 0.04 ? "strategic" : percentile < 0.16 ? "key" : percentile < 0.7 ? "standard" : "small"
            } else {
                plan.tier = r.pick(["strategic", "key", "standard", "small"])
            }
            let statusRoll = r.unit()
            plan.status = statusRoll < 0.58 ? "active" : statusRoll < 0.76 ? "prospect" : statusRoll < 0.9 ? "dormant" : "former"
            let classRoll = r.unit()
            plan.classification = classRoll < 0.2 ? "public" : classRoll < 0.9 ? "internal" : classRoll < 0.98 ? "confidential" : "secret"
            let tagCount = r.int(0, 3)
            var tags: [String] = []
            while tags.count < tagCount {
                let tag = r.pick(Vocabulary.tags)
                if !tags.contains(tag) { tags.append(tag) }
            }
            plan.tags = tags
            // Owner: the bench admin for ~3%, else one of the staff; bigger accounts get a larger team.
            plan.owner = staff.count == 1 || r.chance(0.03) ? 0 : r.int(1, staff.count - 1)
            plan.team = [plan.owner]
            plan.teamRoles = ["owner"]
            let teamExtra = counts[c] > 500 ? r.int(2, 4) : counts[c] > 50 ? r.int(0, 2) : (r.chance(0.2) ? 1 : 0)
            for _ in 0..<teamExtra where staff.count > 3 {
                let member = r.int(1, staff.count - 1)
                if !plan.team.contains(member) {
                    plan.team.append(member)
                    plan.teamRoles.append(r.pick(["sales", "projectManager", "engineer", "support", "executive", "member"]))
                }
            }
            plan.products = [r.int(Vocabulary.products.count), r.int(Vocabulary.products.count), r.int(Vocabulary.products.count)]
            plan.project = r.pick(Vocabulary.projectPrefixes) + r.pick(Vocabulary.projectSuffixes)
            let firstActivity = first[c].isFinite ? first[c] : end - r.unit() * span
            plan.createdAt = (min(firstActivity, end) - Double(r.int(1, 400)) * day - Double(r.int(0, 86_399))).rounded()
            plan.lastActivityAt = counts[c] > 0 ? last[c] : plan.createdAt
            for _ in 0..<contactCounts[c] {
                let chinese = plan.nameEn == nil ? r.chance(0.85) : r.chance(0.5)
                contacts.append(ContactPlan(
                    id: r.uuidString(), customer: c, name: chinese ? Names.chinese(&r) : Names.english(&r),
                    chinese: chinese))
            }
            customers.append(plan)
        }
        return Plan(
            staff: staff, customers: customers, contacts: contacts, interactionCustomer: interactionCustomer,
            interactionTime: interactionTime, start: start, end: end)
    }

    private static func pickSuffix(_ r: inout SeededRandom) -> (zh: String, en: String) {
        let roll = r.int(100)
        var acc = 0
        for suffix in Vocabulary.companySuffixes {
            acc += suffix.weight
            if roll < acc { return (suffix.zh, suffix.en) }
        }
        return ("有限公司", "Co., Ltd.")
    }
}

struct Brand: Sendable {
    var name: String
    var pinyin: String

    /// Every invented two-character brand and its pinyin ("华讯" → "Huaxun").
    static let all: [Brand] = {
        var brands: [Brand] = []
        for a in Vocabulary.brandFirst {
            for b in Vocabulary.brandSecond where a != b {
                let name = String(a) + String(b)
                brands.append(Brand(name: name, pinyin: Names.pinyinWord(name)))
            }
        }
        return brands
    }()
}

enum Names {
    static func chinese(_ r: inout SeededRandom) -> String {
        let surname = r.pick(Vocabulary.surnames)
        let given = r.chance(0.35)
            ? String(r.pick(Vocabulary.givenChars))
            : String(r.pick(Vocabulary.givenChars)) + String(r.pick(Vocabulary.givenChars))
        return surname + given
    }

    static func english(_ r: inout SeededRandom) -> String {
        r.pick(Vocabulary.englishFirst) + " " + r.pick(Vocabulary.englishLast)
    }

    /// Toneless pinyin syllables, lower-case: "华讯" → ["hua", "xun"].
    static func syllables(_ text: String) -> [String] {
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return folded.split(separator: " ").map { String($0).filter { $0.isLetter } }
    }

    /// "华讯" → "Huaxun".
    static func pinyinWord(_ text: String) -> String {
        syllables(text).joined().capitalized
    }

    /// "张伟" → "Wei Zhang" (given name first, as on English business cards).
    static func pinyinName(_ name: String) -> String {
        let parts = syllables(name)
        guard parts.count > 1 else { return parts.joined().capitalized }
        let surnameLength = Vocabulary.surnames.first(where: { name.hasPrefix($0) && $0.count == 2 }) != nil ? 2 : 1
        let surname = parts.prefix(surnameLength).joined().capitalized
        let given = parts.dropFirst(surnameLength).joined().capitalized
        return given + " " + surname
    }
}

enum Phones {
    static func mobileDigits(_ r: inout SeededRandom) -> String {
        r.pick(Vocabulary.mobilePrefixes) + String(format: "%08d", r.int(100_000_000))
    }

    /// A mobile number as people type it: "+86 138 0013 8000", "138-0013-8000" or "13800138000".
    static func mobile(_ r: inout SeededRandom) -> String {
        let d = Array(mobileDigits(&r))
        let a = String(d[0..<3]), b = String(d[3..<7]), c = String(d[7..<11])
        switch r.int(4) {
        case 0, 1: return "+86 \(a) \(b) \(c)"
        case 2: return "\(a)-\(b)-\(c)"
        default: return a + b + c
        }
    }

    static func landline(_ city: Vocabulary.City, _ r: inout SeededRandom) -> String {
        let digits = city.areaCode.count == 3 ? 8 : (r.chance(0.8) ? 8 : 7)
        var number = String(r.int(2, 8))
        for _ in 1..<digits { number += String(r.int(10)) }
        if r.chance(0.5) {
            return "+86 \(city.areaCode.dropFirst()) \(number.prefix(4)) \(number.dropFirst(4))"
        }
        return "\(city.areaCode)-\(number)" + (r.chance(0.2) ? "转\(r.int(100, 899))" : "")
    }
}
