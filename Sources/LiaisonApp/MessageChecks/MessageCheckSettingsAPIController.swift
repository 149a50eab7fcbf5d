import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

/// How each kind of finding is treated: "block", "warn" or "off".
struct MessageCheckSettingsDTO: Content {
    var kinds: [String: String]
    var version: Int
    var updatedAt: Date?

    init(_ stored: MessageCheckSettingsStore.Stored) {
        kinds = Dictionary(
            uniqueKeysWithValues: MessageFindingKind.allCases.map {
                ($0.rawValue, MessageCheckSettingsStore.describe($0, in: stored.policy))
            })
        version = stored.version
        updatedAt = stored.updatedAt
    }
}

/// A change of the settings: the kinds named, each "block", "warn" or "off"; the others stay as they are.
struct MessageCheckSettingsBody: Content {
    var kinds: [String: String]?

    /// The treatments a kind may be given; another customer's name always blocks.
    static let treatments = ["block", "warn", "off"]

    func policy(over current: MessageCheckPolicy) throws(ValidationFailure) -> MessageCheckPolicy {
        var v = FieldValidator()
        var next = current
        for (name, treatment) in (kinds ?? [:]).sorted(by: { $0.key < $1.key }) {
            let field = "kinds.\(name)"
            guard let kind = MessageFindingKind(rawValue: name) else {
                v.add(field, "unknownKind")
                continue
            }
            guard Self.treatments.contains(treatment) else {
                v.add(field, "invalidChoice", [Self.treatments.joined(separator: ", ")])
                continue
            }
            if kind == .otherCustomer, treatment != "block" {
                v.add(field, "alwaysBlocks")
                continue
            }
            if treatment == "off" {
                next.disabled.insert(kind)
            } else {
                next.disabled.remove(kind)
                next.severities[kind] = treatment == "block" ? .block : .warn
            }
        }
        try v.check()
        return next
    }
}

/// The lexicon in the API: whether it is the organisation's own, and its entries.
struct LexiconDTO: Content {
    struct Entry: Content {
        var phrase: String
        var kind: String
        var severity: String
        var language: String?
        var suggestionZh: String?
        var suggestionEn: String?

        init(_ entry: LexiconEntry) {
            phrase = entry.phrase
            kind = entry.isPromise ? LexiconEntryInput.promiseKind : entry.kind.rawValue
            severity = entry.severity.rawValue
            language = entry.language
            suggestionZh = entry.suggestionZh
            suggestionEn = entry.suggestionEn
        }
    }

    var edited: Bool
    var entries: [Entry]
}

struct LexiconBody: Content {
    var entries: [LexiconEntryInput]?
}

/// `GET/PUT /api/v1/message-checks/settings` and `GET/PUT/DELETE /api/v1/message-checks/lexicon`: administrators.
struct MessageCheckSettingsAPIController {
    func register(_ routes: any RoutesBuilder) {
        routes.on(MessageCheckRoutes.apiSettings, use: settings)
        routes.on(MessageCheckRoutes.apiUpdateSettings, use: updateSettings)
        routes.on(MessageCheckRoutes.apiLexicon, use: lexicon)
        routes.on(MessageCheckRoutes.apiReplaceLexicon, body: .collect(maxSize: "8mb"), use: replaceLexicon)
        routes.on(MessageCheckRoutes.apiResetLexicon, use: resetLexicon)
    }

    func settings(_ request: Request) async throws -> Response {
        let stored = try await MessageCheckSettingsStore.read(on: request.db)
        return try MessageCheckSettingsDTO(stored).apiResponse(for: request).withETag(stored.version)
    }

    func updateSettings(_ request: Request) async throws -> Response {
        let current = try await MessageCheckSettingsStore.read(on: request.db)
        let expected = try request.ifMatch(current: current.version)
        let policy = try request.content.decode(MessageCheckSettingsBody.self).policy(over: current.policy)
        let stored = try await Self.save(policy, expected: expected, request)
        return try MessageCheckSettingsDTO(stored).apiResponse(for: request).withETag(stored.version)
    }

    static func save(_ policy: MessageCheckPolicy, expected: Int?, _ request: Request) async throws
        -> MessageCheckSettingsStore.Stored
    {
        let context = request.writeContext
        let stored = try await request.write { tx in
            try await MessageCheckSettingsStore.update(
                to: policy, expectedVersion: expected, by: context.actor, at: context.now, on: tx)
        }
        request.application.messageGuard.invalidate()
        return stored
    }

    /// The lexicon as JSON, or as CSV with `?format=csv` (or `Accept: text/csv`).
    func lexicon(_ request: Request) async throws -> Response {
        let (entries, edited) = try await MessageLexiconStore.effective(on: request.db)
        if Self.wantsCSV(request) { return Self.csvResponse(entries) }
        return try LexiconDTO(edited: edited, entries: entries.map(LexiconDTO.Entry.init)).apiResponse(for: request)
    }

    /// Replaces the whole lexicon: `{"entries": [...]}`, or a CSV body (`Content-Type: text/csv`). A list with any
    /// bad entry or row is refused whole, every problem named with its row.
    func replaceLexicon(_ request: Request) async throws -> Response {
        let entries: [LexiconEntry]
        if request.headers.contentType?.subType == "csv" {
            let text = request.body.data.map { String(decoding: Data(buffer: $0), as: UTF8.self) } ?? ""
            entries = try Self.parseCSV(text)
        } else {
            let body = try request.content.decode(LexiconBody.self)
            guard let inputs = body.entries else {
                throw ValidationFailure([ValidationIssue("entries", "required")])
            }
            entries = try LexiconEntryInput.validated(inputs)
        }
        let stored = try await Self.replace(entries, request)
        return try LexiconDTO(edited: true, entries: stored.map(LexiconDTO.Entry.init)).apiResponse(for: request)
    }

    /// Back to the built-in lexicon.
    func resetLexicon(_ request: Request) async throws -> Response {
        let context = request.writeContext
        try await request.write { tx in
            try await MessageLexiconStore.reset(by: context.actor, at: context.now, on: tx)
        }
        request.application.messageGuard.invalidate()
        return try LexiconDTO(edited: false, entries: Lexicon.builtIn.map(LexiconDTO.Entry.init))
            .apiResponse(for: request)
    }

    static func replace(_ entries: [LexiconEntry], _ request: Request) async throws -> [LexiconEntry] {
        let context = request.writeContext
        let stored = try await request.write { tx in
            try await MessageLexiconStore.replace(with: entries, by: context.actor, at: context.now, on: tx)
        }
        request.application.messageGuard.invalidate()
        return stored
    }

    /// The entries of a lexicon CSV, or every bad row named (`rows[N].field`, N the line of the file, the header 1).
    static func parseCSV(_ text: String) throws(ValidationFailure) -> [LexiconEntry] {
        let parsed = LexiconCSV.parse(text)
        if !parsed.issues.isEmpty {
            throw ValidationFailure(parsed.issues.prefix(200).map { ValidationIssue("rows[\($0.row)].\($0.field)", $0.code) })
        }
        return parsed.entries
    }

    static func wantsCSV(_ request: Request) -> Bool {
        if (try? request.query.get(String.self, at: "format")) == "csv" { return true }
        return request.headers.accept.mediaTypes.contains { $0.subType == "csv" }
    }

    static func csvResponse(_ entries: [LexiconEntry]) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.add(name: .contentDisposition, value: "attachment; filename=\"lexicon.csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: LexiconCSV.write(entries)))
    }
}
