import Foundation

/// Phone numbers as people type them: digits with spaces, dashes, dots, parentheses, a leading + and an
/// extension ("ext", "x", "转"). Mainland mobiles, landlines with area codes and international numbers all pass.
public enum PhoneNumber {
    /// The number as stored: Unicode NFKC (full-width digits and signs as ASCII), trimmed.
    public static func normalised(_ text: String) -> String {
        InputText.compatible(text).trimmed()
    }

    public static func isPlausible(_ text: String) -> Bool {
        var digits = 0
        var body = Substring(text)
        for marker in ["转", "ext.", "ext", "x"] {
            if let range = body.range(of: marker) {
                let ext = body[range.upperBound...].trimmingPrefix(while: { $0 == " " })
                guard !ext.isEmpty, ext.allSatisfy(\.isASCIIDigit) else { return false }
                body = body[..<range.lowerBound]
                break
            }
        }
        for (index, character) in body.enumerated() {
            if character.isASCIIDigit {
                digits += 1
            } else if character == "+" {
                guard index == 0 else { return false }
            } else if !" -.()".contains(character) {
                return false
            }
        }
        return (5...20).contains(digits)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    func trimmingPrefix(while predicate: (Character) -> Bool) -> Substring {
        var start = startIndex
        while start < endIndex, predicate(self[start]) {
            start = index(after: start)
        }
        return self[start...]
    }
}
