/// Traditional Chinese characters searched as their simplified form (臺 → 台, 報 → 报), so that 台北 finds
/// 臺北貿易 and 報價 finds 报价. One character becomes one character, so positions in folded text match the
/// original's character by character. The pairs (`HanFolding+Table.swift`) are generated from ICU's Hant-Hans
/// transform; characters of the simplified standard set (GB 2312) are never folded, so simplified text is unchanged.
public enum HanFolding {
    /// The simplified form of `scalar`, or `scalar` itself.
    @inline(__always)
    public static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        if value >= denseStart && value < denseEnd {
            let target = dense[Int(value - denseStart)]
            return target == 0 ? scalar : Unicode.Scalar(target) ?? scalar
        }
        if value >= 0x20000, let target = supplementary[value] { return Unicode.Scalar(target) ?? scalar }
        return scalar
    }

    /// `text` with every traditional character folded (the same string when there is none).
    public static func folded(_ text: String) -> String {
        let scalars = text.unicodeScalars
        // Most text has nothing to fold: look before building anything.
        guard let first = scalars.firstIndex(where: { folded($0) != $0 }) else { return text }
        var out = String.UnicodeScalarView(scalars[..<first])
        for scalar in scalars[first...] { out.append(folded(scalar)) }
        return String(out)
    }

    /// Every pair of the table, traditional first.
    public static var mappings: [(traditional: Unicode.Scalar, simplified: Unicode.Scalar)] {
        var result: [(Unicode.Scalar, Unicode.Scalar)] = []
        var pending: Unicode.Scalar?
        for scalar in pairs.unicodeScalars where scalar != " " && scalar != "\n" {
            if let first = pending {
                result.append((first, scalar))
                pending = nil
            } else {
                pending = scalar
            }
        }
        return result
    }

    /// The CJK Unified Ideographs and Extension A: a lookup by index for the characters nearly all text uses.
    private static let denseStart: UInt32 = 0x3400
    private static let denseEnd: UInt32 = 0xA000
    private static let dense: [UInt32] = {
        var table = [UInt32](repeating: 0, count: Int(denseEnd - denseStart))
        for (traditional, simplified) in mappings where (denseStart..<denseEnd).contains(traditional.value) {
            table[Int(traditional.value - denseStart)] = simplified.value
        }
        return table
    }()
    private static let supplementary: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        for (traditional, simplified) in mappings where traditional.value >= denseEnd {
            table[traditional.value] = simplified.value
        }
        return table
    }()
}
