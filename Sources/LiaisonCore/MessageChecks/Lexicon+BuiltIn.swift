import Foundation

extension Lexicon {
    /// The default zh and en entries (admins edit their own copy). Each line of the tables below is
    /// `phrase|severity|suggestion`, the suggestion in the phrase's language; the other language's suggestion is
    /// the section's shared one.
    public static let builtIn: [LexiconEntry] = {
        var entries: [LexiconEntry] = []
        func add(
            _ table: String, kind: MessageFindingKind, language: String, promise: Bool = false,
            zh: String, en: String
        ) {
            for line in table.split(separator: "\n") {
                let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard let phrase = parts.first, !phrase.isEmpty else { continue }
                let severity = parts.count > 1 && parts[1] == "b" ? MessageFindingSeverity.block : .warn
                let own = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
                entries.append(
                    LexiconEntry(
                        phrase: phrase, kind: kind, severity: severity, language: language,
                        suggestionZh: language == "zh" ? (own ?? zh) : zh,
                        suggestionEn: language == "en" ? (own ?? en) : en, isPromise: promise))
            }
        }
        add(
            BuiltInTables.blameZh, kind: .disrespect, language: "zh",
            zh: "说明原因和下一步，不追究对方的责任", en: "Explain the cause and the next step without blaming the customer")
        add(
            BuiltInTables.impatientZh, kind: .disrespect, language: "zh",
            zh: "耐心地再说明一次，必要时附上步骤或截图", en: "Explain once more, patiently, with steps or a screenshot")
        add(
            BuiltInTables.insultZh, kind: .disrespect, language: "zh",
            zh: "删除这句话，就事论事", en: "Remove this; keep to the facts")
        add(
            BuiltInTables.blameEn, kind: .disrespect, language: "en",
            zh: "说明原因和下一步，不追究对方的责任", en: "Explain the cause and the next step without blaming the customer")
        add(
            BuiltInTables.impatientEn, kind: .disrespect, language: "en",
            zh: "耐心地再说明一次，必要时附上步骤或截图", en: "Explain once more, patiently, with steps or a screenshot")
        add(
            BuiltInTables.insultEn, kind: .disrespect, language: "en",
            zh: "删除这句话，就事论事", en: "Remove this; keep to the facts")
        add(
            BuiltInTables.vagueTimeZh, kind: .vagueness, language: "zh",
            zh: "写明具体时间，例如“明天下午三点前”", en: "Give a date and time, e.g. “by 3 pm tomorrow”")
        add(
            BuiltInTables.vaguePromiseZh, kind: .vagueness, language: "zh", promise: true,
            zh: "写明谁在什么时间前完成什么", en: "Say who will do what by when")
        add(
            BuiltInTables.vagueTimeEn, kind: .vagueness, language: "en",
            zh: "写明具体时间，例如“明天下午三点前”", en: "Give a date and time, e.g. “by 3 pm tomorrow”")
        add(
            BuiltInTables.vaguePromiseEn, kind: .vagueness, language: "en", promise: true,
            zh: "写明谁在什么时间前完成什么", en: "Say who will do what by when")
        return entries
    }()
}

/// The phrase tables of the built-in lexicon, one per kind and language (`BuiltInTables+Chinese.swift`,
/// `BuiltInTables+English.swift`).
enum BuiltInTables {}
