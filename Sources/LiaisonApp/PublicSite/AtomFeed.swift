import Fluent
import Foundation
import LiaisonCore

/// The public announcements as an Atom feed (RFC 4287): every text escaped, every link absolute.
enum AtomFeed {
    struct Entry {
        var id: UUID
        var title: String
        /// The body as HTML (already rendered safely from Markdown); escaped again as the feed's text.
        var html: String
        var link: String
        var published: Date
        var updated: Date
    }

    static func render(title: String, selfLink: String, siteLink: String, updated: Date, entries: [Entry]) -> String {
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <title>\(escape(title))</title>
            <id>\(escape(siteLink))</id>
            <link rel="self" type="application/atom+xml" href="\(escape(selfLink))"/>
            <link rel="alternate" type="text/html" href="\(escape(siteLink))"/>
            <updated>\(DateText.rfc3339(updated))</updated>
            <author><name>\(escape(title))</name></author>

            """
        for entry in entries {
            out += """
                <entry>
                <title>\(escape(entry.title))</title>
                <id>urn:uuid:\(entry.id.uuidString.lowercased())</id>
                <link rel="alternate" type="text/html" href="\(escape(entry.link))"/>
                <published>\(DateText.rfc3339(entry.published))</published>
                <updated>\(DateText.rfc3339(entry.updated))</updated>
                <content type="html">\(escape(entry.html))</content>
                </entry>

                """
        }
        return out + "</feed>\n"
    }

    /// XML text and attribute escaping, dropping characters XML 1.0 does not allow at all.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
