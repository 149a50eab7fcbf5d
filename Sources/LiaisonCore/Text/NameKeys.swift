import Foundation

/// What a name is found by in a picker: any run of its Chinese characters, its Mandarin reading (pinyin) typed from
/// any syllable with or without spaces, the initials of that reading ("shxh" for 上海星河), and the start of any of
/// its Latin words (an English name).
///
/// `make` turns names into a line of space-separated keys that the database indexes word by word, positions kept:
/// each Chinese character, then the reading's syllables, then the initials from each syllable on (marked with a
/// leading "0" so that they never mix with words), then the Latin words. `query` turns what someone typed into a
/// search over those keys, for SQLite's FTS5 and for PostgreSQL's text search.
public enum NameKeys {
    /// Initials kept from each syllable on: "0shx" for 上海星河 from 上. Typed initials are found by the start of one
    /// such key ("xh": "0xh"*), by one key ("shx"), or by a phrase of consecutive keys ("shxh": "0shx" + "0hxh"), so
    /// that no lookup asks for a start longer than the index's own prefixes.
    static let initialsLength = 3
    /// The longest run of initials looked up (more is not how people look for a name).
    static let typedInitials = 6

    public static func make(_ names: [String]) -> String {
        var characters: [String] = []
        var syllables: [String] = []
        var words: [String] = []
        for name in names {
            let text = SearchText.normalise(name)
            var han = String.UnicodeScalarView()
            var word = String.UnicodeScalarView()
            func flushWord() {
                if !word.isEmpty { words.append(String(word)) }
                word = String.UnicodeScalarView()
            }
            for scalar in text.unicodeScalars {
                if SearchText.isCJK(scalar) {
                    flushWord()
                    characters.append(String(scalar))
                    if isHan(scalar) { han.append(scalar) }
                } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                    word.append(scalar)
                } else {
                    flushWord()
                }
            }
            flushWord()
            syllables += reading(String(han))
        }
        var keys = characters + syllables
        for start in syllables.indices {
            let initials = syllables[start...].prefix(initialsLength).compactMap(\.first)
            keys.append("0" + String(initials))
        }
        keys += words
        return keys.joined(separator: " ")
    }

    /// Keys for matching a name in a short list inside the page (a picker that filters its own options): from the
    /// name's sort key (`SortKey.make`, its reading syllable by syllable), the rest of the reading from each
    /// syllable on, without spaces, and its initials from each syllable on: 周晓敏 → "zhouxiaomin xiaomin min zxm xm
    /// m". What is typed, spaces removed, matches when a key starts with it.
    public static func typingKeys(sortKey: String) -> String {
        let syllables = sortKey.split(separator: " ").map { $0.filter { $0.isLetter || $0.isNumber } }
            .filter { !$0.isEmpty }
        var keys: [String] = []
        for start in syllables.indices {
            keys.append(String(syllables[start...].joined().prefix(40)))
        }
        if syllables.count > 1 {
            for start in syllables.indices {
                keys.append(String(syllables[start...].prefix(initialsLength).compactMap(\.first)))
            }
        }
        return keys.joined(separator: " ")
    }

    /// The syllables of a run of Han characters, tones and ü folded away (绿 → "lu"), one per character.
    static func reading(_ han: String) -> [String] {
        guard !han.isEmpty else { return [] }
        let latin = han.applyingTransform(.mandarinToLatin, reverse: false) ?? ""
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        let syllables = folded.split(whereSeparator: { !$0.isLetter }).map(String.init)
        if syllables.count == han.unicodeScalars.count { return syllables }
        // The transform joined or split something: read each character alone.
        return han.unicodeScalars.flatMap { reading(String($0)) }
    }

    private static func isHan(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }

    /// A search over the keys, as each engine writes it; nil when the text has nothing to look for.
    public struct Query: Sendable, Equatable {
        /// FTS5: every part must match (`"星 河" AND ("xh"* OR "0xh"* OR "x" + "h"*)`).
        public var fts5: String
        /// PostgreSQL `to_tsquery('simple', …)`.
        public var tsquery: String
    }

    /// One thing every match must contain: a run of Chinese characters, or a Latin word read every way it may be.
    enum Part: Equatable {
        case characters([String])
        case word(String, syllables: [String]?)
        /// Words typed apart that are all pinyin ("xing he"): matched in order, as those words or those syllables.
        case words([String], syllables: [String])
    }

    /// Prefixes up to this many characters have entries of their own in the index (migration 042's `prefix=`);
    /// a longer one makes SQLite read every posting of every word that starts with it before the first match.
    static let indexedPrefix = 3

    public static func query(_ typed: String) -> Query? {
        let parts = self.parts(typed)
        guard !parts.isEmpty else { return nil }
        var fts: [String] = []
        var ts: [String] = []
        for part in parts {
            var ways: [[Token]] = []
            switch part {
            case .characters(let characters):
                ways = [characters.map { Token($0, prefix: false) }]
            case .word(let word, let syllables):
                ways = lastWays(word).map { [$0] }
                if let initials = initialsWay(word) { ways.append(initials) }
                if let syllables { ways += phraseWays(syllables) }
            case .words(let words, let syllables):
                ways = phraseWays(words)
                if syllables != words { ways += phraseWays(syllables) }
            }
            let ftsWays = ways.map { $0.map(\.fts5).joined(separator: " + ") }
            let tsWays = ways.map { $0.map(\.tsquery).joined(separator: " <-> ") }
            fts.append(ftsWays.count == 1 ? ftsWays[0] : "(" + ftsWays.joined(separator: " OR ") + ")")
            ts.append(tsWays.count == 1 ? tsWays[0] : "(" + tsWays.joined(separator: " | ") + ")")
        }
        return Query(fts5: fts.joined(separator: " AND "), tsquery: ts.joined(separator: " & "))
    }

    /// One token of a query: a whole word, or the start of one.
    struct Token {
        var text: String
        var prefix: Bool

        init(_ text: String, prefix: Bool) {
            self.text = text
            self.prefix = prefix
        }

        var fts5: String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : "") }
        var tsquery: String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" + (prefix ? ":*" : "") }
    }

    /// Typed initials as keys of the index: the start of one key, one key, or consecutive keys.
    static func initialsWay(_ word: String) -> [Token]? {
        let letters = Array(word)
        guard letters.count > 1, letters.count <= typedInitials, letters.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return nil
        }
        if letters.count < initialsLength { return [Token("0" + word, prefix: true)] }
        return (0...(letters.count - initialsLength)).map {
            Token("0" + String(letters[$0..<($0 + initialsLength)]), prefix: false)
        }
    }

    /// A phrase whose last word may be unfinished, each way it may end.
    static func phraseWays(_ words: [String]) -> [[Token]] {
        guard let last = words.last else { return [] }
        let head = words.dropLast().map { Token($0, prefix: false) }
        return lastWays(last).map { head + [$0] }
    }

    /// The ways an unfinished word is looked up: its start, when the index holds starts that long or it is not the
    /// start of a syllable (an English word); else each syllable it starts ("xian" → xian, xiang), whole, so that
    /// the index is read lazily instead of gathering every posting of 有限 and 香.
    static func lastWays(_ word: String) -> [Token] {
        guard word.count > indexedPrefix, Pinyin.startsSyllable(word) else { return [Token(word, prefix: true)] }
        return Pinyin.completions(of: word).map { Token($0, prefix: false) }
    }

    /// The typed text cut into what it asks for, at most eight parts (more is not a name being typed).
    static func parts(_ typed: String) -> [Part] {
        var parts: [Part] = []
        var characters: [String] = []
        var word = String.UnicodeScalarView()
        func flush() {
            if !characters.isEmpty { parts.append(.characters(characters)) }
            characters = []
            if !word.isEmpty {
                let text = String(word)
                parts.append(.word(text, syllables: syllables(of: text)))
            }
            word = String.UnicodeScalarView()
        }
        for scalar in SearchText.normalise(typed).unicodeScalars {
            if SearchText.isCJK(scalar) {
                if !word.isEmpty { flush() }
                characters.append(String(scalar))
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if !characters.isEmpty { flush() }
                word.append(scalar)
            } else {
                flush()
            }
        }
        flush()
        return Array(joiningPinyin(parts).prefix(8))
    }

    /// Words next to one another that are all pinyin become one part, so that "xing he" finds 星河 and not 河星.
    static func joiningPinyin(_ parts: [Part]) -> [Part] {
        var joined: [Part] = []
        var run: [(word: String, syllables: [String])] = []
        func flush() {
            if run.count >= 2 {
                joined.append(.words(run.map(\.word), syllables: run.flatMap(\.syllables)))
            } else if let only = run.first {
                joined.append(.word(only.word, syllables: syllables(of: only.word)))
            }
            run = []
        }
        for (index, part) in parts.enumerated() {
            if case .word(let word, let cut) = part {
                let isLast = index == parts.count - 1
                if let syllable = Pinyin.syllable(word) {
                    run.append((word, [syllable]))
                    continue
                } else if let cut, isLast || !(cut.last.map { Pinyin.syllable($0) == nil } ?? true) {
                    run.append((word, cut))
                    continue
                } else if isLast, Pinyin.startsSyllable(word) {
                    run.append((word, [Pinyin.folded(word)]))
                    continue
                }
            }
            flush()
            joined.append(part)
        }
        flush()
        return joined
    }

    /// A Latin word read as two or more pinyin syllables, the last one possibly unfinished ("xinghe" → xing he,
    /// "shanghaix" → shang hai x); nil when it is not pinyin or is one syllable (the word itself covers that).
    /// Fewest syllables win, so "xian" stays one syllable and "xianggang" is xiang gang.
    static func syllables(of word: String) -> [String]? {
        let letters = Array(word)
        guard letters.count >= 2, letters.count <= 48, letters.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return nil
        }
        // best[i]: the fewest whole syllables covering letters[..<i].
        var best = [[String]?](repeating: nil, count: letters.count + 1)
        best[0] = []
        for end in 1...letters.count {
            for length in 1...min(6, end) {
                guard let before = best[end - length] else { continue }
                let piece = String(letters[(end - length)..<end])
                guard let syllable = Pinyin.syllable(piece) else { continue }
                if before.count + 1 < best[end]?.count ?? Int.max { best[end] = before + [syllable] }
            }
        }
        var found: [String]?
        if let whole = best[letters.count] { found = whole }
        // Or whole syllables and then the start of one.
        for tail in 1...min(5, letters.count - 1) {
            guard let before = best[letters.count - tail], !before.isEmpty else { continue }
            let start = String(letters[(letters.count - tail)...])
            guard Pinyin.startsSyllable(start) else { continue }
            let candidate = before + [Pinyin.folded(start)]
            if candidate.count < found?.count ?? Int.max { found = candidate }
        }
        guard let found, found.count >= 2 else { return nil }
        return found
    }
}

