/// An Aho–Corasick automaton over normalised phrases: built once, then finds every occurrence of every phrase in
/// one pass over a text, whatever the number of phrases. Latin phrases (starting and ending with a Latin letter or
/// digit) only count on word boundaries of the original text, so "ass" is not found in "class" and "sb" is not
/// found in "usb".
struct PhraseAutomaton: Sendable {
    /// One occurrence: normalised characters `start..<end` and the index of the phrase.
    struct Match: Equatable {
        var start: Int
        var end: Int
        var pattern: Int
    }

    private var transitions: [UInt64: Int32] = [:]
    /// The root's transitions for the Basic Multilingual Plane by scalar value (0: none), for automata with many
    /// phrases: most characters of a text lead back to the root, so this is the hot lookup.
    private var rootTable: [Int32]?
    private var failure: [Int32] = [0]
    /// The phrases ending at each node (its own, then through `outputLink` those of shorter suffixes).
    private var outputs: [[Int32]] = [[]]
    private var outputLink: [Int32] = [-1]
    private var depth: [Int32] = [0]
    private(set) var lengths: [Int] = []
    private(set) var latin: [Bool] = []

    /// For each pattern, the number of Latin words of the phrase it came from (see `wordsAlign`).
    private var wordCounts: [Int] = []

    /// An automaton over `patterns` (normalised keys); empty keys never match. `wordCounts` gives the number of
    /// Latin words of each pattern's phrase (1 when missing).
    init(_ patterns: [[UInt32]], wordCounts: [Int] = []) {
        self.wordCounts = patterns.indices.map { $0 < wordCounts.count ? max(1, wordCounts[$0]) : 1 }
        var children: [[(UInt32, Int32)]] = [[]]
        for (index, pattern) in patterns.enumerated() {
            lengths.append(pattern.count)
            latin.append(NormalisedText.isLatinKey(pattern))
            guard !pattern.isEmpty else { continue }
            var node: Int32 = 0
            for scalar in pattern {
                let key = Self.key(node, scalar)
                if let next = transitions[key] {
                    node = next
                } else {
                    let next = Int32(failure.count)
                    failure.append(0)
                    outputs.append([])
                    outputLink.append(-1)
                    depth.append(depth[Int(node)] + 1)
                    children.append([])
                    transitions[key] = next
                    children[Int(node)].append((scalar, next))
                    node = next
                }
            }
            outputs[Int(node)].append(Int32(index))
        }
        if patterns.count >= 32 {
            var table = [Int32](repeating: 0, count: 0x10000)
            for (scalar, child) in children[0] where scalar < 0x10000 { table[Int(scalar)] = child }
            rootTable = table
        }
        // Breadth first, so every node's failure target is final before its children need it.
        var queue: [Int32] = children[0].map(\.1)
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (scalar, child) in children[Int(node)] {
                var fallback = failure[Int(node)]
                var target: Int32 = 0
                while true {
                    if node != 0, let next = transitions[Self.key(fallback, scalar)], next != child {
                        target = next
                        break
                    }
                    if fallback == 0 { break }
                    fallback = failure[Int(fallback)]
                }
                if node == 0 { target = 0 }
                failure[Int(child)] = target
                outputLink[Int(child)] = outputs[Int(target)].isEmpty ? outputLink[Int(target)] : target
                queue.append(child)
            }
        }
    }

    /// Every occurrence in `text`, Latin phrases only on word boundaries.
    func matches(in text: NormalisedText) -> [Match] {
        var found: [Match] = []
        guard failure.count > 1 else { return found }
        var node: Int32 = 0
        for (position, scalar) in text.scalars.enumerated() {
            while true {
                if node == 0, scalar < 0x10000, let rootTable {
                    node = rootTable[Int(scalar)]
                    break
                }
                if let next = transitions[Self.key(node, scalar)] {
                    node = next
                    break
                }
                if node == 0 { break }
                node = failure[Int(node)]
            }
            var output = outputs[Int(node)].isEmpty ? outputLink[Int(node)] : node
            while output > 0 {
                for pattern in outputs[Int(output)] {
                    let length = lengths[Int(pattern)]
                    let start = position + 1 - length
                    if !latin[Int(pattern)]
                        || (Self.onWordBoundaries(text, start, position + 1)
                            && Self.wordsAlign(text, start, position + 1, words: wordCounts[Int(pattern)]))
                    {
                        found.append(Match(start: start, end: position + 1, pattern: Int(pattern)))
                    }
                }
                output = outputLink[Int(output)]
            }
        }
        return found
    }

    /// Whether the original characters just outside a match are not Latin letters or digits.
    static func onWordBoundaries(_ text: NormalisedText, _ start: Int, _ end: Int) -> Bool {
        let span = text.originalSpan(start, end)
        return !text.isWordCharacter(at: span.start - 1) && !text.isWordCharacter(at: span.end)
    }

    /// Whether a Latin match spans no more words than its phrase has, unless every word of it is a single letter:
    /// "s b" and "c-l-u-e-l-e-s-s" are spelt-out dodges, "may be" is not "maybe".
    static func wordsAlign(_ text: NormalisedText, _ start: Int, _ end: Int, words: Int) -> Bool {
        let span = text.originalSpan(start, end)
        var runs = 0
        var longest = 0
        var current = 0
        for index in span.start..<span.end {
            if text.isWordCharacter(at: index) {
                if current == 0 { runs += 1 }
                current += 1
                longest = max(longest, current)
            } else {
                current = 0
            }
        }
        return runs <= words || longest <= 1
    }

    /// Keeps, of overlapping matches, the longest (the earliest on a tie); linear in the matches and their length.
    static func longestNonOverlapping(_ matches: [Match]) -> [Match] {
        guard matches.count > 1, let last = matches.map(\.end).max() else { return matches }
        let sorted = matches.sorted { ($0.end - $0.start, -$0.start) > ($1.end - $1.start, -$1.start) }
        var covered = [Bool](repeating: false, count: last)
        var taken: [Match] = []
        for match in sorted where !covered[match.start..<match.end].contains(true) {
            for position in match.start..<match.end { covered[position] = true }
            taken.append(match)
        }
        return taken.sorted { $0.start < $1.start }
    }

    /// The number of runs of Latin letters and digits in a phrase ("it's your fault" → 4).
    static func latinWordCount(_ phrase: String) -> Int {
        var runs = 0
        var inRun = false
        for scalar in phrase.unicodeScalars {
            let isWord = NormalisedText.isLatinWordScalar(scalar)
            if isWord && !inRun { runs += 1 }
            inRun = isWord
        }
        return runs
    }

    @inline(__always)
    private static func key(_ node: Int32, _ scalar: UInt32) -> UInt64 {
        (UInt64(UInt32(bitPattern: node)) << 32) | UInt64(scalar)
    }
}
