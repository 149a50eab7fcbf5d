import Foundation

extension Lexicon {
    /// The default zh and en entries (admins edit their own copy). Each line of the tables below is
    /// `phrase|severity|suggestion`, the suggestion in the phrase's language; the other language's suggestion is
    /// the section's shared one.
    public static let builtIn: [LexiconEntry] = {
        var entries: [LexiconEntry] = []
        func add(_ table: String, kind: MessageFindingKind, language: String, promise: Bool = false,
                 zh: String, en: String) {
            for line in table.split(separator: "\n") {
                let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard let phrase = parts.first, !phrase.isEmpty else { continue }
                let severity = parts.count > 1 && parts[1] == "b" ? MessageFindingSeverity.block : .warn
                let own = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
                entries.append(
                    LexiconEntry(
                        phrase: phrase, kind: kind, severity: severity, language: language,
                        suggestionZh: language == "zh" ? (own ?? zh) : zh,
                        suggestionEn: language == "en" ? (own ?? en) : en, isPromise: promise))
            }
        }
        add(BuiltInTables.blameZh, kind: .disrespect, language: "zh",
            zh: "说明原因和下一步，不追究对方的责任", en: "Explain the cause and the next step without blaming the customer")
        add(BuiltInTables.impatientZh, kind: .disrespect, language: "zh",
            zh: "耐心地再说明一次，必要时附上步骤或截图", en: "Explain once more, patiently, with steps or a screenshot")
        add(BuiltInTables.insultZh, kind: .disrespect, language: "zh",
            zh: "删除这句话，就事论事", en: "Remove this; keep to the facts")
        add(BuiltInTables.blameEn, kind: .disrespect, language: "en",
            zh: "说明原因和下一步，不追究对方的责任", en: "Explain the cause and the next step without blaming the customer")
        add(BuiltInTables.impatientEn, kind: .disrespect, language: "en",
            zh: "耐心地再说明一次，必要时附上步骤或截图", en: "Explain once more, patiently, with steps or a screenshot")
        add(BuiltInTables.insultEn, kind: .disrespect, language: "en",
            zh: "删除这句话，就事论事", en: "Remove this; keep to the facts")
        add(BuiltInTables.vagueTimeZh, kind: .vagueness, language: "zh",
            zh: "写明具体时间，例如“明天下午三点前”", en: "Give a date and time, e.g. “by 3 pm tomorrow”")
        add(BuiltInTables.vaguePromiseZh, kind: .vagueness, language: "zh", promise: true,
            zh: "写明谁在什么时间前完成什么", en: "Say who will do what by when")
        add(BuiltInTables.vagueTimeEn, kind: .vagueness, language: "en",
            zh: "写明具体时间，例如“明天下午三点前”", en: "Give a date and time, e.g. “by 3 pm tomorrow”")
        add(BuiltInTables.vaguePromiseEn, kind: .vagueness, language: "en", promise: true,
            zh: "写明谁在什么时间前完成什么", en: "Say who will do what by when")
        return entries
    }()
}

