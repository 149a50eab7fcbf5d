/// Mail services anyone can sign up to: an address there says nothing about the organisation it belongs to, so its
/// domain never makes another address "one of the customer's".
public enum FreeMailDomains {
    public static let all: Set<String> = [
        "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "aliyun.com",
        "139.com", "189.cn", "wo.cn", "tom.com", "gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
        "live.com", "msn.com", "yahoo.com", "yahoo.com.cn", "icloud.com", "me.com", "mac.com", "proton.me",
        "protonmail.com", "gmx.com", "gmx.de", "mail.com", "aol.com", "zoho.com", "yandex.com", "yandex.ru",
    ]

    public static func contains(_ domain: String) -> Bool { all.contains(domain.lowercased()) }
}
