import Fluent
import Foundation
import LiaisonCore
import LiaisonData
import Vapor

/// Choices for customer forms and filters, localised.
extension Request {
    func options<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, selected: String?, key: (T) -> String
    ) -> [Choice] where T.RawValue == String {
        T.allCases.map { Choice(value: $0.rawValue, label: t(key($0)), selected: $0.rawValue == selected) }
    }

    /// Active staff, for owner and team pickers.
    /// Active staff to choose from; with `for: customer`, only people who may know that customer (a confidential
    /// customer's account team and the roles that see everything), so a page never offers an assignee the
    /// server would refuse.
    func staffOptions(selected: Set<UUID>, for customer: Customer? = nil) async throws -> [Choice] {
        var people = try await PeopleQueries.staff(limit: 200, on: db).filter { !$0.roles.contains(.customer) }
        if let customer, customer.classification.isRestricted {
            let team = Set(try await CustomerQueries.team(customer.id, on: db).map(\.userID))
            people = people.filter { team.contains($0.id) || NeedToKnow.seesEverything($0.roles) }
        }
        return people.map {
            Choice(
                value: $0.id.idText, label: $0.name, selected: selected.contains($0.id),
                keys: NameKeys.typingKeys(sortKey: $0.sortKey))
        }
    }

    /// "2026-09-21T09:30" in the viewer's time zone, for datetime-local inputs.
    func localDateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = displayTimeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// Reads a datetime-local ("2026-09-21T09:30") or date ("2026-09-21") input in the viewer's time zone, strictly
    /// (`DateText.localMoment`): an impossible or out-of-range date is an issue for `field`, never rolled over.
    func parseLocal(_ text: String?, field: String, into v: inout FieldValidator) -> Date? {
        v.localMoment(field, text, in: displayTimeZone, orDay: true)
    }

    /// Bytes as people read them: 820 B, 14 KB, 3.2 MB.
    func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1_048_576 { return "\(bytes / 1024) KB" }
        return String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

extension Department {
    /// What a picker filtering departments matches: the reading of the Chinese name, the English name, the code.
    var typingKeys: String {
        let english = [nameEn, code].compactMap { $0.map(SortKey.make) }.joined(separator: " ")
        return NameKeys.typingKeys(sortKey: SortKey.make(name)) + (english.isEmpty ? "" : " " + english)
    }
}
