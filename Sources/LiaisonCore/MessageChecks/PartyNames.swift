import Foundation

/// The names of other customers and their contacts, compiled once into one automaton and reused by every check.
/// Each customer is looked for by its full name and by its short name: legal suffixes (股份有限公司, 有限公司, 集团,
/// Co., Ltd., Inc., LLC …), a region in brackets (（北京）) and leading region words (北京, 上海, Shenzhen …) are
/// stripped, so 深圳星河科技有限公司 is also found as 星河科技. Keys too short to be telling (one Chinese
/// character, fewer than three Latin letters) and generic words (科技, 信息, 网络 …) are dropped. Contacts are
/// looked for by full name only: two or more Chinese characters, or a first and a last Latin name.
public struct PartyNames: Sendable {
    /// A customer or one of its contacts.
    public struct Party: Sendable {
        public var customerID: UUID
        public var name: String
        public var isContact: Bool

        /// A party from its parts.
        public init(customerID: UUID, name: String, isContact: Bool) {
            self.customerID = customerID
            self.name = name
            self.isContact = isContact
        }
    }

    let parties: [Party]
    /// For each key of the automaton: the key and the parties it names.
    let keys: [[UInt32]]
    let owners: [[Int]]
    let automaton: PhraseAutomaton

    /// Compiles the names of `parties`.
    public init(_ parties: [Party]) {
        self.parties = parties
        var index: [[UInt32]: Int] = [:]
        var keys: [[UInt32]] = []
        var owners: [[Int]] = []
        var wordCounts: [Int] = []
        for (position, party) in parties.enumerated() {
            // A key may drop words but never splits one, so the full name's word count bounds every key's.
            let words = PhraseAutomaton.latinWordCount(party.name)
            for key in Self.keys(for: party.name, isContact: party.isContact) {
                if let existing = index[key] {
                    owners[existing].append(position)
                    wordCounts[existing] = max(wordCounts[existing], words)
                } else {
                    index[key] = keys.count
                    keys.append(key)
                    owners.append([position])
                    wordCounts.append(words)
                }
            }
        }
        self.keys = keys
        self.owners = owners
        automaton = PhraseAutomaton(keys, wordCounts: wordCounts)
    }

    /// The keys a name is looked for by.
    static func keys(for name: String, isContact: Bool) -> [[UInt32]] {
        let full = NormalisedText.key(name)
        if isContact {
            let words = name.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" || $0 == "·" })
            let hanCount = full.filter(NormalisedText.isHan).count
            let isLatinFullName = hanCount == 0 && words.count >= 2 && full.count >= 5
            return (hanCount >= 2 && hanCount == full.count) || isLatinFullName ? [full] : []
        }
        var result: [[UInt32]] = []
        for key in [full, NormalisedText.key(shortName(name))] where isTelling(key) && !result.contains(key) {
            result.append(key)
        }
        return result
    }

    /// The name without legal suffixes, a bracketed region and leading region words.
    static func shortName(_ name: String) -> String {
        var text = name.trimmingCharacters(in: .whitespaces)
        for (open, close) in [("（", "）"), ("(", ")")] {
            while let start = text.range(of: open),
                let end = text.range(of: close, range: start.upperBound..<text.endIndex)
            {
                text.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        var changed = true
        while changed {
            changed = false
            let lowered = text.lowercased()
            for suffix in suffixes where lowered.hasSuffix(suffix) && lowered.count > suffix.count {
                text = String(text.dropLast(suffix.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,.，"))
                changed = true
                break
            }
            for region in regions where text.lowercased().hasPrefix(region) && text.count > region.count + 1 {
                text = String(text.dropFirst(region.count)).trimmingCharacters(in: CharacterSet(charactersIn: " ,.市省"))
                changed = true
                break
            }
        }
        return text
    }

    static func isTelling(_ key: [UInt32]) -> Bool {
        let hanCount = key.filter(NormalisedText.isHan).count
        if hanCount == key.count {
            return hanCount >= 2 && !genericWords.contains(key)
        }
        return key.count >= 3 && !genericWords.contains(key)
    }

    static let suffixes = [
        "股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司", " co., ltd.", " co., ltd", " co.,ltd.",
        " co. ltd.", " co.ltd", " co ltd", " ltd.", " ltd", " limited", " inc.", " inc", " llc", " corp.", " corp",
        " corporation", " gmbh", " group", " co.", " plc",
    ]
    static let regions = [
        "北京", "上海", "深圳", "广州", "杭州", "南京", "苏州", "成都", "武汉", "天津", "重庆", "西安", "厦门", "青岛",
        "宁波", "无锡", "长沙", "郑州", "合肥", "福州", "济南", "大连", "沈阳", "东莞", "佛山", "珠海", "香港", "广东",
        "浙江", "江苏", "山东", "四川", "湖北", "中国", "beijing ", "shanghai ", "shenzhen ", "guangzhou ",
        "hangzhou ", "china ",
    ]
    static let genericWords: Set<[UInt32]> = Set(
        [
            "科技", "信息", "技术", "网络", "软件", "电子", "贸易", "实业", "发展", "服务", "咨询", "控股", "国际", "智能",
            "数据", "信息技术", "网络科技", "信息科技", "电子商务", "客户", "公司", "集团", "中心", "tech", "technology",
            "group", "global", "international", "services", "solutions", "software", "systems", "the", "data",
        ].map(NormalisedText.key))
}
