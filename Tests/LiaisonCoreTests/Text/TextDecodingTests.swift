import Foundation
import Testing

@testable import LiaisonCore

@Suite struct TextDecodingTests {
    /// Bytes from hex; test fixtures only, so a bad literal failing loudly is what we want.
    private func bytes(_ hex: String) -> Data {
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            data.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return data
    }

    // "客户名称,联系人\r\n华为技术有限公司,张伟\r\n" as Chinese Excel saves it (python3: .encode('gbk')).
    private let gbkSheet = "BFCDBBA7C3FBB3C62CC1AACFB5C8CB0D0ABBAACEAABCBCCAF5D3D0CFDEB9ABCBBE2CD5C5CEB00D0A"

    @Test func plainUTF8IsUTF8() {
        let decoded = TextDecoding.decode(Data("客户,联系人\n".utf8))
        #expect(decoded?.text == "客户,联系人\n")
        #expect(decoded?.encoding == .utf8)
    }

    @Test func asciiIsUTF8() {
        #expect(TextDecoding.decode(Data("name,phone".utf8))?.encoding == .utf8)
    }

    @Test func emptyDataIsEmptyUTF8() {
        let decoded = TextDecoding.decode(Data())
        #expect(decoded?.text == "")
        #expect(decoded?.encoding == .utf8)
    }

    @Test func utf8BOMIsRecognisedAndDropped() {
        let decoded = TextDecoding.decode(Data([0xEF, 0xBB, 0xBF]) + Data("客户".utf8))
        #expect(decoded?.text == "客户")
        #expect(decoded?.encoding == .utf8BOM)
    }

    @Test func utf8BOMFollowedByInvalidBytesDoesNotDecode() {
        #expect(TextDecoding.decode(Data([0xEF, 0xBB, 0xBF, 0xC4, 0xE3])) == nil)
    }

    @Test func utf16LittleEndianWithBOMDecodes() {
        let decoded = TextDecoding.decode(bytes("FFFE" + "a25b3762"))
        #expect(decoded?.text == "客户")
        #expect(decoded?.encoding == .utf16LE)
    }

    @Test func utf16BigEndianWithBOMDecodes() {
        let decoded = TextDecoding.decode(bytes("FEFF" + "5ba26237"))
        #expect(decoded?.text == "客户")
        #expect(decoded?.encoding == .utf16BE)
    }

    @Test func utf16WithAnOddByteCountDoesNotDecode() {
        #expect(TextDecoding.decode(bytes("FFFEa25b37")) == nil)
    }

    @Test func utf16WithALoneSurrogateDoesNotDecode() {
        #expect(TextDecoding.decode(bytes("FFFE00D84100")) == nil)
    }

    @Test func gbkFromChineseExcelDecodesAsGB18030() {
        let decoded = TextDecoding.decode(bytes(gbkSheet))
        #expect(decoded?.text == "客户名称,联系人\r\n华为技术有限公司,张伟\r\n")
        #expect(decoded?.encoding == .gb18030)
    }

    @Test func gbkSheetParsesAsCSVAfterDecoding() throws {
        let text = try #require(TextDecoding.decode(bytes(gbkSheet))?.text)
        #expect(try CSV.parse(text) == [["客户名称", "联系人"], ["华为技术有限公司", "张伟"]])
    }

    @Test func fourByteGB18030SequencesDecode() {
        // U+20000 (𠀀) lies outside GBK and needs GB18030's four-byte form 95 32 82 36.
        let decoded = TextDecoding.decode(bytes("BFCDBBA795328236"))
        #expect(decoded?.text == "客户𠀀")
        #expect(decoded?.encoding == .gb18030)
    }

    @Test(arguments: ["FF", "C4E3BA", "8120", "A17F", "FE39FE39", "C4E3FF"])
    func bytesThatAreNeitherUTF8NorGB18030DoNotDecode(_ hex: String) {
        #expect(TextDecoding.decode(bytes(hex)) == nil)
    }

    @Test func aSliceOfLargerDataDecodes() {
        let data = Data("xx客户".utf8)
        #expect(TextDecoding.decode(data[2...])?.text == "客户")
    }
}
