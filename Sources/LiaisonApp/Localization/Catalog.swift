import Foundation
import LiaisonCore

/// Every user-visible string, in each interface language, loaded from `Resources/Localization/<locale>.json`.
public struct Catalog: Sendable {
    public let tables: [AppLocale: [String: String]]

    public init(tables: [AppLocale: [String: String]]) {
        self.tables = tables
    }

    public static func load(from directory: URL) throws -> Catalog {
        var tables: [AppLocale: [String: String]] = [:]
        for locale in AppLocale.allCases {
            let url = directory.appendingPathComponent("\(locale.rawValue).json")
            let data = try Data(contentsOf: url)
            tables[locale] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalog(tables: tables)
    }

    /// The text for `key` with `{0}`, `{1}` … replaced by `values`. A missing key shows itself, so it is noticed.
    public func text(_ key: String, _ locale: AppLocale, _ values: [String] = []) -> String {
        guard var text = tables[locale]?[key] ?? tables[.en]?[key] else { return key }
        for (index, value) in values.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: value)
        }
        return text
    }

    public func has(_ key: String) -> Bool {
        tables.values.allSatisfy { $0[key] != nil }
    }

    /// A localised message for a validation issue, with the field's label where the catalog has one.
    public func message(for issue: ValidationIssue, _ locale: AppLocale) -> String {
        text(issue.messageKey, locale, issue.values)
    }
}
