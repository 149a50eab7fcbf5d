import Foundation
import LiaisonCore
import LiaisonData
import Vapor

struct ImprovementDTO: Content {
    var id: UUID
    var number: String
    var title: String
    var description: String?
    var ownerId: UUID
    var ownerName: String
    var dueOn: String
    var status: String
    var doneAt: Date?
    var projectId: UUID?
    var projectNumber: String?
    var projectName: String?
    var customerId: UUID?
    var createdBy: UUID?
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    init(_ s: ImprovementSummary) {
        let a = s.action
        id = a.id
        number = a.numberText
        title = a.title
        description = a.description
        ownerId = a.ownerID
        ownerName = s.ownerName
        dueOn = a.dueOn.description
        status = a.status.rawValue
        doneAt = a.doneAt
        projectId = a.projectID
        projectNumber = s.projectNumber
        projectName = s.projectName
        customerId = a.customerID
        createdBy = a.createdBy
        version = a.version
        createdAt = a.createdAt
        updatedAt = a.updatedAt
    }
}

/// An improvement action as the API takes it; on a change, a field left out keeps its value.
struct ImprovementBody: Decodable {
    var title: String?
    var description: String?
    var ownerId: String?
    var dueOn: String?
    var status: String?
    var projectId: String?

    func input(over current: ImprovementAction? = nil) -> ImprovementInput {
        ImprovementInput(
            title: title ?? current?.title, description: description ?? current?.description,
            ownerID: ownerId ?? current?.ownerID.idText, dueOn: dueOn ?? current?.dueOn.description, status: status,
            projectID: projectId ?? current?.projectID?.idText)
    }
}
