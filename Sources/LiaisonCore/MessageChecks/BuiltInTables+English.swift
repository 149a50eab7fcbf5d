/// The English phrases of the built-in lexicon: `phrase|severity` (b = block, w = warn), `*` for a gap.
extension BuiltInTables {
    static let blameEn = """
        this is on you|b
        on your side, not ours|b
        that is not our job|b
        not our job|b
        deal with it yourself|b
        handle it yourselves|b
        your problem now|b
        we're not your|b
        we are not your|b
        too demanding|b
        unreasonable request|w
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
        we already told you|b
        you were already told|b
        as you were told|b
        like we said|w
        like i told you|b
        i have already explained|w
        i've already explained|w
        we've already explained|w
        explained this before|w
        you ought to know|b
        surely you know|b
        surely you can|b
        waste our time|b
        wasting my time|b
        i can't make it any clearer|b
        can't make it any simpler|b
        it's not that hard|b
        not that difficult|w
        anyone can do|w
        what part of|b
        no offense|w
        enough is enough|b
        give me a break|b
        are you kidding|b
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
    static let vagueTimeEn = """
        any day now|w
        any time now|w
        in a few hours|w
        a few hours|w
        in a couple of weeks|w
        a few weeks|w
        couple of weeks|w
        as early as possible|w
        at the earliest opportunity|w
        when ready|w
        once ready|w
        once it's ready|w
        when it's ready|w
        to be confirmed|w
        to be determined|w
        tbc|w
        should be done|w
        should be ready|w
        should be fixed|w
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
        we're on it|w
        we are on it|w
        we'll sort it out|w
        we will sort it out|w
        we'll take care of it|w
        we will take care of it|w
        we'll fix it|w
        we will fix it|w
        we will update you|w
        we'll update you|w
        we'll be in touch|w
        we will be in touch|w
        stay tuned|w
        bear with us|w
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
