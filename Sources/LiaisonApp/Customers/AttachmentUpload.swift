import Fluent
import FluentKit
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

/// Receiving and serving attachment files: size-limited, typed from their content, stored by SHA-256,
/// access-checked and audited.
enum AttachmentUpload {
    struct Form: Content {
        var file: File
    }

    /// Takes the file from a multipart form (`file`) or from the raw body with `?filename=`.
    static func receive(_ request: Request, customerID: UUID?, interactionID: UUID?, messageID: UUID? = nil) async throws -> Attachment {
        let (data, filename) = try upload(request)
        return try await store(
            data, filename: filename, customerID: customerID, interactionID: interactionID, messageID: messageID, request: request)
    }

    /// The uploaded bytes and their name: a multipart form's `file`, or the raw body named by `?filename=`.
    static func upload(_ request: Request) throws -> (data: Data, filename: String) {
        if request.headers.contentType?.type == "multipart" {
            let form = try multipartFile(request)
            return (Data(buffer: form.file.data), form.file.filename)
        }
        guard let name = (try? request.query.get(String.self, at: "filename"))?.nilIfBlank else {
            throw ValidationFailure([ValidationIssue("filename", "required")])
        }
        return (request.body.data.map { Data(buffer: $0) } ?? Data(), name)
    }

    /// A checked file whose bytes are already in the blob store, ready to be recorded in a transaction.
    struct PreparedFile: Sendable {
        var filename: String
        var mime: String
        var sha256: String
        var size: Int

        func record(
            customerID: UUID?, interactionID: UUID? = nil, messageID: UUID? = nil, by actor: AuditActor, at now: Date, on tx: any Database
        ) async throws -> Attachment {
            try await AttachmentCommands.create(
                customerID: customerID, interactionID: interactionID, messageID: messageID, filename: filename, mime: mime,
                sha256: sha256, size: size, by: actor, at: now, on: tx)
        }
    }

    /// Checks name, size and type (from the content, not the name) and stores the bytes by their SHA-256. Storing
    /// first is safe: an upload whose record is never written leaves at most an unreferenced blob.
    static func prepare(_ data: Data, filename rawName: String, request: Request) async throws -> PreparedFile {
        let filename = sanitise(rawName)
        var v = FieldValidator()
        if filename.isEmpty { v.add("filename", "required") }
        if data.isEmpty { v.add("file", "emptyFile") }
        let limit = request.appConfig.maxUploadMegabytes * 1_048_576
        if data.count > limit { v.add("file", "fileTooLarge", [String(request.appConfig.maxUploadMegabytes)]) }
        let detected = ContentSniffer.sniff(Array(data.prefix(8192)), filename: filename)
        if !data.isEmpty, detected == nil { v.add("file", "fileTypeNotAllowed", [ContentSniffer.allowedDescription]) }
        try v.check()
        let kind = try v.unwrap(detected, "file")
        let sha = BlobHash.sha256(data)
        try await request.application.context.blobStore.put(data, sha256: sha, on: request.db)
        return PreparedFile(filename: filename, mime: kind.mime, sha256: sha, size: data.count)
    }

    static func store(
        _ data: Data, filename rawName: String, customerID: UUID?, interactionID: UUID?, messageID: UUID? = nil, request: Request
    ) async throws -> Attachment {
        let file = try await prepare(data, filename: rawName, request: request)
        let actor = request.auditActor
        let now = request.now
        return try await request.write { tx in
            try await file.record(customerID: customerID, interactionID: interactionID, messageID: messageID, by: actor, at: now, on: tx)
        }
    }

    /// Serves a file the caller may see, as a download (never rendered inline), and audits the download.
    static func download(_ request: Request) async throws -> Response {
        guard let (attachment, access) = try await AttachmentQueries.find(
            request.recordID(), for: request.viewer, on: request.db)
        else { throw AppError.notFound }
        guard let data = try await request.application.context.blobStore.get(sha256: attachment.sha256, on: request.db)
        else {
            request.logger.error("attachment \(attachment.id) has no stored content \(attachment.sha256)")
            throw AppError.notFound
        }
        let actor = request.auditActor
        let now = request.now
        try await request.write { tx in
            var changes = AuditChanges()
            changes.note("classification", access.classification.rawValue)
            changes.note("filename", attachment.filename)
            try await AuditLog.append(
                .attachmentDownloaded, recordType: .attachment, recordID: attachment.id.uuidString, changes: changes,
                by: actor, at: now, on: tx)
        }
        return fileResponse(attachment, data: data)
    }

    /// A stored file as a download: its type, its name in both forms, never kept in a cache.
    static func fileResponse(_ attachment: Attachment, data: Data) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: attachment.mime)
        let ascii = attachment.filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" }
        let encoded = attachment.filename.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? ""
        headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(String(ascii))\"; filename*=UTF-8''\(encoded)")
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// The `file` field of a multipart body; a malformed body is the sender's mistake, not a server error.
    static func multipartFile(_ request: Request) throws -> Form {
        do {
            return try request.content.decode(Form.self)
        } catch let error as DecodingError {
            throw error
        } catch {
            throw ValidationFailure([ValidationIssue("file", "malformedUpload")])
        }
    }

    /// The last path component, in NFC, without control or format characters, at most 200 characters.
    static func sanitise(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = InputText.nfc(
            String(
                last.unicodeScalars.filter {
                    !CharacterSet.controlCharacters.contains($0) && !InputText.isRefused($0, multiline: false)
                }))
            .trimmedSpaces()
        return String(clean.prefix(200))
    }
}
