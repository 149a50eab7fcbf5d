import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

struct MessageCheckSettingsPage: Encodable {
    struct KindRow: Encodable {
        var kind: String
        var label: String
        var hint: String
        var choices: [Choice]
        var fixed: Bool
    }

    struct EntryRow: Encodable {
        var phrase: String
        var kind: String
        var kindLabel: String
        var severity: String
        var severityLabel: String
        var language: String
        var suggestion: String
    }

    var saveAction: String
    var addAction: String
    var removeAction: String
    var importAction: String
    var exportLink: String
    var resetAction: String
    var version: Int
    var kinds: [KindRow]
    var edited: Bool
    var entries: [EntryRow]
    var entryCount: String
    var shown: String
    var filter: String
    var entry: LexiconEntryInput
    var entryKinds: [Choice]
    var entrySeverities: [Choice]
    var entryLanguages: [Choice]
    var csv: String
    var errors: [String: String]
}

/// `/admin/message-checks`: which kinds of finding block, warn or are off, and the lexicon (added to, removed from,
/// imported and exported as CSV, or reset to the built-in one). Administrators.
struct MessageCheckWebController {
    /// The entries listed on the page at most (the filter finds the others; the CSV has them all).
    static let listed = 300

    func register(_ routes: any RoutesBuilder) {
        routes.on(MessageCheckRoutes.page, use: show)
        routes.on(MessageCheckRoutes.saveSettings, use: saveSettings)
        routes.on(MessageCheckRoutes.addEntry, use: addEntry)
        routes.on(MessageCheckRoutes.removeEntry, use: removeEntry)
        routes.on(MessageCheckRoutes.importLexicon, body: .collect(maxSize: "8mb"), use: importLexicon)
        routes.on(MessageCheckRoutes.exportLexicon, use: exportLexicon)
        routes.on(MessageCheckRoutes.resetLexicon, use: resetLexicon)
    }

    func show(_ request: Request) async throws -> Response {
        try await render(request, errors: [:], status: .ok)
    }

