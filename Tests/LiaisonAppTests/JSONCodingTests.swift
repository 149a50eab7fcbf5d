import Foundation
import Testing

@testable import LiaisonApp

/// The hand-written RFC 3339 formatter writes exactly what Foundation's ISO 8601 style writes.
@Suite struct JSONCodingTests {
    @Test func formattingMatchesFoundationToTheMillisecond() {
        var generator = SystemRandomNumberGenerator()
        var samples: [Double] = [0, -0.001, -1, 951_782_400, 1_790_758_800, 1_790_758_800.9999, 4_102_444_799.999, -2_208_988_800.5]
        for _ in 0..<5_000 { samples.append(Double.random(in: -2_000_000_000...4_000_000_000, using: &generator)) }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            let expected = date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            #expect(RFC3339.format(date) == expected, "\(seconds)")
        }
    }

    @Test func momentsBeyondFourDigitYearsAreWrittenAtTheNearestEnd() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: 253_402_300_800 + 86_400)) == "9999-12-31T23:59:59.999Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -62_167_219_200 - 86_400)) == "0000-01-01T00:00:00.000Z")
        #expect(RFC3339.format(.distantFuture) == "4001-01-01T00:00:00.000Z")
    }

    @Test func whatIsWrittenReadsBackToTheMillisecond() {
        let date = Date(timeIntervalSince1970: 1_790_758_800.5)
        let text = RFC3339.format(date)
        #expect(text == "2026-09-30T09:00:00.500Z")
        #expect(abs(RFC3339.parse(text)!.timeIntervalSince(date)) < 0.001)
    }
}
