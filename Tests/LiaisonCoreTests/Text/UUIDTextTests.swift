import Foundation
import Testing

@testable import LiaisonCore

@Suite struct UUIDTextTests {
    @Test func agreesWithFoundation() {
        for _ in 0..<500 {
            let uuid = UUID()
            #expect(UUIDText.format(uuid) == uuid.uuidString)
            #expect(UUIDText.parse(uuid.uuidString) == uuid)
            #expect(UUIDText.parse(uuid.uuidString.lowercased()) == uuid)
        }
        let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        #expect(UUIDText.format(zero) == "00000000-0000-0000-0000-000000000000")
    }

    @Test(arguments: [
        "", "E621E1F8-C36C-495A-93FC-0C247A3E6E5", "E621E1F8-C36C-495A-93FC-0C247A3E6E5FF",
        "E621E1F8C36C-495A-93FC-0C247A3E6E5F-", "G621E1F8-C36C-495A-93FC-0C247A3E6E5F",
        "E621E1F8-C36C-495A-93FC-0C247A3E6E5Ｆ", "E621E1F8_C36C_495A_93FC_0C247A3E6E5F",
    ])
    func refusesWhatFoundationRefuses(text: String) {
        #expect(UUIDText.parse(text) == nil)
        #expect(UUID(uuidString: text) == nil)
    }
}
