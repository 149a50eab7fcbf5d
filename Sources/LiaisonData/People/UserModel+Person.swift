import FluentKit
import Foundation
import LiaisonCore

extension UserModel {
    func person(roles: [String]) -> Person {
        Person(
            id: id!, email: email, name: name, title: title, phone: phone, departmentID: $department.id,
            roles: Set(roles.compactMap(Role.init(rawValue:))), locale: locale.flatMap(AppLocale.init(rawValue:)),
            timeZone: timeZone, active: active, mustChangePassword: mustChangePassword, lockedUntil: lockedUntil,
            absentUntil: absentUntil,
            lastSignInAt: lastSignInAt, contactID: contactID, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}
