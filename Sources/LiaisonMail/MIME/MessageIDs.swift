/// Message-IDs as they appear in Message-ID, In-Reply-To and References: "<id@host>" each, possibly with comments
/// or phrases between them (old In-Reply-To). Ids are kept without the brackets, as written (they compare exactly).
public enum MessageIDs {
    public static func list(_ header: String?) -> [String] {
        guard let header else { return [] }
        var ids: [String] = []
        var current: String?
        for character in header {
            if character == "<" {
                current = ""
            } else if character == ">" {
                if let id = current?.filter({ !$0.isWhitespace }), isPlausible(id) { ids.append(id) }
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        // Bare ids without brackets, as some mailers write them.
        if ids.isEmpty {
            ids = header.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
                .filter(isPlausible)
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    private static func isPlausible(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 250 && id.contains("@")
            && id.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
    }
}
