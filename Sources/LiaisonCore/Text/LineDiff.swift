import Foundation

/// The difference between two texts, line by line: the shortest list of lines removed and added that turns the old
/// text into the new one (Myers' O((N+M)·D) algorithm, after setting aside the lines both ends share). Versioned
/// documents show it between any two of their versions.
public enum LineDiff {
    public enum Kind: String, Sendable, Equatable, Codable {
        case same, added, removed
    }

    public struct Line: Sendable, Equatable {
        public let kind: Kind
        public let text: String
        /// The line's number (from 1) in the old text; nil for an added line.
        public let oldNumber: Int?
        /// The line's number (from 1) in the new text; nil for a removed line.
        public let newNumber: Int?

        public init(kind: Kind, text: String, oldNumber: Int?, newNumber: Int?) {
            self.kind = kind
            self.text = text
            self.oldNumber = oldNumber
            self.newNumber = newNumber
        }
    }

    /// A run of changed lines with up to `context` unchanged lines on each side, as a reader is shown them.
    public struct Hunk: Sendable, Equatable {
        public let lines: [Line]
    }

    /// Past this many differing lines between the shared ends, the middles are reported as removed and added as a
    /// whole: the search holds about D² positions (here at most some 18 MB).
    public static let searchLimit = 1_500

    /// The lines of `text`: CRLF and CR read as LF; a final line end starts no further line; empty text has none.
    public static func lines(of text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = unified.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if unified.hasSuffix("\n") { lines.removeLast() }
        return lines
    }

    /// Splits both texts into lines (see `lines(of:)`) and compares them.
    public static func compare(_ old: String, _ new: String) -> [Line] {
        compare(lines: lines(of: old), lines(of: new))
    }

    public static func compare(lines old: [String], _ new: [String]) -> [Line] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        // Lines as numbers, so the search compares integers.
        var numbers: [String: Int] = [:]
        func number(_ line: String) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        let a = old[prefix..<(old.count - suffix)].map(number)
        let b = new[prefix..<(new.count - suffix)].map(number)
        var result: [Line] = []
        result.reserveCapacity(old.count + new.count - prefix - suffix)
        for index in 0..<prefix {
            result.append(Line(kind: .same, text: old[index], oldNumber: index + 1, newNumber: index + 1))
        }
        for step in edits(a, b) {
            switch step {
            case .same(let x, let y):
                result.append(
                    Line(kind: .same, text: old[prefix + x], oldNumber: prefix + x + 1, newNumber: prefix + y + 1))
            case .removed(let x):
                result.append(Line(kind: .removed, text: old[prefix + x], oldNumber: prefix + x + 1, newNumber: nil))
            case .added(let y):
                result.append(Line(kind: .added, text: new[prefix + y], oldNumber: nil, newNumber: prefix + y + 1))
            }
        }
        for offset in 0..<suffix {
            let x = old.count - suffix + offset
            let y = new.count - suffix + offset
            result.append(Line(kind: .same, text: old[x], oldNumber: x + 1, newNumber: y + 1))
        }
        return result
    }

    /// The changes of `lines` (a `compare` result) grouped with `context` unchanged lines around each; changes
    /// closer than twice that share a hunk. No changes, no hunks.
    public static func hunks(_ lines: [Line], context: Int = 3) -> [Hunk] {
        let changed = lines.indices.filter { lines[$0].kind != .same }
        guard let first = changed.first else { return [] }
        var hunks: [Hunk] = []
        var start = max(0, first - context)
        var end = min(lines.count - 1, first + context)
        for index in changed.dropFirst() {
            if index - context <= end + 1 {
                end = min(lines.count - 1, index + context)
            } else {
                hunks.append(Hunk(lines: Array(lines[start...end])))
                start = index - context
                end = min(lines.count - 1, index + context)
            }
        }
        hunks.append(Hunk(lines: Array(lines[start...end])))
        return hunks
    }

    enum Step: Equatable {
        case same(Int, Int)
        case removed(Int)
        case added(Int)
    }

    /// The shortest edit script from `a` to `b`, in order.
    static func edits(_ a: [Int], _ b: [Int], limit: Int = searchLimit) -> [Step] {
        let n = a.count
        let m = b.count
        if n == 0 { return (0..<m).map { .added($0) } }
        if m == 0 { return (0..<n).map { .removed($0) } }
        let offset = n + m + 1
        var v = [Int](repeating: 0, count: 2 * offset + 1)
        // trace[d] holds v[-d...d] as it stood before round d: enough to walk the path back.
        var trace: [[Int]] = []
        var found = false
        var d = 0
        while d <= n + m, d <= limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            var k = -d
            while k <= d {
                var x =
                    (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    found = true
                    break
                }
                k += 2
            }
            if found { break }
            d += 1
        }
        guard found else { return (0..<n).map { .removed($0) } + (0..<m).map { .added($0) } }
        var steps: [Step] = []
        var x = n
        var y = m
        for round in stride(from: trace.count - 1, through: 0, by: -1) {
            let saved = trace[round]
            func at(_ k: Int) -> Int { saved[k + round] }
            let k = x - y
            let previousK = (k == -round || (k != round && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = round == 0 ? 0 : at(previousK)
            let previousY = round == 0 ? 0 : previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                steps.append(.same(x, y))
            }
            guard round > 0 else { break }
            if x == previousX {
                y -= 1
                steps.append(.added(y))
            } else {
                x -= 1
                steps.append(.removed(x))
            }
        }
        return steps.reversed()
    }
}
