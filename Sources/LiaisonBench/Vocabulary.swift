/// Word lists for realistic, invented Chinese/English customer data. All company and brand names are made up.
enum Vocabulary {
    struct City {
        var name: String
        var pinyin: String
        var province: String
        var region: String
        var areaCode: String
        var districts: [String]
    }

    static let cities: [City] = [
        City(name: "北京", pinyin: "Beijing", province: "北京市", region: "华北", areaCode: "010", districts: ["海淀区", "朝阳区", "东城区", "丰台区", "昌平区"]),
        City(name: "上海", pinyin: "Shanghai", province: "上海市", region: "华东", areaCode: "021", districts: ["浦东新区", "徐汇区", "闵行区", "静安区", "嘉定区"]),
        City(name: "广州", pinyin: "Guangzhou", province: "广东省", region: "华南", areaCode: "020", districts: ["天河区", "黄埔区", "番禺区", "白云区"]),
        City(name: "深圳", pinyin: "Shenzhen", province: "广东省", region: "华南", areaCode: "0755", districts: ["南山区", "福田区", "宝安区", "龙岗区", "龙华区"]),
        City(name: "杭州", pinyin: "Hangzhou", province: "浙江省", region: "华东", areaCode: "0571", districts: ["西湖区", "滨江区", "余杭区", "萧山区"]),
        City(name: "南京", pinyin: "Nanjing", province: "江苏省", region: "华东", areaCode: "025", districts: ["鼓楼区", "江宁区", "建邺区", "栖霞区"]),
        City(name: "苏州", pinyin: "Suzhou", province: "江苏省", region: "华东", areaCode: "0512", districts: ["工业园区", "吴中区", "相城区", "虎丘区"]),
        City(name: "成都", pinyin: "Chengdu", province: "四川省", region: "西南", areaCode: "028", districts: ["高新区", "武侯区", "锦江区", "双流区"]),
        City(name: "重庆", pinyin: "Chongqing", province: "重庆市", region: "西南", areaCode: "023", districts: ["渝北区", "江北区", "九龙坡区", "沙坪坝区"]),
        City(name: "武汉", pinyin: "Wuhan", province: "湖北省", region: "华中", areaCode: "027", districts: ["洪山区", "江汉区", "武昌区", "东西湖区"]),
        City(name: "西安", pinyin: "Xi'an", province: "陕西省", region: "西北", areaCode: "029", districts: ["雁塔区", "未央区", "碑林区", "长安区"]),
        City(name: "天津", pinyin: "Tianjin", province: "天津市", region: "华北", areaCode: "022", districts: ["滨海新区", "南开区", "河西区", "西青区"]),
        City(name: "青岛", pinyin: "Qingdao", province: "山东省", region: "华东", areaCode: "0532", districts: ["市南区", "崂山区", "黄岛区", "城阳区"]),
        City(name: "厦门", pinyin: "Xiamen", province: "福建省", region: "华南", areaCode: "0592", districts: ["思明区", "湖里区", "集美区", "海沧区"]),
        City(name: "宁波", pinyin: "Ningbo", province: "浙江省", region: "华东", areaCode: "0574", districts: ["鄞州区", "北仑区", "江北区", "镇海区"]),
        City(name: "长沙", pinyin: "Changsha", province: "湖南省", region: "华中", areaCode: "0731", districts: ["岳麓区", "雨花区", "开福区", "天心区"]),
        City(name: "郑州", pinyin: "Zhengzhou", province: "河南省", region: "华中", areaCode: "0371", districts: ["金水区", "中原区", "二七区", "管城区"]),
        City(name: "合肥", pinyin: "Hefei", province: "安徽省", region: "华东", areaCode: "0551", districts: ["蜀山区", "包河区", "庐阳区", "瑶海区"]),
        City(name: "东莞", pinyin: "Dongguan", province: "广东省", region: "华南", areaCode: "0769", districts: ["松山湖", "长安镇", "虎门镇", "塘厦镇"]),
        City(name: "佛山", pinyin: "Foshan", province: "广东省", region: "华南", areaCode: "0757", districts: ["顺德区", "南海区", "禅城区", "三水区"]),
        City(name: "无锡", pinyin: "Wuxi", province: "江苏省", region: "华东", areaCode: "0510", districts: ["新吴区", "滨湖区", "梁溪区", "锡山区"]),
        City(name: "大连", pinyin: "Dalian", province: "辽宁省", region: "东北", areaCode: "0411", districts: ["甘井子区", "沙河口区", "中山区", "金州区"]),
        City(name: "沈阳", pinyin: "Shenyang", province: "辽宁省", region: "东北", areaCode: "024", districts: ["浑南区", "和平区", "铁西区", "沈河区"]),
        City(name: "济南", pinyin: "Jinan", province: "山东省", region: "华东", areaCode: "0531", districts: ["历下区", "槐荫区", "市中区", "历城区"]),
        City(name: "福州", pinyin: "Fuzhou", province: "福建省", region: "华南", areaCode: "0591", districts: ["鼓楼区", "仓山区", "台江区", "晋安区"]),
        City(name: "昆明", pinyin: "Kunming", province: "云南省", region: "西南", areaCode: "0871", districts: ["五华区", "盘龙区", "官渡区", "呈贡区"]),
        City(name: "哈尔滨", pinyin: "Harbin", province: "黑龙江省", region: "东北", areaCode: "0451", districts: ["南岗区", "道里区", "香坊区", "松北区"]),
        City(name: "南昌", pinyin: "Nanchang", province: "江西省", region: "华中", areaCode: "0791", districts: ["红谷滩区", "东湖区", "青山湖区", "西湖区"]),
        City(name: "珠海", pinyin: "Zhuhai", province: "广东省", region: "华南", areaCode: "0756", districts: ["香洲区", "金湾区", "斗门区", "横琴"]),
        City(name: "常州", pinyin: "Changzhou", province: "江苏省", region: "华东", areaCode: "0519", districts: ["武进区", "新北区", "天宁区", "钟楼区"]),
    ]

