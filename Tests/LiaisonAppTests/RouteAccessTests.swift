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
                    #expect(
                        response.status == .seeOther && response.location?.hasPrefix("/sign-in") == true,
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

    @Test func aCustomerContactCannotUseTheStaffApplication() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let contact = try await app.person("contact@customer.test", roles: [.customer])
            let response = try await APIClient(app: app, token: try await app.token(for: contact)).call(.GET, "/api/v1/users")
            #expect(response.status == .forbidden)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
        }
    }
}