/// The phrase tables of the built-in lexicon.
enum BuiltInTables {
    static let blameZh = """
        先把自己的*搞定|b
        搞定再来找我们|b
        再来找我们|w
        不要反复提交|w
        请不要反复|w
        不要重复提交|w
        别再提交|w
        跟我们*无关|b
        和我们*无关|b
        与我们*无关|w
        跟我们*没关系|b
        和我们*没关系|b
        跟我们*没有关系|b
        你们*自己的问题|b
        你们自己*搞的|b
        你们自己*弄的|b
        自己*搞坏|b
        不是我们的问题|w
        你们搞错了|w
        你们弄错了|w
        你们操作失误|w
        怪你们|b
        活该|b
        不可理喻|b
        无理取闹|b
        胡搅蛮缠|b
        别找我们|b
        找我们也没用|b
        爱找谁找谁|b
        自己想办法|b
        自己解决吧|b
        不关我事|b
        管不了|w
        不懂别乱改|b
        别乱改|w
        瞎改|b
        瞎搞|b
        乱搞|b
        你们的锅|b
        自己的锅|b
        你们自己的问题|b
        是你们自己的问题|b
        你们自己的原因|b
        你们的责任|w
        是你们的问题|b
        你们操作有问题|w
        你们操作不当|w
        你们用错了|w
        你们自己搞错了|b
        你们自己没看|b
        是你们没看清楚|b
        是你自己的问题|b
        你自己的问题|b
        怪你们自己|b
        怪不得我们|w
        不关我们的事|b
        跟我们没关系|b
        与我方无关|w
        这不是我们的问题|w
        这不归我们管|b
        不是我们的锅|b
        甩锅|w
        你们自己去查|b
        你们自己看着办|b
        自己看着办|b
        爱用不用|b
        爱信不信|b
        你们自己负责|w
        后果自负|w
        我们概不负责|w
        你们懂不懂|b
        你们到底懂不懂|b
        你们的人不专业|b
        你们太不专业|b
        你们的技术太差|b
        连这个都不会|b
        这都不会|b
        这么简单都不会|b
        这么简单的问题|w
        最基本的常识|w
        这是常识|w
        外行|w
        你们领导怎么想的|b
        谁让你们|w
        早就告诉过你们|w
        我们早就说过|w
        是你们没按要求|w
        你们不配合|w
        不按我们说的做|w
        """
    static let impatientZh = """
        说了*遍|b
        说过*遍|b
        讲了*遍|b
        讲过*遍|b
        强调了*遍|b
        强调过*遍|b
        提醒了*遍|w
        说了*次了|w
        讲过*次|w
        告诉过你们*次|b
        有没有认真|b
        有没有仔细看|w
        到底有没有|b
        到底*懂不懂|b
        到底*会不会|b
        不懂吗|b
        还要*问几遍|b
        我都说了|w
        说过了|w
        说了好几遍|b
        说了很多遍|b
        讲了很多遍|b
        重复多少次|b
        还不明白吗|b
        还不明白|w
        还不懂|b
        听懂了吗|b
        没空|w
        别烦|b
        烦死了|b
        搞什么|b
        什么玩意|b
        有没有脑子|b
        没脑子|b
        长点心|b
        用点心|w
        动动脑子|b
        小学生都会|b
        三岁小孩都会|b
        这都不懂|b
        连这都不懂|b
        能不能仔细看|b
        说了多少遍|b
        说了多少次|b
        说过多少遍|b
        我已经说过了|w
        我已经说了|w
        已经说过很多次|w
        已经讲过了|w
        讲了多少遍|b
        跟你说过了|w
        跟你们说过了|w
        上次就说过|w
        看不懂吗|b
        看不懂中文吗|b
        听不懂吗|b
        听不明白吗|b
        没看到吗|w
        不会自己看吗|b
        自己看文档|w
        自己去看文档|w
        不是写得很清楚了吗|b
        不是说了吗|b
        不是告诉你了吗|b
        还要我说几遍|b
        要我说几遍|b
        到底要我怎样|b
        烦不烦|b
        有完没完|b
        能不能别问了|b
        别再问了|b
        不要再问了|b
        别催了|w
        催什么催|b
        急什么|b
        着什么急|b
        你急也没用|b
        就这样吧|w
        爱咋咋地|b
        随便你们|b
        随便你|b
        懒得解释|b
        不想再解释|b
        自己百度|b
        自己去百度|b
        问那么多干嘛|b
        有意思吗|w
        我也没办法|w
        这是规定|w
        你们想多了|w
        这有什么好问的|b
        """
    static let insultZh = """
        sjb|b
        智障|b
        猪脑子|b
        没长眼|b
        瞎了吗|b
        你们是不是傻|b
        是不是傻|b
        傻子|b
        白痴|b
        弱智|b
        脑子有病|b
        有病吧|b
        神经病|b
        脑残|b
        蠢货|b
        蠢|w
        笨蛋|b
        废物|b
        垃圾客户|b
        奇葩客户|b
        奇葩|w
        滚蛋|b
        滚开|b
        闭嘴|b
        去死|b
        他妈的|b
        妈的|b
        卧槽|b
        我靠|b
        tmd|b
        nmsl|b
        sb|b
        nt|b
        cnm|b
        wcnm|b
        mlgb|b
        nmb|b
        rnm|b
        """
    static let blameEn = """
        fix your own|b
        before coming back to us|b
        stop submitting|b
        stop sending|w
        stop opening|w
        stop reopening|w
        nothing to do with us|b
        nothing to do with our|w
        not our concern|b
        not our issue|b
        sort it out yourself|b
        sort it out yourselves|b
        your own mess|b
        your fault|b
        that's your problem|b
        you were told|w
        we told you|w
        you people|b
        we can't help you|w
        go away|b
        leave us alone|b
        nobody cares|b
        who cares|b
        not rocket science|b
        get a clue|b
        learn to read|b
        even a child|b
        it's your fault|b
        it is your fault|b
        that's your fault|b
        your own fault|b
        your own problem|b
        your problem, not ours|b
        not our problem|b
        not our fault|w
        not our responsibility|w
        you did it wrong|w
        you should have read|w
        you should have known|w
        you obviously didn't|b
        you clearly didn't|b
        you failed to|w
        you didn't follow|w
        user error|w
        blame yourself|b
        deal with it|b
        figure it out yourself|b
        your team messed up|b
        you messed up|b
        you broke it|b
        that's on you|b
        on your end, not ours|w
        we are not responsible|w
        take it or leave it|b
        not my problem|b
        not my job|b
        """
    static let impatientEn = """
        did you actually read|b
        did you even*read|b
        told*three times|b
        told*several times|b
        told*many times|b
        told*multiple times|b
        said*three times|b
        explained*three times|b
        explained*several times|b
        explained*many times|b
        how many more times|b
        i told you|w
        we already explained|w
        as already explained|w
        as explained several times|b
        read my previous email|w
        read my last email|w
        stop wasting our time|b
        wasting our time|b
        waste of time|w
        for the hundredth time|b
        for the umpteenth time|b
        again and again|w
        i repeat|w
        seriously?|w
        unbelievable|w
        basic stuff|w
        as i already told you|b
        as i already said|w
        as i said before|w
        as i have said|w
        as previously stated|w
        as stated before|w
        as mentioned several times|w
        as i've told you|b
        i already told you|b
        i've told you|w
        how many times|b
        for the last time|b
        for the third time|b
        once again, please read|b
        can't you read|b
        did you even read|b
        did you not read|b
        do you not understand|b
        don't you understand|b
        read the manual|b
        rtfm|b
        read the documentation before|w
        it's in the docs|w
        obviously|w
        clearly you|b
        stop asking|b
        stop emailing|b
        stop bothering|b
        calm down|w
        be patient|w
        stop complaining|b
        i don't have time for this|b
        not again|w
        this is basic|w
        it's common sense|w
        any idiot|b
        simple enough|w
        just google it|b
        google it yourself|b
        we've been over this|b
        like i said|w
        """
    static let insultEn = """
        stupid|b
        idiot|b
        idiots|b
        dumb|b
        moron|b
        morons|b
        incompetent|b
        clueless|b
        useless|b
        pathetic|b
        ridiculous|w
        nonsense|w
        shut up|b
        screw you|b
        wtf|b
        stfu|b
        damn|w
        crap|w
        shit|b
        bullshit|b
        fuck|b
        fucking|b
        ass|b
        asshole|b
        jerk|b
        """
    static let vagueTimeZh = """
        不好说|w
        说不好|w
        近几日|w
        这几日|w
        不确定什么时候|w
        暂时还没定|w
        还没定|w
        还没确定|w
        时间未定|w
        等*排期|w
        有结果*告诉|w
        有结果*通知|w
        有消息*通知|w
        有消息*告诉|w
        有进展*告知|w
        第一时间|w
        过阵子|w
        过些天|w
        过一段时间|w
        再等等|w
        短期内|w
        不久后|w
        未来几天|w
        这两天|w
        近几天|w
        找时间|w
        看情况|w
        视情况|w
        待定|w
        应该会|w
        应该能|w
        说不定|w
        稍候|w
        晚一点|w
        明后天|w
        左右|w
        尽快|w
        尽早|w
        尽量|w
        稍后|w
        晚点|w
        晚些时候|w
        过几天|w
        过两天|w
        过段时间|w
        过一阵|w
        近期|w
        近日|w
        最近几天|w
        这几天|w
        改天|w
        回头|w
        有时间再|w
        大概|w
        大约|w
        差不多|w
        应该可以|w
        应该没问题|w
        可能要|w
        也许|w
        或许|w
        估计|w
        争取|w
        抓紧|w
        马上|w
        随后|w
        一会儿|w
        待会|w
        等有结果|w
        等有消息|w
        不久|w
        早日|w
        另行通知|w
        """
    static let vaguePromiseZh = """
        研究一下|w
        我们再研究|w
        我们商量一下|w
        内部讨论一下|w
        正在处理|w
        会尽力|w
        尽力而为|w
        我们会想办法|w
        我们会看看|w
        我们会处理|w
        我们会尽力|w
        我们会跟进|w
        我们会关注|w
        我们会研究|w
        我们会安排|w
        我们会考虑|w
        我们会反馈|w
        会给您答复|w
        会给您回复|w
        会通知您|w
        我们来看看|w
        我们看一下|w
        我们再看看|w
        正在处理中|w
        正在排查|w
        在跟进|w
        有进展会通知|w
        有进展再告知|w
        """
    static let vagueTimeEn = """
        hard to say|w
        hard to tell|w
        can't say when|w
        no idea when|w
        in a day or two|w
        a day or two|w
        not been decided|w
        not decided yet|w
        has not been scheduled|w
        not scheduled yet|w
        once we know more|w
        when we know more|w
        in the coming weeks|w
        next few days|w
        in a few days|w
        within a few days|w
        at our earliest convenience|w
        as quickly as possible|w
        as fast as we can|w
        at a later date|w
        not sure when|w
        no eta|w
        at some stage|w
        some day|w
        someday|w
        asap|w
        as soon as possible|w
        as soon as we can|w
        soon|w
        shortly|w
        in a while|w
        in a bit|w
        at some point|w
        sometime|w
        some time next|w
        later|w
        later on|w
        in due course|w
        in the near future|w
        in the coming days|w
        one of these days|w
        eventually|w
        hopefully|w
        probably|w
        maybe|w
        should be fine|w
        should be possible|w
        more or less|w
        roughly|w
        a few days|w
        a couple of days|w
        when possible|w
        when we can|w
        when we get a chance|w
        when time permits|w
        before long|w
        at the earliest convenience|w
        """
    static let vaguePromiseEn = """
        dig into it|w
        dig into this|w
        come back to you|w
        circle back|w
        we will revert|w
        we'll revert|w
        we will try|w
        we'll try|w
        we will do our best|w
        we'll do our best|w
        we will investigate|w
        we'll investigate|w
        we will get to it|w
        we'll get to it|w
        we will look into it|w
        we'll look into it|w
        we will look into this|w
        we'll look into this|w
        we are looking into it|w
        we're looking into it|w
        we will get back to you|w
        we'll get back to you|w
        i'll get back to you|w
        i will get back to you|w
        we will follow up|w
        we'll follow up|w
        we will handle it|w
        we'll handle it|w
        we will keep you posted|w
        we'll keep you posted|w
        we will let you know|w
        we'll let you know|w
        we are working on it|w
        we're working on it|w
        we will check|w
        we'll check|w
        we will see what we can do|w
        we'll see what we can do|w
        """
}
