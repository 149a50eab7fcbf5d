import Testing

@testable import LiaisonCore

@Suite struct MentionsTests {
    let people: [(id: Int, handle: String)] = [
        (1, "张三"), (1, "zhangsan@corp.test"), (1, "zhangsan"),
        (2, "张三丰"), (2, "sanfeng@corp.test"), (2, "sanfeng"),
        (3, "Li"), (3, "li@corp.test"), (3, "li"),
        (4, "Lina Wang"), (4, "lina@corp.test"), (4, "lina"),
    ]

    @Test(arguments: [
        ("@张三 请看一下", [1]),
        ("@张三请看一下", [1]),
        ("@张三，请看", [1]),
        ("@张三丰请看", [2]),
        ("请@张三丰和@张三一起看", [1, 2]),
        ("@li please check", [3]),
        ("@lina please check", [4]),
        ("@LINA WANG please", [4]),
        ("@li.", [3]),
        ("@li. thanks", [3]),
        ("@li.wang please", []),
        ("@li_w please", []),
        ("@lisa please", []),
        ("mail zhangsan@corp.test", []),
        ("@zhangsan@corp.test 你好", [1]),
        ("@sanfeng", [2]),
        ("no mention here", []),
        ("@", []),
    ])
    func findsTheLongestHandleAtEachAt(text: String, expected: [Int]) {
        #expect(Mentions.find(in: text, handles: people) == Set(expected), "\(text)")
    }

    @Test func peopleWithTheSameNameAreBothMentioned() {
        let twins: [(id: Int, handle: String)] = [(1, "王伟"), (2, "王伟")]
        #expect(Mentions.find(in: "@王伟 看一下", handles: twins) == [1, 2])
    }
}
