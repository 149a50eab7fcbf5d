import Foundation
import Testing

@testable import LiaisonCore

@Suite struct InputTextTests {
    static let refused: [Unicode.Scalar] =
        (Array(0x00...0x08) + Array(0x0B...0x1F) + Array(0x7F...0x9F) + [0x2028, 0x2029] + Array(0x202A...0x202E)
        + Array(0x2066...0x206F) + Array(0xFFF9...0xFFFB)).compactMap(Unicode.Scalar.init)

    @Test func controlAndFormatCharactersAreRefusedInEveryField() {
        for scalar in Self.refused {
            let text = "a" + String(scalar) + "b"
            #expect(InputText.hasRefused(text, multiline: false), "U+\(String(scalar.value, radix: 16))")
            #expect(InputText.hasRefused(text, multiline: true), "U+\(String(scalar.value, radix: 16))")
        }
        #expect(InputText.hasRefused("a\tb", multiline: false))
        #expect(InputText.hasRefused("a\nb", multiline: false))
        #expect(!InputText.hasRefused("a\tb\nc", multiline: true))
    }

    @Test func everythingElseIsAllowed() {
        // Every scalar of the planes people type in, but those refused.
        let refused = Set(Self.refused.map(\.value) + [0x09, 0x0A])
        for value in UInt32(0)...0x2FFFF where !refused.contains(value) && !(0xD800...0xDFFF).contains(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if InputText.hasRefused(String(scalar), multiline: false) {
                Issue.record("U+\(String(value, radix: 16)) is refused")
                return
            }
        }
    }

    @Test func theQuickNFCPathAgreesWithFoundation() {
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value), InputText.isStableUnderNFC(scalar) else { continue }
            for text in [String(scalar), "e" + String(scalar), String(scalar) + "e"] {
                let foundation = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
                if Array(InputText.nfc(text).unicodeScalars) != foundation || foundation != Array(text.unicodeScalars) {
                    Issue.record("U+\(String(value, radix: 16)) changes under NFC")
                    return
                }
            }
        }
    }

    @Test func textIsComposedAndLineBreaksUnified() {
        var v = FieldValidator()
        let name = v.requiredText("name", " Jose\u{301} ", max: 10)
        #expect(Array(name.unicodeScalars) == Array("José".unicodeScalars))
        #expect(Array(name.unicodeScalars).count == 4)
        #expect(v.requiredText("body", "一\r\n二\r三\n", max: 100, multiline: true) == "一\n二\n三")
        #expect(v.requiredText("body", "a\tb", max: 100, multiline: true) == "a\tb")
        #expect(v.issues.isEmpty)
    }

    @Test func refusedCharactersAreNamedByField() {
        var v = FieldValidator()
        v.requiredText("name", "张\u{0}伟", max: 100)
        _ = v.optionalText("title", "a\nb", max: 100)
        _ = v.optionalText("notes", "a\u{202E}b", max: 100, multiline: true)
        _ = v.optionalText("body", "a\u{2028}b", max: 100, multiline: true)
        #expect(v.issues.map(\.field) == ["name", "title", "notes", "body"])
        #expect(v.issues.allSatisfy { $0.code == "controlCharacter" })
    }

    @Test func searchTextLosesWhatItCannotUse() {
        #expect(InputText.stripped("华为\u{0}技术\u{202E}") == "华为 技术 ")
        #expect(InputText.stripped("a\nb") == "a b")
        #expect(InputText.stripped("a\nb", multiline: true) == "a\nb")
    }

    @Test func identifiersAreCompatibilityFolded() throws {
        #expect(EmailAddress("ｆｏｏ＠ｅｘａｍｐｌｅ．ｃｏｍ")?.value == "foo@example.com")
        #expect(EmailAddress("\u{3000}Li.Na@Example.COM")?.value == "li.na@example.com")
        #expect(EmailAddress("foo\u{0}@example.com") == nil)
        #expect(EmailAddress("foo\u{202E}@example.com") == nil)
        #expect(EmailAddress.normalised("ＦＯＯ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "foo@example.com")
        #expect(PhoneNumber.normalised("１３８００１３８０００") == "13800138000")
        #expect(PhoneNumber.isPlausible(PhoneNumber.normalised("＋８６ １３８-００１３-８０００")))
        #expect(try DepartmentInput(name: "销售部", code: "ｓａｌ－１").validated().code == "SAL-1")
    }
}

/// Every input type refuses a NUL in a single-line and in a multi-line field, naming the field.
@Suite struct InputControlCharacterTests {
    static let nul = "\u{0}"
    let customerID = UUID().uuidString

    func fields(_ validate: () throws(ValidationFailure) -> Void) -> [String: String] {
        do {
            try validate()
            return [:]
        } catch {
            return Dictionary(error.issues.map { ($0.field, $0.code) }, uniquingKeysWith: { first, _ in first })
        }
    }