/// The syllables of Mandarin as Hanyu Pinyin writes them without tones, ü as the keyboard types it (lv, nv) and as
/// the reading folds it (lu, nu).
enum Pinyin {
    static let syllables: Set<String> = Set(
        """
        a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen \
        ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci \
        cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du \
        duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong \
        gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang \
        hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken \
        keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie \
        lin ling liu lo long lou lu luan lue lun luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min \
        ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan \
        nue nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang \
        qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa \
        sai san sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan \
        shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong \
        tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu \
        xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng \
        zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi \
        zong zou zu zuan zui zun zuo
        """.split(separator: " ").map(String.init))

    /// Every start of a syllable ("zh", "xin"), for a syllable still being typed.
    static let starts: Set<String> = Set(syllables.flatMap { s in (1...s.count).map { String(s.prefix($0)) } })

    /// The syllable as the index holds it (lv → lu), or nil when `text` is not one.
    static func syllable(_ text: String) -> String? {
        syllables.contains(text) ? folded(text) : nil
    }

    /// lv, nv (and their starts) as the reading writes them: lu, nu.
    static func folded(_ text: String) -> String {
        text.hasPrefix("lv") || text.hasPrefix("nv") ? String(text.prefix(1)) + "u" + text.dropFirst(2) : text
    }

    static func startsSyllable(_ text: String) -> Bool { starts.contains(text) }

    /// The syllables that start with `text`, as the reading writes them, in order.
    static func completions(of text: String) -> [String] {
        Array(Set(syllables.filter { $0.hasPrefix(text) }.map(folded))).sorted()
    }
}
