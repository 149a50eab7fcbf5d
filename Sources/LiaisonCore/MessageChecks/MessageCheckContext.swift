import Foundation

/// Everything the check knows about a message besides its text: who it goes to, what the request holds, and the
/// sender's calendar and clock.
public struct MessageCheckContext: Sendable {
    /// A file attached to the message and the customer whose records it comes from (nil: not a customer's file).
    public struct Attachment: Sendable, Equatable, Codable {
        public var name: String
        public var customerID: UUID?

        /// An attachment from its parts.
        public init(name: String, customerID: UUID? = nil) {
            self.name = name
            self.customerID = customerID
        }
    }

    /// The addressed customer (nil: no customer, as for a draft not yet linked).
    public var customerID: UUID?
    /// The addressed customer's names and its contacts' names: never counted as another customer's.
    public var customerNames: [String]
    /// Mail domains of the addressed customer ("example.com"), compared without case.
    public var knownDomains: [String]
    /// Addresses of the addressed customer's contacts, compared without case.
    public var knownAddresses: [String]
    /// The contact's preferred language, "zh" or "en"; nil skips the language check.
    public var language: String?
    /// The request's internal notes, never to be copied into a customer-facing text.
    public var internalNotes: [String]
    /// The customer's last message, whose questions the reply should answer.
    public var lastCustomerMessage: String?
    public var recipients: [String]
    public var attachments: [Attachment]
    /// The sender's business calendar: commitments resolve on it, in its time zone.
    public var calendar: BusinessCalendar
    public var now: Date
    /// The sender's language for suggestions ("zh" or "en"); nil: the language the text is written in.
    public var senderLanguage: String?

    /// A context; everything but the calendar and the clock may be left empty.
    public init(
        customerID: UUID? = nil, customerNames: [String] = [], knownDomains: [String] = [],
        knownAddresses: [String] = [], language: String? = nil, internalNotes: [String] = [],
        lastCustomerMessage: String? = nil, recipients: [String] = [], attachments: [Attachment] = [],
        calendar: BusinessCalendar, now: Date, senderLanguage: String? = nil
    ) {
        self.customerID = customerID
        self.customerNames = customerNames
        self.knownDomains = knownDomains
        self.knownAddresses = knownAddresses
        self.language = language
        self.internalNotes = internalNotes
        self.lastCustomerMessage = lastCustomerMessage
        self.recipients = recipients
        self.attachments = attachments
        self.calendar = calendar
        self.now = now
        self.senderLanguage = senderLanguage
    }
}