    @Test func customers() throws {
        let issues = fields { () throws(ValidationFailure) in
            _ = try CustomerInput(
                name: "华为\(Self.nul)", region: "a\tb", tags: ["vip\u{202E}"], notes: "第一行\n第二\(Self.nul)行"
            )
            .validated()
        }
        #expect(
            issues == [
                "name": "controlCharacter", "region": "controlCharacter", "tags": "controlCharacter",
                "notes": "controlCharacter",
            ])
        #expect(try CustomerInput(name: "华为", phone: "０２１-６２３４５６７８", notes: "a\r\nb").validated().notes == "a\nb")
        #expect(try CustomerInput(name: "华为", phone: "０２１-６２３４５６７８").validated().phone == "021-62345678")
    }

    @Test func contacts() {
        let issues = fields { () throws(ValidationFailure) in
            _ = try ContactInput(
                customerID: customerID, name: "张\(Self.nul)伟", emails: ["a\(Self.nul)@b.cn"],
                phones: ["138\u{7F}00138000"],
                otherIDs: ["qq": "1\n2"], notes: "\(Self.nul)"
            ).validated()
        }
        #expect(
            issues == [
                "name": "controlCharacter", "emails[0]": "controlCharacter", "phones[0]": "controlCharacter",
                "otherIds": "controlCharacter", "notes": "controlCharacter",
            ])
        let valid = try? ContactInput(customerID: customerID, name: "张伟", emails: ["ｚｗ＠ｈｕａｗｅｉ．ｃｏｍ", "zw@huawei.com"])
            .validated()
        #expect(valid?.emails == ["zw@huawei.com"])
    }

    @Test func interactions() {
        let issues = fields { () throws(ValidationFailure) in
            _ = try InteractionInput(
                customerID: customerID, channel: "phone", direction: "inbound", subject: "询问\(Self.nul)",
                body: "第一行\n\(Self.nul)", occurredAt: Date(timeIntervalSince1970: 1_790_000_000),
                outcome: "\u{1B}[31m", nextStep: "a\(Self.nul)b"
            ).validated(now: Date(timeIntervalSince1970: 1_790_000_000), defaultOwner: UUID())
        }
        #expect(
            issues == [
                "subject": "controlCharacter", "body": "controlCharacter", "outcome": "controlCharacter",
                "nextStep": "controlCharacter",
            ])
    }

    @Test func interactionDueTimesStayInRange() {
        let issues = fields { () throws(ValidationFailure) in
            _ = try InteractionInput(
                customerID: customerID, channel: "phone", direction: "inbound", subject: "询问",
                occurredAt: Date(timeIntervalSince1970: 1_790_000_000), nextStep: "回电",
                nextStepDueAt: Date(timeIntervalSince1970: 253_402_300_799)
            ).validated(now: Date(timeIntervalSince1970: 1_790_000_000), defaultOwner: UUID())
        }
        #expect(issues == ["nextStepDueAt": "dateOutOfRange"])
    }

    @Test func people() {
        let issues = fields { () throws(ValidationFailure) in
            _ = try PersonInput(email: "a\(Self.nul)@b.cn", name: "李\(Self.nul)娜", title: "\u{2066}x", roles: ["sales"])
                .validated()
        }
        #expect(issues == ["email": "controlCharacter", "name": "controlCharacter", "title": "controlCharacter"])
        let person = try? PersonInput(email: "ＬＩ．ＮＡ＠ｅｘａｍｐｌｅ．ｃｏｍ", name: "李娜", phone: "１３８００１３８０００", roles: ["sales"])
            .validated()
        #expect(person?.email.value == "li.na@example.com")
        #expect(person?.phone == "13800138000")
    }

    @Test func requests() {
        let issues = fields { () throws(ValidationFailure) in
            _ = try RequestInput(
                customerID: customerID, kind: "inquiry", priority: "normal", subject: "发票\(Self.nul)",
                body: "请开具\n发票\(Self.nul)"
            ).validated()
        }
        #expect(issues == ["subject": "controlCharacter", "body": "controlCharacter"])
        let valid = try? RequestInput(
            customerID: customerID, kind: "inquiry", priority: "normal", subject: "发票", body: "一\r\n\t二"
        )
        .validated()
        #expect(valid?.body == "一\n\t二")
    }

    @Test func departments() {
        let issues = fields { () throws(ValidationFailure) in
            _ = try DepartmentInput(name: "销售\(Self.nul)部", nameEn: "Sa\u{85}les", code: "S\(Self.nul)").validated()
        }
        #expect(issues == ["name": "controlCharacter", "nameEn": "controlCharacter", "code": "controlCharacter"])
    }
}
