/// A reply's own words apart from the earlier messages it quotes, so that a conversation shows each message once and
/// the quotes collapsed. Mailers mark the quote in their own ways: "> " lines (with "On … wrote:" or
/// "在 … 写道：" above them), Outlook's "-----Original Message-----" or a "From:/Sent:" block (in Chinese
/// "发件人：/发送时间："), QQ Mail's and Foxmail's "------------------ 原始邮件 ------------------", NetEase's
/// "---- 回复的原邮件 ----". What comes from the first such mark on is the quote; text with nothing above the mark
/// (a forward without a word) is kept whole.
public enum QuotedReply {
    public static func split(_ text: String) -> (text: String, quoted: String?) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let cut = quoteStart(lines) else { return (text, nil) }
        let own = lines[..<cut].joined(separator: "\n").trimmingSpaces
        guard !own.isEmpty else { return (text, nil) }
        let quoted = lines[cut...].joined(separator: "\n").trimmingSpaces
        return (own, quoted.isEmpty ? nil : quoted)
    }

    /// The index of the first line of the quote, if any.
    static func quoteStart(_ lines: [Substring]) -> Int? {
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces
            if isSeparator(line) { return index }
            if isAttribution(line) { return index }
            // "On Tue, 1 Dec 2026 at 10:00, Name <a@b>" and "wrote:" on the next line (long attributions wrap).
            if line.hasPrefix("On "), index + 1 < lines.count, lines[index + 1].trimmingSpaces.hasSuffix("wrote:") {
                return index
            }
            if isHeaderBlock(lines, at: index) { return index }
            // A run of "> " lines that goes to the end (apart from blank lines and a signature) is a quote.
            if line.hasPrefix(">"), lines[index...].allSatisfy({ l in
                let t = l.trimmingSpaces
                return t.isEmpty || t.hasPrefix(">")
            }) {
                return index
            }
        }
        return nil
    }

    private static func isSeparator(_ line: String) -> Bool {
        let core = line.trimmingCharacters(in: "-_= ")
        guard core.count < line.count else { return false }
        let lowered = core.lowercased()
        return ["original message", "原始邮件", "回复的原邮件", "replied message", "forwarded message", "转发的邮件",
            "原始郵件", "邮件原文"].contains(lowered)
    }

    private static func isAttribution(_ line: String) -> Bool {
        if line.hasPrefix("On "), line.hasSuffix("wrote:") { return true }
        if line.hasPrefix("在"), line.hasSuffix("写道：") || line.hasSuffix("写道:") { return true }
        if line.hasPrefix("於"), line.hasSuffix("寫道：") || line.hasSuffix("寫道:") { return true }
        return false
    }

    /// Outlook's quote: "From:" (or "发件人:") with "Sent:"/"Date:" (or "发送时间:"/"日期:") within the next lines,
    /// perhaps after a line of underscores.
    private static func isHeaderBlock(_ lines: [Substring], at index: Int) -> Bool {
        let line = lines[index].trimmingSpaces
        guard hasField(line, ["From", "发件人", "寄件者"]) else { return false }
        let following = lines[(index + 1)..<min(lines.count, index + 5)]
        return following.contains { hasField($0.trimmingSpaces, ["Sent", "Date", "发送时间", "日期", "時間", "寄件日期"]) }
    }

    private static func hasField(_ line: String, _ names: [String]) -> Bool {
        let plain = line.replacingStars
        return names.contains { plain.hasPrefix($0 + ":") || plain.hasPrefix($0 + "：") || plain.hasPrefix($0 + " :") }
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var characters = Substring(self)[...]
        while let first = characters.first, set.contains(first) { characters = characters.dropFirst() }
        while let last = characters.last, set.contains(last) { characters = characters.dropLast() }
        return String(characters)
    }

    /// Outlook's HTML-to-text marks bold field names with asterisks ("*From:* …").
    fileprivate var replacingStars: String { String(self.filter { $0 != "*" }) }
}
