import Foundation

/// A project's active risks on a five-by-five heat map, in SVG text: probability from left to right, impact from
/// bottom to top, each cell coloured by its band (`RiskScore.Level`) and showing how many risks sit in it.
///
/// Safe under a strict content security policy like `GanttChart`: no script, no `style`, only presentation
/// attributes; every piece of text escaped. The output depends only on the input.
public struct RiskHeatMap: Sendable {
    /// The words the map shows, in the reader's language.
    public struct Labels: Sendable {
        public var title: String
        public var probability: String
        public var impact: String

        public init(title: String, probability: String, impact: String) {
            self.title = title
            self.probability = probability
            self.impact = impact
        }
    }

    /// How many risks sit at each (probability, impact).
    public var counts: [RiskScore: Int]
    public var labels: Labels

    public init(scores: [RiskScore], labels: Labels) {
        var counts: [RiskScore: Int] = [:]
        for score in scores where RiskScale.range.contains(score.probability) && RiskScale.range.contains(score.impact) {
            counts[score, default: 0] += 1
        }
        self.counts = counts
        self.labels = labels
    }

    static let cell = 56
    static let left = 64
    static let top = 40
    static let colours: [RiskScore.Level: String] = [
        .low: "#d9f2e3", .medium: "#fff3c4", .high: "#ffd8a8", .critical: "#ffb3b3",
    ]

    public func svg() -> String {
        let size = Self.cell * 5
        let width = Self.left + size + 16
        let height = Self.top + size + 48
        var out = SVGText(capacity: 4_096)
        out.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" ")
        out.raw("viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"")
        out.text(labels.title)
        out.raw("\"><title>")
        out.text(labels.title)
        out.raw("</title><rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
        out.raw("<text x=\"\(Self.left)\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"#1f2933\">")
        out.text(labels.title)
        out.raw("</text>")
        for impact in RiskScale.range {
            for probability in RiskScale.range {
                let score = RiskScore(probability: probability, impact: impact)
                let x = Self.left + (probability - 1) * Self.cell
                let y = Self.top + (5 - impact) * Self.cell
                let count = counts[score] ?? 0
                out.raw("<g><title>")
                out.text("\(labels.probability) \(probability) × \(labels.impact) \(impact) = \(score.value): \(count)")
                out.raw("</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(Self.cell)\" height=\"\(Self.cell)\" ")
                out.raw("fill=\"\(Self.colours[score.level] ?? "#ffffff")\" stroke=\"#ffffff\" stroke-width=\"2\"/>")
                if count > 0 {
                    out.raw("<circle cx=\"\(x + Self.cell / 2)\" cy=\"\(y + Self.cell / 2)\" r=\"15\" fill=\"#1f2933\"/>")
                    out.raw("<text x=\"\(x + Self.cell / 2)\" y=\"\(y + Self.cell / 2 + 5)\" text-anchor=\"middle\" ")
                    out.raw("font-size=\"14\" font-weight=\"bold\" fill=\"#ffffff\">\(count)</text>")
                }
            }
        }
        for step in RiskScale.range {
            let x = Self.left + (step - 1) * Self.cell + Self.cell / 2
            out.raw("<text x=\"\(x)\" y=\"\(Self.top + size + 16)\" text-anchor=\"middle\" fill=\"#52606d\">\(step)</text>")
            let y = Self.top + (5 - step) * Self.cell + Self.cell / 2 + 4
            out.raw("<text x=\"\(Self.left - 10)\" y=\"\(y)\" text-anchor=\"end\" fill=\"#52606d\">\(step)</text>")
        }
        out.raw("<text x=\"\(Self.left + size / 2)\" y=\"\(Self.top + size + 36)\" text-anchor=\"middle\" fill=\"#1f2933\">")
        out.text(labels.probability + " →")
        out.raw("</text><text x=\"16\" y=\"\(Self.top + size / 2)\" text-anchor=\"middle\" fill=\"#1f2933\" ")
        out.raw("transform=\"rotate(-90 16 \(Self.top + size / 2))\">")
        out.text(labels.impact + " →")
        out.raw("</text></svg>")
        return out.result
    }
}
