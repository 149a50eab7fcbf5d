import Foundation

/// Template leftovers in a text: `{{name}}`, `${name}`, `{name}`, `____`, `XXX`, `XX公司`, `X月X日`, `某某`, `TODO`,
/// `TBD`, and short bracketed fields whose content names what should have been filled in (`[客户名]`, `【客户名称】`, `<name>`,
/// `[Customer name]`). A bracket is only a placeholder when its content is short (≤ 20 characters), has no address,
/// link or digit in it, and contains a word of `fieldWords`, so "【重要】", "[附件1]" or "[Ticket 1234]" are left
/// alone.
enum PlaceholderScan {
    /// Words that name a field to fill in.
    static let fieldWords = [
        "名", "称呼", "客户", "公司", "日期", "时间", "金额", "电话", "手机", "地址", "邮箱", "填写", "待定", "待补充",
        "占位", "某", "xx", "name", "customer", "client", "company", "date", "time", "amount", "phone", "email",
        "address", "insert", "placeholder", "tbd", "todo", "your", "contact", "recipient", "number", "manager",
        "title", "signature", "sender", "first", "last", "city", "link", "url", "部门", "职位", "签名", "联系人",
        "链接", "编号", "单号",
    ]
    static let words: Set<String> = ["TODO", "TBD", "FIXME", "TKTK"]
    static let chineseWords = ["待补充", "待填写", "此处填写", "某某"]
    static let openers: [Unicode.Scalar: Unicode.Scalar] = [
        "[": "]", "【": "】", "［": "］", "〔": "〕", "<": ">", "＜": "＞", "〖": "〗",
    ]

    /// The placeholders of `text` as spans of original scalars.
    static func find(in scalars: [Unicode.Scalar]) -> [(start: Int, end: Int)] {
        var found: [(start: Int, end: Int)] = []
        var index = 0
        let count = scalars.count
        while index < count {
            let scalar = scalars[index]
            // {{…}} and ${…}
            if (scalar == "{" && index + 1 < count && scalars[index + 1] == "{")
                || (scalar == "$" && index + 1 < count && scalars[index + 1] == "{")
            {
                if let close = closing(scalars, from: index + 2, closer: "}", limit: 60) {
                    var end = close + 1
                    if scalar == "{", end < count, scalars[end] == "}" { end += 1 }
                    found.append((index, end))
                    index = end
                    continue
                }
            }
            // {name} / {客户名}: one word in single braces.
            if scalar == "{", let close = closing(scalars, from: index + 1, closer: "}", limit: 30),
                scalars[(index + 1)..<close].allSatisfy({
                    $0 == "_" || $0 == "." || NormalisedText.isLatinWordScalar($0) || NormalisedText.isHan($0.value)
                })
            {
                found.append((index, close + 1))
                index = close + 1
                continue
            }
            // ____ left for a value to be written in.
            if scalar == "_" || scalar == "＿" {
                var end = index
                while end < count && (scalars[end] == "_" || scalars[end] == "＿") { end += 1 }
                if end - index >= 3 { found.append((index, end)) }
                index = end
                continue
            }
            if let closer = openers[scalar], let close = closing(scalars, from: index + 1, closer: closer, limit: 20) {
                let content = String(String.UnicodeScalarView(scalars[(index + 1)..<close])).lowercased()
                if isField(content) {
                    found.append((index, close + 1))
                    index = close + 1
                    continue
                }
            }
            if scalar == "X" || scalar == "x" {
                var end = index
                while end < count && (scalars[end] == "X" || scalars[end] == "x") { end += 1 }
                let run = end - index
                let before = index > 0 ? scalars[index - 1] : " "
                let after = end < count ? scalars[end] : " "
                let bounded = !NormalisedText.isLatinWordScalar(before) && !NormalisedText.isLatinWordScalar(after)
                let upper = scalars[index..<end].allSatisfy { $0 == "X" }
                let touchesHan = NormalisedText.isHan(before.value) || NormalisedText.isHan(after.value)
                let unitAfter = "月日号点时年元个".unicodeScalars.contains(after)
                if bounded && (run >= 3 || (run == 2 && (upper || touchesHan)) || (run == 1 && unitAfter && upper)) {
                    found.append((index, end))
                    index = end
                    continue
                }
                index = end
                continue
            }
            if (scalar.value >= 0x41 && scalar.value <= 0x5A) || scalar == "待" || scalar == "此" || scalar == "某" {
                if let length = wordAt(scalars, index) {
                    found.append((index, index + length))
                    index += length
                    continue
                }
            }
            index += 1
        }
        return found
    }

    private static func isField(_ content: String) -> Bool {
        guard !content.isEmpty, !content.contains("@"), !content.contains("/"), !content.contains(":"),
            !content.contains("="), !content.unicodeScalars.contains(where: { $0.value >= 0x30 && $0.value <= 0x39 })
        else { return false }
        return fieldWords.contains { content.contains($0) }
    }

    private static func closing(_ scalars: [Unicode.Scalar], from: Int, closer: Unicode.Scalar, limit: Int) -> Int? {
        var index = from
        while index < scalars.count && index - from <= limit {
            let scalar = scalars[index]
            if scalar == closer { return index > from ? index : nil }
            if scalar == "\n" || scalar == "\r" { return nil }
            index += 1
        }
        return nil
    }

    private static let latinWords: [[Unicode.Scalar]] = words.map { Array($0.unicodeScalars) }
    private static let hanWords: [[Unicode.Scalar]] = chineseWords.map { Array($0.unicodeScalars) }

    /// The length of TODO / TBD / FIXME (whole word) or a Chinese placeholder word at `index`.
    private static func wordAt(_ scalars: [Unicode.Scalar], _ index: Int) -> Int? {
        for letters in latinWords where matches(letters, scalars, at: index) {
            let before = index > 0 ? scalars[index - 1] : " "
            let after = index + letters.count < scalars.count ? scalars[index + letters.count] : " "
            if !NormalisedText.isLatinWordScalar(before) && !NormalisedText.isLatinWordScalar(after) {
                return letters.count
            }
        }
        for letters in hanWords where matches(letters, scalars, at: index) {
            return letters.count
        }
        return nil
    }

    private static func matches(_ word: [Unicode.Scalar], _ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + word.count <= scalars.count else { return false }
        for offset in 0..<word.count where scalars[index + offset] != word[offset] { return false }
        return true
    }
}
