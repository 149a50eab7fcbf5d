import Foundation

/// CSV as Excel reads and writes it (RFC 4180), for imports and exports.
public enum CSV {
    /// More rows than this is not a contact list but an attack or a mistake.
    public static let maximumRows = 100_000
    /// The longest field, in characters, that `parse` accepts.
    public static let maximumFieldLength = 100_000

    /// Parses text into rows of fields. Handles quoted fields, doubled quotes, CRLF/LF/CR line ends, newlines
    /// inside quotes, a trailing newline, and detects the delimiter (comma, semicolon or tab) from the first line
    /// unless one is given. Blank lines are skipped.
    public static func parse(_ text: String, delimiter: Character? = nil) throws(CSVError) -> [[String]] {
        var parser = Parser(text: text)
        if let delimiter {
            // Parsing works on scalars so that a combining mark can never glue itself onto a delimiter.
            parser.delimiter = delimiter.unicodeScalars.first ?? ","
        } else {
            parser.delimiter = detectDelimiter(text)
        }
        return try parser.parse()
    }

    /// Writes rows as CSV with CRLF line ends, quoting fields that contain the delimiter, quotes, CR/LF or
    /// leading/trailing spaces. A field starting with =, +, -, @, tab or CR gets a leading apostrophe (formula
    /// injection) unless it is a plain number like -12.5.
    public static func encode(_ rows: [[String]], delimiter: Character = ",") -> String {
        let separator = delimiter.unicodeScalars.first ?? ","
        var out = ""
        for row in rows {
            if row.count == 1, row[0].isEmpty {
                // An empty line would be skipped as blank on the way back in; "" keeps the one empty field.
                out += "\"\""
            } else {
                out += row.map { encodeField($0, delimiter: separator) }.joined(separator: String(separator))
            }
            out += "\r\n"
        }
        return out
    }

