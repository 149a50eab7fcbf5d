import Foundation

/// The Date header (RFC 5322 §3.3, with the obsolete forms of §4.3): "Tue, 1 Dec 2026 10:20:30 +0800 (CST)",
/// two-digit years, zone names, missing seconds or weekday. Nil when it cannot be read or names no real date.
public enum MailDate {
    public static func parse(_ header: String?) -> Date? {
        guard let header else { return nil }
        // Comments ("(CST)") and the weekday go.
        var text = ""
        var depth = 0
        for character in header {
            if character == "(" { depth += 1 } else if character == ")" { depth = max(0, depth - 1) } else if depth == 0 {
                text.append(character)
            }
        }
        if let comma = text.firstIndex(of: ",") { text = String(text[text.index(after: comma)...]) }
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).map(String.init)
        guard tokens.count >= 4, let day = Int(tokens[0]), (1...31).contains(day),
            let month = months[String(tokens[1].prefix(3)).lowercased()], var year = Int(tokens[2])
        else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        let clock = tokens[3].split(separator: ":").map { Int($0) }
        guard clock.count >= 2, clock.allSatisfy({ $0 != nil }), let hour = clock[0], let minute = clock[1],
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        let second = clock.count > 2 ? clock[2] ?? 0 : 0
        guard (0...60).contains(second) else { return nil }
        let offset = tokens.count > 4 ? zoneOffset(tokens[4]) : 0
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        (components.hour, components.minute, components.second) = (hour, minute, min(second, 59))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let utc = calendar.date(from: components),
            calendar.component(.day, from: utc) == day  // 31 Feb is no date
        else { return nil }
        return utc.addingTimeInterval(TimeInterval(-(offset ?? 0)))
    }

    /// Seconds east of UTC: "+0800", "-0530", "GMT", "EST"… (unknown names: UTC, as RFC 5322 says to treat them).
    private static func zoneOffset(_ zone: String) -> Int? {
        if let sign = zone.first, sign == "+" || sign == "-", zone.count >= 5, let value = Int(zone.dropFirst().prefix(4)) {
            let seconds = (value / 100) * 3600 + (value % 100) * 60
            return sign == "-" ? -seconds : seconds
        }
        let names = ["ut": 0, "gmt": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
            "mdt": -6, "pst": -8, "pdt": -7]
        return names[zone.lowercased()].map { $0 * 3600 }
    }

    private static let months = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
        "nov": 11, "dec": 12,
    ]

    /// The header form of a date: "Fri, 04 Dec 2026 10:20:30 +0000".
    public static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
