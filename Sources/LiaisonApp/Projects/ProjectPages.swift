import Foundation
import LiaisonCore

/// The list of projects with its filters.
struct ProjectListPage: Encodable {
    struct Row: Encodable {
        var number: String
        var name: String
        var link: String
        var customer: String
        var manager: String
        var status: String
        var statusCode: String
        var dates: String
    }

    var rows: [Row]
    var hasRows: Bool
    var statuses: [Choice]
    var customers: [Choice]
    var managers: [Choice]
    var action: String
    var newLink: String?
    var nextLink: String?
}

/// A project's form (new, or changing one).
struct ProjectFormPage: Encodable {
    var isNew: Bool
    var title: String
    var action: String
    var cancelLink: String
    var version: Int
    var customers: [Choice]
    var customerLocked: Bool
    var name: String
    var description: String
    var managers: [Choice]
    var startOn: String
    var endOn: String
    /// On a new project for a chosen customer: its requirements that the project may include.
    var requirements: [Choice] = []
    var errors: [String: String]
}

/// A tab of the project page. Later tabs (communication plan, work plan) are more entries of the same list.
struct ProjectTab: Encodable {
    var label: String
    var link: String
    var current: Bool
}

/// The project page: its header and tabs, and the content of the tab shown (overview, team or charter).
struct ProjectPage: Encodable {
    struct Fact: Encodable {
        var label: String
        var value: String
        var link: String?
    }

    struct Move: Encodable {
        var status: String
        var label: String
    }

    struct Member: Encodable {
        var name: String
        var role: String
        var added: String
        var removeAction: String?
    }

    struct Signer: Encodable {
        var name: String
        var email: String
        var signed: Bool
        var signedAt: String
        var address: String
        var inPortal: Bool
    }

    struct VersionRow: Encodable {
        var number: Int
        var label: String
        var status: String
        var statusCode: String
        var created: String
        var sent: String
        var signed: String
        var current: Bool
        var link: String
        var diffLink: String?
    }

    struct Link: Encodable {
        var name: String
        var email: String
        var link: String
    }

    /// A requirement the project includes.
    struct Included: Encodable {
        var title: String
        var link: String
        var status: String
        var statusCode: String
        var removeAction: String?
    }

    var tab: String
    var tabs: [ProjectTab]
    var number: String
    var name: String
    var status: String
    var statusCode: String
    var customer: String
    var customerLink: String
    var canManage: Bool
    var version: Int
    // Overview
    var facts: [Fact] = []
    var description: String = ""
    var moves: [Move] = []
    var statusAction: String = ""
    var editLink: String = ""
    // Overview: the requirements included (shown to those who see requirements)
    var showsRequirements: Bool = false
    var requirements: [Included] = []
    var includable: [Choice] = []
    var requirementAction: String = ""
    var requirementError: String?
    // Team
    var members: [Member] = []
    var candidates: [Choice] = []
    var roles: [Choice] = []
    var teamAction: String = ""
    var teamError: String?
    // Charter
    var charterLabel: String = ""
    var charterStatus: String = ""
    var charterStatusCode: String = ""
    var charterEditable: Bool = true
    var hasCharter: Bool = false
    var sections: [CharterSectionView] = []
    var signers: [Signer] = []
    var hasSigners: Bool = false
    var versions: [VersionRow] = []
    var hasVersions: Bool = false
    var charterEditLink: String = ""
    var newVersionAction: String = ""
    var sendAction: String = ""
    var charterVersion: Int = 0
    var contacts: [Choice] = []
    var hasContacts: Bool = false
    var canSend: Bool = false
    var canStartVersion: Bool = false
    var sendError: String?
    var issuedLinks: [Link] = []
    var diffLink: String?
}

/// The charter form: the draft's sections.
struct CharterFormPage: Encodable {
    struct Milestone: Encodable {
        var index: Int
        var name: String
        var date: String
        var nameError: String?
        var dateError: String?
    }

    struct Field: Encodable {
        var key: String
        var label: String
        var value: String
        var error: String?
    }

    var title: String
    var action: String
    var cancelLink: String
    var version: Int
    var fields: [Field]
    var milestones: [Milestone]
    var milestonesError: String?
    var projectDates: String
    var formError: String?
}

/// The difference between two charter versions.
struct CharterDiffPage: Encodable {
    struct Line: Encodable {
        var kind: String
        var sign: String
        var text: String
        var oldNumber: String
        var newNumber: String
    }

    struct Section: Encodable {
        var title: String
        var changed: Bool
        var lines: [Line]
    }

    var title: String
    var backLink: String
    var heading: String
    var versions: [Choice]
    var fromVersions: [Choice]
    var action: String
    var sections: [Section]
    var hasDiff: Bool
}
