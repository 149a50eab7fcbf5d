/// Words for generated projects, work plans and requirements (Chinese with some English, as in the rest of the
/// data sets).
enum WorkPlanVocabulary {
    /// The departments tasks are given to: name, English name, code.
    static let departments: [(zh: String, en: String, code: String)] = [
        ("项目管理办公室", "Project Management Office", "PMO"), ("实施交付部", "Delivery", "DLV"),
        ("研发中心", "R&D Centre", "RND"), ("测试部", "Quality Assurance", "QA"),
        ("运维部", "Operations", "OPS"), ("培训与客户成功部", "Training and Customer Success", "CSM"),
        ("采购部", "Procurement", "PRC"), ("数据与集成部", "Data and Integration", "DIN"),
    ]

    /// The phases of a plan, in order, with the milestone that closes each.
    static let phases: [(zh: String, en: String, milestone: String)] = [
        ("需求调研", "Discovery", "需求规格说明书确认"), ("方案设计", "Solution design", "方案评审通过"),
        ("环境准备", "Environment", "测试环境就绪"), ("开发", "Build", "开发完成"),
        ("集成测试", "Integration test", "集成测试通过"), ("数据迁移", "Data migration", "数据迁移演练完成"),
        ("培训", "Training", "关键用户培训完成"), ("上线与验收", "Go-live and acceptance", "系统上线 / Go-live"),
    ]

    /// What a task works on.
    static let objects: [(zh: String, en: String)] = [
        ("订单管理模块", "order management"), ("仓储接口", "WMS interface"), ("财务凭证对接", "finance posting"),
        ("权限与角色", "roles and permissions"), ("主数据", "master data"), ("报表中心", "reporting"),
        ("移动端审批", "mobile approvals"), ("MES 对接", "MES integration"), ("条码打印", "label printing"),
        ("质量追溯", "quality traceability"), ("供应商门户", "supplier portal"), ("单点登录", "single sign-on"),
        ("电子签章", "e-signature"), ("库存盘点", "stock count"), ("采购流程", "purchasing workflow"),
        ("发票管理", "invoicing"), ("能耗监测", "energy monitoring"), ("设备台账", "asset register"),
        ("排产计划", "production scheduling"), ("客户门户", "customer portal"),
    ]

    /// What a task does in each phase (one list per phase, in `phases` order).
    static let actions: [[(zh: String, en: String)]] = [
        [("访谈与现状梳理", "Interviews on"), ("业务流程调研", "Process survey of"), ("需求确认", "Requirements sign-off for")],
        [("概要设计", "High-level design of"), ("接口设计", "Interface design for"), ("方案评审", "Design review of")],
        [("服务器与网络准备", "Servers for"), ("测试环境部署", "Test environment for"), ("账号开通", "Accounts for")],
        [("功能开发", "Build"), ("接口开发", "Interface build for"), ("代码评审", "Code review of"), ("单元测试", "Unit tests for")],
        [("集成测试", "Integration test of"), ("缺陷修复", "Defect fixing in"), ("性能测试", "Load test of")],
        [("数据清洗", "Data cleansing for"), ("迁移脚本编写", "Migration scripts for"), ("迁移演练", "Migration rehearsal of")],
        [("培训材料编写", "Training material for"), ("关键用户培训", "Key-user training on"), ("操作手册", "User guide for")],
        [("上线切换", "Cut-over of"), ("上线保障", "Hypercare for"), ("验收测试", "Acceptance test of")],
    ]

    /// Deliverables named after a task's object.
    static let deliverables = ["说明书", "设计文档", "测试报告", "部署清单", "培训记录", "验收单", "会议纪要", "Test report", "Design document"]

    static let acceptanceChecks = [
        "客户签字确认", "评审会无遗留的 A 类问题", "测试用例通过率 ≥ 98%", "Signed off by the customer's key user",
        "缺陷全部关闭或有明确计划", "客户项目经理邮件确认",
    ]

    static let taskDescriptions = [
        "与客户关键用户共同完成，结果记录在项目共享盘。", "需提前一周与客户 IT 确认窗口期。",
        "参考上一期项目的模板，注意差异部分。", "Coordinate with the customer's IT team before starting.",
        "涉及第三方系统，需要供应商配合。", "完成后在周例会上汇报。",
    ]

    static let projectDescriptions = [
        "客户年度重点项目，按合同分阶段验收。", "替换客户现有的旧系统，涉及 6 个工厂。",
        "Rollout to the customer's plants in East China, phased by site.", "与客户 IT 部门联合实施，双周汇报进度。",
    ]

    static let charterGoals = [
        "在合同期内完成系统上线并通过终验，关键业务流程全部线上化。",
        "Go live at all sites within the contract period and pass final acceptance.",
        "缩短订单交付周期 20%，库存准确率达到 99%。",
    ]

    /// Requirement titles: what the customer asked for, and where.
    static let requirementNeeds = [
        "希望支持批量导入", "需要增加审批流", "报表需要按区域汇总", "希望对接钉钉通知", "需要英文界面",
        "希望支持电子签章", "导出需要保留格式", "需要按项目核算成本", "Support SSO with Azure AD",
        "Need an API for order status", "希望移动端可以离线使用", "需要支持多币种", "希望增加数据权限控制",
    ]

    static let requirementValues = [
        "客户每月可节省约 40 小时人工。", "续约条件之一。", "影响客户年度采购决策。",
        "Blocks the customer's rollout to their overseas plants.", "客户高层在季度会议上提出。",
    ]

    static let meetings = ["季度业务回顾会", "项目周例会", "客户高层拜访", "Quarterly business review", "现场调研"]
}
