import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

@Suite struct JSONColumnTests {
    @Test func theMemoGivesWhatTheDecoderGives() {
        let memo = JSONColumnMemo<RequestSLA>(capacity: 2)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        let fallback = RequestSLA.start(SLATargets(firstResponse: 1, nextResponse: 2, resolution: 3), at: start)
        let values = [
            RequestSLA.start(SLATargets(firstResponse: 30, nextResponse: 60, resolution: 480), at: start),
            RequestSLA.start(SLATargets(firstResponse: 240, nextResponse: 480, resolution: 4800), at: start),
            RequestSLA.start(SLATargets(firstResponse: 15, nextResponse: 30, resolution: 240), at: start),
        ]
        for _ in 0..<2 {  // the second round is answered from the memo (and the third value empties it once)
            for value in values {
                #expect(memo.decode(JSONColumn.encode(value), default: fallback) == value)
            }
        }
        #expect(memo.decode("not json", default: fallback) == fallback)
        #expect(memo.decode("{}", default: fallback) == fallback)
    }

    @Test func emptyListsNeedNoDecoder() {
        #expect(JSONColumn.decode([String].self, "[]", default: ["x"]) == [])
        #expect(JSONColumn.decode([String].self, "[\"a\"]", default: []) == ["a"])
        #expect(JSONColumn.decode([String].self, "oops", default: ["x"]) == ["x"])
    }
}
