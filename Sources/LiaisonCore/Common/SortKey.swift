import Foundation

/// Sort and match keys for names that may be Chinese, English or both.
///
/// Chinese names sort by their Mandarin reading (pinyin), as people in China expect in any list; Latin names sort
/// case- and accent-insensitively. The key is stored beside the name so the database can sort and page by it.
public enum SortKey {
    public static func make(_ name: String) -> String {
        let latin = name.applyingTransform(.mandarinToLatin, reverse: false) ?? name
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        let collapsed = folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return String(collapsed.prefix(200))
    }
}
