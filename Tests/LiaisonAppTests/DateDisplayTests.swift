import Foundation
import LiaisonCore
import Testing

@testable import LiaisonApp

/// The pages' own date writer says exactly what Foundation's formatter says, for any moment and zone.
@Suite struct DateDisplayTests {
    private func foundation(_ date: Date, _ zone: TimeZone, _ locale: AppLocale) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let time = calendar.dateComponents([.hour, .minute, .second], from: date)
        let midnight = time.hour == 0 && time.minute == 0 && time.second == 0
        var style = Date.FormatStyle(date: .abbreviated, time: midnight ? .omitted : .shortened)
        style.locale = Locale(identifier: locale == .zhHans ? "zh_CN" : "en_GB")
        style.timeZone = zone
        return date.formatted(style)
    }

    @Test func everyMomentIsWrittenAsFoundationWritesIt() {
        var generator = SplitMix(seed: 20_261_207)
        let zones = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "Pacific/Chatham"]
            .compactMap(TimeZone.init(identifier:))
        var checked = 0
        for index in 0..<6_000 {
            // 1900–2200, whole seconds; every tenth one at a local midnight.
            var seconds = Double(Int64(generator.next() % 9_467_280_000) - 2_208_988_800)
            let zone = zones[index % zones.count]
            if index % 10 == 0 {
                let offset = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds)))
                seconds -= (seconds + offset).truncatingRemainder(dividingBy: 86_400)
            }
            let date = Date(timeIntervalSince1970: seconds)
            for locale in AppLocale.allCases {
                #expect(
                    DateDisplay.format(date, in: zone, locale: locale) == foundation(date, zone, locale),
                    "\(seconds) \(zone.identifier) \(locale)")
                checked += 1
            }
        }
        #expect(checked == 12_000)
    }
}
