import Foundation
import LiaisonCore

/// The project page's work plan tab: filters, tasks, milestones, the RACI matrix and the Gantt chart.
struct WorkPlanPage: Encodable {
    struct Move: Encodable {
        var status: String
        var label: String
    }

    struct TaskRow: Encodable {
        var id: String
        var name: String
        var owner: String
        var department: String
        var dates: String
        var estimate: String
        var status: String
        var statusCode: String
        var late: Bool
        var predecessors: String
        var deliverable: String
        var warnings: [String]
        var editLink: String?
        var statusAction: String?
        var version: Int
        var moves: [Move]
    }

    struct MilestoneRow: Encodable {
        var name: String
        var date: String
        var reached: Bool
        var updateAction: String?
        var deleteAction: String?
        var version: Int
    }

    struct RACIRow: Encodable {
        var deliverable: String
        var task: String
        var cells: [String]
    }

    var head: ProjectPage
    var statuses: [Choice]
    var owners: [Choice]
    var departments: [Choice]
    var filterAction: String
    var tasks: [TaskRow]
    var hasTasks: Bool
    var nextLink: String?
    var newTaskLink: String?
    var milestones: [MilestoneRow]
    var hasMilestones: Bool
    var milestoneAction: String?
    var milestoneName: String
    var milestoneDate: String
    var milestoneErrors: [String: String]
    var raciPeople: [String]
    var raciRows: [RACIRow]
    var hasRACI: Bool
    var ganttLink: String
    var ganttAlt: String
    var projectDates: String
}

/// The task form (new, or changing one).
struct TaskFormPage: Encodable {
    var head: ProjectPage
    var isNew: Bool
    var title: String
    var action: String
    var cancelLink: String
    var deleteAction: String?
    var version: Int
    var name: String
    var description: String
    var owners: [Choice]
    var departments: [Choice]
    var startOn: String
    var dueOn: String
    var estimateHours: String
    var predecessors: [Choice]
    var hasPredecessorChoices: Bool
    var deliverable: String
    var acceptanceCheck: String
    var statuses: [Choice]
    var accountable: [Choice]
    var responsible: [Choice]
    var consulted: [Choice]
    var informed: [Choice]
    var errors: [String: String]
}
