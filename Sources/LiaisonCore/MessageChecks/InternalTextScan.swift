import Foundation

/// Internal notes copied into a customer-facing text. The notes and the text are compared as normalised
/// characters (`NormalisedText`: no spaces or punctuation, so reflowed or re-punctuated copies still match) in
/// shingles of `shingleLength` characters; the text's shingles found in the notes are merged into runs, and a run
/// counts when it is long enough to be a copy rather than a shared phrase: `minimumHanRun` characters when it is
/// mostly Chinese, `minimumLatinRun` letters (about six words) otherwise. Markers (内部备注, 机密, internal only …)
/// are findings on their own.
struct InternalTextScan {
    static let shingleLength = 8
    static let minimumHanRun = 12
    static let minimumLatinRun = 32

    private let shingles: Set<UInt64>

    /// The shingles of `notes`.
    init(notes: [String]) {
        var shingles = Set<UInt64>()
        for note in notes {
            let key = NormalisedText.key(note)
            Self.forEachShingle(key) { _, hash in shingles.insert(hash) }
        }
        self.shingles = shingles
    }

    /// Runs of the text copied from the notes, as normalised spans.
    func copiedRuns(in text: NormalisedText) -> [(start: Int, end: Int)] {
        guard !shingles.isEmpty else { return [] }
        var runs: [(start: Int, end: Int)] = []
        Self.forEachShingle(text.scalars) { position, hash in
            guard shingles.contains(hash) else { return }
            let end = position + Self.shingleLength
            if let last = runs.last, position <= last.end {
                runs[runs.count - 1].end = max(last.end, end)
            } else {
                runs.append((position, end))
            }
        }
        return runs.filter { run in
            let hanCount = text.scalars[run.start..<run.end].filter { NormalisedText.isHan($0) }.count
            let length = run.end - run.start
            return hanCount * 2 >= length ? length >= Self.minimumHanRun : length >= Self.minimumLatinRun
        }
    }

    /// Calls `body` with the position and hash of every shingle of `scalars` (a polynomial rolling hash).
    private static func forEachShingle(_ scalars: [UInt32], _ body: (Int, UInt64) -> Void) {
        let k = shingleLength
        guard scalars.count >= k else { return }
        let base: UInt64 = 1_000_003
        var power: UInt64 = 1
        for _ in 1..<k { power = power &* base }
        var hash: UInt64 = 0
        for index in 0..<k { hash = hash &* base &+ UInt64(scalars[index]) }
        body(0, hash)
        var position = 1
        while position + k <= scalars.count {
            hash = (hash &- UInt64(scalars[position - 1]) &* power) &* base &+ UInt64(scalars[position + k - 1])
            body(position, hash)
            position += 1
        }
    }

    /// "内部：", "【内部】", "internal:", "[Internal]": the word 内部 / internal used as a label, in original scalars.
    static func labels(in scalars: [Unicode.Scalar]) -> [(start: Int, end: Int)] {
        let words: [[UInt32]] = [
            Array("内部".unicodeScalars.map(\.value)), Array("internal".unicodeScalars.map(\.value)),
        ]
        var found: [(start: Int, end: Int)] = []
        var index = 0
        while index < scalars.count {
            var matched = false
            for word in words where index + word.count <= scalars.count {
                var equal = true
                for offset in 0..<word.count {
                    var value = scalars[index + offset].value
                    if value >= 0x41 && value <= 0x5A { value += 0x20 }
                    if value != word[offset] {
                        equal = false
                        break
                    }
                }
                guard equal else { continue }
                let end = index + word.count
                let after = end < scalars.count ? scalars[end] : " "
                let before = index > 0 ? scalars[index - 1] : " "
                let isLatin = word.count > 2
                if isLatin && (NormalisedText.isLatinWordScalar(before) || NormalisedText.isLatinWordScalar(after)) {
                    continue
                }
                if [":", "：", "]", "】", ")", "）"].contains(after) {
                    let start = ["[", "【", "(", "（"].contains(before) ? index - 1 : index
                    found.append((start, min(scalars.count, end + 1)))
                    index = end
                    matched = true
                    break
                }
            }
            if !matched { index += 1 }
        }
        return found
    }

    /// Words that mark a text as internal.
    static let markers = Lexicon(
        entries: [
            "内部备注", "内部使用", "仅限内部", "仅内部", "内部资料", "内部信息", "内部价", "内部讨论", "内部邮件",
            "内部沟通", "内部文件", "内部评估", "内部结论", "机密", "绝密", "保密资料", "勿外传", "不要外传", "不得外传",
            "不要告诉客户", "别告诉客户", "不能告诉客户", "对客户保密", "不要发给客户", "internal only", "internal use only",
            "for internal use", "internal note", "internal notes", "confidential", "do not share with the customer",
            "do not forward", "not for external", "不对外公开", "不对外", "对外口径", "对外统一说", "别让客户知道",
            "不要让客户知道", "先别告诉客户", "仅供内部", "内部参考", "内部通知", "内部消息", "for internal reference",
            "not for distribution", "do not disclose", "do not share this", "don't share this", "internal-only",
            "别跟客户说", "不要跟客户说", "千万别跟客户", "不要和客户说", "别和客户说", "never mention this to the customer",
            "don't mention this to the customer", "do not mention this to the customer", "keep this from the customer",
            "not for the customer", "don't tell the customer",
            "do not tell the customer", "strictly private",
        ].map { LexiconEntry(phrase: $0, kind: .disrespect, severity: .block) })
}
