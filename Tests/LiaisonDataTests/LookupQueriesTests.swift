import FluentKit
import Foundation
import LiaisonCore
import Testing

@testable import LiaisonData

/// Pickers find names as they are typed: Chinese characters anywhere in the name, pinyin from any syllable, the
/// initials, English words; names starting with the text first; need-to-know always; the index follows renames and
/// deletions.
@Suite struct LookupQueriesTests {
    private func customer(_ f: DataFixture, _ name: String, english: String? = nil, classification: Classification = .internal, by author: Person? = nil)
        async throws -> Customer
    {
        let valid = try CustomerInput(name: name, nameEn: english, classification: classification.rawValue).validated()
        let (actor, now) = (f.actor(author ?? f.admin), f.now)
        return try await f.write { tx in
            try await CustomerCommands.create(valid, in: WriteContext(actor: actor, now: now), on: tx)
        }
    }

    private func names(_ f: DataFixture, _ typed: String, as person: Person? = nil) async throws -> [String] {
        try await LookupQueries.customers(typed, limit: 10, for: (person ?? f.admin).viewer, on: f.db).map(\.name)
    }

    @Test func aCustomerIsFoundByCharactersPinyinInitialsAndEnglish() async throws {
        try await withFixture { f in
            _ = try await customer(f, "上海星河科技有限公司", english: "Shanghai Galaxy Technology")
            _ = try await customer(f, "深圳华讯电子有限公司")
            _ = try await customer(f, "北京河星贸易有限公司")
            let galaxy = "上海星河科技有限公司"
            #expect(try await names(f, "星河") == [galaxy])
            #expect(try await names(f, "星河科技") == [galaxy])
            #expect(try await names(f, "上海") == [galaxy])  // the start of the name
            #expect(try await names(f, "xinghe") == [galaxy])
            #expect(try await names(f, "xing he") == [galaxy])
            #expect(try await names(f, "XingHeKe") == [galaxy])
            #expect(try await names(f, "shxh") == [galaxy])
            #expect(try await names(f, "xhkj") == [galaxy])
            #expect(try await names(f, "galax") == [galaxy])
            #expect(try await names(f, "Technology") == [galaxy])
            #expect(try await names(f, "星河 galaxy") == [galaxy])
            // 河星 and 星河 are different names: characters and syllables match in order.
            #expect(try await names(f, "河星") == ["北京河星贸易有限公司"])
            #expect(try await names(f, "hexing") == ["北京河星贸易有限公司"])
            #expect(Set(try await names(f, "有限公司")).count == 3)
            #expect(try await names(f, "星河电子").isEmpty)
            #expect(try await names(f, "\"*)(").isEmpty)
        }
    }

    @Test func namesThatStartWithTheTextComeFirstAndTheExactNameFirstOfAll() async throws {
        try await withFixture { f in
            _ = try await customer(f, "华讯电子")
            f.advance()
            _ = try await customer(f, "深圳华讯电子有限公司")
            f.advance()
            _ = try await customer(f, "华讯")
            let found = try await names(f, "华讯")
            #expect(found.first == "华讯")
            #expect(found == ["华讯", "华讯电子", "深圳华讯电子有限公司"])
            // Nothing typed: the newest names.
            #expect(try await names(f, "").first == "华讯")
        }
    }

    @Test func confidentialCustomersAreOfferedOnlyToTheirTeam() async throws {
        try await withFixture { f in
            let owner = try await f.person("owner@test.cn", name: "王芳", roles: [.sales])
            let other = try await f.person("other@test.cn", name: "赵强", roles: [.sales])
            let secret = try await customer(f, "杭州云栖科技有限公司", classification: .confidential, by: owner)
            _ = try await f.contact("陈静", of: secret)
            #expect(try await names(f, "云栖", as: owner) == ["杭州云栖科技有限公司"])
            #expect(try await names(f, "yunqi", as: other).isEmpty)
            let contacts = { (person: Person) in
                try await LookupQueries.contacts("chenjing", of: nil, limit: 10, for: person.viewer, on: f.db)
            }
            #expect(try await contacts(owner).map(\.customerName) == ["杭州云栖科技有限公司"])
            #expect(try await contacts(other).isEmpty)
        }
    }

    @Test func contactsAreFoundWithinTheirCustomer() async throws {
        try await withFixture { f in
            let a = try await customer(f, "上海星河科技有限公司")
            let b = try await customer(f, "深圳华讯电子有限公司")
            try await f.contact("张伟", of: a)
            try await f.contact("张伟明", of: b)
            let all = try await LookupQueries.contacts("zhangwei", of: nil, limit: 10, for: f.admin.viewer, on: f.db)
            #expect(Set(all.map(\.name)) == ["张伟", "张伟明"])
            let ofB = try await LookupQueries.contacts("张", of: b.id, limit: 10, for: f.admin.viewer, on: f.db)
            #expect(ofB.map(\.name) == ["张伟明"])
            #expect(ofB.first?.customerID == b.id)
            // Nothing typed, within a customer: its contacts.
            #expect(try await LookupQueries.contacts("", of: a.id, limit: 10, for: f.admin.viewer, on: f.db).map(\.name) == ["张伟"])
        }
    }

    @Test func aRenamedOrDeletedNameIsFoundByWhatItIsNow() async throws {
        try await withFixture { f in
            let made = try await customer(f, "上海星河科技有限公司")
            let renamed = try CustomerInput(name: "苏州星河科技有限公司", nameEn: "Suzhou Galaxy").validated()
            let (actor, now) = (f.actor(f.admin), f.now)
            _ = try await f.write { tx in
                try await CustomerCommands.update(made.id, with: renamed, expectedVersion: nil, in: WriteContext(actor: actor, now: now), on: tx)
            }
            #expect(try await names(f, "shanghai").isEmpty)
            #expect(try await names(f, "suzhou") == ["苏州星河科技有限公司"])
            #expect(try await names(f, "galaxy") == ["苏州星河科技有限公司"])
            try await f.write { tx in
                try await CustomerCommands.delete(made.id, expectedVersion: nil, in: WriteContext(actor: actor, now: now), on: tx)
            }
            #expect(try await names(f, "星河").isEmpty)
            #expect(try await names(f, "").isEmpty)
        }
    }

    @Test func theMigrationIndexesTheNamesAlreadyStored() async throws {
        try await withFixture { f in
            let made = try await customer(f, "上海星河科技有限公司", english: "Shanghai Galaxy")
            try await f.contact("张伟", of: made)
            try await AddNameLookup().revert(on: f.db)
            try await AddNameLookup().prepare(on: f.db)
            #expect(try await names(f, "xinghe") == ["上海星河科技有限公司"])
            #expect(try await names(f, "galaxy") == ["上海星河科技有限公司"])
            let contacts = try await LookupQueries.contacts("zw", of: nil, limit: 10, for: f.admin.viewer, on: f.db)
            #expect(contacts.map(\.name) == ["张伟"])
        }
    }
}
