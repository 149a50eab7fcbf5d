import Foundation
import Testing

@testable import LiaisonCore

/// The folding table against the ICU transform it was generated from, and the promises search makes with it.
@Suite struct HanFoldingTests {
    static let transform = StringTransform("Hant-Hans")
    static let transformAvailable = "臺".applyingTransform(transform, reverse: false) == "台"
    /// EUC-CN: GB 2312, the simplified standard set, whose characters are never folded.
    static let gb2312 = String.Encoding(rawValue: 0x8000_0930)
    static let gb2312Available = "台".data(using: gb2312) != nil && "臺".data(using: gb2312) == nil

    @Test func theIssuesExamplesFold() {
        for (traditional, simplified) in [("臺", "台"), ("報", "报"), ("價", "价"), ("貿", "贸"), ("灣", "湾"), ("檯", "台")] {
            #expect(HanFolding.folded(traditional) == simplified, "\(traditional)")
        }
        #expect(HanFolding.folded("臺北貿易股份有限公司") == "台北贸易股份有限公司")
    }

    @Test func simplifiedTextIsLeftAlone() {
        // Characters simplified text uses too (乾隆, 著名, 俱乐部, 摔跤, 大阪) are not folded.
        for text in ["台北贸易股份有限公司", "报价", "乾隆", "著名", "俱乐部", "摔跤", "大阪", "後", "於"] {
            #expect(HanFolding.folded(text) == text, "\(text)")
        }
    }

    @Test(.enabled(if: transformAvailable, "Foundation on this system lacks ICU's Hant-Hans transform"))
    func everyPairIsWhatICUGives() {
        let mappings = HanFolding.mappings
        #expect(mappings.count > 3000)
        for (traditional, simplified) in mappings {
            let icu = String(traditional).applyingTransform(Self.transform, reverse: false) ?? ""
            // A target that is itself folded was followed to its end when the table was made.
            #expect(HanFolding.folded(icu) == String(simplified), "\(traditional) → \(icu), table \(simplified)")
        }
    }

    @Test(.enabled(if: gb2312Available, "Foundation on this system lacks the GB 2312 (EUC-CN) encoding"))
    func noCharacterOfTheSimplifiedSetIsFolded() {
        for (traditional, _) in HanFolding.mappings {
            #expect(String(traditional).data(using: Self.gb2312) == nil, "\(traditional)")
        }
    }

    @Test func foldingIsOneCharacterForOneAndFinal() {
        let mappings = HanFolding.mappings
        #expect(Set(mappings.map(\.traditional)).count == mappings.count, "a character appears twice")
        for (traditional, simplified) in mappings {
            #expect(traditional != simplified)
            #expect(HanFolding.folded(simplified) == simplified, "\(simplified) folds again")
            #expect(HanFolding.folded(traditional) == simplified)
            // What normalise folds is already in NFKC form and has no case.
            let target = String(simplified)
            #expect(target.precomposedStringWithCompatibilityMapping.lowercased() == target, "\(simplified)")
        }
    }

    @Test func everyOtherScalarIsItself() {
        let keys = Set(HanFolding.mappings.map(\.traditional.value))
        for value in Array(0...0x2FFF) + Array(0x3400...0xFFFF) + Array(0x20000...0x20FFF)
        where !keys.contains(UInt32(value)) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if HanFolding.folded(scalar) != scalar { Issue.record("U+\(String(value, radix: 16)) folds") }
        }
    }
}
