import Foundation

/// What the check found in a text: its problems and the commitments it makes.
public struct MessageCheckResult: Sendable {
    public var findings: [MessageFinding]
    public var commitments: [CommitmentCandidate]

    /// A result from its parts.
    public init(findings: [MessageFinding], commitments: [CommitmentCandidate]) {
        self.findings = findings
        self.commitments = commitments
    }

    /// Whether any finding blocks sending.
    public var blocks: Bool { findings.contains { $0.severity == .block } }
}

/// The communication guard's checker: one pure function from a customer-facing text and its context to findings
/// and commitments. Everything it compiles (lexicon, other parties) is compiled by the caller once and passed in;
/// the rest is linear in the text's length. Findings come in text order, those outside the text (recipients,
/// attachments, unanswered questions, language) first; at most `maximumFindingsPerKind` of each kind.
public enum MessageCheck {
    public static let maximumFindingsPerKind = 50

    /// Checks `text`.
    public static func run(
        _ text: String, context: MessageCheckContext, lexicon: Lexicon, parties: PartyNames,
        policy: MessageCheckPolicy
    ) -> MessageCheckResult {
        let normalised = NormalisedText(text)
        let scalars = normalised.original
        var collector = FindingCollector(policy: policy)
        let scan = CommitmentTime.scan(scalars, calendar: context.calendar, now: context.now)
        let writtenIn = LanguageGuess.language(of: scalars)
        let senderLanguage = context.senderLanguage.map(LanguageGuess.base) ?? writtenIn ?? "zh"

        for issue in scan.issues {
            let key = issue.code == .invalid ? "date" : "due"
            collector.add(
                .date, .warn, issue.start, issue.end, issue.code.rawValue, [key: issue.argument],
                excerpt: normalised.excerpt(issue.start, issue.end))
        }
        for match in lexicon.matches(in: normalised) {
            let excerpt = normalised.excerpt(match.start, match.end)
            let suggestion = match.entry.suggestion(for: senderLanguage)
            if match.entry.kind == .disrespect {
                collector.add(
                    .disrespect, match.entry.severity, match.start, match.end, "disrespect", ["phrase": excerpt],
                    suggestion: suggestion, excerpt: excerpt)
            } else {
                guard !collector.isFull(.vagueness) else { continue }
                let sentence = Sentences.range(around: match.start, in: scalars)
                let resolved = scan.candidates.contains {
                    $0.start < sentence.upperBound && $0.end > sentence.lowerBound
                }
                guard !resolved else { continue }
                collector.add(
                    .vagueness, match.entry.severity, match.start, match.end,
                    match.entry.isPromise ? "vagueness.promise" : "vagueness.noDate", ["phrase": excerpt],
                    suggestion: suggestion, excerpt: excerpt)
            }
        }
        if policy.isEnabled(.vagueness), let last = context.lastCustomerMessage {
            for question in QuestionCheck.unanswered(
                customerMessage: last, reply: text, replyNamesATime: !scan.candidates.isEmpty)
            {
                collector.add(
                    .vagueness, .warn, 0, 0, "vagueness.unanswered", ["question": question], excerpt: question)
            }
        }
        if policy.isEnabled(.placeholder) {
            for span in PlaceholderScan.find(in: scalars) {
                let excerpt = normalised.excerpt(span.start, span.end)
                collector.add(
                    .placeholder, .block, span.start, span.end, "placeholder", ["placeholder": excerpt],
                    excerpt: excerpt)
            }
        }
        if policy.isEnabled(.internalText) {
            for match in InternalTextScan.markers.matches(in: normalised) {
                let excerpt = normalised.excerpt(match.start, match.end)
                collector.add(
                    .internalText, .block, match.start, match.end, "internalText.marker", ["marker": excerpt],
                    excerpt: excerpt)
            }
            for label in InternalTextScan.labels(in: scalars) {
                let excerpt = normalised.excerpt(label.start, label.end)
                collector.add(
                    .internalText, .block, label.start, label.end, "internalText.marker", ["marker": excerpt],
                    excerpt: excerpt)
            }
            let notes = InternalTextScan(notes: context.internalNotes)
            for run in notes.copiedRuns(in: normalised) {
                let span = normalised.originalSpan(run.start, run.end)
                collector.add(
                    .internalText, .block, span.start, span.end, "internalText",
                    ["length": String(run.end - run.start)],
                    excerpt: normalised.excerpt(span.start, span.end))
            }
        }
        for match in OtherCustomers.matches(in: normalised, parties: parties, context: context) {
            let excerpt = normalised.excerpt(match.start, match.end)
            collector.add(
                .otherCustomer, .block, match.start, match.end, "otherCustomer", ["name": match.name], excerpt: excerpt)
        }
        if policy.isEnabled(.recipient) {
            for stranger in AddressCheck.strangers(
                context.recipients, knownDomains: context.knownDomains, knownAddresses: context.knownAddresses)
            {
                collector.add(.recipient, .block, 0, 0, "recipient", ["address": stranger], excerpt: stranger)
            }
        }
        if policy.isEnabled(.attachment), let customerID = context.customerID {
            for attachment in context.attachments where attachment.customerID.map({ $0 != customerID }) ?? false {
                collector.add(
                    .attachment, .block, 0, 0, "attachment", ["name": attachment.name], excerpt: attachment.name)
            }
        }
        if policy.isEnabled(.language), let expected = context.language.map(LanguageGuess.base), let writtenIn,
            ["zh", "en"].contains(expected), writtenIn != expected
        {
            collector.add(.language, .warn, 0, 0, "language", ["expected": expected, "found": writtenIn], excerpt: "")
        }
        return MessageCheckResult(findings: collector.sorted(), commitments: scan.candidates)
    }
}

