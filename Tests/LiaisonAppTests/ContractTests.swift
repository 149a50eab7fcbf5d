import Foundation
import LiaisonCore
import Testing
import Vapor
import VaporTesting

@testable import LiaisonApp

/// The API description and the catalog are contracts: these tests keep them whole.
@Suite struct ContractTests {
    static let resources = Resources.directory

    /// `path → methods` from the `paths:` section of openapi.yaml.
    static func documentedOperations() throws -> [String: Set<String>] {
        let text = try String(contentsOf: resources.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        var result: [String: Set<String>] = [:]
        var inPaths = false
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, let first = line.first, first != " " { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                current = String(line.dropFirst(2).dropLast())
                result[current!] = []
            } else if let current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let key = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
                if ["get", "post", "put", "patch", "delete"].contains(key) { result[current]!.insert(key.uppercased()) }
            }
        }
        return result
    }

    @Test func everyAPIRouteIsDescribedInOpenAPI() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let documented = try Self.documentedOperations()
            var missing: [String] = []
            for route in app.app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                guard path.hasPrefix("/api/v1/") else { continue }
                let specPath = String(path.dropFirst("/api/v1".count))
                if documented[specPath]?.contains(route.method.rawValue) != true {
                    missing.append("\(route.method) \(specPath)")
                }
            }
            #expect(missing.isEmpty, "routes missing from openapi.yaml: \(missing)")
            let registered = Set(app.app.routes.all.map { "\($0.method.rawValue) /" + $0.path.map { c -> String in
                if case .parameter(let name) = c { return "{\(name)}" }
                return c.description
            }.joined(separator: "/") })
            let stale = documented.flatMap { path, methods in methods.map { "\($0) /api/v1\(path)" } }
                .filter { !registered.contains($0) }
            #expect(stale.isEmpty, "documented but not served: \(stale)")
        }
    }

    @Test func theOpenAPIDocumentIsServed() async throws {
        try await withTestApp { (app: TestApp) async throws in
            let (_, token) = try await app.admin()
            let response = try await APIClient(app: app, token: token).call(.GET, "/api/v1/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.text.hasPrefix("openapi: 3.1.0"))
            // The served copy is the repository's openapi.yaml (the one the validator and the fuzzer read).
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("openapi.yaml")
            #expect(response.text == (try String(contentsOf: root, encoding: .utf8)),
                    "openapi.yaml and Sources/LiaisonApp/Resources/openapi.yaml differ: copy the root file over")
        }
    }

    @Test func bothLanguagesHaveEveryKey() throws {
        let catalog = try Catalog.load(from: Self.resources.appendingPathComponent("Localization"))
        let zh = Set(catalog.tables[.zhHans]!.keys)
        let en = Set(catalog.tables[.en]!.keys)
        #expect(zh.subtracting(en).isEmpty, "missing in en: \(zh.subtracting(en).sorted())")
        #expect(en.subtracting(zh).isEmpty, "missing in zh-Hans: \(en.subtracting(zh).sorted())")
        for (locale, table) in catalog.tables {
            let empty = table.filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys
            #expect(empty.isEmpty, "\(locale) has empty texts: \(empty.sorted())")
        }
    }

    @Test func everyKeyTheTemplatesAndCodeUseExists() throws {
        let catalog = try Catalog.load(from: Self.resources.appendingPathComponent("Localization"))
        var used = Set<String>()
        let views = Self.resources.appendingPathComponent("Views")
        let templates = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        #expect(templates.count >= 10)
        for file in templates {
            used.formUnion(Self.matches(#"#t\("([^"]+)""#, in: try String(contentsOf: file, encoding: .utf8)))
        }
        // Keys built in code: literal t("…") calls, validation codes, and the enum-backed families.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let swiftFiles = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        for file in swiftFiles {
            let text = try String(contentsOf: file, encoding: .utf8)
            used.formUnion(Self.matches(#"\bt\("([a-zA-Z]+\.[a-zA-Z.]+)""#, in: text))
            used.formUnion(Self.matches(#"(?:ValidationIssue\(|\.add\()"[a-zA-Z]+", "([a-zA-Z]+)""#, in: text).map { "validation.\($0)" })
            used.formUnion(Self.matches(#"conflict\(reason: "([a-zA-Z]+)""#, in: text).map { "conflict.\($0)" })
            used.formUnion(Self.matches(#""((?:flash|error)\.[a-zA-Z]+)""#, in: text))
        }
        used.formUnion(Role.allCases.map(\.labelKey))
        used.formUnion(AuditAction.allCases.map(\.labelKey))
        used.formUnion(["true", "false", "all"].map { "people.state.\($0)" })
        used.formUnion(["active", "revoked", "expired"].map { "tokens.state.\($0)" })
        used.formUnion(AuditRecordType.allCases.map { "record.\($0.rawValue)" })
        used.formUnion(RequestKind.allCases.map(\.labelKey) + Priority.allCases.map(\.labelKey))
        used.formUnion(RequestStatus.allCases.map(\.labelKey) + SLAMetric.allCases.map(\.labelKey))
        used.formUnion(AssignmentMode.allCases.map(\.labelKey))
        used.formUnion(["assigned", "mentioned", "slaWarning", "slaBreach", "customerReplied"].map { "notify.\($0)" })
        used.formUnion(NotificationKind.allCases.map { "notificationKind.\($0.rawValue)" })
        used.formUnion(QuarantineReason.allCases.flatMap { ["quarantine.reason.\($0.rawValue)", "quarantine.why.\($0.rawValue)"] })
        used.formUnion(["wrongType", "malformedJSON", "invalidValue"].map { "validation.\($0)" })
        let missing = used.filter { !catalog.has($0) }.sorted()
        #expect(missing.isEmpty, "keys used but missing from the catalog: \(missing)")
        #expect(used.count > 150)
    }

    /// Latin words a Chinese page may show: product and technical terms, formats, and the values people type.
    static let englishInChinese: Set<String> = [
        "API", "CSV", "MB", "UTF", "GBK", "GB", "IP", "ID", "id", "Liaison", "iCalendar", "ics", "If", "Match",
        "application", "json", "JSON", "Excel", "Markdown", "Ctrl", "Enter", "R", "T", "all", "true", "false", "name",
        "zh", "Hans", "en", "LIAISON_BASE_URL",
        "SMTP", "IMAP", "TLS", "STARTTLS", "PLAIN", "LOGIN",  // mail protocol words, as mail clients show them
        "Content", "Type", "message", "rfc",  // the relay's content type, Content-Type: message/rfc822
        "Message", "In", "Reply", "To", "LIAISON_MAIL_MAX_MB",  // mail header names and the size setting, as written
        "L",  // the logo's letter
        // The lexicon CSV's columns and values as written in the file; English words the message check finds.
        "phrase", "kind", "severity", "language", "suggestion_zh", "suggestion_en", "disrespect", "vagueness", "block",
        "warn", "ASAP", "XXX", "TODO",
        "Webhook", "Slack", "SEC",  // integration words as the chat apps and their consoles show them
        "PNG", "JPEG", "WebP", "KB", "PDF", "Atom",  // file and feed formats, as they are called
    ]

    /// Every string of the Chinese interface is Chinese: the catalog's Chinese table and the text the templates
    /// write themselves hold no English word beyond the allow-list (a page's data aside: names, e-mails).
    @Test func chinesePagesCarryNoEnglishBeyondTheAllowList() throws {
        let catalog = try Catalog.load(from: Self.resources.appendingPathComponent("Localization"))
        var found: [String] = []
        for (key, value) in try #require(catalog.tables[.zhHans]) {
            let text = value.replacingOccurrences(of: #"\{\d+\}"#, with: "", options: .regularExpression)
            for word in Self.matches(#"([A-Za-z][A-Za-z_]*)"#, in: text) where !Self.englishInChinese.contains(word) {
                found.append("\(key): \(word)")
            }
        }
        let views = Self.resources.appendingPathComponent("Views")
        let templates = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        #expect(templates.count > 20)
        for file in templates {
            var text = try String(contentsOf: file, encoding: .utf8)
            // What the template writes itself: no tags, attributes, Leaf tags or values.
            for pattern in [#"#t\([^)]*\)"#, #"#\([^)]*\)"#, #"#[a-zA-Z]+\([^)]*\):?"#, #"#(else|endif|endfor|endexport|endextend):?"#, #"<[^>]*>"#] {
                text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
            }
            for word in Self.matches(#"([A-Za-z][A-Za-z_]*)"#, in: text) where !Self.englishInChinese.contains(word) {
                found.append("\(file.lastPathComponent): \(word)")
            }
        }
        #expect(found.isEmpty, "English in the Chinese interface: \(found.sorted())")
    }

    /// English strings use ASCII punctuation (no full-width colon or brackets), and labels are in sentence case.
    @Test func englishStringsUseASCIIPunctuationAndSentenceCase() throws {
        let catalog = try Catalog.load(from: Self.resources.appendingPathComponent("Localization"))
        let english = try #require(catalog.tables[.en])
        let fullWidth = english.filter { $0.value.unicodeScalars.contains { (0x3000...0x303F).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) } }
        #expect(fullWidth.isEmpty, "full-width punctuation in English: \(fullWidth.keys.sorted())")
        let labels = english.filter { key, _ in
            key.contains(".field.") || key.hasPrefix("record.") || key.hasPrefix("audit.action.") || key.hasPrefix("requestStatus.")
                || key.hasPrefix("priority.") || key.hasPrefix("requestKind.") || key.hasPrefix("classification.")
        }
        let lower = labels.filter { $0.value.first?.isLowercase == true }
        #expect(lower.isEmpty, "labels not in sentence case: \(lower.keys.sorted())")
        #expect(labels.count > 60)
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
