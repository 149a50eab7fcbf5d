import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// Walks every registered route: a route added later without an access rule, or one that lets the wrong people in,
/// fails here.
@Suite struct RouteAccessTests {
    private func path(of route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .parameter: return UUID().uuidString
            case .anything, .catchall: return "x"
            default: return component.description
            }
        }.joined(separator: "/")
    }

    @Test func everyRouteDeclaresAnAccessRule() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let missing = app.app.routes.all.filter { $0.accessRule == nil }.map { "\($0.method) \($0.path)" }
            #expect(missing.isEmpty, "routes without an access rule: \(missing)")
        }
    }

    @Test func anonymousCallersAreTurnedAwayFromEveryNonPublicRoute() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let browser = Browser(app)
            _ = try await browser.get("/sign-in")  // a real anti-forgery token, so only access is being tested
            for route in app.app.routes.all where route.accessRule != .everyone {
                let path = path(of: route)
                let isAPI = path.hasPrefix("/api/")
                let response: TestingHTTPResponse
                if isAPI {
                    response = try await APIClient(app: app).call(route.method, path, json: route.method == .GET ? nil : [:])
                    #expect(response.status == .unauthorized, "\(route.method) \(path) answered \(response.status)")
                    #expect(response.headers.first(name: .wwwAuthenticate) != nil)
                } else {
                    response = route.method == .GET ? try await browser.get(path) : try await browser.post(path)
                    // The portal's pages send to the portal's sign-in, every other page to the staff one.
                    let signIn = route.accessRule == .customer ? "/portal/sign-in" : "/sign-in"
                    #expect(
                        response.status == .seeOther && response.location?.hasPrefix(signIn) == true,
                        "\(route.method) \(path) answered \(response.status) \(response.location ?? "")")
                }
            }
        }
    }

    @Test func signedInCallersWithoutTheCapabilityAreRefused() async throws {
        try await withTestApp { (app: TestApp) async throws in
            // One person per role, so each capability is checked against someone who lacks it.
            var tokens: [Role: String] = [:]
            var browsers: [Role: Browser] = [:]
            for role in Role.allCases {
                let person = try await app.person("\(role.rawValue)@test.local", roles: [role])
                tokens[role] = try await app.token(for: person)
                let browser = Browser(app)
                try await browser.signIn(person.email, "Test-Passw0rd!")
                browsers[role] = browser
            }
            var checked = 0
            for route in app.app.routes.all {
                guard case .capability(let capability) = route.accessRule else { continue }
                let path = path(of: route)
                for role in Role.allCases where !AccessPolicy.capabilities(of: role).contains(capability) {
                    let response: TestingHTTPResponse
                    if path.hasPrefix("/api/") {
                        response = try await APIClient(app: app, token: tokens[role]).call(
                            route.method, path, json: route.method == .GET ? nil : [:])
                    } else {
                        let browser = browsers[role]!
                        response = route.method == .GET ? try await browser.get(path) : try await browser.post(path)
                    }
                    #expect(
                        response.status == .forbidden,
                        "\(role) reached \(route.method) \(path) (needs \(capability)): \(response.status)")
                    checked += 1
                }
            }
            #expect(checked > 20)
        }
    }

    /// A portal account (invited and signed in as a contact really is) on every route that is not its portal's or
    /// open to all: staff pages, the staff API and staff self-service (`/account`, `/me/tokens`, `/notifications`)
    /// answer 403 to its session and to its token alike; and staff get 403 from every portal route.
    @Test func customerContactsAndStaffAreKeptToTheirOwnRoutes() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let agent = try await app.person("agent@test.local", roles: [.admin])
            let staffToken = try await app.token(for: agent)
            let staff = APIClient(app: app, token: staffToken)
            let staffBrowser = Browser(app)
            try await staffBrowser.signIn(agent.email, "Test-Passw0rd!")
            let customer = try #require(
                try await staff.call(.POST, "/api/v1/customers", json: ["name": "常州某某"]).object["id"] as? String)
            let contact = try await app.portalContact(
                by: staff, customerID: customer, name: "钱多", email: "qian@changzhou.test")
            var checked = 0
            for route in app.app.routes.all {
                guard let rule = route.accessRule, rule != .everyone, rule != .signedIn else { continue }
                // Signing out is the one route both sides share; it is checked by the sign-out tests.
                let path = path(of: route)
                let isAPI = path.hasPrefix("/api/")
                let response: TestingHTTPResponse
                if rule == .customer {
                    response = isAPI
                        ? try await staff.call(route.method, path, json: route.method == .GET ? nil : [:])
                        : route.method == .GET ? try await staffBrowser.get(path) : try await staffBrowser.post(path)
                } else {
                    response = isAPI
                        ? try await contact.api.call(route.method, path, json: route.method == .GET ? nil : [:])
                        : route.method == .GET
                            ? try await contact.browser.get(path) : try await contact.browser.post(path)
                }
                #expect(
                    response.status == .forbidden,
                    "\(rule == .customer ? "staff" : "contact") reached \(route.method) \(path): \(response.status)")
                checked += 1
            }
            #expect(checked > 100)
        }
    }

    @Test func aCustomerContactCannotUseTheStaffApplication() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let contact = try await app.person("contact@customer.test", roles: [.customer])
            let response = try await APIClient(app: app, token: try await app.token(for: contact)).call(.GET, "/api/v1/users")
            #expect(response.status == .forbidden)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
        }
    }
}