    /// First and second characters of invented two-character brand names (华讯, 腾锐, 鼎泰 …).
    static let brandFirst = Array("华腾宏恒鼎瑞泰盛嘉和远新天金银星光科达通信联中兴海正东南国汇博智云创易优航凯亿源")
    static let brandSecond = Array("为讯图达信创科泰业源宇通盛辉瑞峰城川康安力泽锐维迅捷诚德润晟昊禾杰铭邦驰翔澜拓")

    struct Industry {
        var word: String
        var english: String
        var field: String
        var domain: String
    }

    static let industries: [Industry] = [
        Industry(word: "科技", english: "Technology", field: "软件和信息技术服务业", domain: "tech"),
        Industry(word: "电子", english: "Electronics", field: "电子设备制造", domain: "elec"),
        Industry(word: "机械", english: "Machinery", field: "装备制造业", domain: "mach"),
        Industry(word: "医药", english: "Pharmaceutical", field: "医药制造", domain: "pharma"),
        Industry(word: "物流", english: "Logistics", field: "交通运输与物流", domain: "logistics"),
        Industry(word: "贸易", english: "Trading", field: "批发和零售业", domain: "trading"),
        Industry(word: "新能源", english: "New Energy", field: "能源", domain: "energy"),
        Industry(word: "汽车零部件", english: "Auto Parts", field: "汽车制造", domain: "auto"),
        Industry(word: "食品", english: "Foods", field: "食品饮料", domain: "food"),
        Industry(word: "建设工程", english: "Construction Engineering", field: "建筑业", domain: "build"),
        Industry(word: "化工", english: "Chemical", field: "化学原料和化学制品", domain: "chem"),
        Industry(word: "网络科技", english: "Network Technology", field: "互联网", domain: "net"),
        Industry(word: "金融服务", english: "Financial Services", field: "金融业", domain: "fin"),
        Industry(word: "教育科技", english: "Education Technology", field: "教育", domain: "edu"),
        Industry(word: "通信设备", english: "Communication Equipment", field: "电信", domain: "comm"),
        Industry(word: "精密仪器", english: "Precision Instruments", field: "仪器仪表制造", domain: "instr"),
        Industry(word: "纺织", english: "Textile", field: "纺织服装", domain: "textile"),
        Industry(word: "环保科技", english: "Environmental Technology", field: "生态环保", domain: "eco"),
        Industry(word: "半导体", english: "Semiconductor", field: "集成电路", domain: "semi"),
        Industry(word: "生物科技", english: "Biotechnology", field: "生物医药", domain: "bio"),
        Industry(word: "智能制造", english: "Intelligent Manufacturing", field: "制造业", domain: "im"),
        Industry(word: "医疗器械", english: "Medical Devices", field: "医疗健康", domain: "med"),
    ]

