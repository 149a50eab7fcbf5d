import Foundation
import Testing

@testable import LiaisonCore

@Suite struct WorkingBlockTests {
    @Test func parsesHyphenAndEnDashForms() {
        #expect(WorkingBlock("09:00-12:00") == WorkingBlock(start: 540, end: 720))
        #expect(WorkingBlock("13:30–18:00") == WorkingBlock(start: 810, end: 1080))
        #expect(WorkingBlock(" 9:00 - 12:00 ") == WorkingBlock(start: 540, end: 720))
    }

    @Test func midnightToMidnightIsTheWholeDay() {
        #expect(WorkingBlock("00:00-24:00") == WorkingBlock(start: 0, end: 1440))
        #expect(WorkingBlock("00:00-24:00")?.minutes == 1440)
    }

    @Test func refusesMalformedOrBackwardBlocks() {
        for text in [
            "12:00-09:00", "09:00-09:00", "25:00-26:00", "09:60-10:00", "0900-1000", "", "09:00", "24:30-24:45",
            "23:00-24:01", "09:00-12:00-13:00", "a9:00-12:00", "-1:00-02:00",
        ] {
            #expect(WorkingBlock(text) == nil, "\(text)")
        }
    }

    @Test func describesItselfAsClockTimes() {
        #expect(WorkingBlock(start: 540, end: 720).description == "09:00-12:00")
        #expect(WorkingBlock(start: 0, end: 1440).description == "00:00-24:00")
        #expect(WorkingBlock(start: 810, end: 1080).minutes == 270)
    }

    @Test func encodesStartAndEndMinutesAndDecodesEitherForm() throws {
        let data = try JSONEncoder().encode(WorkingBlock(start: 540, end: 720))
        let object = try JSONDecoder().decode([String: Int].self, from: data)
        #expect(object == ["start": 540, "end": 720])
        let decoded = try JSONDecoder().decode(
            [WorkingBlock].self, from: Data(#"[{"start":540,"end":720},"13:30-18:00"]"#.utf8))
        #expect(decoded == [WorkingBlock(start: 540, end: 720), WorkingBlock(start: 810, end: 1080)])
    }

    @Test func decodingRefusesBlocksOutsideOneDay() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WorkingBlock.self, from: Data(#"{"start":600,"end":1500}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WorkingBlock.self, from: Data(#""18:00-09:00""#.utf8))
        }
    }
}
