import LiaisonCore
import Vapor

/// A project's work plan: tasks, milestones, the RACI matrix and the Gantt chart, as pages under
/// /projects/:id/workplan and the API under /api/v1/projects/:id/tasks and /milestones. Reading follows the project
/// (`customersView` and its customer's need-to-know); changing needs `projectsManage`, except a task's status,
/// which its owner may move too (checked in the write).
enum WorkPlanRoutes {
    static let page = Endpoint(.GET, "projects/:id/workplan", .capability(.customersView))
    static let gantt = Endpoint(.GET, "projects/:id/gantt.svg", .capability(.customersView))
    static let newTask = Endpoint(.GET, "projects/:id/tasks/new", .capability(.projectsManage))
    static let createTask = Endpoint(.POST, "projects/:id/tasks", .capability(.projectsManage))
    static let editTask = Endpoint(.GET, "projects/:id/tasks/:taskId/edit", .capability(.projectsManage))
    static let updateTask = Endpoint(.POST, "projects/:id/tasks/:taskId", .capability(.projectsManage))
    static let taskStatus = Endpoint(.POST, "projects/:id/tasks/:taskId/status", .capability(.customersView))
    static let deleteTask = Endpoint(.POST, "projects/:id/tasks/:taskId/delete", .capability(.projectsManage))
    static let createMilestone = Endpoint(.POST, "projects/:id/milestones", .capability(.projectsManage))
    static let updateMilestone = Endpoint(.POST, "projects/:id/milestones/:milestoneId", .capability(.projectsManage))
    static let deleteMilestone = Endpoint(
        .POST, "projects/:id/milestones/:milestoneId/delete", .capability(.projectsManage))

    static let apiTasks = Endpoint(.GET, "api/v1/projects/:id/tasks", .capability(.customersView))
    static let apiCreateTask = Endpoint(.POST, "api/v1/projects/:id/tasks", .capability(.projectsManage))
    static let apiTask = Endpoint(.GET, "api/v1/projects/:id/tasks/:taskId", .capability(.customersView))
    static let apiUpdateTask = Endpoint(.PATCH, "api/v1/projects/:id/tasks/:taskId", .capability(.projectsManage))
    static let apiTaskStatus = Endpoint(
        .POST, "api/v1/projects/:id/tasks/:taskId/status", .capability(.customersView))
    static let apiDeleteTask = Endpoint(.DELETE, "api/v1/projects/:id/tasks/:taskId", .capability(.projectsManage))
    static let apiMilestones = Endpoint(.GET, "api/v1/projects/:id/milestones", .capability(.customersView))
    static let apiCreateMilestone = Endpoint(.POST, "api/v1/projects/:id/milestones", .capability(.projectsManage))
    static let apiMilestone = Endpoint(
        .GET, "api/v1/projects/:id/milestones/:milestoneId", .capability(.customersView))
    static let apiUpdateMilestone = Endpoint(
        .PATCH, "api/v1/projects/:id/milestones/:milestoneId", .capability(.projectsManage))
    static let apiDeleteMilestone = Endpoint(
        .DELETE, "api/v1/projects/:id/milestones/:milestoneId", .capability(.projectsManage))
    static let apiRACI = Endpoint(.GET, "api/v1/projects/:id/raci", .capability(.customersView))
    static let apiGantt = Endpoint(.GET, "api/v1/projects/:id/gantt.svg", .capability(.customersView))
}
