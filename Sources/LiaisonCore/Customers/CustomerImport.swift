import Foundation

/// Reading a customer spreadsheet: headers in Chinese or English, one row per customer or per contact.
///
/// A row holds a customer's columns and, optionally, one contact's columns. Rows naming the same customer add
/// contacts to it, so a file exported from another CRM with one line per contact imports as expected.
public enum CustomerImport {
    /// The columns understood, each with the header spellings accepted (compared without case and spaces).
    public enum Column: String, CaseIterable, Sendable, Codable {
        case name, nameEn, kind, status, tier, classification, industry, region, tags, ownerEmail, website, phone
        case address, notes
        case contactName, contactTitle, contactRole, contactEmail, contactPhone, contactWechat

        var spellings: [String] {
            switch self {
            case .name: ["name", "customer", "customername", "客户名称", "客户", "名称", "公司名称", "单位名称"]
            case .nameEn: ["nameen", "englishname", "英文名称", "英文名"]
            case .kind: ["kind", "type", "类型", "客户类型"]
            case .status: ["status", "状态", "客户状态"]
            case .tier: ["tier", "level", "级别", "客户级别", "客户等级"]
            case .classification: ["classification", "保密等级", "密级"]
            case .industry: ["industry", "行业", "所属行业"]
            case .region: ["region", "地区", "区域", "省市"]
            case .tags: ["tags", "标签"]
            case .ownerEmail: ["owneremail", "owner", "负责人邮箱", "负责人"]
            case .website: ["website", "url", "网站", "官网"]
            case .phone: ["phone", "telephone", "电话", "公司电话", "总机"]
            case .address: ["address", "地址", "公司地址"]
            case .notes: ["notes", "note", "备注", "说明"]
            case .contactName: ["contactname", "contact", "联系人", "联系人姓名", "姓名"]
            case .contactTitle: ["contacttitle", "title", "职务", "职位"]
            case .contactRole: ["contactrole", "联系人角色", "角色"]
            case .contactEmail: ["contactemail", "email", "e-mail", "邮箱", "电子邮箱", "联系人邮箱"]
            case .contactPhone: ["contactphone", "mobile", "手机", "手机号", "联系人电话", "联系电话"]
            case .contactWechat: ["contactwechat", "wechat", "微信", "微信号"]
            }
        }

        public var exportHeader: String { rawValue }
    }

    /// One data row of the file, already split into customer and contact input.
    public struct Row: Sendable, Equatable, Codable {
        public var line: Int
        public var values: [Column: String]

        public init(line: Int, values: [Column: String]) {
            self.line = line
            self.values = values
        }

        public var customerName: String { (values[.name] ?? "").trimmedSpaces() }
        public var hasContact: Bool { !(values[.contactName] ?? "").trimmedSpaces().isEmpty }
    }

    public struct Header: Sendable, Equatable {
        public var columns: [Int: Column]
        public var unknown: [String]
    }

    /// Maps header cells to columns; unknown headers are reported, not fatal.
    public static func header(_ cells: [String]) -> Header {
        var columns: [Int: Column] = [:]
        var unknown: [String] = []
        for (index, cell) in cells.enumerated() {
            let key = cell.lowercased().filter { !$0.isWhitespace && $0 != "_" && $0 != "*" }
            if let column = Column.allCases.first(where: { $0.spellings.contains(key) }),
                !columns.values.contains(column)
            {
                columns[index] = column
            } else if !key.isEmpty {
                unknown.append(cell)
            }
        }
        return Header(columns: columns, unknown: unknown)
    }

    /// Data rows under a header: lines starting with `#` (export notes) and blank rows are skipped.
    public static func rows(_ table: [[String]]) -> (Header, [Row])? {
        let content = table.enumerated().filter { !($0.element.first?.hasPrefix("#") ?? false) }
        guard let headerRow = content.first else { return nil }
        let header = header(headerRow.element)
        var rows: [Row] = []
        for (index, cells) in content.dropFirst() {
            var values: [Column: String] = [:]
            for (position, column) in header.columns where position < cells.count {
                let value = cells[position].trimmed()
                if !value.isEmpty { values[column] = value }
            }
            if !values.isEmpty { rows.append(Row(line: index + 1, values: values)) }
        }
        return (header, rows)
    }

    /// Reads an enumeration cell given as its code or as its label in either language.
    public static func code<T: RawRepresentable & CaseIterable>(
        _ text: String?, _ type: T.Type, labels: [String: T]
    ) -> String? where T.RawValue == String {
        guard let text = text?.trimmedSpaces(), !text.isEmpty else { return nil }
        if let exact = T(rawValue: text) { return exact.rawValue }
        if let match = T.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) { return match.rawValue }
        return labels[text]?.rawValue ?? text
    }

    /// The customer part of a row, with labels such as 重点客户 or 保密 turned into codes.
    public static func customerInput(_ row: Row, ownerID: String?) -> CustomerInput {
        let v = row.values
        return CustomerInput(
            kind: code(v[.kind], CustomerKind.self, labels: ["机构": .organization, "公司": .organization, "个人": .individual]),
            name: v[.name], nameEn: v[.nameEn], industry: v[.industry],
            tier: code(v[.tier], CustomerTier.self, labels: ["战略客户": .strategic, "战略": .strategic, "重点客户": .key, "重点": .key, "普通客户": .standard, "普通": .standard, "小客户": .small]),
            region: v[.region],
            status: code(v[.status], CustomerStatus.self, labels: ["潜在客户": .prospect, "潜在": .prospect, "合作中": .active, "活跃": .active, "休眠": .dormant, "已流失": .former, "流失": .former]),
            classification: code(v[.classification], Classification.self, labels: ["公开": .public, "内部": .internal, "保密": .confidential, "机密": .secret, "绝密": .secret]),
            tags: (v[.tags] ?? "").split(whereSeparator: { ",，;；、|".contains($0) }).map(String.init),
            ownerID: ownerID, website: v[.website], phone: v[.phone], address: v[.address], notes: v[.notes])
    }

    /// The contact part of a row, or nil when the row names no contact.
    public static func contactInput(_ row: Row, customerID: String) -> ContactInput? {
        guard row.hasContact else { return nil }
        let v = row.values
        let split = { (text: String?) in (text ?? "").split(whereSeparator: { ",，;；/ ".contains($0) }).map(String.init) }
        return ContactInput(
            customerID: customerID, name: v[.contactName], title: v[.contactTitle],
            role: code(v[.contactRole], ContactRole.self, labels: ["决策人": .decisionMaker, "技术": .technical, "技术对接人": .technical, "财务": .finance, "采购": .procurement, "使用者": .user, "用户": .user, "其他": .other]),
            emails: split(v[.contactEmail]), phones: (v[.contactPhone] ?? "").split(whereSeparator: { ",，;；/".contains($0) }).map(String.init),
            wechat: v[.contactWechat])
    }
}
