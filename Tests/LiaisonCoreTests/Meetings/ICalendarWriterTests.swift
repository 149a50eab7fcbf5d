import Foundation
import Testing

@testable import LiaisonCore

/// The iCalendar text of an invitation: lines, folding, escaping, time zones, and a parse back with Python's
/// `icalendar` package (when `LIAISON_PYTHON` names a Python that has it).
@Suite struct ICalendarWriterTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text) ?? .distantPast }

    static func meeting(
        zone: String = "Asia/Shanghai", start: String = "2026-05-04T01:30:00Z", end: String = "2026-05-04T03:00:00Z",
        status: MeetingStatus = .scheduled, sequence: Int = 0, title: String = "项目启动会"
    ) -> Meeting {
        Meeting(
            id: UUID(uuidString: "0195B4C8-0000-7000-8000-000000000001")!, kind: .kickoff, title: title,
            startsAt: utc(start), endsAt: utc(end), timeZone: zone, place: "苏州, 3楼; 会议室", videoLink: "https://v.example.com/r/1",
            agenda: "1. 范围\n2. 计划, 风险", status: status, sequence: sequence, createdAt: utc(start), updatedAt: utc(start))
    }

    static func invitation(_ meeting: Meeting) -> MeetingInvitation {
        MeetingInvitation(
            meeting: meeting, organiser: .init(name: "项目经理甲", email: "pm@test.local"),
            attendees: [.init(name: "Wang, Li", email: "wang@customer.example"), .init(name: "无地址", email: nil)],
            host: "liaison.test", stamp: utc("2026-04-01T00:00:00Z"))
    }

    @Test func linesEndInCRLFAndNoneIsLongerThan75Octets() {
        let text = Self.invitation(Self.meeting(title: String(repeating: "启动会议", count: 40))).render()
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line)")
            #expect(!line.contains("\n") && !line.contains("\r"))
        }
        // Unfolded, the title is whole: no character was cut in two.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:" + String(repeating: "启动会议", count: 40) + "\r\n"))
    }

    @Test func foldingCutsOnlyBetweenCharacters() {
        let folded = ICalendarWriter.fold("SUMMARY:" + String(repeating: "中", count: 30))
        let lines = folded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count == 2)
        // "SUMMARY:" is 8 octets, each 中 is 3: 22 fit in the first 74 octets, the 23rd would make 77.
        #expect(lines.first?.utf8.count == 74)
        #expect(lines.last == " " + String(repeating: "中", count: 8))
    }

    @Test func textValuesAreEscaped() {
        #expect(ICalendarWriter.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        let text = Self.invitation(Self.meeting()).render().replacingOccurrences(of: "\r\n ", with: "")
        #expect(text.contains("LOCATION:苏州\\, 3楼\\; 会议室\r\n"))
        #expect(text.contains("DESCRIPTION:1. 范围\\n2. 计划\\, 风险\r\n"))
        #expect(text.contains("ATTENDEE;CN=\"Wang, Li\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:wang@customer.example"))
        #expect(!text.contains("无地址"))
    }

    @Test func aRequestCarriesTheEventInItsZone() {
        let text = Self.invitation(Self.meeting(sequence: 2)).render()
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nPRODID:-//Liaison//Meetings//EN\r\nVERSION:2.0\r\n"))
        #expect(text.contains("METHOD:REQUEST\r\n"))
        #expect(text.contains("UID:0195b4c8-0000-7000-8000-000000000001@liaison.test\r\n"))
        #expect(text.contains("SEQUENCE:2\r\n"))
        #expect(text.contains("DTSTAMP:20260401T000000Z\r\n"))
        #expect(text.contains("DTSTART;TZID=Asia/Shanghai:20260504T093000\r\n"))
        #expect(text.contains("DTEND;TZID=Asia/Shanghai:20260504T110000\r\n"))
        #expect(text.contains("ORGANIZER;CN=项目经理甲:mailto:pm@test.local\r\n"))
        #expect(text.contains("URL:https://v.example.com/r/1\r\n"))
        #expect(text.contains("STATUS:CONFIRMED\r\n"))
        // Shanghai has no clock changes: one STANDARD observance at +0800.
        #expect(text.contains("BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n"))
        #expect(!text.contains("DAYLIGHT"))
    }

    @Test func aCancelledMeetingIsACancellation() {
        let text = Self.invitation(Self.meeting(status: .cancelled, sequence: 3)).render()
        #expect(text.contains("METHOD:CANCEL\r\n"))
        #expect(text.contains("STATUS:CANCELLED\r\n"))
        #expect(text.contains("SEQUENCE:3\r\n"))
    }

    @Test func berlinHasBothObservancesAroundTheMeeting() {
        // 2026-07-01 10:00 CEST = 08:00Z.
        let text = Self.invitation(
            Self.meeting(zone: "Europe/Berlin", start: "2026-07-01T08:00:00Z", end: "2026-07-01T09:00:00Z")
        ).render()
        #expect(text.contains("DTSTART;TZID=Europe/Berlin:20260701T100000\r\n"))
        #expect(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"))
        #expect(text.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"))
    }

    @Test func offsetsAreWrittenAsHoursAndMinutes() {
        #expect(ICalendarWriter.offset(28_800) == "+0800")
        #expect(ICalendarWriter.offset(-12_600) == "-0330")
        #expect(ICalendarWriter.offset(0) == "+0000")
        #expect(ICalendarWriter.offset(345) == "+000545")
    }

    /// Python's `icalendar` reads the text back: the local start time in Shanghai and in Berlin (summer and
    /// winter), the UID, the SEQUENCE and the method, with the zone taken from our own VTIMEZONE.
    @Test func pythonsICalendarReadsItBack() throws {
        guard let python = ProcessInfo.processInfo.environment["LIAISON_PYTHON"], !python.isEmpty else { return }
        let cases: [(Meeting, String)] = [
            (Self.meeting(), "2026-05-04 09:30:00+08:00"),
            (Self.meeting(zone: "Europe/Berlin", start: "2026-07-01T08:00:00Z", end: "2026-07-01T09:00:00Z"),
             "2026-07-01 10:00:00+02:00"),
            (Self.meeting(zone: "Europe/Berlin", start: "2026-12-01T09:00:00Z", end: "2026-12-01T10:00:00Z",
                          status: .cancelled, sequence: 4),
             "2026-12-01 10:00:00+01:00"),
        ]
        let script = """
            sys = __import__("sys")
            icalendar = __import__("icalendar")
            cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
            tz = cal.walk('VTIMEZONE')[0].to_tz()
            event = cal.walk('VEVENT')[0]
            start = event['DTSTART'].dt.replace(tzinfo=None)
            local = start.replace(tzinfo=tz) if not hasattr(tz, 'localize') else tz.localize(start)
            print(local.isoformat(' '))
            print(event['UID'])
            print(int(event['SEQUENCE']))
            print(cal['METHOD'])
            print(event['SUMMARY'])
            print(event['LOCATION'])
            """
        for (meeting, expected) in cases {
            let text = Self.invitation(meeting).render()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script]
            let input = Pipe()
            let output = Pipe()
            let errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            input.fileHandleForWriting.write(Data(text.utf8))
            try input.fileHandleForWriting.close()
            let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(err)")
            let lines = out.split(separator: "\n").map(String.init)
            #expect(lines.first == expected, "\(out)\(err)")
            #expect(lines.dropFirst().first == "0195b4c8-0000-7000-8000-000000000001@liaison.test")
            #expect(lines.dropFirst(2).first == String(meeting.sequence))
            #expect(lines.dropFirst(3).first == (meeting.status == .cancelled ? "CANCEL" : "REQUEST"))
            #expect(lines.dropFirst(4).first == meeting.title)
            #expect(lines.dropFirst(5).first == "苏州, 3楼; 会议室")
        }
    }
}
