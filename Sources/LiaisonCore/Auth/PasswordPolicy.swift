/// Rules a new password must meet. Bcrypt reads at most 72 bytes, so longer passwords are refused rather than
/// silently truncated.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumBytes = 72

    public static func issues(for password: String, field: String = "password", email: String? = nil)
        -> [ValidationIssue]
    {
        var issues: [ValidationIssue] = []
        if password.count < minimumLength {
            issues.append(ValidationIssue(field, "passwordTooShort", [String(minimumLength)]))
        } else if password.utf8.count > maximumBytes {
            issues.append(ValidationIssue(field, "passwordTooLong", [String(maximumBytes)]))
        } else if Set(password).count < 4 {
            issues.append(ValidationIssue(field, "passwordTooSimple"))
        } else if let email, let local = EmailAddress(email)?.localPart, local.count >= 4,
            password.lowercased().contains(local)
        {
            issues.append(ValidationIssue(field, "passwordContainsEmail"))
        }
        return issues
    }
}
