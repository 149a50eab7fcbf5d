import FluentKit
import Foundation
import LiaisonCore

/// The notice that tells a sender their mail opened a request: a public message no person wrote, recorded on the
/// request and mailed (marked automatic, so that the sender's own robot does not answer it), which neither counts as
/// a response nor moves the request's clocks.
public enum MailAcknowledgement {
    /// Adds the notice to a request just opened by mail; `text` makes it from the request's number and subject.
    /// Nothing is added to a request that has more than its opening message (the notice comes first, once).
    public static func add(
        to requestID: UUID, text: @Sendable (_ number: String, _ subject: String) -> String, in context: WriteContext,
        on tx: any Database
    ) async throws {
        guard let request = try await RequestModel.load(requestID, on: tx) else { return }
        // Only on a request that has nothing but its opening message yet.
        let later = try await RequestMessageModel.query(on: tx).filter(\.$requestID == requestID)
            .filter(\.$opening == 0).count()
        guard later == 0 else { return }
        _ = try await RequestConversation.add(
            .init(
                visibility: .public, channel: .email,
                body: text(RequestNumber.format(Int(request.number)), request.subject), automatic: true),
            to: request, in: context, on: tx)
    }
}
