import Foundation
import Testing

@testable import LiaisonMail

/// Any bytes are a message: cut, flipped and spliced copies of real shapes parse without trapping, within bounds.
@Suite struct MalformedMailTests {
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    static let shapes: [[UInt8]] = [
        Fixture.message([
            "From: =?GBK?B?\(Fixture.base64("陈静", "gbk"))?= <chen@x.cn>", "Subject: =?utf-8?Q?=E4=BD=A0?=",
            "Content-Type: multipart/mixed; boundary=\"b\"", "", "--b", "Content-Type: multipart/alternative; boundary=c",
            "", "--c", "Content-Type: text/plain; charset=gbk", "Content-Transfer-Encoding: base64", "",
            Fixture.base64("你好，附件请查收", "gbk"), "--c", "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable", "", "<p>=E4=BD=A0=E5=A5=BD</p>=", "--c--", "--b",
            "Content-Disposition: attachment; filename*0*=utf-8''%E6%8A%A5; filename*1=.pdf", "", "%PDF", "--b--",
        ]),
        Fixture.message([
            "Content-Type: text/html", "", "<div><script>x</script>&#x4F60;&amp;<br><!-- c --></div><p", "&#99999999;",
        ]),
    ]

    @Test func cutFlippedAndSplicedMessagesParse() {
        var random = SeededGenerator(state: 0x5EED_1234_ABCD)
        let specials: [UInt8] = Array("=?-\r\n:;\"<>\\".utf8) + [0x80, 0xFF, 0x00]
        for round in 0..<3000 {
            var bytes = Self.shapes[round % Self.shapes.count]
            switch round % 4 {
            case 0:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            case 1:
                for _ in 0..<Int.random(in: 1...20, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = specials.randomElement(using: &random)!
                }
            case 2:
                let cut = Int.random(in: 0...bytes.count, using: &random)
                let other = Self.shapes.randomElement(using: &random)!
                bytes = Array(bytes.prefix(cut)) + Array(other.suffix(Int.random(in: 0...other.count, using: &random)))
            default:
                bytes = (0..<Int.random(in: 0...400, using: &random)).map { _ in specials.randomElement(using: &random)! }
            }
            let mail = MailMessage(parsing: bytes)
            #expect(mail.attachments.count < MIMEPart.maximumParts)
            _ = HTMLText.plainText(mail.html ?? "")
        }
    }
}