/// Gathers findings under the policy: disabled kinds dropped, severities overridden, at most a few per kind.
struct FindingCollector {
    let policy: MessageCheckPolicy
    private var findings: [MessageFinding] = []
    private var counts: [MessageFindingKind: Int] = [:]

    init(policy: MessageCheckPolicy) {
        self.policy = policy
    }

    mutating func add(
        _ kind: MessageFindingKind, _ proposed: MessageFindingSeverity, _ start: Int, _ end: Int, _ code: String,
        _ arguments: [String: String], suggestion: String? = nil, excerpt: String
    ) {
        guard policy.isEnabled(kind), counts[kind, default: 0] < MessageCheck.maximumFindingsPerKind else { return }
        counts[kind, default: 0] += 1
        findings.append(
            MessageFinding(
                kind: kind, severity: policy.severity(of: kind, proposed: proposed), start: start, end: end,
                code: code, arguments: arguments, suggestion: suggestion, excerpt: excerpt))
    }

    /// Whether no more findings of `kind` will be kept.
    func isFull(_ kind: MessageFindingKind) -> Bool {
        counts[kind, default: 0] >= MessageCheck.maximumFindingsPerKind
    }

    func sorted() -> [MessageFinding] {
        findings.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
    }
}

/// Sentence bounds for the "a vague word is fine when its sentence has a date" rule.
enum Sentences {
    /// The original scalars of the sentence around `index` (at most 400 characters either way).
    static func range(around index: Int, in scalars: [Unicode.Scalar]) -> Range<Int> {
        var start = index
        while start > 0 && index - start < 400 && !isEnd(scalars, start - 1) { start -= 1 }
        var end = index
        while end < scalars.count && end - index < 400 && !isEnd(scalars, end) { end += 1 }
        return start..<min(scalars.count, end + 1)
    }

    private static func isEnd(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        switch scalars[index] {
        case "。", "！", "？", "!", "?", "；", ";", "\n": return true
        case ".": return index + 1 >= scalars.count || scalars[index + 1] == " " || scalars[index + 1] == "\n"
        default: return false
        }
    }
}

/// Other customers' names in a text, never the addressed customer's own.
enum OtherCustomers {
    struct Match {
        var start: Int
        var end: Int
        var name: String
    }

    static func matches(in text: NormalisedText, parties: PartyNames, context: MessageCheckContext) -> [Match] {
        let found = parties.automaton.matches(in: text)
        guard !found.isEmpty else { return [] }
        var ownKeys: [[UInt32]] = []
        for name in context.customerNames {
            ownKeys.append(NormalisedText.key(name))
            ownKeys += PartyNames.keys(for: name, isContact: false)
        }
        ownKeys = ownKeys.filter { !$0.isEmpty }
        let own = PhraseAutomaton(ownKeys)
        let ownSpans = own.matches(in: text)
        var result: [Match] = []
        for match in PhraseAutomaton.longestNonOverlapping(found) {
            let key = parties.keys[match.pattern]
            if ownKeys.contains(key) { continue }
            if ownSpans.contains(where: {
                $0.start <= match.start && match.end <= $0.end && $0.end - $0.start > key.count
            }) {
                continue
            }
            guard
                let owner = parties.owners[match.pattern].first(where: {
                    parties.parties[$0].customerID != context.customerID
                })
            else { continue }
            let span = text.originalSpan(match.start, match.end)
            result.append(Match(start: span.start, end: span.end, name: parties.parties[owner].name))
        }
        return result
    }
}
