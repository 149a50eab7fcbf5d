import Foundation
import Testing

@testable import LiaisonCore

@Suite struct PersonInputTests {
    @Test func aValidPersonIsNormalised() throws {
        let person = try PersonInput(
            email: "  Zhang.Wei@Corp.CN ", name: " 张伟 ", phone: "+86 138-0013-8000", roles: ["engineer", "departmentLead"]
        ).validated()
        #expect(person.email.value == "zhang.wei@corp.cn")
        #expect(person.name == "张伟")
        #expect(person.roles == [.engineer, .departmentLead])
        #expect(person.timeZone == "Asia/Shanghai")
    }

    @Test func everyProblemIsReportedAtOnce() {
        #expect(throws: ValidationFailure.self) { try PersonInput().validated() }
        do {
            _ = try PersonInput(
                email: "x@", name: String(repeating: "名", count: 101), phone: "abc", departmentID: "dept-1",
                roles: ["king"], locale: "fr", timeZone: "Nowhere/City"
            ).validated()
        } catch {
            #expect(Set(error.issues.map(\.field)) == ["email", "name", "phone", "departmentId", "roles", "locale", "timeZone"])
            #expect(error.issues.first { $0.field == "name" }?.values == ["100"])
        }
    }

    @Test func customerIsNotAStaffRole() {
        #expect(throws: ValidationFailure.self) { try PersonInput(email: "a@b.cn", name: "a", roles: ["customer"]).validated() }
    }
}

@Suite struct EmailAndPhoneTests {
    @Test(arguments: ["wang@corp.cn", "li.na+crm@mail.example.com", "a_b@sub.domain.org"])
    func plausibleEmailsPass(_ text: String) {
        #expect(EmailAddress(text) != nil)
    }

    @Test(arguments: ["", "plain", "a@b", "@corp.cn", "a@@corp.cn", "a b@corp.cn", "a@corp..cn", ".a@corp.cn", "a@-corp.cn"])
    func implausibleEmailsFail(_ text: String) {
        #expect(EmailAddress(text) == nil)
    }

    @Test(arguments: ["13800138000", "+86 138 0013 8000", "(021) 6234-5678", "010-88886666 转 801", "+1 (415) 555-0100 ext 12"])
    func phoneNumbersAsPeopleWriteThemPass(_ text: String) {
        #expect(PhoneNumber.isPlausible(text))
    }

    @Test(arguments: ["12", "call me", "138+0013", "010-8888 转 ", "1".repeated(25)])
    func nonsenseFails(_ text: String) {
        #expect(!PhoneNumber.isPlausible(text))
    }
}

@Suite struct DepartmentInputTests {
    @Test func codesAreUpperCasedAndChecked() throws {
        #expect(try DepartmentInput(name: "销售部", code: "sal-1").validated().code == "SAL-1")
        #expect(throws: ValidationFailure.self) { try DepartmentInput(name: "销售部", code: "销售").validated() }
    }
}

@Suite struct LocaleTests {
    @Test func acceptLanguagePicksTheBestSupportedLanguage() {
        #expect(AppLocale.negotiate(acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8") == .zhHans)
        #expect(AppLocale.negotiate(acceptLanguage: "en-US,en;q=0.9") == .en)
        #expect(AppLocale.negotiate(acceptLanguage: "fr-FR, en;q=0.5, zh-TW;q=0.7") == .zhHans)
        #expect(AppLocale.negotiate(acceptLanguage: "de, fr") == nil)
        #expect(AppLocale.negotiate(acceptLanguage: "en;q=0, zh;q=0.1") == .zhHans)
        #expect(AppLocale.negotiate(acceptLanguage: nil) == nil)
    }
}

@Suite struct SortKeyTests {
    @Test func chineseNamesSortByPinyin() {
        let names = ["张三", "李四", "王五", "陈静", "Alice", "bob"]
        let sorted = names.sorted { SortKey.make($0) < SortKey.make($1) }
        #expect(sorted == ["Alice", "bob", "陈静", "李四", "王五", "张三"])
    }

    @Test func keysIgnoreCaseAndTones() {
        #expect(SortKey.make("张伟") == "zhang wei")
        #expect(SortKey.make("  ÉMILE  Zola ") == "emile zola")
    }
}

@Suite struct CursorTests {
    @Test func aCursorSurvivesTheRoundTrip() {
        let cursor = Cursor(key: "zhang wei", id: UUID().uuidString)
        #expect(Cursor(encoded: cursor.encoded) == cursor)
        #expect(!cursor.encoded.contains("="))
    }

    @Test func garbageIsNotACursor() {
        #expect(Cursor(encoded: "garbage!") == nil)
        #expect(Cursor(encoded: "e30") == nil)  // "{}"
    }

    @Test func pageQueriesCheckTheirLimits() throws {
        #expect(try PageQuery.parse(limit: nil, cursor: nil).limit == 50)
        #expect(throws: ValidationFailure.self) { try PageQuery.parse(limit: "0", cursor: nil) }
        #expect(throws: ValidationFailure.self) { try PageQuery.parse(limit: "500", cursor: nil) }
    }
}

extension String {
    func repeated(_ count: Int) -> String { String(repeating: self, count: count) }
}

@Suite struct TimeZoneNameTests {
    @Test func knownZonesPassAndNamesWithHiddenCharactersDoNot() {
        for zone in ["Asia/Shanghai", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT-8", "Europe/London"] {
            #expect(TimeZoneName.isKnown(zone), "\(zone)")
        }
        for zone in ["Asia/Shanghai\u{0}", "Asia/Shanghai\u{0}x", "Asia/Shang hai", "", "Mars/Olympus", "Asia/上海",
            "Asia/Shanghai\u{202E}", String(repeating: "A", count: 65)]
        {
            #expect(!TimeZoneName.isKnown(zone), "\(zone.unicodeScalars.map(\.value))")
        }
    }

    @Test func idsWithATrailingNULAreNotIds() {
        var v = FieldValidator()
        let id = UUID()
        #expect(v.reference("id", id.uuidString + "\u{0}") == nil)
        #expect(v.requiredReference("id", id.uuidString + "\u{0}") == nil)
        #expect(v.issues.map(\.code) == ["invalidReference", "invalidReference"])
        #expect(v.reference("id", " \(id.uuidString.lowercased()) ") == id)
    }
}