    private static let quote: Unicode.Scalar = "\""
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    private static func encodeField(_ field: String, delimiter: Unicode.Scalar) -> String {
        var value = field
        if let first = value.unicodeScalars.first, formulaStarts.contains(first), !isPlainNumber(value) {
            // Excel and LibreOffice evaluate such cells (=HYPERLINK, =cmd|…); the apostrophe makes them text.
            value = "'" + value
        }
        let needsQuotes =
            value.unicodeScalars.contains { $0 == quote || $0 == "\r" || $0 == "\n" || $0 == delimiter }
            || value.first?.isWhitespace == true || value.last?.isWhitespace == true
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// "-12.5", "+3", ".5": numbers a spreadsheet shows as numbers, so guarding them would only corrupt data.
    private static func isPlainNumber(_ value: String) -> Bool {
        var scalars = Substring(value).unicodeScalars[...]
        if let sign = scalars.first, sign == "+" || sign == "-" {
            scalars = scalars.dropFirst()
        }
        let parts = scalars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digitCount = parts.reduce(0) { $0 + $1.count }
        return digitCount > 0 && parts.allSatisfy { $0.allSatisfy { ("0"..."9").contains($0) } }
    }

    /// The candidate that occurs most often outside quotes on the first non-blank line; comma when there is none,
    /// and the earlier of comma, semicolon, tab on a tie.
    private static func detectDelimiter(_ text: String) -> Unicode.Scalar {
        let candidates: [Unicode.Scalar] = [",", ";", "\t"]
        var counts: [Unicode.Scalar: Int] = [:]
        var inQuotes = false
        var seenContent = false
        for scalar in text.unicodeScalars {
            if scalar == quote {
                inQuotes.toggle()
            } else if !inQuotes, scalar == "\r" || scalar == "\n" {
                if seenContent { break }
            } else if !inQuotes, candidates.contains(scalar) {
                counts[scalar, default: 0] += 1
            }
            if scalar != "\r", scalar != "\n", scalar != "\u{FEFF}" { seenContent = true }
        }
        var best: Unicode.Scalar = ","
        for candidate in candidates where counts[candidate, default: 0] > counts[best, default: 0] {
            best = candidate
        }
        return best
    }

    private struct Parser {
        let scalars: String.UnicodeScalarView
        var delimiter: Unicode.Scalar = ","
        var index: String.UnicodeScalarView.Index
        var line = 1

        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var fieldScalars = 0
        var fieldLine = 1
        var recordLine = 1
        /// False only while nothing at all has been read for the current record, which is what makes a line blank.
        var recordStarted = false

        init(text: String) {
            scalars = text.unicodeScalars
            index = scalars.startIndex
            if index < scalars.endIndex, scalars[index] == "\u{FEFF}" {
                // A BOM that survived decoding would otherwise become part of the first header name.
                index = scalars.index(after: index)
            }
        }

        mutating func parse() throws(CSVError) -> [[String]] {
            while index < scalars.endIndex {
                let scalar = scalars[index]
                if scalar == CSV.quote {
                    guard fieldScalars == 0 else { throw CSVError(line: line, reason: .quoteInUnquotedField) }
                    try readQuotedField()
                } else if scalar == delimiter {
                    try endField()
                    recordStarted = true
                    advance()
                } else if scalar == "\r" || scalar == "\n" {
                    try endRecord()
                    consumeLineBreak()
                    recordLine = line
                    fieldLine = line
                } else {
                    append(scalar)
                    recordStarted = true
                    advance()
                }
            }
            try endRecord()
            return rows
        }

        private mutating func readQuotedField() throws(CSVError) {
            let startLine = line
            recordStarted = true
            advance()
            while true {
                guard index < scalars.endIndex else { throw CSVError(line: startLine, reason: .unterminatedQuote) }
                let scalar = scalars[index]
                if scalar == CSV.quote {
                    advance()
                    if index < scalars.endIndex, scalars[index] == CSV.quote {
                        append(CSV.quote)
                        advance()
                        continue
                    }
                    break
                }
                if scalar == "\r" || scalar == "\n" {
                    // Kept verbatim (Excel's Alt+Enter is LF) but still counted, so later errors name the right line.
                    let isCRLF = scalar == "\r" && peek() == "\n"
                    append(scalar)
                    advance()
                    if isCRLF {
                        append("\n")
                        advance()
                    }
                    line += 1
                    continue
                }
                append(scalar)
                advance()
            }
            // RFC 4180 allows only a delimiter or a line end after the closing quote; `"a"b` is ambiguous.
            if index < scalars.endIndex {
                let next = scalars[index]
                guard next == delimiter || next == "\r" || next == "\n" else {
                    throw CSVError(line: line, reason: .quoteInUnquotedField)
                }
            }
        }

        private mutating func append(_ scalar: Unicode.Scalar) {
            field.append(scalar)
            fieldScalars += 1
        }

        private mutating func endField() throws(CSVError) {
            // Scalars never undercount characters, so the costlier character count is only needed past the limit.
            if fieldScalars > CSV.maximumFieldLength, String(field).count > CSV.maximumFieldLength {
                throw CSVError(line: fieldLine, reason: .fieldTooLong)
            }
            row.append(String(field))
            field = String.UnicodeScalarView()
            fieldScalars = 0
            fieldLine = line
        }

        private mutating func endRecord() throws(CSVError) {
            guard recordStarted else { return }
            try endField()
            guard rows.count < CSV.maximumRows else { throw CSVError(line: recordLine, reason: .tooManyRows) }
            rows.append(row)
            row = []
            recordStarted = false
        }

        private mutating func consumeLineBreak() {
            let isCR = scalars[index] == "\r"
            advance()
            if isCR, index < scalars.endIndex, scalars[index] == "\n" {
                advance()
            }
            line += 1
        }

        private func peek() -> Unicode.Scalar? {
            let next = scalars.index(after: index)
            return next < scalars.endIndex ? scalars[next] : nil
        }

        private mutating func advance() {
            index = scalars.index(after: index)
        }
    }
}

/// Why CSV text could not be parsed, and the 1-based physical line where the problem starts.
public struct CSVError: Error, Sendable, Equatable {
    public var line: Int
    public var reason: Reason

    public enum Reason: String, Sendable {
        case unterminatedQuote, quoteInUnquotedField, tooManyRows, fieldTooLong
    }

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }
}
