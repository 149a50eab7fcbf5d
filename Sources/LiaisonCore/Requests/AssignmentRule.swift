import Foundation

/// How a queue (a department) hands out new requests.
public enum AssignmentMode: String, CaseIterable, Codable, Sendable {
    /// A person picks or is given requests by hand.
    case manual
    /// Each new request goes to the next person in name order after the last one given a request.
    case roundRobin
    /// Each new request goes to the person with the fewest open requests (name order breaks ties).
    case fewestOpen

    public var labelKey: String { "assignment.\(rawValue)" }
}

/// Picks an assignee among people who can take work now (the caller leaves out inactive and absent people).
public enum AssignmentRule {
    public struct Candidate: Sendable, Equatable {
        public var id: UUID
        public var sortKey: String
        public var openRequests: Int

        public init(id: UUID, sortKey: String, openRequests: Int) {
            self.id = id
            self.sortKey = sortKey
            self.openRequests = openRequests
        }
    }

    public static func pick(_ mode: AssignmentMode, candidates: [Candidate], after cursor: UUID?) -> UUID? {
        let ordered = candidates.sorted { ($0.sortKey, $0.id.uuidString) < ($1.sortKey, $1.id.uuidString) }
        guard !ordered.isEmpty else { return nil }
        switch mode {
        case .manual:
            return nil
        case .roundRobin:
            guard let cursor, let index = ordered.firstIndex(where: { $0.id == cursor }) else { return ordered[0].id }
            return ordered[(index + 1) % ordered.count].id
        case .fewestOpen:
            return ordered.min { $0.openRequests < $1.openRequests }?.id
        }
    }
}
