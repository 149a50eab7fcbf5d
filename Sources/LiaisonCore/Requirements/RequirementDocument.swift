import Foundation

/// What a requirement document is: the product specification (产品规格) or the development plan (开发计划).
public enum RequirementDocumentKind: String, CaseIterable, Codable, Sendable {
    case specification
    case developmentPlan

    public var labelKey: String { "requirement.document.\(rawValue)" }
}

/// A specification or development plan: versioned Markdown linked to one or more requirements of one customer.
public struct RequirementDocument: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var kind: RequirementDocumentKind
    public var customerID: UUID
    public var title: String
    public var requirementIDs: [UUID]
    /// The number of the newest version (1, 2, …).
    public var currentVersion: Int
    public var createdByID: UUID?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, kind: RequirementDocumentKind, customerID: UUID, title: String, requirementIDs: [UUID],
        currentVersion: Int, createdByID: UUID?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.customerID = customerID
        self.title = title
        self.requirementIDs = requirementIDs
        self.currentVersion = currentVersion
        self.createdByID = createdByID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One version of a document, as its author saved it. Versions are never changed.
public struct RequirementDocumentVersion: Sendable, Equatable {
    public var documentID: UUID
    public var number: Int
    public var title: String
    public var body: String
    public var note: String?
    public var authorID: UUID?
    public var createdAt: Date

    public init(
        documentID: UUID, number: Int, title: String, body: String, note: String?, authorID: UUID?, createdAt: Date
    ) {
        self.documentID = documentID
        self.number = number
        self.title = title
        self.body = body
        self.note = note
        self.authorID = authorID
        self.createdAt = createdAt
    }
}

/// A document or a new version of one, as entered. A new document needs its kind and at least one requirement;
/// a new version may leave the title and the requirements out (they stay).
public struct RequirementDocumentInput: Sendable, Equatable {
    public var kind: String?
    public var title: String?
    public var body: String?
    public var note: String?
    public var requirementIDs: [String]?

    public init(
        kind: String? = nil, title: String? = nil, body: String? = nil, note: String? = nil,
        requirementIDs: [String]? = nil
    ) {
        self.kind = kind
        self.title = title
        self.body = body
        self.note = note
        self.requirementIDs = requirementIDs
    }
}

public struct ValidRequirementDocument: Sendable, Equatable {
    public var kind: RequirementDocumentKind
    public var title: String
    public var body: String
    public var note: String?
    public var requirementIDs: [UUID]

    public init(
        kind: RequirementDocumentKind, title: String, body: String, note: String?, requirementIDs: [UUID]
    ) {
        self.kind = kind
        self.title = title
        self.body = body
        self.note = note
        self.requirementIDs = requirementIDs
    }
}

extension RequirementDocumentInput {
    public static let maxTitle = 200
    public static let maxBody = 200_000
    public static let maxNote = 500
    public static let maxRequirements = 100

    /// Over `current` (a new version) the kind cannot change and a missing title or list keeps its value.
    public func validated(over current: RequirementDocument? = nil) throws(ValidationFailure)
        -> ValidRequirementDocument
    {
        var v = FieldValidator()
        var kind = current?.kind ?? .specification
        if current == nil {
            kind = v.optionalChoice("kind", self.kind, as: RequirementDocumentKind.self) ?? kind
            if self.kind?.trimmedSpaces().isEmpty ?? true { v.add("kind", "required") }
        } else if let raw = self.kind?.trimmedSpaces(), !raw.isEmpty, raw != current?.kind.rawValue {
            v.add("kind", "cannotChange")
        }
        let title =
            current != nil && self.title == nil
            ? (current?.title ?? "") : v.requiredText("title", self.title, max: Self.maxTitle)
        let body = v.requiredText("body", body, max: Self.maxBody, multiline: true)
        let note = v.optionalText("note", note, max: Self.maxNote)
        var ids = current?.requirementIDs ?? []
        if let given = requirementIDs {
            ids = []
            if given.count > Self.maxRequirements {
                v.add("requirementIds", "tooMany", [String(Self.maxRequirements)])
            } else {
                for raw in given {
                    guard let id = v.requiredReference("requirementIds", raw) else { break }
                    if !ids.contains(id) { ids.append(id) }
                }
            }
        }
        if ids.isEmpty, !v.issues.contains(where: { $0.field == "requirementIds" }) {
            v.add("requirementIds", "required")
        }
        try v.check()
        return ValidRequirementDocument(kind: kind, title: title, body: body, note: note, requirementIDs: ids)
    }
}
