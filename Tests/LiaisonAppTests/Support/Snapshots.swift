import Foundation
import SnapshotTesting
import Testing
import VaporTesting

/// Snapshots of rendered pages and API answers, committed under `__Snapshots__/<test file>/`, so that a change to
/// what people or clients see shows up in review.
///
/// A missing or different snapshot fails the test; nothing is recorded unless `LIAISON_SNAPSHOT_RECORD` says so:
/// `1` (or `missing`) writes the snapshots that do not exist yet, `failed` rewrites those that differ, `all`
/// rewrites every one (each recording still fails its test once, so a run that records never passes).
enum Snapshots {
    static var record: SnapshotTestingConfiguration.Record {
        switch ProcessInfo.processInfo.environment["LIAISON_SNAPSHOT_RECORD"] ?? "" {
        case "1", "missing": .missing
        case "failed": .failed
        case "all": .all
        default: .never
        }
    }
}

extension Snapshotting where Value == String, Format == String {
    /// Text compared line by line, kept as `.html`.
    static var html: Self { Snapshotting(pathExtension: "html", diffing: .lines) }
    /// Text compared line by line, kept as `.json`.
    static var json: Self { Snapshotting(pathExtension: "json", diffing: .lines) }
}

/// Compares a page's HTML, with what varies from run to run replaced (`SnapshotText.normalised`), with its snapshot.
/// `secrets` names values the page shows once that no pattern recognises (a one-time password → its name).
func assertPageSnapshot(
    _ response: TestingHTTPResponse, named name: String, secrets: [String: String] = [:],
    fileID: StaticString = #fileID, filePath: StaticString = #filePath, testName: String = #function,
    line: UInt = #line, column: UInt = #column
) {
    var text = response.body.string
    for (secret, name) in secrets { text = text.replacingOccurrences(of: secret, with: name) }
    assertSnapshot(
        of: SnapshotText.normalised(text), as: .html, named: name, record: Snapshots.record,
        fileID: fileID, file: filePath, testName: testName, line: line, column: column)
}

/// Compares an API answer, laid out one value a line (`SnapshotText.indentedJSON`) and normalised, with its snapshot.
func assertJSONSnapshot(
    _ response: TestingHTTPResponse, named name: String, fileID: StaticString = #fileID,
    filePath: StaticString = #filePath, testName: String = #function, line: UInt = #line, column: UInt = #column
) {
    assertSnapshot(
        of: SnapshotText.normalised(SnapshotText.indentedJSON(response.body.string)), as: .json, named: name,
        record: Snapshots.record, fileID: fileID, file: filePath, testName: testName, line: line, column: column)
}

/// Makes rendered text comparable between runs without hiding what it says. Ids and secrets differ on every run
/// (random and time-ordered UUIDs, the anti-forgery token, token secrets, hashes that cover them); each is replaced
/// by a name numbered in order of first appearance, so that the same value keeps the same name within a snapshot
/// and a page that shows the wrong record still differs.
enum SnapshotText {
    static func normalised(_ text: String) -> String {
        var names = Names()
        var result = text
        // Cursors first: their base64 hides the ids inside, which are named like the others.
        result = result.replacing(/eyJ[A-Za-z0-9_\-]+/) { match in
            cursor(String(match.output)).map { "<cursor \(names.ids($0))>" } ?? String(match.output)
        }
        result = names.ids(result)
        // Short ids (a UUID's first eight characters, as the audit trail names records) are not numbered: those of
        // time-ordered ids written within the same minute are equal, or not, depending on when the test ran.
        result = result.replacing(/\b[0-9A-F]{8}\b/) { _ in "<short-id>" }
        result = result.replacing(/lia_[0-9a-f]{8,}/) { match in
            "lia_<secret-\(Names.number(String(match.output), in: &names.secrets))>"
        }
        result = result.replacing(/\b[0-9a-f]{32,}\b/) { match in
            "<hex-\(Names.number(String(match.output), in: &names.hex))>"
        }
        return result
    }

    /// Names for the values met so far.
    private struct Names {
        var uuids: [String: Int] = [:]
        var secrets: [String: Int] = [:]
        var hex: [String: Int] = [:]

        static func number(_ value: String, in table: inout [String: Int]) -> Int {
            if let known = table[value] { return known }
            table[value] = table.count + 1
            return table.count
        }

        /// UUIDs in any case; the same UUID in upper and lower case is one id.
        mutating func ids(_ text: String) -> String {
            text.replacing(/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/) { match in
                "<id-\(Names.number(match.output.uppercased(), in: &uuids))>"
            }
        }
    }

    /// A list cursor (base64url of a small JSON object) as its JSON text with sorted keys (the cursor's own order
    /// changes from run to run), or nil when `text` is not one.
    private static func cursor(_ text: String) -> String? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return nil }
        return String(decoding: sorted, as: UTF8.self)
    }

    /// Compact JSON laid out with one member or element a line, indented by two spaces. Only whitespace outside
    /// strings is added, so every byte of the answer is still compared.
    static func indentedJSON(_ compact: String) -> String {
        var out = ""
        var depth = 0
        var inString = false
        var escaped = false
        let characters = Array(compact)
        func newline() { out += "\n" + String(repeating: "  ", count: depth) }
        for (index, character) in characters.enumerated() {
            if inString {
                out.append(character)
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
                continue
            }
            switch character {
            case "\"":
                inString = true
                out.append(character)
            case "{", "[":
                out.append(character)
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if next == "}" || next == "]" { continue }
                depth += 1
                newline()
            case "}", "]":
                let previous = index > 0 ? characters[index - 1] : nil
                if previous != "{" && previous != "[" {
                    depth -= 1
                    newline()
                }
                out.append(character)
            case ",":
                out.append(character)
                newline()
            case ":":
                out += ": "
            default:
                out.append(character)
            }
        }
        return out + "\n"
    }
}
