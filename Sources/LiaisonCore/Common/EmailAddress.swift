import Foundation

/// A normalised email address that passed a pragmatic syntax check: Unicode NFKC (a full-width
/// `ｆｏｏ＠ｅｘａｍｐｌｅ．ｃｏｍ` is `foo@example.com`), trimmed, lower-cased, so that one address written two ways is
/// one address, for uniqueness as for sign-in.
public struct EmailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let normalised = InputText.identifier(raw).trimmed()
        guard normalised.count <= 254, Self.isPlausible(normalised) else { return nil }
        value = normalised
    }

    /// The form an address is stored and looked up in, also for text that is not a plausible address.
    public static func normalised(_ raw: String) -> String {
        EmailAddress(raw)?.value ?? InputText.identifier(raw).trimmed()
    }

    public var description: String { value }

    public var localPart: String { String(value.split(separator: "@").first ?? "") }

    private static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty else { return false }
        guard !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" }),
            !InputText.hasRefused(text, multiline: false)
        else {
            return false
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return false
        }
        return !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
    }
}
