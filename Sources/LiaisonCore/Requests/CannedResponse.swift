import Foundation

/// Fills the `{{variable}}` blanks of a canned response (常用回复). Unknown variables stay visible, so a reply never
/// silently loses text, and the pre-send check can flag them as leftover placeholders.
public enum CannedResponse {
    public static let variables = ["contact.name", "customer.name", "request.number", "request.subject", "agent.name"]

    public static func fill(_ template: String, with values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let name = afterOpen[..<close.lowerBound].trimmedSpaces()
            if let value = values[name] {
                out += value
            } else {
                out += rest[open.lowerBound..<close.upperBound]
            }
            rest = afterOpen[close.upperBound...]
        }
        return out + rest
    }

    /// The `{{…}}` names a template uses that are not known variables.
    public static func unknownVariables(in template: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(template)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let name = rest[open.upperBound..<close.lowerBound].trimmedSpaces()
            if !variables.contains(name), !unknown.contains(name) { unknown.append(name) }
            rest = rest[close.upperBound...]
        }
        return unknown
    }
}
