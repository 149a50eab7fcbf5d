import Foundation

public struct Department: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var nameEn: String?
    public var code: String?
    public var parentID: UUID?
    public var memberCount: Int
    /// How new requests in this department's queue are assigned.
    public var assignment: AssignmentMode
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, name: String, nameEn: String? = nil, code: String? = nil, parentID: UUID? = nil,
        memberCount: Int = 0, assignment: AssignmentMode = .manual, version: Int = 1, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.nameEn = nameEn
        self.code = code
        self.parentID = parentID
        self.memberCount = memberCount
        self.assignment = assignment
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The name to show in a language: the English name in English when there is one.
    public func displayName(in locale: AppLocale) -> String {
        locale == .en ? (nameEn ?? name) : name
    }
}
