import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// An NPS campaign in the API. `customerIds` lists only the chosen customers the caller may see.
struct NPSSurveyDTO: Content {
    var id: UUID
    var name: String
    var intro: String?
    var tiers: [String]
    var customerIds: [UUID]
    var closesAt: Date?
    var status: String
    var sentAt: Date?
    var invitedCount: Int
    var answeredCount: Int
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ survey: NPSSurvey, visibleCustomers: [UUID]) {
        id = survey.id
        name = survey.name
        intro = survey.intro
        tiers = survey.tiers.map(\.rawValue)
        customerIds = visibleCustomers
        closesAt = survey.closesAt
        status = survey.status.rawValue
        sentAt = survey.sentAt
        invitedCount = survey.invitedCount
        answeredCount = survey.answeredCount
        version = survey.version
        createdAt = survey.createdAt
        updatedAt = survey.updatedAt
    }
}

/// The body of a create or an update; on an update a field left out keeps its value, and an empty `closesAt`
/// clears the closing time.
struct NPSSurveyBody: Content {
    var name: String?
    var intro: String?
    var tiers: [String]?
    var customerIds: [String]?
    var closesAt: String?

    func input(over current: NPSSurvey? = nil) -> NPSSurveyInput {
        var input = NPSSurveyInput(
            name: name ?? current?.name, intro: intro ?? current?.intro,
            tiers: tiers ?? current?.tiers.map(\.rawValue),
            customerIDs: customerIds ?? current?.customerIDs.map(\.idText), closesAt: closesAt)
        if closesAt == nil { input.closesAtDate = current?.closesAt }
        return input
    }
}

/// One contact a campaign asks (before sending) or asked (after).
struct NPSRecipientDTO: Content {
    var contactId: UUID
    var contactName: String
    var customerId: UUID
    var customerName: String
    var tier: String
    var email: String
    var language: String
    var mailed: Bool?
    var answered: Bool?

    init(_ recipient: NPSRecipient, mailed: Bool? = nil, answered: Bool? = nil) {
        contactId = recipient.contactID
        contactName = recipient.contactName
        customerId = recipient.customerID
        customerName = recipient.customerName
        tier = recipient.tier.rawValue
        email = recipient.email
        language = recipient.locale.rawValue
        self.mailed = mailed
        self.answered = answered
    }
}

/// The results of a campaign for the caller (need-to-know applied).
struct NPSResultsDTO: Content {
    struct Group: Content {
        var key: String
        var name: String
        var invited: Int?
        var answered: Int
        var responseRate: Int?
        var nps: Int?
        var promoters: Int
        var passives: Int
        var detractors: Int
        /// Answers per score, 0 to 10.
        var distribution: [Int]
        var csatAverage: Double?
        var csatCount: Int

        init(_ group: NPSResults.Group) {
            key = group.key
            name = group.name
            invited = group.invited
            answered = group.answered
            responseRate = group.responseRate
            nps = group.summary.score
            promoters = group.summary.promoters
            passives = group.summary.passives
            detractors = group.summary.detractors
            distribution = group.summary.distribution
            // Two decimals: enough to compare, and the same on every engine.
            csatAverage = group.csatAverage.map { ($0 * 100).rounded() / 100 }
            csatCount = group.csatCount
        }
    }

    struct Comment: Content {
        var customerId: UUID
        var customerName: String
        var contactName: String
        var score: Int
        var comment: String
        var answeredAt: Date
    }

    var surveyId: UUID
    var segment: String
    var overall: Group
    var segments: [Group]
    var comments: [Comment]
    var periodStart: Date?
    var periodEnd: Date

    init(_ surveyID: UUID, _ results: NPSResults) {
        surveyId = surveyID
        segment = results.segment.rawValue
        overall = Group(results.overall)
        segments = results.groups.map(Group.init)
        comments = results.comments.map {
            Comment(
                customerId: $0.customerID, customerName: $0.customerName, contactName: $0.contactName, score: $0.score,
                comment: $0.comment, answeredAt: $0.answeredAt)
        }
        periodStart = results.periodStart
        periodEnd = results.periodEnd
    }
}
