import Foundation

/// Questions of the customer's last message that the reply leaves unanswered. A question is a sentence ending in
/// ？/? or 吗/呢, or starting with "can / could / would / will you", "when", "how", "what", "why", "is there",
/// "请问", "能否", "是否", "什么时候", "多久", "怎么". Its key terms are its Latin words of four letters or more
/// (stop words aside, compared on their first five letters) and its Chinese character pairs (question words and
/// polite filler aside). The reply answers a question when it contains at least one of its key terms. Only when
/// the customer asked two or more questions and the reply answers fewer is anything reported: one finding per
/// unanswered question. A question asking when (什么时候, 多久, when, how long) counts as answered when the reply
/// promises a time; a question with no key term left (需要我们做什么吗) is never reported.
enum QuestionCheck {
    static func unanswered(customerMessage: String, reply: String, replyNamesATime: Bool = false) -> [String] {
        let questions = questions(in: customerMessage)
        guard questions.count >= 2 else { return [] }
        let replyTerms = terms(of: reply)
        return questions.filter { question in
            // A "when" question is answered by any time the reply promises.
            if replyNamesATime && asksWhen(question) { return false }
            let own = terms(of: question)
            return !own.isEmpty && own.isDisjoint(with: replyTerms)
        }
    }

    static let whenWords = ["什么时候", "何时", "多久", "哪天", "几点", "几号", "when", "how long", "what time", "by when"]

    static func asksWhen(_ question: String) -> Bool {
        let lowered = question.lowercased()
        return whenWords.contains { lowered.contains($0) }
    }

    static func questions(in text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if "？?。！!\n；;".contains(character) {
                sentences.append(current)
                current = ""
            }
        }
        sentences.append(current)
        return sentences.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { sentence in
            guard !sentence.isEmpty else { return false }
            if sentence.hasSuffix("?") || sentence.hasSuffix("？") { return true }
            let stripped = sentence.trimmingCharacters(in: CharacterSet(charactersIn: "。.!！;；"))
            if stripped.hasSuffix("吗") || stripped.hasSuffix("呢") { return true }
            let lowered = sentence.lowercased()
            return questionOpeners.contains { lowered.hasPrefix($0) }
        }
    }

    static let questionOpeners = [
        "can you", "could you", "would you", "will you", "when ", "how ", "what ", "why ", "is there", "请问", "能否",
        "是否", "什么时候", "多久", "怎么",
    ]

    /// Key terms as numbers: a Chinese pair is its two scalars, a Latin word the hash of its first five letters.
    static func terms(of text: String) -> Set<UInt64> {
        var terms = Set<UInt64>()
        var word: [UInt32] = []
        var previousHan: UInt32?
        func endWord() {
            if word.count >= 4, !stopWordKeys.contains(word) {
                var hash: UInt64 = 1 << 63
                for value in word.prefix(5) { hash = hash &* 131 &+ UInt64(value) }
                terms.insert(hash)
            }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            var value = scalar.value
            if value >= 0xFF01 && value <= 0xFF5E { value -= 0xFEE0 }
            if value >= 0x41 && value <= 0x5A { value += 0x20 }
            if NormalisedText.isASCIIWord(value) {
                word.append(value)
                previousHan = nil
                continue
            }
            endWord()
            if NormalisedText.isHan(value), let han = Unicode.Scalar(value) {
                let folded = HanFolding.folded(han).value
                if let previous = previousHan, !stopCharacterValues.contains(previous),
                    !stopCharacterValues.contains(folded)
                {
                    let pair = UInt64(previous) << 32 | UInt64(folded)
                    if !stopPairValues.contains(pair) { terms.insert(pair) }
                }
                previousHan = folded
            } else {
                previousHan = nil
            }
        }
        endWord()
        return terms
    }

    private static let stopWordKeys = Set(stopWords.map { $0.unicodeScalars.map(\.value) })
    private static let stopPairValues = Set(
        stopPairs.compactMap { pair -> UInt64? in
            let values = pair.unicodeScalars.map(\.value)
            return values.count == 2 ? UInt64(values[0]) << 32 | UInt64(values[1]) : nil
        })
    private static let stopCharacterValues = Set(stopCharacters.compactMap { $0.unicodeScalars.first?.value })

    static let stopWords: Set<String> = [
        "could", "would", "should", "will", "when", "what", "which", "there", "their", "about", "please", "thanks",
        "thank", "also", "have", "this", "that", "with", "from", "your", "yours", "into", "does", "were", "been",
        "they", "them", "then", "than", "some", "just", "like", "know", "need", "want", "able", "much", "many",
        "more", "here", "where", "whether", "tell", "share", "send", "give", "make", "sure", "still", "again",
    ]
    static let stopPairs: Set<String> = [
        "请问", "能否", "是否", "什么", "时候", "怎么", "为什", "多久", "可以", "你们", "我们", "一下", "一个", "现在",
        "这个", "那个", "是不", "不是", "有没", "没有", "谢谢", "麻烦", "告诉", "目前", "如何", "哪些", "还是", "需要",
    ]
    static let stopCharacters: Set<Character> = [
        "吗", "呢", "吧", "的", "了", "么", "啊", "呀", "是", "在", "有", "和", "请", "我", "们", "你", "您", "他", "她",
        "做", "要", "能", "会", "可", "该", "什", "怎", "哪", "谁", "几", "多", "少", "也", "还", "都", "就", "这", "那",
    ]
}
