/// Net Promoter Score (净推荐值): "How likely are you to recommend us?" answered from 0 to 10.
///
/// Promoters answer 9–10, passives 7–8, detractors 0–6. The score of a set of answers is the share of promoters
/// minus the share of detractors, in percent, from −100 to 100. It is rounded to a whole number half away from
/// zero (33.5 → 34, −33.5 → −34), worked out in integers so that no floating-point error moves a value across
/// a half. An empty set has no score.
public enum NPSCategory: String, CaseIterable, Codable, Sendable {
    case detractor
    case passive
    case promoter

    /// The category of an answer, or nil for a number outside 0–10.
    public static func of(_ score: Int) -> NPSCategory? {
        switch score {
        case 0...6: .detractor
        case 7...8: .passive
        case 9...10: .promoter
        default: nil
        }
    }

    public var labelKey: String { "nps.category.\(rawValue)" }
}

/// The answers of a set, counted: how many of each category, how many of each score, and the NPS.
public struct NPSSummary: Sendable, Equatable {
    public static let scores = 0...10

    public private(set) var promoters = 0
    public private(set) var passives = 0
    public private(set) var detractors = 0
    /// How many answers gave each score, index 0 to 10.
    public private(set) var distribution = [Int](repeating: 0, count: 11)

    public init() {}

    /// Counts the answers; numbers outside 0–10 are not answers and are left out.
    public init(_ scores: some Sequence<Int>) {
        for score in scores { add(score) }
    }

    public mutating func add(_ score: Int) {
        guard let category = NPSCategory.of(score) else { return }
        distribution[score] += 1
        switch category {
        case .promoter: promoters += 1
        case .passive: passives += 1
        case .detractor: detractors += 1
        }
    }

    public var count: Int { promoters + passives + detractors }

    /// The NPS from −100 to 100, rounded half away from zero; nil without answers.
    public var score: Int? {
        guard count > 0 else { return nil }
        return NPSMath.roundedPercent(promoters - detractors, of: count)
    }

    /// The share of each category in percent, rounded half away from zero (they may not add up to 100).
    public func share(of category: NPSCategory) -> Int? {
        guard count > 0 else { return nil }
        let part =
            switch category {
            case .promoter: promoters
            case .passive: passives
            case .detractor: detractors
            }
        return NPSMath.roundedPercent(part, of: count)
    }
}

public enum NPSMath {
    /// `100 × part / whole` rounded to a whole number half away from zero, in integers; nil when `whole` is not
    /// positive.
    public static func roundedPercent(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0 else { return nil }
        let magnitude = (200 * abs(part) + whole) / (2 * whole)
        return part < 0 ? -magnitude : magnitude
    }

    /// The response rate: answered of invited, in percent, rounded half away from zero; nil when nobody was
    /// invited.
    public static func responseRate(answered: Int, invited: Int) -> Int? {
        roundedPercent(answered, of: invited)
    }
}
