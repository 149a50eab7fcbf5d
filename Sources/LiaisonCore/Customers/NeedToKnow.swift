/// The record rule for customer information: a confidential or secret customer, and everything under it, is
/// visible only to its account team, supervisors and administrators. Everyone else must not learn it exists.
public enum NeedToKnow {
    /// Roles that see every customer whatever its classification.
    public static func seesEverything(_ roles: Set<Role>) -> Bool {
        roles.contains(.admin) || roles.contains(.supervisor)
    }

    public static func canSee(_ classification: Classification, onTeam: Bool, roles: Set<Role>) -> Bool {
        !classification.isRestricted || onTeam || seesEverything(roles)
    }
}
