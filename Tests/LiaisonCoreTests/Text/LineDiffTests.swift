import Foundation
import Testing

@testable import LiaisonCore

@Suite struct LineDiffTests {
    private func marks(_ lines: [LineDiff.Line]) -> String {
        lines.map { line in
            switch line.kind {
            case .same: " \(line.text)"
            case .added: "+\(line.text)"
            case .removed: "-\(line.text)"
            }
        }.joined(separator: "|")
    }

    @Test func equalTextsAreAllSame() {
        let lines = LineDiff.compare("a\nb\nc", "a\nb\nc")
        #expect(marks(lines) == " a| b| c")
        #expect(lines.map(\.oldNumber) == [1, 2, 3])
        #expect(lines.map(\.newNumber) == [1, 2, 3])
    }

    @Test func emptyTextsHaveNoLines() {
        #expect(LineDiff.compare("", "").isEmpty)
        #expect(LineDiff.lines(of: "") == [])
        #expect(LineDiff.lines(of: "\n") == [""])
    }

    @Test func fromNothingEveryLineIsAdded() {
        #expect(marks(LineDiff.compare("", "x\ny")) == "+x|+y")
        #expect(marks(LineDiff.compare("x\ny", "")) == "-x|-y")
    }

    @Test func anInsertedLineIsNumberedInTheNewTextOnly() {
        let lines = LineDiff.compare("目标\n范围\n验收", "目标\n范围\n进度\n验收")
        #expect(marks(lines) == " 目标| 范围|+进度| 验收")
        #expect(lines[2] == LineDiff.Line(kind: .added, text: "进度", oldNumber: nil, newNumber: 3))
        #expect(lines[3] == LineDiff.Line(kind: .same, text: "验收", oldNumber: 3, newNumber: 4))
    }

    @Test func aChangedLineIsRemovedThenAdded() {
        let lines = LineDiff.compare("one\ntwo\nthree", "one\n2\nthree")
        #expect(marks(lines) == " one|-two|+2| three")
        #expect(lines[1].oldNumber == 2 && lines[2].newNumber == 2)
    }

    @Test func lineEndsDoNotCount() {
        #expect(LineDiff.lines(of: "a\r\nb\rc\n") == ["a", "b", "c"])
        #expect(LineDiff.compare("a\r\nb\r\n", "a\nb").allSatisfy { $0.kind == .same })
    }

    @Test func aTrailingSpaceIsADifference() {
        #expect(marks(LineDiff.compare("a \nb", "a\nb")) == "-a |+a| b")
    }

    @Test func repeatedLinesAreMatchedInOrder() {
        #expect(marks(LineDiff.compare("x\nx\ny", "x\ny\nx\ny")) == " x|+y| x| y")
    }

    @Test func hunksKeepContextAndJoinCloseChanges() {
        let old = (1...20).map { "l\($0)" }
        var new = old
        new[1] = "changed 2"
        new[4] = "changed 5"
        new[17] = "changed 18"
        let hunks = LineDiff.hunks(LineDiff.compare(lines: old, new), context: 2)
        #expect(hunks.count == 2)
        #expect(hunks[0].lines.first?.oldNumber == 1)
        #expect(hunks[0].lines.last?.oldNumber == 7)
        #expect(hunks[1].lines.first?.oldNumber == 16)
        #expect(hunks[1].lines.last?.oldNumber == 20)
        #expect(LineDiff.hunks(LineDiff.compare("a\nb", "a\nb")).isEmpty)
    }

    @Test func pastTheSearchLimitTheMiddleIsReplacedWhole() {
        let steps = LineDiff.edits([1, 2, 3, 4], [5, 6, 7, 8], limit: 2)
        #expect(steps == [.removed(0), .removed(1), .removed(2), .removed(3), .added(0), .added(1), .added(2), .added(3)])
        #expect(LineDiff.edits([1, 2, 3], [1, 9, 3], limit: 2) == [.same(0, 0), .removed(1), .added(1), .same(2, 2)])
    }

    /// The length of a longest common subsequence, by the textbook table.
    private func commonLength(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0..<a.count {
            for j in 0..<b.count {
                table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
            }
        }
        return table[a.count][b.count]
    }

    /// On seeded random texts over a small alphabet (many repeats): the lines kept and removed give back the old
    /// text, those kept and added the new one, the numbers count up without gaps, and no shorter diff exists.
    @Test(arguments: 0..<300) func rebuildsBothTextsWithTheFewestChanges(seed: Int) {
        var generator = SeededLines(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
        let alphabet = ["a", "b", "c", "需求", ""]
        let old = (0..<generator.next(below: 14)).map { _ in alphabet[generator.next(below: alphabet.count)] }
        let new = (0..<generator.next(below: 14)).map { _ in alphabet[generator.next(below: alphabet.count)] }
        let lines = LineDiff.compare(lines: old, new)
        #expect(lines.filter { $0.kind != .added }.map(\.text) == old)
        #expect(lines.filter { $0.kind != .removed }.map(\.text) == new)
        #expect(lines.compactMap(\.oldNumber) == Array(0..<old.count).map { $0 + 1 })
        #expect(lines.compactMap(\.newNumber) == Array(0..<new.count).map { $0 + 1 })
        let changes = lines.filter { $0.kind != .same }.count
        #expect(changes == old.count + new.count - 2 * commonLength(old, new))
    }
}

/// A small deterministic generator (SplitMix64), so a failing sample repeats.
private struct SeededLines {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
