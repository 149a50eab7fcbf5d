import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

struct ImportPreviewDTO: Content {
    struct Row: Content {
        var line: Int
        var customerName: String
        var contactName: String?
        var outcome: String
        var duplicateOf: String?
        var problems: [Problem.FieldError]
    }

    var summary: ImportSummary
    var rows: [Row]
}

struct ImportPage: Encodable {
    struct Row: Encodable {
        var line: Int
        var customer: String
        var contact: String
        var outcome: String
        var outcomeCode: String
        var note: String
    }

    var uploadAction: String
    var summary: ImportSummary?
    var rows: [Row]
    var acceptAction: String?
    var canAccept: Bool
    var columns: String
    var error: String?
    var maxMegabytes: Int
}

/// The import wizard (upload → preview → accept) and its API.
struct ImportsController {
    func register(_ routes: any RoutesBuilder) {
        let limit = ByteCount(value: CustomerImportService.maximumBytes + 65_536)
        routes.on(ImportRoutes.start, use: start)
        routes.on(ImportRoutes.upload, body: .collect(maxSize: limit), use: upload)
        routes.on(ImportRoutes.preview, use: preview)
        routes.on(ImportRoutes.accept, use: accept)
        routes.on(ImportRoutes.apiUpload, body: .collect(maxSize: limit), use: apiUpload)
        routes.on(ImportRoutes.apiShow, use: apiShow)
        routes.on(ImportRoutes.apiAccept, use: apiAccept)
    }

    // MARK: Web

    func start(_ request: Request) async throws -> Response {
        try await render(request, summary: nil, rows: [], error: nil, status: .ok)
    }

    func upload(_ request: Request) async throws -> Response {
        do {
            let (data, filename) = try Self.file(request)
            let (id, _, _) = try await CustomerImportService.preview(data, filename: filename, request: request)
            return request.redirect(to: ImportRoutes.preview.link(id))
        } catch let failure as ValidationFailure {
            return try await render(
                request, summary: nil, rows: [], error: request.fieldErrors(failure).values.sorted().first,
                status: .unprocessableEntity)
        }
    }

    func preview(_ request: Request) async throws -> Response {
        let (stored, rows) = try await CustomerImportService.load(request.recordID(), request: request)
        let summary = CustomerImportService.summary(
            id: stored.id, filename: stored.filename, encoding: stored.encoding, rows: rows, unknown: [],
            finished: stored.finished)
        return try await render(request, summary: summary, rows: rows, error: nil, status: .ok)
    }

    func accept(_ request: Request) async throws -> Response {
        let result = try await CustomerImportService.accept(request.recordID(), request: request)
        let response = request.redirect(to: CustomerRoutes.list.link() + "?sort=newest", flash: "flash.imported")
        request.logger.info("import accepted: \(result.customersCreated) customers, \(result.contactsCreated) contacts")
        return response
    }

    private func render(
        _ request: Request, summary: ImportSummary?, rows: [ImportPreviewRow], error: String?, status: HTTPStatus
    ) async throws -> Response {
        let page = ImportPage(
            uploadAction: ImportRoutes.upload.link(), summary: summary,
            rows: rows.map { row in
                ImportPage.Row(
                    line: row.line, customer: row.customerName, contact: row.contactName ?? "",
                    outcome: request.t("import.outcome.\(row.outcome.rawValue)"), outcomeCode: row.outcome.rawValue,
                    note: row.outcome == .duplicate
                        ? request.t("import.duplicateOf", row.duplicateOf ?? "")
                        : row.problems.map { "\($0.field): \(request.catalog.message(for: $0, request.locale))" }
                            .joined(separator: "；"))
            },
            acceptAction: summary.map { ImportRoutes.accept.link($0.id) },
            canAccept: summary.map { !$0.finished && $0.create + $0.addContact > 0 } ?? false,
            columns: CustomerImport.Column.allCases.map(\.exportHeader).joined(separator: ", "), error: error,
            maxMegabytes: CustomerImportService.maximumBytes / 1_048_576)
        let response = try await request.page("customers/import", title: request.t("import.title"), page)
        response.status = status
        return response
    }

    // MARK: API

    func apiUpload(_ request: Request) async throws -> Response {
        let (data, filename) = try Self.file(request)
        let (_, summary, rows) = try await CustomerImportService.preview(data, filename: filename, request: request)
        return try dto(summary, rows, request).apiResponse(.created, for: request)
    }

    func apiShow(_ request: Request) async throws -> Response {
        let (stored, rows) = try await CustomerImportService.load(request.recordID(), request: request)
        let summary = CustomerImportService.summary(
            id: stored.id, filename: stored.filename, encoding: stored.encoding, rows: rows, unknown: [],
            finished: stored.finished)
        return try dto(summary, rows, request).apiResponse(for: request)
    }

    func apiAccept(_ request: Request) async throws -> Response {
        try await CustomerImportService.accept(request.recordID(), request: request).apiResponse(for: request)
    }

    private func dto(_ summary: ImportSummary, _ rows: [ImportPreviewRow], _ request: Request) -> ImportPreviewDTO {
        ImportPreviewDTO(
            summary: summary,
            rows: rows.map { row in
                .init(
                    line: row.line, customerName: row.customerName, contactName: row.contactName,
                    outcome: row.outcome.rawValue, duplicateOf: row.duplicateOf,
                    problems: row.problems.map {
                        Problem.FieldError(field: $0.field, code: $0.code, message: request.catalog.message(for: $0, request.locale))
                    })
            })
    }

    /// The uploaded file: a multipart `file` field, or the raw body with `?filename=`.
    static func file(_ request: Request) throws -> (Data, String) {
        if request.headers.contentType?.type == "multipart" {
            let form = try AttachmentUpload.multipartFile(request)
            return (Data(buffer: form.file.data), AttachmentUpload.sanitise(form.file.filename))
        }
        let name = (try? request.query.get(String.self, at: "filename"))?.nilIfBlank ?? "import.csv"
        return (request.body.data.map { Data(buffer: $0) } ?? Data(), AttachmentUpload.sanitise(name))
    }
}
