/// Subjects as threading compares them: without the reply and forward prefixes mailers add, in English and Chinese
/// ("Re:", "RE：", "Fwd:", "FW:", "回复：", "答复:", "转发:", "Re[2]:"), repeated or not, and with runs of spaces as one.
public enum SubjectLine {
    public static func withoutPrefixes(_ subject: String) -> String {
        var rest = Substring(subject.trimmingSpaces)
        var changed = true
        while changed {
            changed = false
            for prefix in prefixes {
                guard rest.lowercased().hasPrefix(prefix) else { continue }
                var after = rest.dropFirst(prefix.count)
                // "Re[2]:" and "Re(2):"
                if let open = after.first, open == "[" || open == "(",
                    let close = after.firstIndex(where: { $0 == "]" || $0 == ")" }),
                    after[after.index(after: after.startIndex)..<close].allSatisfy(\.isNumber)
                {
                    after = after[after.index(after: close)...]
                }
                guard let colon = after.first, colon == ":" || colon == "：" else { continue }
                rest = Substring(after.dropFirst().trimmingSpaces)
                changed = true
                break
            }
        }
        return rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }

    /// Longest first, so that "fwd" is tried before "fw".
    static let prefixes = ["回复", "答复", "回覆", "转发", "轉寄", "fwd", "re", "fw", "aw", "sv", "wg", "tr"]

    /// The request number in a subject's "[R-000123]" tag, if any.
    public static func requestNumber(in subject: String) -> Int? {
        var search = subject[...]
        while let open = search.firstIndex(of: "[") {
            let after = search[search.index(after: open)...]
            if after.hasPrefix("R-") || after.hasPrefix("r-"), let close = after.firstIndex(of: "]") {
                let digits = after.dropFirst(2)[..<close]
                if !digits.isEmpty, digits.count <= 12, digits.allSatisfy(\.isASCIIDigit), let number = Int(digits), number > 0 {
                    return number
                }
            }
            search = after
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
