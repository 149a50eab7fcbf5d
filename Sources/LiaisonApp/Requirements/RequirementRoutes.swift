import LiaisonCore
import Vapor

/// Requirements (需求): the board and pages under /requirements, specifications and development plans under
/// /requirement-documents, and the API under /api/v1/requirements and /api/v1/requirement-documents. Seeing needs
/// `requirementsView`; capturing `requirementsCapture`; assessing and writing documents `requirementsAssess`. A
/// status move is checked move by move (`RequirementStatus.capability(toMove:)`).
enum RequirementRoutes {
    static let board = Endpoint(.GET, "requirements", .capability(.requirementsView))
    static let new = Endpoint(.GET, "requirements/new", .capability(.requirementsCapture))
    static let create = Endpoint(.POST, "requirements", .capability(.requirementsCapture))
    static let show = Endpoint(.GET, "requirements/:id", .capability(.requirementsView))
    static let edit = Endpoint(.GET, "requirements/:id/edit", .capability(.requirementsCapture))
    static let update = Endpoint(.POST, "requirements/:id", .capability(.requirementsCapture))
    static let move = Endpoint(.POST, "requirements/:id/move", .capability(.requirementsView))
    static let assess = Endpoint(.POST, "requirements/:id/assessment", .capability(.requirementsAssess))
    static let attach = Endpoint(.POST, "requirements/:id/attachments", .capability(.requirementsView))
    static let newDocument = Endpoint(.GET, "requirements/:id/documents/new", .capability(.requirementsAssess))
    static let createDocument = Endpoint(.POST, "requirement-documents", .capability(.requirementsAssess))
    static let document = Endpoint(.GET, "requirement-documents/:id", .capability(.requirementsView))
    static let reviseForm = Endpoint(.GET, "requirement-documents/:id/edit", .capability(.requirementsAssess))
    static let revise = Endpoint(.POST, "requirement-documents/:id", .capability(.requirementsAssess))
    static let diff = Endpoint(.GET, "requirement-documents/:id/diff", .capability(.requirementsView))

    static let apiList = Endpoint(.GET, "api/v1/requirements", .capability(.requirementsView))
    static let apiCreate = Endpoint(.POST, "api/v1/requirements", .capability(.requirementsCapture))
    static let apiShow = Endpoint(.GET, "api/v1/requirements/:id", .capability(.requirementsView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/requirements/:id", .capability(.requirementsCapture))
    static let apiMove = Endpoint(.POST, "api/v1/requirements/:id/transitions", .capability(.requirementsView))
    static let apiHistory = Endpoint(.GET, "api/v1/requirements/:id/transitions", .capability(.requirementsView))
    static let apiAssessment = Endpoint(.GET, "api/v1/requirements/:id/assessment", .capability(.requirementsView))
    static let apiAssess = Endpoint(.PUT, "api/v1/requirements/:id/assessment", .capability(.requirementsAssess))
    static let apiAttach = Endpoint(.POST, "api/v1/requirements/:id/attachments", .capability(.requirementsView))
    static let apiDocuments = Endpoint(.GET, "api/v1/requirements/:id/documents", .capability(.requirementsView))
    static let apiCreateDocument = Endpoint(
        .POST, "api/v1/requirement-documents", .capability(.requirementsAssess))
    static let apiDocument = Endpoint(.GET, "api/v1/requirement-documents/:id", .capability(.requirementsView))
    static let apiVersions = Endpoint(
        .GET, "api/v1/requirement-documents/:id/versions", .capability(.requirementsView))
    static let apiRevise = Endpoint(
        .POST, "api/v1/requirement-documents/:id/versions", .capability(.requirementsAssess))
    static let apiVersion = Endpoint(
        .GET, "api/v1/requirement-documents/:id/versions/:number", .capability(.requirementsView))
    static let apiDiff = Endpoint(.GET, "api/v1/requirement-documents/:id/diff", .capability(.requirementsView))
}
