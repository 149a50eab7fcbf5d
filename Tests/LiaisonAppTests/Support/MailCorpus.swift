import CoreFoundation
import Foundation

/// Messages shaped like the mailers Chinese customers write with (Outlook, Gmail, Foxmail, QQ Mail, NetEase 163,
/// Tencent Exmail), written for these tests: their header habits, charsets, transfer encodings, multipart shapes,
/// attachment naming and quoting. Each comes with what Liaison must make of it.
enum MailCorpus {
    struct Sample {
        var mailer: String
        var bytes: [UInt8]
        /// The subject the request gets (reply and forward prefixes such as 回复： removed).
        var subject: String
        /// Text the request's message must contain, and text (quoted earlier mail) it must not.
        var contains: [String]
        var excludes: [String]
        /// File names of the attachments kept, in order.
        var files: [String]
    }

    static func encoding(_ label: String) -> String.Encoding {
        let name = CFStringCreateWithCString(nil, label, CFStringBuiltInEncodings.UTF8.rawValue)!
        return String.Encoding(
            rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringConvertIANACharSetNameToEncoding(name)))
    }

    static func bytes(_ text: String, _ charset: String) -> [UInt8] {
        Array(text.data(using: charset == "utf-8" ? .utf8 : encoding(charset))!)
    }

    static func base64(_ text: String, _ charset: String, wrap: Bool = true) -> String {
        let encoded = Data(bytes(text, charset)).base64EncodedString()
        guard wrap else { return encoded }
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            let to = encoded.index(from, offsetBy: min(76, encoded.count - start))
            return String(encoded[from..<to])
        }.joined(separator: "\r\n")
    }

    static func word(_ text: String, _ charset: String) -> String {
        "=?\(charset)?B?\(base64(text, charset, wrap: false))?="
    }

    /// Lines joined with CRLF.
    static func message(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A small PNG-like blob and a PDF-like one, as attachments carry them.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 120))
        .base64EncodedString()
    static let pdf = Data(Array("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)).base64EncodedString()

    /// The six mailers, from `from` to `to`, Message-IDs made unique by `tag`.
    static func samples(from: String, to: String, tag: String) -> [Sample] {
        [
            foxmail(from: from, to: to, tag: tag), outlook(from: from, to: to, tag: tag),
            gmail(from: from, to: to, tag: tag), qq(from: from, to: to, tag: tag), netease(from: from, to: to, tag: tag),
            exmail(from: from, to: to, tag: tag),
        ]
    }

    /// Foxmail: GBK text and HTML in multipart/alternative inside mixed, a GBK-named attachment in RFC 2047 form,
    /// `X-Mailer: Foxmail`, quoted history under a "------------------" line with 原始邮件.
    static func foxmail(from: String, to: String, tag: String) -> Sample {
        let text = "您好：\r\n\r\n附件是本月的对账单，请核对。\r\n\r\n------------------ 原始邮件 ------------------\r\n发件人：客服\r\n上月的对账单已发出。"
        return Sample(
            mailer: "Foxmail",
            bytes: message([
                "From: \(word("陈静", "GBK")) <\(from)>",
                "To: <\(to)>",
                "Subject: \(word("十一月对账单", "GBK"))",
                "Date: Mon, 7 Dec 2026 09:12:44 +0800",
                "Message-ID: <2026120709124412345610@\(tag).foxmail.example>",
                "X-Mailer: Foxmail 7.2.25.228[cn]",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"----=_NextPart_5F1A_0001\"",
                "",
                "This is a multi-part message in MIME format.",
                "",
                "------=_NextPart_5F1A_0001",
                "Content-Type: multipart/alternative; boundary=\"----=_NextPart_5F1A_0002\"",
                "",
                "------=_NextPart_5F1A_0002",
                "Content-Type: text/plain; charset=\"GBK\"",
                "Content-Transfer-Encoding: base64",
                "",
                base64(text, "GBK"),
                "",
                "------=_NextPart_5F1A_0002",
                "Content-Type: text/html; charset=\"GBK\"",
                "Content-Transfer-Encoding: base64",
                "",
                base64("<html><body><div>您好：</div><div>附件是本月的对账单，请核对。</div></body></html>", "GBK"),
                "",
                "------=_NextPart_5F1A_0002--",
                "",
                "------=_NextPart_5F1A_0001",
                "Content-Type: application/pdf; name=\"\(word("对账单-11月.pdf", "GBK"))\"",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment; filename=\"\(word("对账单-11月.pdf", "GBK"))\"",
                "",
                pdf,
                "",
                "------=_NextPart_5F1A_0001--",
            ]),
            subject: "十一月对账单", contains: ["附件是本月的对账单，请核对。"], excludes: ["上月的对账单已发出"],
            files: ["对账单-11月.pdf"])
    }

    /// Outlook: UTF-8 quoted-printable HTML in multipart/related with an inline image by Content-ID, Thread-Index,
    /// a `From:/Sent:` block for the quoted history, and an RFC 2231 file name.
    static func outlook(from: String, to: String, tag: String) -> Sample {
        Sample(
            mailer: "Outlook",
            bytes: message([
                "From: =?utf-8?B?546L5pWP?= <\(from)>",
                "To: \"Support\" <\(to)>",
                "Subject: =?utf-8?B?5pyN5Yqh5Zmo5ZGK6K2m5oiq5Zu+?=",
                "Thread-Topic: =?utf-8?B?5pyN5Yqh5Zmo5ZGK6K2m5oiq5Zu+?=",
                "Thread-Index: AdrJ8Fq2m3k0xK9tT0a1b2c3d4e5fg==",
                "Date: Mon, 7 Dec 2026 01:20:00 +0000",
                "Message-ID: <SEYPR06MB1234ABCD\(tag)@SEYPR06MB1234.apcprd06.prod.outlook.example>",
                "Accept-Language: zh-CN, en-US",
                "Content-Language: zh-CN",
                "X-MS-Has-Attach: yes",
                "MIME-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"_004_SEYPR_\"",
                "",
                "--_004_SEYPR_",
                "Content-Type: multipart/related; boundary=\"_003_SEYPR_\"; type=\"multipart/alternative\"",
                "",
                "--_003_SEYPR_",
                "Content-Type: multipart/alternative; boundary=\"_000_SEYPR_\"",
                "",
                "--_000_SEYPR_",
                "Content-Type: text/plain; charset=\"utf-8\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "=E6=9C=8D=E5=8A=A1=E5=99=A8=E5=91=8A=E8=AD=A6=EF=BC=8C=E8=A7=81=E6=88=AA=E5=9B=BE=E3=80=82",
                "",
                "From: =E5=AE=A2=E6=9C=8D <\(to)>",
                "Sent: Friday, December 4, 2026 5:00 PM",
                "Subject: =E5=B7=A1=E6=A3=80=E6=8A=A5=E5=91=8A",
                "",
                "=E4=B8=8A=E5=91=A8=E5=B7=A1=E6=A3=80=E6=AD=A3=E5=B8=B8=E3=80=82",
                "",
                "--_000_SEYPR_",
                "Content-Type: text/html; charset=\"utf-8\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Dutf-8\"></head><bod=",
                "y><p>=E6=9C=8D=E5=8A=A1=E5=99=A8=E5=91=8A=E8=AD=A6=EF=BC=8C=E8=A7=81=E6=88=AA=E5=9B=BE=E3=80=82</p>=",
                "<img src=3D\"cid:image001.png@01DAC9F0.5A1B2C30\"></body></html>",
                "",
                "--_000_SEYPR_--",
                "",
                "--_003_SEYPR_",
                "Content-Type: image/png; name=\"image001.png\"",
                "Content-Description: image001.png",
                "Content-Disposition: inline; filename=\"image001.png\"",
                "Content-ID: <image001.png@01DAC9F0.5A1B2C30>",
                "Content-Transfer-Encoding: base64",
                "",
                png,
                "",
                "--_003_SEYPR_--",
                "",
                "--_004_SEYPR_",
                "Content-Type: application/pdf; name*=utf-8''%E5%91%8A%E8%AD%A6%E6%97%A5%E5%BF%97.pdf",
                "Content-Disposition: attachment; filename*=utf-8''%E5%91%8A%E8%AD%A6%E6%97%A5%E5%BF%97.pdf",
                "Content-Transfer-Encoding: base64",
                "",
                pdf,
                "",
                "--_004_SEYPR_--",
            ]),
            subject: "服务器告警截图", contains: ["服务器告警，见截图。"], excludes: ["上周巡检正常"],
            files: ["image001.png", "告警日志.pdf"])
    }

    /// Gmail: multipart/alternative, UTF-8 text in quoted-printable with soft line breaks, the "On … wrote:" line
    /// and ">" quotes.
    static func gmail(from: String, to: String, tag: String) -> Sample {
        Sample(
            mailer: "Gmail",
            bytes: message([
                "MIME-Version: 1.0",
                "Date: Mon, 7 Dec 2026 10:03:11 +0800",
                "Message-ID: <CAFk3x9Q+\(tag)=Zq@mail.gmail.example>",
                "Subject: Invoice request / =?UTF-8?B?5byA56Wo55Sz6K+3?=",
                "From: Li Wei <\(from)>",
                "To: \(to)",
                "Content-Type: multipart/alternative; boundary=\"000000000000a1b2c3d4e5f6\"",
                "",
                "--000000000000a1b2c3d4e5f6",
                "Content-Type: text/plain; charset=\"UTF-8\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "Please issue the VAT invoice for order 2026-118. =E8=AF=B7=E5=BC=80=E5=85=B7=E5=A2=9E=E5=80=BC=",
                "=E7=A8=8E=E5=8F=91=E7=A5=A8=E3=80=82",
                "",
                "On Fri, Dec 4, 2026 at 5:10 PM Support <\(to)> wrote:",
                "> Your order has shipped.",
                "",
                "--000000000000a1b2c3d4e5f6",
                "Content-Type: text/html; charset=\"UTF-8\"",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                "<div dir=3D\"ltr\">Please issue the VAT invoice for order 2026-118.</div>",
                "",
                "--000000000000a1b2c3d4e5f6--",
            ]),
            subject: "Invoice request / 开票申请", contains: ["Please issue the VAT invoice", "请开具增值税发票。"],
            excludes: ["Your order has shipped"], files: [])
    }

    /// QQ Mail: GB18030 text in base64 with a body labelled gb2312 (as QQ does), `X-QQ-mid`, an attachment named
    /// with a raw GB18030 file name parameter split by RFC 2231 continuations.
    static func qq(from: String, to: String, tag: String) -> Sample {
        let text = "设备编号：𠮷-0086 已离线（镕铖）。请派人检查。"
        return Sample(
            mailer: "QQ Mail",
            bytes: message([
                "X-QQ-mid: bizesmtp\(tag)t1733538000tabcd",
                "From: \"\(word("赵磊", "gb2312"))\" <\(from)>",
                "To: \"\(to)\" <\(to)>",
                "Subject: \(word("设备离线", "gb2312"))",
                "Mime-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"----=_NextPart_6753C1D0_0A1B2C3D_4E5F6A7B\"",
                "Date: Mon, 7 Dec 2026 10:30:00 +0800",
                "Message-ID: <tencent_\(tag)A1B2C3D4E5F6@qq.example>",
                "",
                "------=_NextPart_6753C1D0_0A1B2C3D_4E5F6A7B",
                "Content-Type: text/plain; charset=\"gb2312\"",
                "Content-Transfer-Encoding: base64",
                "",
                base64(text, "GB18030"),
                "",
                "------=_NextPart_6753C1D0_0A1B2C3D_4E5F6A7B",
                "Content-Type: image/png",
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment;",
                "\tfilename*0*=GB18030''%C9%E8%B1%B8;",
                "\tfilename*1*=%D5%D5%C6%AC.png",
                "",
                png,
                "",
                "------=_NextPart_6753C1D0_0A1B2C3D_4E5F6A7B--",
            ]),
            subject: "设备离线", contains: ["𠮷-0086 已离线（镕铖）", "请派人检查。"], excludes: [], files: ["设备照片.png"])
    }

    /// NetEase 163: GBK HTML only (no text part), `X-Mailer: Coremail`, a script and remote image in the HTML, and
    /// a "回复的原邮件" separator.
    static func netease(from: String, to: String, tag: String) -> Sample {
        let html = """
            <div style="line-height:1.7;color:#000000;font-size:14px">合同已盖章寄出，快递单号 SF1234567890。<br>\
            <img src="https://tracker.example/p.gif"><script>alert(1)</script></div>\
            <div>在 2026-12-04 16:20:05，"客服" &lt;\(to)&gt; 写道：<blockquote>请寄回盖章合同。</blockquote></div>
            """
        return Sample(
            mailer: "NetEase 163",
            bytes: message([
                "Date: Mon, 7 Dec 2026 11:00:00 +0800 (CST)",
                "From: \(word("孙悦", "GBK")) <\(from)>",
                "To: \(to)",
                "Message-ID: <1a2b3c4d.\(tag).18f0000000.Coremail.example@163.example>",
                "Subject: \(word("回复：合同寄回", "GBK"))",
                "MIME-Version: 1.0",
                "Content-Type: text/html; charset=GBK",
                "Content-Transfer-Encoding: base64",
                "X-Mailer: Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)",
                "X-CM-CTRLDATA: abcdEFGH",
                "",
                base64(html, "GBK"),
            ]),
            subject: "合同寄回", contains: ["合同已盖章寄出，快递单号 SF1234567890。"],
            excludes: ["alert(1)", "tracker.example", "请寄回盖章合同"], files: [])
    }

    /// Tencent Exmail (企业邮箱): UTF-8 base64 text and HTML, a folded encoded-word subject split mid-character
    /// across two words, a Cc, and a Word attachment whose name is a plain encoded word.
    static func exmail(from: String, to: String, tag: String) -> Sample {
        let subject = Array("关于二期项目验收安排的通知".utf8)
        let first = Data(subject[0..<13]).base64EncodedString()
        let second = Data(subject[13...]).base64EncodedString()
        return Sample(
            mailer: "Tencent Exmail",
            bytes: message([
                "From: \"\(word("周敏", "utf-8"))\" <\(from)>",
                "To: \"support\" <\(to)>",
                "Cc: \"\(word("钱工", "utf-8"))\" <qian@partner.example>",
                "Subject: =?utf-8?B?\(first)?=",
                " =?utf-8?B?\(second)?=",
                "Mime-Version: 1.0",
                "Content-Type: multipart/mixed; boundary=\"----=_NextPart_675400A0_0F0E0D0C_1A2B3C4D\"",
                "Content-Transfer-Encoding: 8Bit",
                "Date: Mon, 7 Dec 2026 14:00:00 +0800",
                "X-Priority: 3",
                "Message-ID: <tencent_\(tag)F00D@exmail.qq.example>",
                "X-QQ-MIME: TCMime 1.0 by Tencent",
                "X-Mailer: QQMail 2.x",
                "",
                "------=_NextPart_675400A0_0F0E0D0C_1A2B3C4D",
                "Content-Type: multipart/alternative; boundary=\"----=_NextPart_675400A0_0F0E0D0C_5E6F7A8B\"",
                "",
                "------=_NextPart_675400A0_0F0E0D0C_5E6F7A8B",
                "Content-Type: text/plain; charset=\"utf-8\"",
                "Content-Transfer-Encoding: base64",
                "",
                base64("二期项目定于 12 月 15 日验收，请准备验收材料。", "utf-8"),
                "",
                "------=_NextPart_675400A0_0F0E0D0C_5E6F7A8B",
                "Content-Type: text/html; charset=\"utf-8\"",
                "Content-Transfer-Encoding: base64",
                "",
                base64("<div>二期项目定于 12 月 15 日验收，请准备验收材料。</div>", "utf-8"),
                "",
                "------=_NextPart_675400A0_0F0E0D0C_5E6F7A8B--",
                "",
                "------=_NextPart_675400A0_0F0E0D0C_1A2B3C4D",
                "Content-Type: application/octet-stream; charset=\"utf-8\"; name=\"\(word("验收清单.docx", "utf-8"))\"",
                "Content-Disposition: attachment; filename=\"\(word("验收清单.docx", "utf-8"))\"",
                "Content-Transfer-Encoding: base64",
                "",
                Data(Array("PK\u{3}\u{4}docx".utf8)).base64EncodedString(),
                "",
                "------=_NextPart_675400A0_0F0E0D0C_1A2B3C4D--",
            ]),
            subject: "关于二期项目验收安排的通知", contains: ["二期项目定于 12 月 15 日验收，请准备验收材料。"], excludes: [],
            files: ["验收清单.docx"])
    }
}
