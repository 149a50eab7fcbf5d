import Foundation

/// A department as entered: a name (usually Chinese), an optional English name and a short code.
public struct DepartmentInput: Sendable, Equatable {
    public var name: String?
    public var nameEn: String?
    public var code: String?
    public var parentID: String?

    public init(name: String? = nil, nameEn: String? = nil, code: String? = nil, parentID: String? = nil) {
        self.name = name
        self.nameEn = nameEn
        self.code = code
        self.parentID = parentID
    }
}

public struct ValidDepartment: Sendable, Equatable {
    public var name: String
    public var nameEn: String?
    public var code: String?
    public var parentID: UUID?
}

extension DepartmentInput {
    public func validated() throws(ValidationFailure) -> ValidDepartment {
        var validator = FieldValidator()
        let name = validator.requiredText("name", name, max: 100)
        let nameEn = validator.optionalText("nameEn", nameEn, max: 100)
        // Codes are identifiers: full-width ＳＡＬ－１ is SAL-1, so that it collides with the code it looks like.
        let code = validator.optionalText("code", code.map(InputText.compatible), max: 20)?.uppercased()
        if let code, !code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            validator.add("code", "invalidCode")
        }
        var parent: UUID?
        if let raw = parentID?.trimmedSpaces(), !raw.isEmpty {
            parent = UUIDText.parse(raw)
            if parent == nil {
                validator.add("parentId", "invalidReference")
            }
        }
        try validator.check()
        return ValidDepartment(name: name, nameEn: nameEn, code: code, parentID: parent)
    }
}
