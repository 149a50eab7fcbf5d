import Foundation
import Testing

@testable import LiaisonCore

@Suite struct ContentSnifferTests {
    private func sniff(_ head: [UInt8], _ filename: String = "upload") -> ContentSniffer.Detected? {
        ContentSniffer.sniff(head, filename: filename)
    }

    private func sniff(_ text: String, _ filename: String = "upload") -> ContentSniffer.Detected? {
        ContentSniffer.sniff(Array(text.utf8), filename: filename)
    }

    @Test func pdfIsRecognisedWhateverItIsCalled() {
        #expect(sniff("%PDF-1.7\n%âãÏÓ", "invoice.exe") == .init(mime: "application/pdf", fileExtension: "pdf"))
    }

    @Test func imagesAreRecognised() {
        #expect(sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])?.mime == "image/png")
        #expect(sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])?.mime == "image/jpeg")
        #expect(sniff(Array("GIF89a".utf8) + [1, 0])?.mime == "image/gif")
        #expect(sniff(Array("GIF87a".utf8))?.fileExtension == "gif")
        #expect(sniff(Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8))?.mime == "image/webp")
    }

    @Test func riffThatIsNotWebPIsRefused() {
        #expect(sniff(Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WAVEfmt ".utf8)) == nil)
    }

    private let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0x06, 0]

    @Test func officeOpenXMLIsTheZipNamedLikeIt() {
        #expect(
            sniff(zip, "报价.docx")?.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(
            sniff(zip, "客户.XLSX")
                == .init(
                    mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileExtension: "xlsx"))
        #expect(sniff(zip, "deck.pptx")?.fileExtension == "pptx")
    }

    @Test func anyOtherZipIsAZip() {
        #expect(sniff(zip, "photos.zip") == .init(mime: "application/zip", fileExtension: "zip"))
        #expect(sniff(zip, "report.pdf") == .init(mime: "application/zip", fileExtension: "zip"))
    }

    @Test func windowsPathsInFilenamesAreUnderstood() {
        #expect(sniff(zip, "C:\\fakepath\\a.b\\合同.docx")?.fileExtension == "docx")
    }

    private let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]

    @Test func legacyOfficeIsTheOLEFileNamedLikeIt() {
        #expect(sniff(ole, "a.doc") == .init(mime: "application/msword", fileExtension: "doc"))
        #expect(sniff(ole, "a.xls") == .init(mime: "application/vnd.ms-excel", fileExtension: "xls"))
        #expect(sniff(ole, "a.ppt") == .init(mime: "application/vnd.ms-powerpoint", fileExtension: "ppt"))
        #expect(sniff(ole, "a.msg") == .init(mime: "application/x-ole-storage", fileExtension: "bin"))
    }

    @Test func utf8TextIsPlainText() {
        #expect(sniff("客户来电，要求退款。\n", "note.txt") == .init(mime: "text/plain", fileExtension: "txt"))
    }

    @Test func textNamedCSVIsCSV() {
        #expect(sniff("名称,电话\n张伟,138\n", "客户.CSV") == .init(mime: "text/csv", fileExtension: "csv"))
    }

    @Test func textNamedEMLIsAMessage() {
        #expect(
            sniff("From: a@b.cn\r\nSubject: hi\r\n\r\nbody", "mail.eml")
                == .init(
                    mime: "message/rfc822", fileExtension: "eml"))
    }

    @Test func gbkTextIsText() {
        let gbk: [UInt8] = [0xBF, 0xCD, 0xBB, 0xA7, 0x2C, 0xC1, 0xAA, 0xCF, 0xB5, 0xC8, 0xCB, 0x0D, 0x0A]  // 客户,联系人
        #expect(sniff(gbk, "export.csv")?.mime == "text/csv")
    }

    @Test func aHeadCutInsideAMultiByteCharacterIsStillText() {
        let bytes = Array(String(repeating: "客", count: 3000).utf8)
        #expect(sniff(Array(bytes.prefix(8192)), "long.txt")?.mime == "text/plain")
    }

    @Test func onlyTheFirst8KBAreExamined() {
        #expect(sniff(Array(String(repeating: "a", count: 8192).utf8) + [0, 0, 0], "a.txt")?.mime == "text/plain")
    }

    @Test func textWithNulBytesIsRefused() {
        #expect(sniff([0x61, 0x00, 0x62], "a.txt") == nil)
    }

    @Test func utf16TextIsRefusedBecauseOfItsNuls() {
        #expect(sniff([0xFF, 0xFE, 0x61, 0x00], "a.txt") == nil)
    }

    @Test func executablesAreRefused() {
        #expect(sniff([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00], "report.pdf") == nil)
        #expect(sniff([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01], "a.txt") == nil)
        #expect(sniff([0xCF, 0xFA, 0xED, 0xFE, 0x07], "a.txt") == nil)
    }

    @Test func textThatMerelyStartsWithMZIsText() {
        #expect(sniff("MZ-100,型号\n", "models.csv")?.mime == "text/csv")
    }

    @Test(arguments: [
        "<html><body>x</body></html>", "  \n<!DOCTYPE html><p>x", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "<?xml version=\"1.0\"?>\n<svg onload=\"alert(1)\">", "\t<SCRIPT>alert(1)</SCRIPT>", "\u{FEFF}<HtMl>",
    ])
    func htmlAndSVGAreRefusedEvenThoughTheyAreText(_ text: String) {
        #expect(sniff(text, "notes.txt") == nil)
    }

    @Test func textMentioningTagsLaterIsStillText() {
        #expect(sniff("note: the page uses <script> tags", "a.txt")?.mime == "text/plain")
        #expect(sniff("<b>bold</b> only", "a.txt")?.mime == "text/plain")
    }

    @Test func unknownBinaryIsRefused() {
        #expect(sniff([0x1F, 0x8B, 0x08, 0x00], "a.tar.gz") == nil)
        #expect(sniff([0xFF, 0xFF, 0xFF], "a.txt") == nil)
    }

    @Test func theDescriptionNamesTheAllowedKinds() {
        #expect(ContentSniffer.allowedDescription.contains("PDF"))
        #expect(ContentSniffer.allowedDescription.contains("CSV"))
    }
}
