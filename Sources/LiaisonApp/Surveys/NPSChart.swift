import LiaisonCore

/// The 0–10 distribution as an SVG bar chart drawn on the server: coordinates worked out here, the template only
/// places them. Bars are coloured by category (detractor, passive, promoter).
enum NPSChart {
    static let barWidth = 24
    static let gap = 6
    static let left = 6
    static let top = 18
    static let plotHeight = 110

    static func make(_ summary: NPSSummary, label: String) -> NPSSurveyPage.Chart {
        let highest = max(1, summary.distribution.max() ?? 0)
        let baseline = top + plotHeight
        let bars = summary.distribution.enumerated().map { score, count in
            // A bar of at least one pixel for a score someone gave, so it is seen.
            let height = count == 0 ? 0 : max(1, count * plotHeight / highest)
            let y = baseline - height
            return NPSSurveyPage.Bar(
                score: score, count: count, x: left + score * (barWidth + gap), y: y, width: barWidth, height: height,
                labelX: left + score * (barWidth + gap) + barWidth / 2, labelY: y - 4,
                category: NPSCategory.of(score)?.rawValue ?? "")
        }
        return NPSSurveyPage.Chart(
            width: left * 2 + 11 * barWidth + 10 * gap, height: baseline + 20, baseline: baseline,
            scoreY: baseline + 14, bars: bars,
            label: label)
    }
}