    func saveSettings(_ request: Request) async throws -> Response {
        let current = try await MessageCheckSettingsStore.read(on: request.db)
        var kinds: [String: String] = [:]
        for kind in MessageFindingKind.allCases {
            if let value = try? request.content.get(String.self, at: "kind_\(kind.rawValue)") { kinds[kind.rawValue] = value }
        }
        let version = (try? request.content.get(String.self, at: "version")).flatMap { Int($0) }
        do {
            let policy = try MessageCheckSettingsBody(kinds: kinds).policy(over: current.policy)
            _ = try await MessageCheckSettingsAPIController.save(policy, expected: version, request)
            return request.redirect(to: MessageCheckRoutes.page.link(), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(request, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        } catch DataError.staleVersion {
            return try await render(request, errors: ["form": request.t("error.staleForm")], status: .conflict)
        }
    }

    func addEntry(_ request: Request) async throws -> Response {
        let input = try request.content.decode(LexiconEntryInput.self)
        do {
            let entry = try input.validated()
            let context = request.writeContext
            try await request.write { tx in
                try await MessageLexiconStore.put(entry, by: context.actor, at: context.now, on: tx)
            }
            request.application.messageGuard.invalidate()
            return request.redirect(to: MessageCheckRoutes.page.link() + "#lexicon", flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(
                request, entry: input, errors: request.fieldErrors(failure), status: .unprocessableEntity)
        }
    }

    struct RemoveForm: Content {
        var phrase: String?
        var kind: String?
    }

    func removeEntry(_ request: Request) async throws -> Response {
        let form = try request.content.decode(RemoveForm.self)
        guard let phrase = form.phrase, let kind = form.kind.flatMap(MessageFindingKind.init(rawValue:)) else {
            throw AppError.badRequest("error.badRequest")
        }
        let context = request.writeContext
        try await request.write { tx in
            try await MessageLexiconStore.remove(phrase: phrase, kind: kind, by: context.actor, at: context.now, on: tx)
        }
        request.application.messageGuard.invalidate()
        return request.redirect(to: MessageCheckRoutes.page.link() + "#lexicon", flash: "flash.saved")
    }

    struct ImportForm: Content {
        var csv: String?
        var file: File?
    }

    /// Replaces the lexicon with a CSV (a file, or text pasted); a CSV with any bad row changes nothing and names
    /// every bad row.
    func importLexicon(_ request: Request) async throws -> Response {
        let form = try request.content.decode(ImportForm.self)
        var text = form.csv ?? ""
        if let file = form.file, file.data.readableBytes > 0 {
            guard let decoded = TextDecoding.decode(Data(buffer: file.data)) else {
                return try await render(
                    request, errors: ["csv": request.t("validation.unreadableText")], status: .unprocessableEntity)
            }
            text = decoded.text
        }
        do {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationFailure([ValidationIssue("csv", "required")])
            }
            let entries = try MessageCheckSettingsAPIController.parseCSV(text)
            _ = try await MessageCheckSettingsAPIController.replace(entries, request)
            return request.redirect(to: MessageCheckRoutes.page.link() + "#lexicon", flash: "flash.saved")
        } catch let failure as ValidationFailure {
            let lines = failure.issues.prefix(50).map { "\($0.field): \(request.catalog.message(for: $0, request.locale))" }
            return try await render(
                request, csv: form.csv ?? "", errors: ["csv": lines.joined(separator: "\n")], status: .unprocessableEntity)
        }
    }

    func exportLexicon(_ request: Request) async throws -> Response {
        let (entries, _) = try await MessageLexiconStore.effective(on: request.db)
        return MessageCheckSettingsAPIController.csvResponse(entries)
    }

    func resetLexicon(_ request: Request) async throws -> Response {
        let context = request.writeContext
        try await request.write { tx in
            try await MessageLexiconStore.reset(by: context.actor, at: context.now, on: tx)
        }
        request.application.messageGuard.invalidate()
        return request.redirect(to: MessageCheckRoutes.page.link() + "#lexicon", flash: "flash.saved")
    }

    private func render(
        _ request: Request, entry: LexiconEntryInput = LexiconEntryInput(phrase: nil, kind: nil, severity: nil),
        csv: String = "", errors: [String: String], status: HTTPStatus
    ) async throws -> Response {
        let stored = try await MessageCheckSettingsStore.read(on: request.db)
        let (entries, edited) = try await MessageLexiconStore.effective(on: request.db)
        let filter = ((try? request.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces)
        let matching = filter.isEmpty ? entries : entries.filter { $0.phrase.localizedCaseInsensitiveContains(filter) }
        let kinds = MessageFindingKind.allCases.map { kind in
            let current = MessageCheckSettingsStore.describe(kind, in: stored.policy)
            let fixed = kind == .otherCustomer
            let treatments = fixed ? ["block"] : MessageCheckSettingsBody.treatments
            return MessageCheckSettingsPage.KindRow(
                kind: kind.rawValue, label: request.t("guard.kind.\(kind.rawValue)"),
                hint: request.t("messageCheck.hint.\(kind.rawValue)"),
                choices: treatments.map {
                    Choice(value: $0, label: request.t("messageCheck.\($0)"), selected: $0 == current)
                }, fixed: fixed)
        }
        let rows = matching.prefix(Self.listed).map { e in
            MessageCheckSettingsPage.EntryRow(
                phrase: e.phrase, kind: e.kind.rawValue,
                kindLabel: request.t("messageCheck.entryKind.\(e.isPromise ? LexiconEntryInput.promiseKind : e.kind.rawValue)"),
                severity: e.severity.rawValue, severityLabel: request.t("messageCheck.\(e.severity.rawValue)"),
                language: e.language ?? "—",
                suggestion: (request.locale == .en ? e.suggestionEn : e.suggestionZh) ?? e.suggestionZh ?? e.suggestionEn ?? "")
        }
        let page = MessageCheckSettingsPage(
            saveAction: MessageCheckRoutes.saveSettings.link(), addAction: MessageCheckRoutes.addEntry.link(),
            removeAction: MessageCheckRoutes.removeEntry.link(), importAction: MessageCheckRoutes.importLexicon.link(),
            exportLink: MessageCheckRoutes.exportLexicon.link(), resetAction: MessageCheckRoutes.resetLexicon.link(),
            version: stored.version, kinds: kinds, edited: edited, entries: Array(rows), entryCount: String(matching.count),
            shown: String(rows.count), filter: filter, entry: entry,
            entryKinds: (LexiconEntryInput.kinds.map(\.rawValue) + [LexiconEntryInput.promiseKind]).map {
                Choice(value: $0, label: request.t("messageCheck.entryKind.\($0)"), selected: $0 == entry.kind)
            },
            entrySeverities: MessageFindingSeverity.allCases.map {
                Choice(value: $0.rawValue, label: request.t("messageCheck.\($0.rawValue)"), selected: $0.rawValue == (entry.severity ?? "warn"))
            },
            entryLanguages: [("", "messageCheck.anyLanguage"), ("zh", "messageCheck.languageZh"), ("en", "messageCheck.languageEn")].map {
                Choice(value: $0.0, label: request.t($0.1), selected: $0.0 == (entry.language ?? ""))
            },
            csv: csv, errors: errors)
        let response = try await request.page("settings/message-checks", title: request.t("messageCheck.title"), page)
        response.status = status
        return response
    }
}
