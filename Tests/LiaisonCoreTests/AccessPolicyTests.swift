import Testing

@testable import LiaisonCore

@Suite struct AccessPolicyTests {
    @Test func administratorsHoldEveryCapability() {
        #expect(AccessPolicy.capabilities(of: .admin) == Set(Capability.allCases))
    }

    @Test func customerContactsHoldNoStaffCapability() {
        #expect(AccessPolicy.capabilities(of: .customer).isEmpty)
    }

    @Test(arguments: [Role.departmentLead, .projectManager, .sales, .engineer, .agent, .employee])
    func staffSeeTheDirectoryButDoNotManagePeopleOrReadTheAuditTrail(role: Role) {
        let capabilities = AccessPolicy.capabilities(of: role)
        #expect(capabilities.contains(.staffArea))
        #expect(capabilities.contains(.directoryView))
        #expect(!capabilities.contains(.peopleManage))
        #expect(!capabilities.contains(.auditView))
    }

    @Test func supervisorsReadTheAuditTrailButDoNotManagePeople() {
        #expect(AccessPolicy.allows([.supervisor], .auditView))
        #expect(!AccessPolicy.allows([.supervisor], .peopleManage))
    }

    @Test func severalRolesGrantTheUnionOfTheirCapabilities() {
        #expect(AccessPolicy.allows([.sales, .supervisor], .auditView))
        #expect(AccessPolicy.capabilities(of: [Role]()).isEmpty)
    }

    @Test func rulesDecideForAnonymousAndSignedInCallers() {
        #expect(AccessRule.everyone.decide(roles: nil) == .allow)
        #expect(AccessRule.signedIn.decide(roles: nil) == .unauthenticated)
        #expect(AccessRule.signedIn.decide(roles: [.customer]) == .allow)
        #expect(AccessRule.capability(.auditView).decide(roles: nil) == .unauthenticated)
        #expect(AccessRule.capability(.auditView).decide(roles: [.sales]) == .forbidden)
        #expect(AccessRule.capability(.auditView).decide(roles: [.sales, .admin]) == .allow)
    }
}