    static let companySuffixes: [(zh: String, en: String, weight: Int)] = [
        ("有限公司", "Co., Ltd.", 70), ("股份有限公司", "Co., Ltd.", 20), ("集团有限公司", "Group Co., Ltd.", 10),
    ]

    static let tags = ["重点", "制造业", "VIP", "续约", "出口", "政府", "渠道", "key-account", "华南大区", "战略合作", "高风险", "新客户", "上市公司", "外资"]

    static let surnames: [String] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "欧阳", "司马", "上官"]
    static let givenChars = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建文斌宇浩凯晨欣怡梓涵子轩宁雪琳婷颖博思远嘉俊志国庆海燕红梅晓东立新春")

    static let englishFirst = ["David", "Emily", "Michael", "Sarah", "James", "Jessica", "Robert", "Linda", "Kevin", "Grace", "Daniel", "Sophie", "Thomas", "Olivia", "Andrew", "Rachel", "Peter", "Helen", "Mark", "Vivian", "Jason", "Cindy", "Eric", "Amy", "Frank", "Lucy", "Tony", "Anna", "William", "Karen", "Jack", "Irene", "Henry", "Alice", "Leo", "Nina", "Oscar", "Tina", "Ryan", "Chloe"]
    static let englishLast = ["Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin", "Smith", "Johnson", "Brown", "Miller", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Martin", "Lee", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Müller", "Schmidt", "García", "Tanaka", "Kim", "Park", "Nguyen"]

    static let contactTitles: [String] = ["总经理", "副总经理", "采购经理", "采购专员", "财务总监", "财务经理", "技术总监", "IT 经理", "项目经理", "运营总监", "法务经理", "行政主管", "生产经理", "质量经理", "供应链总监", "CEO", "CTO", "CFO", "Procurement Manager", "Purchasing Director", "IT Director", "Project Manager", "Operations Manager", "Finance Controller", "Engineering Lead", "Head of Supply Chain"]
    static let contactRoles = ["decisionMaker", "technical", "finance", "procurement", "user", "other"]
    static let freeMail = ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com", "foxmail.com"]
    static let mobilePrefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "158", "159", "166", "176", "177", "180", "181", "182", "185", "186", "187", "188", "189", "199"]

    static let staffTitles = ["客户经理", "销售经理", "大客户经理", "售前工程师", "项目经理", "技术支持工程师", "区域销售总监", "Account Manager", "Key Account Manager"]

    static let products: [String] = [
        "工业网关 IG-500", "智能电表 SM-2000", "ERP 系统实施服务", "云服务器年度套餐", "激光切割机 LC-3015", "UPS 不间断电源 30kVA",
        "LED 显示屏 P2.5", "传感器模组 TX-9", "数据中台 DataHub Pro", "安全网关 SG-1200", "光伏逆变器 PV-50K", "冷链物流服务",
        "CNC 加工中心 VMC-850", "视频会议终端 VC-300", "SaaS CRM 企业版", "工业机器人 RB-20", "MES 生产执行系统", "储能柜 ES-215",
        "AGV 搬运机器人", "PLC 控制器 C5", "服务器 X86-2U", "交换机 S5735", "条码打印机 ZT-410", "医用监护仪 M9",
        "实验室试剂盒", "包装生产线", "空压机 AC-75", "变频器 VF-37", "智能门禁系统", "OA 协同办公平台",
    ]

    static let projectPrefixes = ["智慧园区", "产线自动化改造", "数据中心扩容", "仓储物流升级", "ERP 二期", "华东仓储", "质量追溯平台", "能源管理", "门店数字化", "研发中心建设", "海外工厂", "供应链协同", "Phase 2 rollout", "Smart Factory", "Cloud Migration"]
    static let projectSuffixes = ["项目", "一期项目", "二期项目", "改造项目", "试点", " project"]

    static let outcomes: [String] = ["客户同意签约", "等待客户确认", "已解决", "需要二次报价", "Customer approved", "Pending PO", "已安排退款", "升级到研发处理", "客户满意", "客户暂缓采购", "Deal won", "On hold", "已完成验收", "需补充资料"]
    static let nextSteps: [String] = ["发送修订版合同", "Follow up on PO", "安排现场演示", "跟进退款进度", "准备验收文档", "提交报价审批", "确认发货时间", "Send updated quotation", "预约季度回访", "开具增值税专用发票", "安排工程师上门", "Schedule training session"]
}

