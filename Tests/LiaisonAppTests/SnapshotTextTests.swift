import Foundation
import Testing

/// The snapshots' normalisation replaces only what varies between runs, and keeps apart what differs.
@Suite struct SnapshotTextTests {
    @Test func eachIdKeepsOneNameAndDifferentIdsGetDifferentNames() {
        let first = "0199B2C4-5A6B-7C8D-9EAF-0123456789AB"
        let second = "5F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0"
        let text = "/customers/\(first) /contacts/\(second) id=\"\(first.lowercased())\""
        #expect(SnapshotText.normalised(text) == "/customers/<id-1> /contacts/<id-2> id=\"<id-1>\"")
    }

    @Test func secretsAndHashesAreNamedByValue() {
        let token = String(repeating: "ab12", count: 16)
        let other = String(repeating: "cd34", count: 16)
        let text = "value=\"\(token)\" hash=\(other) again=\(token) lia_0a1b2c3d… 2026年9月22日 R-000001"
        #expect(
            SnapshotText.normalised(text)
                == "value=\"<hex-1>\" hash=<hex-2> again=<hex-1> lia_<secret-1>… 2026年9月22日 R-000001")
    }

    @Test func aCursorShowsWhatItHoldsInAFixedOrder() throws {
        let id = "0199B2C4-5A6B-7C8D-9EAF-0123456789AB"
        let json = #"{"key":"su zhou","id":"\#(id)"}"#
        let cursor = Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        #expect(
            SnapshotText.normalised("\"nextCursor\":\"\(cursor)\" \(id)")
                == #""nextCursor":"<cursor {"id":"<id-1>","key":"su zhou"}>" <id-1>"#)
    }

    @Test func theAuditTrailsShortIdsAreReplacedWithoutANumber() {
        #expect(SnapshotText.normalised("人员 0199B2C4 · API 令牌 43D471B6") == "人员 <short-id> · API 令牌 <short-id>")
    }

    @Test func indentingJSONAddsWhitespaceOutsideStringsOnly() {
        let compact = #"{"a":[],"b":{},"c":["x,y",{"d":"{\"e\":[1]}"}],"f":null}"#
        #expect(
            SnapshotText.indentedJSON(compact) == """
                {
                  "a": [],
                  "b": {},
                  "c": [
                    "x,y",
                    {
                      "d": "{\\"e\\":[1]}"
                    }
                  ],
                  "f": null
                }

                """)
        let withoutWhitespace = SnapshotText.indentedJSON(compact).filter { !$0.isWhitespace }
        #expect(withoutWhitespace == compact)
    }
}
