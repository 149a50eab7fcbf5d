import Foundation

/// The two languages of the user interface.
public enum AppLocale: String, CaseIterable, Codable, Sendable {
    case zhHans = "zh-Hans"
    case en

    /// The language's own name, shown in the switcher whatever the current language is.
    public var nativeName: String {
        switch self {
        case .zhHans: "简体中文"
        case .en: "English"
        }
    }

    /// Accepts our codes and common spellings: zh, zh-CN, zh-Hans-CN, zh_cn, en-US … Any Chinese maps to
    /// Simplified Chinese, the only Chinese the interface has.
    public init?(code: String) {
        let lowered = code.trimmedSpaces().lowercased().replacingOccurrences(of: "_", with: "-")
        if lowered == "zh" || lowered.hasPrefix("zh-") {
            self = .zhHans
        } else if lowered == "en" || lowered.hasPrefix("en-") {
            self = .en
        } else {
            return nil
        }
    }

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    public static func negotiate(acceptLanguage header: String?) -> AppLocale? {
        guard let header, !header.isEmpty else { return nil }
        var best: (locale: AppLocale, q: Double, order: Int)?
        for (order, part) in header.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";")
            guard let tag = pieces.first, let locale = AppLocale(code: String(tag)) else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() {
                let pair = parameter.trimmedSpaces().split(separator: "=")
                if pair.count == 2, pair[0] == "q", let value = Double(pair[1]) {
                    q = value
                }
            }
            guard q > 0 else { continue }
            if best == nil || q > best!.q {
                best = (locale, q, order)
            }
        }
        return best?.locale
    }
}
