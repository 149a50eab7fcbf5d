/// Finds who a message mentions: `@` followed by a person's handle (name, email, or the part of the email before
/// `@`), case-insensitive. At each `@` the longest handle that fits wins, so `@张三丰` means 张三丰 and not 张三.
/// A handle must end where a word ends ("@li" is not "@lina"), except that Chinese text runs on without spaces:
/// a handle ending in a CJK character may be followed by anything ("@张三请看一下").
public enum Mentions {
    public static func find<ID: Hashable>(in text: String, handles: [(id: ID, handle: String)]) -> Set<ID> {
        guard text.contains("@") else { return [] }
        let characters = Array(text.lowercased())
        let candidates = handles.compactMap { entry -> (id: ID, handle: [Character])? in
            let handle = Array(entry.handle.lowercased())
            return handle.isEmpty ? nil : (entry.id, handle)
        }
        var found: Set<ID> = []
        for (index, character) in characters.enumerated() where character == "@" {
            let start = index + 1
            var best: [ID] = []
            var bestLength = 0
            for candidate in candidates where candidate.handle.count >= bestLength {
                guard fits(candidate.handle, in: characters, at: start) else { continue }
                if candidate.handle.count > bestLength {
                    best = [candidate.id]
                    bestLength = candidate.handle.count
                } else {
                    best.append(candidate.id)
                }
            }
            found.formUnion(best)
        }
        return found
    }

    private static func fits(_ handle: [Character], in text: [Character], at start: Int) -> Bool {
        let end = start + handle.count
        guard end <= text.count, Array(text[start..<end]) == handle else { return false }
        guard end < text.count else { return true }
        if handle.last!.unicodeScalars.contains(where: \.isCJKIdeograph) { return true }
        let next = text[end]
        if next == "." {  // "@li." ends a sentence; "@li.wang" is someone else
            return end + 1 == text.count || !(text[end + 1].isLetter || text[end + 1].isNumber)
        }
        return !(next.isLetter || next.isNumber || next == "_")
    }
}

extension Unicode.Scalar {
    fileprivate var isCJKIdeograph: Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: return true
        default: return false
        }
    }
}
