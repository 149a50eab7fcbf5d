import Foundation

/// A normalised email address (trimmed, lower-cased) that passed a pragmatic syntax check.
public struct EmailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let trimmed = raw.trimmed().lowercased()
        guard trimmed.count <= 254, Self.isPlausible(trimmed) else { return nil }
        value = trimmed
    }

    public var description: String { value }

    public var localPart: String { String(value.split(separator: "@").first ?? "") }

    private static func isPlausible(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.count <= 64, !domain.isEmpty else { return false }
        guard !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" }) else {
            return false
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else {
            return false
        }
        return !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
    }
}
