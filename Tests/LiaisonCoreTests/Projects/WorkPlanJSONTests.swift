import Foundation
import Testing

@testable import LiaisonCore

@Suite struct WorkPlanJSONTests {
    let encoder = CompactJSONEncoder()

    func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func idsReadAsTheDecoderReadsThem() throws {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 17, 100] {
            let ids = (0..<count).map { _ in UUID.timeOrdered(at: Date(), using: &generator) }
            let stored = try text(ids.map(\.idText))
            #expect(WorkPlanJSON.ids(stored) == ids)
            #expect(WorkPlanJSON.ids(stored) == (try JSONDecoder().decode([UUID].self, from: Data(stored.utf8))))
        }
        let lower = "[\"e621e1f8-c36c-495a-93fc-0c247a3e6e5f\"]"
        #expect(WorkPlanJSON.ids(lower) == [UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!])
    }

    @Test func anyOtherShapeIsLeftToTheDecoder() {
        let id = "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"
        for text in [
            "", "[", "]", "null", "[ ]", "[\"\(id)\" ]", " [\"\(id)\"]", "[\"\(id)\",]", "[\"\(id)\"\"\(id)\"]",
            "[\"\(id)\",\"\(id)\"", "[\"\(id)\";\"\(id)\"]", "[\"\(id.dropLast())\"]", "[\"\(id)0\"]",
            "[\"\(id.replacingOccurrences(of: "-", with: "_"))\"]",
            "(\"\(id)\")",
            "[\"G621E1F8-C36C-495A-93FC-0C247A3E6E5F\"]", "[1]", "{\"a\":1}",
            "[\"\\u0045621E1F8-C36C-495A-93FC-0C247A3E6E5\"]",
        ] {
            #expect(WorkPlanJSON.ids(text) == nil, "\(text)")
        }
    }

    @Test func raciReadsAsTheDecoderReadsIt() throws {
        let people = (0..<4).map { _ in UUID() }
        for parts in [
            [], [RACIAssignment(personID: people[0], role: .accountable)],
            [
                RACIAssignment(personID: people[0], role: .accountable),
                RACIAssignment(personID: people[0], role: .responsible),
                RACIAssignment(personID: people[1], role: .consulted),
                RACIAssignment(personID: people[2], role: .informed),
                RACIAssignment(personID: people[3], role: .informed),
            ],
        ] {
            let stored = try text(parts)
            #expect(WorkPlanJSON.raci(stored) == parts, "\(stored)")
            #expect(
                WorkPlanJSON.raci(stored) == (try JSONDecoder().decode([RACIAssignment].self, from: Data(stored.utf8))))
        }
    }

    @Test func raciOfAnyOtherShapeIsLeftToTheDecoder() {
        let id = "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"
        for text in [
            "", "[]x", "[{}]", "[{\"role\":\"informed\",\"personID\":\"\(id)\"}]",
            "[{\"personID\":\"\(id)\",\"role\":\"boss\"}]",
            "[{\"personID\":\"\(id)\",\"role\":\"informed\"}", "[{\"personID\":\"\(id)\",\"role\":\"informed\"},]",
            "[{\"personID\":\"\(id)\",\"role\":\"informed\"} {\"personID\":\"\(id)\",\"role\":\"consulted\"}]",
            "[{\"personID\":\"\(id)\",\"role\":\"informed\",\"x\":1}]",
            "[{\"personID\": \"\(id)\",\"role\":\"informed\"}]",
            "({\"personID\":\"\(id)\",\"role\":\"informed\"})",
            "[{\"personID\":\"\(id)\",\"role\":\"informed\"],{\"personID\":\"\(id)\",\"role\":\"informed\"}]",
            "[{\"personID\":\"\(id)\",\"role\":\"informed}]", "[{\"personID\":\"\(id)\",\"role\":\"\"}]",
        ] {
            #expect(WorkPlanJSON.raci(text) == nil, "\(text)")
        }
    }
}
