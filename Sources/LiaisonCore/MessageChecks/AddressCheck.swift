import Foundation

/// Recipients and attachments that do not belong to the addressed customer.
enum AddressCheck {
    /// Recipients whose address is not a known contact's and whose domain (or a parent domain) is not one of the
    /// customer's; a recipient that is not an address at all counts too. "Name <a@b.com>" is read as a@b.com.
    static func strangers(_ recipients: [String], knownDomains: [String], knownAddresses: [String]) -> [String] {
        let domains = Set(
            knownDomains.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        let addresses = Set(knownAddresses.map(address))
        var result: [String] = []
        for recipient in recipients {
            let value = address(recipient)
            guard !value.isEmpty else { continue }
            if addresses.contains(value) { continue }
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
                let domain = String(parts[1])
                if domains.contains(domain) || domains.contains(where: { domain.hasSuffix("." + $0) }) { continue }
            }
            result.append(recipient.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result
    }

    /// The bare, lower-cased address of "Name <a@b.com>" or "a@b.com".
    static func address(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            value = String(value[value.index(after: open)..<close])
        }
        return value.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

/// The language of a text by script share: Chinese when Han characters are at least a quarter as many as Latin
/// letters (a Chinese sentence carries more per character), English otherwise; no answer for texts with fewer than
/// 10 letters and characters in all, where a greeting or a name would decide.
enum LanguageGuess {
    static func language(of scalars: [Unicode.Scalar]) -> String? {
        var han = 0
        var latin = 0
        for scalar in scalars {
            let value = scalar.value
            if NormalisedText.isHan(value) {
                han += 1
            } else if (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A) {
                latin += 1
            }
        }
        guard han + latin >= 10 else { return nil }
        return han * 4 >= latin ? "zh" : "en"
    }

    /// "zh", "zh-Hans", "zh_CN" → "zh"; "en-US" → "en"; anything else as given, lower-cased.
    static func base(_ code: String) -> String {
        let lowered = code.lowercased()
        if lowered.hasPrefix("zh") { return "zh" }
        if lowered.hasPrefix("en") { return "en" }
        return lowered
    }
}
