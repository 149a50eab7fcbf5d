import LiaisonCore
import Vapor

enum CustomerRoutes {
    static let list = Endpoint(.GET, "customers", .capability(.customersView))
    static let new = Endpoint(.GET, "customers/new", .capability(.customersEdit))
    static let create = Endpoint(.POST, "customers", .capability(.customersEdit))
    static let show = Endpoint(.GET, "customers/:id", .capability(.customersView))
    static let edit = Endpoint(.GET, "customers/:id/edit", .capability(.customersEdit))
    static let update = Endpoint(.POST, "customers/:id", .capability(.customersEdit))
    static let delete = Endpoint(.POST, "customers/:id/delete", .capability(.customersDelete))
    static let teamAdd = Endpoint(.POST, "customers/:id/team", .capability(.customersEdit))
    static let teamRemove = Endpoint(.POST, "customers/:id/team/:userId/remove", .capability(.customersEdit))
    static let newContact = Endpoint(.GET, "customers/:id/contacts/new", .capability(.customersEdit))
    static let logForm = Endpoint(.GET, "customers/:id/log", .capability(.interactionsLog))
    static let exportCSV = Endpoint(.GET, "customers/export.csv", .capability(.customersExport))

    static let apiList = Endpoint(.GET, "api/v1/customers", .capability(.customersView))
    static let apiCreate = Endpoint(.POST, "api/v1/customers", .capability(.customersEdit))
    static let apiShow = Endpoint(.GET, "api/v1/customers/:id", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/customers/:id", .capability(.customersEdit))
    static let apiDelete = Endpoint(.DELETE, "api/v1/customers/:id", .capability(.customersDelete))
    static let apiContacts = Endpoint(.GET, "api/v1/customers/:id/contacts", .capability(.customersView))
    static let apiTimeline = Endpoint(.GET, "api/v1/customers/:id/timeline", .capability(.customersView))
    static let apiTeam = Endpoint(.GET, "api/v1/customers/:id/team", .capability(.customersView))
    static let apiTeamAdd = Endpoint(.POST, "api/v1/customers/:id/team", .capability(.customersEdit))
    static let apiTeamRemove = Endpoint(.DELETE, "api/v1/customers/:id/team/:userId", .capability(.customersEdit))
    static let apiExport = Endpoint(.GET, "api/v1/exports/:kind", .capability(.customersExport))
}

enum ContactRoutes {
    static let create = Endpoint(.POST, "contacts", .capability(.customersEdit))
    static let show = Endpoint(.GET, "contacts/:id", .capability(.customersView))
    static let edit = Endpoint(.GET, "contacts/:id/edit", .capability(.customersEdit))
    static let update = Endpoint(.POST, "contacts/:id", .capability(.customersEdit))
    static let delete = Endpoint(.POST, "contacts/:id/delete", .capability(.customersDelete))

    static let apiCreate = Endpoint(.POST, "api/v1/contacts", .capability(.customersEdit))
    static let apiShow = Endpoint(.GET, "api/v1/contacts/:id", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/contacts/:id", .capability(.customersEdit))
    static let apiDelete = Endpoint(.DELETE, "api/v1/contacts/:id", .capability(.customersDelete))
    static let apiTimeline = Endpoint(.GET, "api/v1/contacts/:id/timeline", .capability(.customersView))
}

enum InteractionRoutes {
    static let create = Endpoint(.POST, "interactions", .capability(.interactionsLog))
    static let show = Endpoint(.GET, "interactions/:id", .capability(.customersView))
    static let nextStep = Endpoint(.POST, "interactions/:id/next-step", .capability(.interactionsLog))
    static let attach = Endpoint(.POST, "interactions/:id/attachments", .capability(.interactionsLog))
    static let download = Endpoint(.GET, "attachments/:id", .capability(.customersView))

    static let apiCreate = Endpoint(.POST, "api/v1/interactions", .capability(.interactionsLog))
    static let apiShow = Endpoint(.GET, "api/v1/interactions/:id", .capability(.customersView))
    static let apiUpdate = Endpoint(.PATCH, "api/v1/interactions/:id", .capability(.interactionsLog))
    static let apiAttach = Endpoint(.POST, "api/v1/interactions/:id/attachments", .capability(.interactionsLog))
    static let apiCustomerAttach = Endpoint(
        .POST, "api/v1/customers/:id/attachments", .capability(.interactionsLog))
    static let apiDownload = Endpoint(.GET, "api/v1/attachments/:id", .capability(.customersView))
}

enum SearchRoutes {
    static let page = Endpoint(.GET, "search", .capability(.customersView))
    static let api = Endpoint(.GET, "api/v1/search", .capability(.customersView))
}

enum ImportRoutes {
    static let start = Endpoint(.GET, "customers/import", .capability(.customersImport))
    static let upload = Endpoint(.POST, "customers/import", .capability(.customersImport))
    static let preview = Endpoint(.GET, "customers/import/:id", .capability(.customersImport))
    static let accept = Endpoint(.POST, "customers/import/:id/accept", .capability(.customersImport))

    static let apiUpload = Endpoint(.POST, "api/v1/imports", .capability(.customersImport))
    static let apiShow = Endpoint(.GET, "api/v1/imports/:id", .capability(.customersImport))
    static let apiAccept = Endpoint(.POST, "api/v1/imports/:id/accept", .capability(.customersImport))
}
