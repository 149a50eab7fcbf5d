import Foundation

/// Response-time targets in business minutes for the requests a policy matches (响应时限).
public struct SLATargets: Sendable, Equatable, Codable {
    public var firstResponse: Int
    public var nextResponse: Int
    public var resolution: Int

    public init(firstResponse: Int, nextResponse: Int, resolution: Int) {
        self.firstResponse = firstResponse
        self.nextResponse = nextResponse
        self.resolution = resolution
    }
}

/// A rule of an SLA policy: which requests it covers (an empty set matches everything) and their targets.
public struct SLARule: Sendable, Equatable, Codable {
    public var kinds: Set<RequestKind>
    public var priorities: Set<Priority>
    public var tiers: Set<CustomerTier>
    public var targets: SLATargets

    public init(
        kinds: Set<RequestKind> = [], priorities: Set<Priority> = [], tiers: Set<CustomerTier> = [],
        targets: SLATargets
    ) {
        self.kinds = kinds
        self.priorities = priorities
        self.tiers = tiers
        self.targets = targets
    }

    public func matches(kind: RequestKind, priority: Priority, tier: CustomerTier) -> Bool {
        (kinds.isEmpty || kinds.contains(kind)) && (priorities.isEmpty || priorities.contains(priority))
            && (tiers.isEmpty || tiers.contains(tier))
    }

    private enum CodingKeys: String, CodingKey {
        case kinds, priorities, tiers, targets
    }

    /// Writes each set in its cases' declared order. A set's own order changes from one process to the next, and
    /// the encoded rules are stored, compared on update and hashed into the audit trail: the same rule must give
    /// the same text every time.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(RequestKind.allCases.filter(kinds.contains), forKey: .kinds)
        try container.encode(Priority.allCases.filter(priorities.contains), forKey: .priorities)
        try container.encode(CustomerTier.allCases.filter(tiers.contains), forKey: .tiers)
        try container.encode(targets, forKey: .targets)
    }
}

/// Picks the targets for a request: the first matching rule in order, else the policy's default.
public struct SLAPolicy: Sendable, Equatable, Codable {
    public var rules: [SLARule]
    public var fallback: SLATargets

    public init(rules: [SLARule], fallback: SLATargets) {
        self.rules = rules
        self.fallback = fallback
    }

    public func targets(kind: RequestKind, priority: Priority, tier: CustomerTier) -> SLATargets {
        rules.first { $0.matches(kind: kind, priority: priority, tier: tier) }?.targets ?? fallback
    }

    /// A sensible starting policy: complaints and urgent matters fastest, strategic customers ahead of others.
    public static let standard = SLAPolicy(
        rules: [
            SLARule(priorities: [.urgent], targets: SLATargets(firstResponse: 30, nextResponse: 60, resolution: 480)),
            SLARule(kinds: [.complaint], targets: SLATargets(firstResponse: 60, nextResponse: 120, resolution: 960)),
            SLARule(
                priorities: [.high], tiers: [.strategic, .key],
                targets: SLATargets(firstResponse: 60, nextResponse: 240, resolution: 1440)),
            SLARule(priorities: [.high], targets: SLATargets(firstResponse: 120, nextResponse: 240, resolution: 1920)),
        ],
        fallback: SLATargets(firstResponse: 240, nextResponse: 480, resolution: 4800))
}