/// Interaction subjects and body paragraphs by topic. Slots in braces are filled per interaction:
/// {C} contact, {S} staff, {CO} customer short name, {CITY}, {P} product, {J} project, {A} amount, {U} unit
/// price, {Q} quantity, {D} date, {N} order number, {INV} invoice number, {NUM} number, {V} version,
/// {WK} week, {K} clause number, {W} weeks, {PH} phone, {Y} year.
enum Topics {
    struct Topic {
        var name: String
        var weight: Int
        var subjects: [String]
        var paragraphs: [String]
    }

    static let all: [Topic] = [
        Topic(name: "contract", weight: 14, subjects: [
            "关于{J}合同条款的确认", "{CO}年度框架合同续签", "合同审批进度 - {N}", "Contract review: {P}", "Re: 合同草案 v{V} 修改意见",
            "合同盖章及寄送安排", "Re: Master agreement redlines v{V}", "{J}合同付款节点调整", "补充协议签署事宜", "合同变更申请（{P}）",
        ], paragraphs: [
            "{C}您好，附件是{J}的合同草案 v{V}，请重点确认第{K}条付款条款和第{K}条违约责任。",
            "客户法务对**保密条款**提出修改意见，希望把保密期限从 3 年延长到 5 年，需要我司法务评估。",
            "Contract value is {A}, payment terms 30/60/10, warranty 12 months. {C} will get internal approval by {D}.",
            "- 合同金额：{A}\n- 付款方式：预付 30%，验收后支付 60%，质保金 10%\n- 交付周期：{W} 周",
            "Legal asked us to align the liability cap with the master agreement signed in {Y}; redlined copy sent.",
            "> 请在本周五前回签合同，我们这边走内部审批流程。\n\n已回复客户，预计{D}完成盖章并快递原件。",
            "合同编号 `HT-{Y}-{NUM}` 已归档，双方盖章版本扫描件已上传系统。",
            "客户要求在合同中增加 **SLA 条款**：故障 4 小时响应、24 小时到场，已与交付团队确认可行。",
            "The customer wants the contract to be governed by PRC law with arbitration in {CITY}. We agreed.",
        ]),
        Topic(name: "refund", weight: 8, subjects: [
            "退款申请 - 订单 {N}", "Refund request for order {N}", "关于{P}退款的处理结果", "Re: 退款进度查询", "部分退款审批（{A}）",
            "退货退款 - {P}", "Refund status {N}",
        ], paragraphs: [
            "客户反映{P}到货后有 {Q} 台存在质量问题，申请部分退款 {A}。",
            "财务已审核退款申请，预计{D}原路退回，退款单号 `RF-{NUM}`。",
            "Customer requested a refund of {A} because the shipment arrived damaged. Photos attached by {C}.",
            "按合同约定，退款需扣除已产生的运费和安装费用，已向{C}解释，客户表示理解。",
            "退款流程：\n1. 客户提交退款申请\n2. 质量部确认问题\n3. 财务审批后 5 个工作日内退款",
            "{C}来电催促退款进度，已联系财务加急处理，今天下午回复客户。",
            "Refund of {A} approved by finance on {D}; credit note issued against invoice {INV}.",
        ]),
        Topic(name: "delivery", weight: 14, subjects: [
            "{J}交付进度周报 W{WK}", "Delivery schedule update - {P}", "交付延期风险提示", "发货通知：{N}", "Shipment of {Q} units {P}",
            "现场安装调试安排（{CITY}）", "Re: 到货验收时间确认", "交付计划变更 - {J}",
        ], paragraphs: [
            "本批次 {Q} 台{P}已于{D}从{CITY}仓库发出，物流单号 SF{NUM}，预计 3 天内到达。",
            "因芯片供货紧张，交付时间可能推迟 2 周，已同步{C}，客户要求每周更新一次进度。",
            "Delivery to the {CITY} site is confirmed for {D}; the installation team will arrive the next day.",
            "- 设备到货：已完成\n- 安装调试：进行中\n- 客户验收：计划{D}",
            "现场反馈机柜尺寸与图纸不符，需要重新确认安装位置，{S}明天上午到现场。",
            "The customer asked whether we can split the shipment: {Q} units now and the rest next month. OK from our side.",
            "交付团队已完成{J}第一阶段上线，客户对系统响应速度比较满意。",
        ]),
        Topic(name: "meeting", weight: 12, subjects: [
            "{CITY}现场会议纪要", "Meeting notes: {J} kickoff", "季度业务回顾 QBR 会议", "需求评审会议安排", "与{C}的电话会议记录",
            "Weekly sync with {CO}", "{J}项目启动会", "高层拜访纪要",
        ], paragraphs: [
            "## 会议纪要\n参会人：{C}、{S}\n\n1. 回顾了上季度{P}的使用情况\n2. 客户希望增加 API 对接\n3. 下次会议定于{D}",
            "会上客户提出希望在{CITY}增设备件库，缩短售后响应时间，我们会内部评估成本。",
            "Discussed the roadmap for {P}; {C} is interested in the new reporting module and asked for a demo.",
            "客户 CIO 参加了会议，明确今年预算向**数字化转型**倾斜，{J}有机会扩大范围。",
            "Action items:\n- {S}: send the revised proposal\n- {C}: confirm the budget owner\n- both: review on {D}",
            "会议时长约 1 小时，气氛良好，客户对我们的交付质量评价较高。",
            "We agreed on monthly steering meetings; next one in {CITY} on {D}.",
        ]),
        Topic(name: "quote", weight: 12, subjects: [
            "{P}报价单 v{V}", "Quotation for {Q} x {P}", "Re: 报价调整申请", "年度采购报价确认", "询价：{P}",
            "Price list {Y} for {CO}", "{J}预算报价",
        ], paragraphs: [
            "根据{C}的需求，{P} {Q} 台，单价 {U}，总价 {A}（含 13% 增值税），报价有效期 30 天。",
            "Customer asked for a 5% discount if the order exceeds {Q} units; escalated to the sales director.",
            "竞争对手报价比我们低约 8%，客户希望我们重新核算，{S}负责准备二次报价。",
            "详见 [报价单](https://files.example.cn/q/{NUM})，如有疑问请联系 {S}。",
            "报价包含：\n- 设备费用\n- 安装调试\n- 一年免费质保\n- 操作培训 2 次",
            "Quotation {N} sent on {D}. Payment in RMB, delivery EXW {CITY}.",
        ]),
        Topic(name: "invoice", weight: 9, subjects: [
            "发票开具申请 - {N}", "增值税专用发票信息变更", "Invoice {INV} payment reminder", "Re: 发票抬头有误", "开票资料确认",
            "发票红冲申请", "Invoice copy for {N}",
        ], paragraphs: [
            "客户需要开具增值税专用发票，开票金额 {A}，发票号码 {INV}。",
            "发票已于{D}通过顺丰寄出，快递单号 SF{NUM}，请{C}注意查收。",
            "客户反馈发票抬头与营业执照不一致，需要红冲后重开，已提交财务。",
            "Invoice {INV} of {A} is 15 days overdue; {C} said payment will be released after the month-end close.",
            "开票信息：\n- 名称：{CO}\n- 税号：91{NUM}MA\n- 开户行：招商银行{CITY}分行",
        ]),
        Topic(name: "support", weight: 12, subjects: [
            "{P}故障报修", "Issue #{NUM}: {P} firmware upgrade failed", "远程技术支持记录", "售后回访", "Re: 系统无法登录",
            "设备异常告警处理", "Support ticket {NUM}",
        ], paragraphs: [
            "客户反馈{P}在升级固件 v{V} 后出现频繁重启，已远程收集日志，转研发分析。",
            "Root cause: misconfigured NTP server; fixed by {S} remotely, customer confirmed everything works.",
            "工程师{S}于{D}上门处理，更换主板后设备恢复正常，客户签字确认。",
            "Steps taken:\n1. Checked the network configuration\n2. Restarted the service\n3. Upgraded to v{V}",
            "客户对响应速度不满意，希望我们提供 7×24 小时热线支持，已记录需求。",
            "错误日志显示 `ERR_TIMEOUT 504`，怀疑是客户防火墙策略导致，请客户 IT 协助排查。",
        ]),
        Topic(name: "renewal", weight: 6, subjects: [
            "{Y}年度续约沟通", "Renewal of {P} subscription", "续费提醒 - {CO}", "Re: 续约价格", "服务合同到期提醒",
        ], paragraphs: [
            "{P}服务将于{D}到期，客户希望续约 3 年并争取更优惠的价格。",
            "Renewal quote sent: {A} per year, including premium support. {C} needs CFO sign-off.",
            "客户今年预算缩减，续约金额可能下降约 10%，需要评估是否调整服务内容。",
            "续约已确认，合同编号 HT-{Y}-{NUM}，付款方式维持季度付款。",
        ]),
        Topic(name: "complaint", weight: 4, subjects: [
            "客户投诉：{P}质量问题", "Complaint about late delivery", "Re: 服务态度投诉", "投诉处理结果反馈",
        ], paragraphs: [
            "{C}投诉上周交付的{P}有明显划痕，要求换货并赔偿损失，已上报质量部。",
            "The customer escalated the delayed delivery to our general manager; we offered a 3% credit.",
            "投诉已于{D}处理完毕，客户接受换货方案，并对处理速度表示认可。",
            "我们向客户道歉，并承诺后续每批货物出厂前增加一次全检。",
        ]),
        Topic(name: "training", weight: 4, subjects: [
            "{P}操作培训安排", "Training session for {CO} users", "Re: 培训资料", "管理员培训反馈",
        ], paragraphs: [
            "培训定于{D}在{CITY}客户现场进行，预计 20 人参加，讲师{S}。",
            "Training materials (slides and videos) uploaded to the portal; {C} will share them internally.",
            "培训内容：\n1. 系统基本操作\n2. 报表导出\n3. 常见问题处理",
        ]),
        Topic(name: "acceptance", weight: 5, subjects: [
            "{J}验收报告", "Final acceptance of {P}", "Re: 验收问题清单", "初验会议安排",
        ], paragraphs: [
            "{J}已于{D}通过初验，遗留问题 3 项，计划两周内整改完成。",
            "The acceptance certificate was signed by {C}; the final 60% payment ({A}) is now due.",
            "验收问题清单：\n- 报表导出格式\n- 权限配置\n- 文档缺失",
        ]),
        Topic(name: "payment", weight: 6, subjects: [
            "回款计划确认", "Payment received: {A}", "Re: 付款进度", "逾期账款催收 - {N}",
        ], paragraphs: [
            "客户已支付第二期款项 {A}，财务确认到账，剩余尾款待验收后支付。",
            "{C} confirmed the payment of {A} will be made by wire transfer before {D}.",
            "账款已逾期 45 天，{S}今天电话联系客户财务，对方承诺本月底前付清。",
        ]),
        Topic(name: "tender", weight: 3, subjects: [
            "{J}招标文件解读", "Tender submission for {J}", "Re: 投标保证金", "中标通知书",
        ], paragraphs: [
            "{J}招标公告已发布，投标截止时间{D}，需要准备资质文件和技术方案。",
            "We submitted our bid of {A} for {J}; the result will be announced in two weeks.",
            "恭喜！我司在{J}中标，中标金额 {A}，请尽快安排合同谈判。",
        ]),
    ]

    /// Openings and closings mixed into bodies, for realistic length and code-switching.
    static let openings: [String] = [
        "{C}您好，", "Hi {C},", "各位好，", "Dear {C},", "今天与{C}电话沟通，", "上午拜访了{CO}，", "收到客户邮件：", "Follow-up from today's call:",
    ]
    static let closings: [String] = [
        "谢谢！", "Best regards,\n{S}", "如有问题请随时联系我，电话 {PH}。", "Please let me know if you have any questions.", "辛苦了，保持沟通。",
        "下周再跟进。", "Thanks, {S}",
    ]
}
