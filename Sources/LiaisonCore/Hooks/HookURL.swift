import Foundation

/// An address Liaison posts to: http or https, a host, no user name or password in it, no spaces or control
/// characters, at most 2,000 characters. Other schemes (file:, ftp:, gopher:) are refused.
public enum HookURL {
    public static let maxLength = 2000

    /// The address, trimmed, or nil when it is not one Liaison posts to.
    public static func parse(_ raw: String) -> String? {
        let text = raw.trimmedSpaces()
        guard !text.isEmpty, text.count <= maxLength,
            text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value != 0x7F }),
            let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
            components.fragment == nil
        else { return nil }
        if let port = components.port, !(1...65535).contains(port) { return nil }
        return text
    }

    /// What a page may show of an address whose query or path holds a key (robots): scheme, host and the
    /// path's first part, the rest elided.
    public static func hint(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host
        else { return "…" }
        let port = components.port.map { ":\($0)" } ?? ""
        let first = components.path.split(separator: "/").first.map { "/" + $0 } ?? ""
        return "\(scheme)://\(host)\(port)\(first)/…"
    }
}

/// A secret field of a form or request: keep what is stored, or store a new one. (Robots may also remove it.)
public enum HookSecret {
    /// Any characters but control characters, 8 to 200 of them.
    static func check(_ field: String, _ raw: String?, _ v: inout FieldValidator) -> SecretChange {
        let change = SecretChange(raw)
        if case .set(let text) = change {
            if text.count > 200 { v.add(field, "tooLong", ["200"]) }
            if text.count < 8 { v.add(field, "tooShort", ["8"]) }
            if text.unicodeScalars.contains(where: {
                $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value)
            }) {
                v.add(field, "controlCharacter")
            }
        }
        return change
    }

    /// Event names as given: each must be known, at least one, none twice.
    static func events<T: RawRepresentable & CaseIterable & Hashable>(
        _ field: String, _ raw: [String]?, as: T.Type, _ v: inout FieldValidator
    ) -> [T] where T.RawValue == String {
        guard let raw, !raw.isEmpty else {
            v.add(field, "required")
            return []
        }
        var seen = Set<T>()
        for (index, name) in raw.enumerated() {
            guard let event = T(rawValue: name.trimmedSpaces()) else {
                v.add("\(field)[\(index)]", "invalidChoice", [T.allCases.map(\.rawValue).joined(separator: ", ")])
                continue
            }
            seen.insert(event)
        }
        // Kept in the order of the enumeration, so a stored list compares equal whatever order it was given in.
        return T.allCases.filter { seen.contains($0) }
    }
}
