import Foundation

/// The difference between two versions of a charter, section by section: each section's text (a milestone as
/// "2026-05-01 Name") compared line by line.
public enum CharterDiff {
    public struct Section: Sendable, Equatable {
        public var section: CharterContent.Section
        public var changed: Bool
        public var lines: [LineDiff.Line]
    }

    public static func compare(_ old: CharterContent, _ new: CharterContent) -> [Section] {
        CharterContent.Section.allCases.map { section in
            let before = old.text(of: section)
            let after = new.text(of: section)
            let lines = LineDiff.compare(before, after)
            return Section(section: section, changed: before != after, lines: lines)
        }
    }
}
