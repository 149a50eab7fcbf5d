import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import NIOFoundationCompat
import Vapor

/// The request page: SLA clocks, the conversation, the reply box with canned responses, and the actions.
struct RequestPageController {
    func register(_ routes: any RoutesBuilder, uploadLimit: Int) {
        routes.on(RequestRoutes.show, use: show)
        routes.on(RequestRoutes.reply, body: .collect(maxSize: ByteCount(value: uploadLimit)), use: reply)
        routes.on(RequestRoutes.update, use: update)
        routes.on(RequestRoutes.status, use: status)
        routes.on(RequestRoutes.merge, use: merge)
        routes.on(RequestRoutes.split, use: split)
        routes.on(RequestRoutes.link, use: link)
        routes.on(RequestRoutes.rawMessage, use: raw)
    }

    struct LinkForm: Content {
        var customerId: String?
        /// Set to create the customer (named `customerName`) with the sender as its contact.
        var create: String?
        var customerName: String?
        var contactName: String?
    }

    /// Links a request from an unknown sender to a customer, or creates the customer and contact from the mail.
    func link(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let form = try request.content.decode(LinkForm.self)
        var body = LinkRequestBody(customerId: form.customerId?.nilIfBlank, contactId: nil, newCustomer: nil, contactName: form.contactName)
        if form.create != nil {
            var customer = CreateCustomerRequest()
            customer.name = form.customerName
            body.newCustomer = customer
            body.customerId = nil
        }
        do {
            _ = try await RequestWorkflow.link(found, body, expectedVersion: nil, request)
            return request.redirect(to: RequestRoutes.show.link(found.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            var errors = request.fieldErrors(failure)
            if let name = errors.removeValue(forKey: "name") { errors["customerName"] = name }
            return try await render(request, found, errors: errors, draft: "", status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return try await render(request, found, errors: ["customerId": request.t("conflict.\(reason)")], draft: "", status: .conflict)
        }
    }

    func raw(_ request: Request) async throws -> Response {
        let (found, access) = try await RequestWorkflow.visible(request.recordID(), request)
        let message = try await RequestWorkflow.message(request.recordID("messageId"), of: found, request)
        return try await RequestWorkflow.rawMessage(message.id, of: found, access: access, request)
    }

    func show(_ request: Request) async throws -> Response {
        let (found, access) = try await RequestWorkflow.visible(request.recordID(), request)
        try await request.auditRead(.requestRead, recordType: .request, recordID: found.id, classification: access.classification)
        return try await render(request, found, errors: [:], draft: "", status: .ok)
    }

    private func render(
        _ request: Request, _ r: ServiceRequest, errors: [String: String], draft: String, status: HTTPStatus,
        check: MessageCheckPanel? = nil, overrideReason: String = ""
    ) async throws -> Response {
        let person = try request.person
        let viewer = try request.viewer
        let customer = try await r.customerID.asyncMap { try await CustomerQueries.find($0, for: viewer, on: request.db) } ?? nil
        let messages = try await RequestConversation.list(r.id, includeInternal: true, on: request.db)
        let files = try await AttachmentQueries.byMessage(messages.map(\.id), on: request.db)
        let mail = try await MailStore.byMessage(of: r.id, on: request.db)
        let people = try await PeopleQueries.names(Set(messages.compactMap(\.authorID) + [r.assigneeID].compactMap { $0 }), on: request.db)
        let contactNames = try await ContactQueries.names(Array(Set(messages.compactMap(\.contactID) + [r.contactID].compactMap { $0 })), on: request.db)
        let queue = try await r.queueID.asyncMap { try await DepartmentQueries.find(id: $0, on: request.db)?.displayName(in: request.locale) } ?? nil
        let canHandle = person.can(.requestsHandle)
        let canned = try await CannedResponseStore.list(department: r.queueID ?? person.departmentID, on: request.db)
        var filled: [RequestPage.Canned] = []
        for item in canned {
            filled.append(.init(id: item.id.uuidString, title: item.title, text: try await CannedFill.fill(item, for: r, request: request).0))
        }
        let clocks: [RequestPage.Clock] = SLAMetric.allCases.compactMap { metric in
            let due: Date? = switch metric {
            case .firstResponse: r.firstResponseDueAt
            case .nextResponse: r.nextResponseDueAt
            case .resolution: r.resolutionDueAt
            }
            var done = ""
            if metric == .firstResponse, let answered = r.sla.firstRespondedAt { done = request.format(answered) }
            if metric == .resolution, let resolved = r.resolvedAt { done = request.format(resolved) }
            guard due != nil || !done.isEmpty else { return nil }
            return .init(
                label: request.t(metric.labelKey).sentenceCased, due: request.format(due), dueISO: due.map(RFC3339.format) ?? "",
                breached: r.breaches.contains(metric), done: done)
        }
        var unlinked: RequestPage.Unlinked?
        if r.customerID == nil, canHandle {
            let sender = try await MailStore.firstSender(of: r.id, on: request.db)
            unlinked = .init(
                sender: sender?.display ?? "—", senderName: sender?.name ?? "", action: RequestRoutes.link.link(r.id),
                canCreate: person.can(.customersEdit))
        }
        let staff = try await request.staffOptions(selected: Set([r.assigneeID].compactMap { $0 }), for: customer)
        var page = RequestPage(
            id: r.id.uuidString, number: r.numberText, subject: r.subject, customer: customer?.name ?? "",
            customerLink: r.customerID.map { CustomerRoutes.show.link($0) } ?? "", contact: r.contactID.flatMap { contactNames[$0] } ?? "—",
            kind: request.t(r.kind.labelKey), priority: request.t(r.priority.labelKey), priorityCode: r.priority.rawValue,
            status: request.t(r.status.labelKey), statusCode: r.status.rawValue,
            assignee: r.assigneeID.flatMap { people[$0] } ?? request.t("requests.unassigned"), queue: queue ?? "—",
            clocks: clocks, breaches: r.breaches.map { request.t($0.labelKey) }.sorted(), hasBreaches: !r.breaches.isEmpty,
            satisfaction: r.satisfaction.map { "\($0) / 5" + (r.satisfactionComment.map { " · " + $0 } ?? "") } ?? "",
            mergedInto: r.mergedIntoID.map { RequestRoutes.show.link($0) },
            messages: messages.map { m in
                .init(
                    id: m.id.uuidString,
                    author: m.authorID.flatMap { people[$0] } ?? m.contactID.flatMap { contactNames[$0] }
                        ?? mail[m.id]?.from?.display ?? request.t("requests.customer"),
                    isPublic: m.visibility == .public, fromCustomer: m.fromCustomer, channel: request.t(m.channel.labelKey),
                    date: request.format(m.createdAt), body: m.body,
                    splitAction: canHandle && m.fromCustomer ? RequestRoutes.split.link(r.id.uuidString, m.id.uuidString) : nil,
                    files: (files[m.id] ?? []).map {
                        .init(name: $0.filename, size: request.byteCount($0.size), link: InteractionRoutes.download.link($0.id))
                    },
                    hasFiles: files[m.id] != nil,
                    delivery: mail[m.id].map { request.t("mail.state.\($0.state.rawValue)") },
                    deliveryCode: mail[m.id]?.state.rawValue ?? "",
                    deliveryDetail: mail[m.id].map { record in
                        [record.to.map(\.display).joined(separator: ", "), record.lastError ?? ""]
                            .filter { !$0.isEmpty }.joined(separator: " · ")
                    } ?? "",
                    quoted: mail[m.id]?.quoted,
                    rawLink: mail[m.id].map { _ in RequestRoutes.rawMessage.link(r.id.uuidString, m.id.uuidString) })
            },
            canHandle: canHandle, replyAction: RequestRoutes.reply.link(r.id), statusAction: RequestRoutes.status.link(r.id),
            nextStatuses: RequestStatus.allCases.filter { r.status.canMove(to: $0) }.map {
                Choice(value: $0.rawValue, label: request.t("requests.moveTo.\($0.rawValue)"), selected: false)
            },
            updateAction: RequestRoutes.update.link(r.id),
            kinds: request.options(RequestKind.self, selected: r.kind.rawValue) { $0.labelKey },
            priorities: request.options(Priority.self, selected: r.priority.rawValue) { $0.labelKey },
            assignees: staff, mergeAction: RequestRoutes.merge.link(r.id), canned: filled, hasCanned: !filled.isEmpty,
            closed: r.status == .closed, errors: errors, draft: draft, unlinked: unlinked)
        if r.customerID != nil { page.requirements = try await RequirementLinks.make(.request, sourceID: r.id, request) }
        page.check = check
        page.overrideReason = overrideReason
        if canHandle { page.commitAction = CommitmentRoutes.fromReply.link(r.id) }
        if r.customerID != nil {
            page.commitmentBlock = try await CommitmentBlock.forRequest(r.id, canHandle: canHandle, request)
        }
        let response = try await request.page("requests/show", title: r.numberText + " " + r.subject, page)
        response.status = status
        return response
    }

    struct ReplyForm: Content {
        var body: String?
        var visibility: String?
        var channel: String?
        var file: File?
        var confirmWarnings: String?
        var overrideReason: String?

        /// The chosen file; a browser sends an empty part when none was picked.
        var chosenFile: File? { file.flatMap { $0.filename.isEmpty && $0.data.readableBytes == 0 ? nil : $0 } }
    }

    func reply(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let form = try request.content.decode(ReplyForm.self)
        // "Send as it is" without a reason is no confirmation: the warnings come back with the reason asked for.
        var confirmation: MessageCheckWorkflow.Confirmation?
        var reasonErrors: [String: String] = [:]
        do {
            confirmation = try MessageCheckWorkflow.confirmation(
                confirm: form.confirmWarnings.map { !$0.isEmpty }, reason: form.overrideReason)
        } catch {
            reasonErrors = request.fieldErrors(error)
        }
        do {
            let message = try MessageBody(body: form.body, visibility: form.visibility, channel: form.channel ?? found.channel.rawValue, contactId: nil).parsed()
            // The file is checked and stored before anything is written: a refused file loses the reply nothing.
            let file = try await form.chosenFile.asyncMap { try await AttachmentUpload.prepare(Data(buffer: $0.data), filename: $0.filename, request: request) }
            _ = try await RequestWorkflow.reply(message, file: file, to: found, confirmation: confirmation, request)
            return request.redirect(to: RequestRoutes.show.link(found.id) + "#reply", flash: "flash.replied")
        } catch let refusal as MessageCheckRefusal {
            return try await render(
                request, found, errors: reasonErrors, draft: form.body ?? "", status: .unprocessableEntity,
                check: MessageCheckPanel(refusal, request), overrideReason: form.overrideReason ?? "")
        } catch let failure as ValidationFailure {
            return try await render(request, found, errors: request.fieldErrors(failure), draft: form.body ?? "", status: .unprocessableEntity)
        } catch DataError.conflict(let reason) {
            return try await render(request, found, errors: ["body": request.t("conflict.\(reason)")], draft: form.body ?? "", status: .conflict)
        }
    }

    struct UpdateForm: Content {
        var kind: String?
        var priority: String?
        var assigneeId: String?
    }

    func update(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let form = try request.content.decode(UpdateForm.self)
        var v = FieldValidator()
        var changes = RequestCommands.Changes()
        changes.kind = v.optionalChoice("kind", form.kind, as: RequestKind.self)
        changes.priority = v.optionalChoice("priority", form.priority, as: Priority.self)
        if let text = form.assigneeId { changes.assigneeID = .some(text.isEmpty ? nil : v.reference("assigneeId", text)) }
        do {
            try v.check()
            _ = try await RequestWorkflow.update(found.id, changes, expectedVersion: nil, request)
            return request.redirect(to: RequestRoutes.show.link(found.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(request, found, errors: request.fieldErrors(failure), draft: "", status: .unprocessableEntity)
        }
    }

    struct StatusForm: Content { var status: String? }

    func status(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let form = try request.content.decode(StatusForm.self)
        do {
            var v = FieldValidator()
            let status = v.choice("status", form.status, default: found.status)
            try v.check()
            _ = try await RequestWorkflow.update(found.id, .init(status: status), expectedVersion: nil, request)
            return request.redirect(to: RequestRoutes.show.link(found.id), flash: "flash.saved")
        } catch let failure as ValidationFailure {
            return try await render(request, found, errors: request.fieldErrors(failure), draft: "", status: .unprocessableEntity)
        }
    }

    struct MergeForm: Content { var into: String? }

    /// Merges this request into the one named by its number (R-000123).
    func merge(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let form = try request.content.decode(MergeForm.self)
        guard let number = form.into.flatMap(RequestNumber.parse),
            let target = try await RequestQueries.find(number: number, for: request.viewer, on: request.db)
        else {
            return try await render(request, found, errors: ["into": request.t("validation.unknownRequest")], draft: "", status: .unprocessableEntity)
        }
        do {
            _ = try await RequestWorkflow.merge(found, into: target.id, request)
        } catch DataError.conflict(let reason) {
            return try await render(request, found, errors: ["into": request.t("conflict.\(reason)")], draft: "", status: .conflict)
        }
        return request.redirect(to: RequestRoutes.show.link(target.id), flash: "flash.merged")
    }

    struct SplitForm: Content { var subject: String? }

    func split(_ request: Request) async throws -> Response {
        let (found, _) = try await RequestWorkflow.visible(request.recordID(), request)
        let message = try await RequestWorkflow.message(request.recordID("messageId"), of: found, request)
        var v = FieldValidator()
        let typed = v.optionalText("subject", try request.content.decode(SplitForm.self).subject, max: 200)
        try v.check()
        // Without a subject, the start of the message's first line (a subject is a single line).
        let firstLine = Markdown.plainText(message.body).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let subject = typed ?? String(InputText.stripped(firstLine).trimmed().prefix(60))
        let created = try await RequestWorkflow.split(message, subject: subject, request)
        return request.redirect(to: RequestRoutes.show.link(created.id), flash: "flash.split")
    }
}
