import Foundation

enum TimeZones {
    /// Zones offered in pickers: those Liaison's users work in most, plus the current value if it is another.
    static func common(including current: String) -> [String] {
        var zones = [
            "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul",
            "Asia/Kolkata", "Asia/Dubai", "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Moscow",
            "America/New_York", "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Australia/Sydney",
            "UTC",
        ]
        if !zones.contains(current) { zones.insert(current, at: 0) }
        return zones
    }
}

enum UserAgent {
    /// "Chrome on Linux" from a user-agent header; enough to recognise one's own devices.
    static func summary(_ header: String?) -> String {
        guard let header, !header.isEmpty else { return "" }
        let browsers = [("Edg/", "Edge"), ("Chrome/", "Chrome"), ("Firefox/", "Firefox"), ("Safari/", "Safari")]
        let systems = [
            ("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
            ("Mac OS X", "macOS"), ("Linux", "Linux"),
        ]
        let browser = browsers.first { header.contains($0.0) }?.1
        let system = systems.first { header.contains($0.0) }?.1
        switch (browser, system) {
        case let (b?, s?): return "\(b) · \(s)"
        case let (b?, nil): return b
        case let (nil, s?): return s
        default: return String(header.prefix(40))
        }
    }
}
