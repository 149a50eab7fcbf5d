import Foundation
import LiaisonCore

/// `liaison-bench message-check [--samples N]`: times `MessageCheck.run` on the issue-19 case — a 5,000-character
/// message, the built-in lexicon padded to 2,000 entries, a request with 20 internal notes of about 300 characters
/// and 10,000 other parties — and prints p50 / p99. Use a release build.
enum MessageCheckBench {
    static func run(_ arguments: [String]) throws {
        var samples = 2_000
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--samples":
                guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else {
                    throw BenchUsage("--samples needs a positive number")
                }
                samples = value
                index += 2
            default:
                throw BenchUsage("unknown option \(arguments[index])")
            }
        }
        var random = SystemRandomNumberGenerator()
        let syllables = Array("安百宝北博采策昌诚川达鼎东方丰海航和恒弘华汇佳嘉建金锦京凯康蓝联领隆茂明诺鹏启瑞润森盛拓天通万维信星新兴旭亚耀易盈永宇远云泽振正智中卓")
        func word(_ length: Int) -> String {
            String((0..<length).map { _ in syllables[Int.random(in: 0..<syllables.count, using: &random)] })
        }

        let compileStart = Date()
        var entries = Lexicon.builtIn
        while entries.count < 2_000 {
            entries.append(
                LexiconEntry(
                    phrase: word(3) + "你们" + word(2), kind: entries.count % 2 == 0 ? .disrespect : .vagueness,
                    severity: .warn, language: "zh", suggestionZh: "换一种说法", suggestionEn: "Rephrase this"))
        }
        let lexicon = Lexicon(entries: entries)
        let lexiconTime = Date().timeIntervalSince(compileStart)

        let partiesStart = Date()
        var parties: [PartyNames.Party] = []
        for _ in 0..<2_000 {
            let id = UUID()
            parties.append(.init(customerID: id, name: "深圳" + word(4) + "科技有限公司", isContact: false))
            for _ in 0..<4 { parties.append(.init(customerID: id, name: word(3), isContact: true)) }
        }
        let partyNames = PartyNames(parties)
        let partiesTime = Date().timeIntervalSince(partiesStart)

        let sentences = [
            "您好，关于导出报表金额不一致的问题，我们已经定位到原因，是汇总时区换算导致的。",
            "修复版本将在明天下午三点前发布，发布后请刷新页面再试。",
            "We have reproduced the issue on our staging server and the fix is ready for review.",
            "如有其他问题，请随时联系我们的值班工程师，电话在工单页面右上角。",
            "The migration plan is attached; please confirm by Friday so that we can book the window.",
            "本次升级涉及权限模块、报表模块和消息中心三个部分，升级期间系统暂停服务两小时。",
        ]
        var message = ""
        var next = 0
        while message.count < 5_000 {
            message += sentences[next % sentences.count]
            next += 1
        }
        message = String(message.prefix(5_000))
        let notes = (0..<20).map { _ in
            (0..<30).map { _ in word(10) }.joined(separator: "，")
        }
        let context = MessageCheckContext(
            customerID: UUID(), customerNames: ["星河科技"], knownDomains: ["xinghe.cn"], language: "zh",
            internalNotes: notes, lastCustomerMessage: "导出功能什么时候修复？发票能否重新开具？",
            recipients: ["wangfang@xinghe.cn"],
            calendar: BusinessCalendar.standardChina().applying(HolidayPresets.china),
            now: Date())

        var findings = 0
        for _ in 0..<20 {
            findings =
                MessageCheck.run(
                    message, context: context, lexicon: lexicon, parties: partyNames, policy: .standard
                ).findings.count
        }
        var timings: [Double] = []
        timings.reserveCapacity(samples)
        let clock = ContinuousClock()
        for _ in 0..<samples {
            let elapsed = clock.measure {
                _ = MessageCheck.run(
                    message, context: context, lexicon: lexicon, parties: partyNames, policy: .standard)
            }
            timings.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        timings.sort()
        func percentile(_ p: Double) -> Double {
            timings[min(timings.count - 1, Int((Double(timings.count) * p).rounded(.up)) - 1)]
        }
        print(
            String(
                format:
                    "message-check: %d characters, %d lexicon entries (compiled in %.0f ms), %d parties (compiled in %.0f ms), %d notes, %d findings",
                message.count, entries.count, lexiconTime * 1000, parties.count, partiesTime * 1000, notes.count,
                findings))
        print(
            String(
                format: "MessageCheck.run over %d samples: p50 %.3f ms, p99 %.3f ms, max %.3f ms", samples,
                percentile(0.50), percentile(0.99), timings.last ?? 0))
    }

    struct BenchUsage: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
