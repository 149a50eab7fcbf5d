import Foundation
import Testing

@testable import LiaisonCore

/// Version-7 ids: RFC 9562's layout, and ids made later sort after earlier ones in the text the database keeps.
@Suite struct TimeOrderedIDTests {
    @Test func layoutFollowsRFC9562() {
        let date = Date(timeIntervalSince1970: 1_790_000_000.123)
        let id = UUID.timeOrdered(at: date)
        let text = id.uuidString
        // 48 bits of milliseconds: 1790000000123 = 0x1A0C4506C7B.
        #expect(text.hasPrefix("01A0C450-6C7B-7"))
        #expect(id.uuid.6 >> 4 == 7)
        #expect(id.uuid.8 >> 6 == 0b10)
        #expect(id.timeOrderedDate == Date(timeIntervalSince1970: 1_790_000_000.123))
        #expect(UUID().timeOrderedDate == nil)
    }

    @Test func laterIDsSortAfterEarlierOnes() {
        var previous = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_700_000_000))
        for step in 1...2000 {
            let next = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_700_000_000 + Double(step) * 0.001))
            #expect(previous.uuidString < next.uuidString)
            #expect(previous.uuidString.lowercased() < next.uuidString.lowercased())
            previous = next
        }
    }

    @Test func theRestIsRandom() {
        let date = Date()
        let ids = Set((0..<1000).map { _ in UUID.timeOrdered(at: date) })
        #expect(ids.count == 1000)
        // Same millisecond: the first 48 bits agree, the random bits do not.
        #expect(Set(ids.map { $0.uuidString.prefix(13) }).count == 1)
    }
}
