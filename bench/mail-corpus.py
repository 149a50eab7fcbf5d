#!/usr/bin/env python3
"""Writes typical inbound mail for the mail benchmark, one RFC 5322 file per message.

    mail-corpus.py --out DIR --count 10000 --senders senders.txt --to support@bench.example [--seed 7] [--prefix a]

Half the messages are Chinese in GBK or GB18030 (base64), the rest UTF-8 (quoted-printable or base64); a third
carry an attachment (a PDF or an image of 20-200 KB); about a quarter answer an earlier message of the set (by
In-Reply-To and References, Foxmail- or Outlook-style subject prefixes), the rest start new conversations. Senders
are taken from --senders (one address per line: contacts of the data set), with one in ten from addresses nobody
knows. Message-IDs are unique per --prefix, so two sets can be taken into the same database.
"""

import argparse
import base64
import email.utils
import os
import random
import time

SUBJECTS = [
    "打印机卡纸", "发票抬头需要修改", "系统无法登录", "集装箱追踪页面打不开", "合同续签事宜", "冷库温度报警",
    "服务器告警", "月度对账单", "设备离线", "验收材料清单", "Invoice request", "Login problem since this morning",
    "网络中断，请尽快处理", "关于二期项目的需求变更", "报价单确认", "物流单号查询",
]
BODIES = [
    "您好，\n\n{s}，麻烦尽快帮忙处理。今天上午开始出现，影响到了我们仓库的出库作业。\n\n谢谢！\n{n}",
    "你好：\n\n附件是相关截图，请查看。问题编号：{k}。如需更多信息请随时联系我。\n\n{n}\n手机：13800138000",
    "Hello,\n\n{s}. We have tried restarting twice; the problem remains. Reference {k}.\n\nBest regards,\n{n}",
    "各位好，\n\n关于{s}，我们这边的情况是：\n1. 今天 9:30 第一次发现；\n2. 影响约 30 名员工；\n3. 暂无临时方案。\n\n{n}",
]
NAMES = ["陈静", "王敏", "李伟", "赵磊", "周敏", "孙悦", "Li Wei", "Zhang Hua"]


def encoded_word(text, charset):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(charset)).decode())


def wrap(data):
    text = base64.b64encode(data).decode()
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def qp(text):
    out, line = [], ""
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        piece = ch if (33 <= byte <= 126 and ch != "=") or ch == " " else ("\r\n" if ch == "\n" else "=%02X" % byte)
        if piece == "\r\n":
            out.append(line + "\r\n")
            line = ""
            continue
        if len(line) + len(piece) > 75:
            out.append(line + "=\r\n")
            line = ""
        line += piece
    return "".join(out) + line


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--senders", required=True)
    parser.add_argument("--to", default="support@bench.example")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--prefix", default="a")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    senders = [line.strip() for line in open(args.senders) if line.strip()]
    os.makedirs(args.out, exist_ok=True)
    earlier = []  # (message id, subject, sender)
    start = time.time()
    attachments = 0
    chinese = 0
    for index in range(args.count):
        message_id = "%s%06d.%d@mail.bench.example" % (args.prefix, index, rng.randrange(10**9))
        answer = earlier and rng.random() < 0.25
        if answer:
            parent_id, subject, sender = rng.choice(earlier[-500:])
            subject = rng.choice(["回复：", "Re: ", "答复: ", "RE: "]) + subject
        else:
            sender = rng.choice(senders) if rng.random() < 0.9 else "stranger%d@elsewhere.example" % rng.randrange(5000)
            subject = rng.choice(SUBJECTS) + " #%d" % rng.randrange(100000)
            parent_id = None
        name = rng.choice(NAMES)
        body = rng.choice(BODIES).format(s=subject, n=name, k="K%05d" % rng.randrange(100000))
        charset = rng.choice(["GBK", "GB18030"]) if index % 2 == 0 else "utf-8"
        if charset != "utf-8":
            chinese += 1
        headers = [
            "From: %s <%s>" % (encoded_word(name, charset), sender),
            "To: <%s>" % args.to,
            "Subject: %s" % encoded_word(subject, charset),
            "Date: %s" % email.utils.formatdate(1796500000 + index * 7, localtime=False),
            "Message-ID: <%s>" % message_id,
            "MIME-Version: 1.0",
        ]
        if parent_id:
            headers.insert(0, "In-Reply-To: <%s>" % parent_id)
            headers.insert(1, "References: <%s>" % parent_id)
        if charset == "utf-8" and rng.random() < 0.5:
            text_part = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                         qp(body)]
        else:
            text_part = ["Content-Type: text/plain; charset=%s" % charset, "Content-Transfer-Encoding: base64", "",
                         wrap(body.encode(charset))]
        if index % 3 == 0:
            attachments += 1
            boundary = "----=_Part_%d_%d" % (index, rng.randrange(10**6))
            size = rng.randrange(20_000, 200_000)
            if rng.random() < 0.5:
                filename, mime, data = "截图%d.png" % index, "image/png", b"\x89PNG\r\n\x1a\n" + rng.randbytes(size)
            else:
                filename, mime, data = "报告%d.pdf" % index, "application/pdf", b"%PDF-1.4\n" + rng.randbytes(size)
            lines = headers + ['Content-Type: multipart/mixed; boundary="%s"' % boundary, "", "--" + boundary] + \
                text_part + ["", "--" + boundary,
                             'Content-Type: %s; name="%s"' % (mime, encoded_word(filename, "utf-8")),
                             "Content-Transfer-Encoding: base64",
                             'Content-Disposition: attachment; filename="%s"' % encoded_word(filename, "utf-8"), "",
                             wrap(data), "", "--" + boundary + "--"]
        else:
            lines = headers + text_part
        with open(os.path.join(args.out, "%06d.eml" % index), "wb") as f:
            f.write(("\r\n".join(lines) + "\r\n").encode("ascii"))
        if not answer:
            earlier.append((message_id, subject, sender))
    print("wrote %d messages (%d with attachments, %d in GBK/GB18030) to %s in %.1f s" % (
        args.count, attachments, chinese, args.out, time.time() - start))


if __name__ == "__main__":
    main()
