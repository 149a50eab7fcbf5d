import Foundation
import LiaisonCore
import Vapor

/// JSON as the API speaks it: camelCase keys, RFC 3339 times in UTC with milliseconds.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }()

    /// The same output as `encoder`, written by `CompactJSONEncoder` (API answers).
    static let compact = CompactJSONEncoder(dateText: RFC3339.format)

    /// Under test: the two encoders disagreed on a value.
    struct Mismatch: Error, CustomStringConvertible {
        var type: String
        var foundation: Data
        var compact: [UInt8]

        var description: String {
            "JSON encodings of \(type) differ:\n  Foundation: \(String(decoding: foundation, as: UTF8.self))\n"
                + "  compact:    \(String(decoding: compact, as: UTF8.self))"
        }
    }

    /// Every `Date` in a body is read by `DateText.moment`'s strict rules; a wrong one fails decoding with the
    /// problem as the underlying error, which `DecodingIssue` turns into that field's `invalidDate` or
    /// `dateOutOfRange`.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            do {
                return try DateText.moment(text)
            } catch {
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(
                        codingPath: decoder.codingPath,
                        debugDescription: "expected an RFC 3339 time such as 2026-05-01T09:30:00+08:00",
                        underlyingError: error))
            }
        }
        return decoder
    }()
}

/// RFC 3339 times with or without fractional seconds, with Z or an offset, read strictly (`DateText.moment`).
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        try? DateText.moment(text)
    }

    /// `2026-10-08T04:00:00.000Z`: UTC with milliseconds. Written by hand because every date of every API answer
    /// goes through here, and the general-purpose formatter costs several times more.
    static func format(_ date: Date) -> String {
        // Whole seconds and the fraction as Foundation splits them (from the 2001 reference date, fraction truncated).
        // Years outside 0000–9999 have no RFC 3339 form: a moment stored before dates were bounded on input is
        // written at the nearest end rather than as malformed text.
        let unbounded = date.timeIntervalSinceReferenceDate
        let reference = unbounded.isFinite ? min(max(unbounded, -63_145_526_400), 252_423_993_599.9995) : 0
        let whole = reference.rounded(.down)
        let millis = min(Int((reference - whole) * 1000), 999)
        let seconds = Int64(whole) + 978_307_200
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); out.append(45); digits(month, 2); out.append(45); digits(day, 2); out.append(84)
        digits(secondOfDay / 3600, 2); out.append(58); digits(secondOfDay / 60 % 60, 2); out.append(58)
        digits(secondOfDay % 60, 2); out.append(46); digits(millis, 3); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }
}
