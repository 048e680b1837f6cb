// The normalizer: normal forms, compatibility jamo, controls, whitespace and origin offsets.
import Testing
@testable import Ieum

@Suite struct NormalizerTests {
    let nfkc = ICUNormalizer(form: .nfkc)
    let nfc = ICUNormalizer(form: .nfc)

    @Test func compatibilityJamoSurviveNFKC() throws {
        // Plain NFKC maps ㅋ (U+314B) to the conjoining ᄏ (U+110F) and ㅠ (U+3160) to ᅲ (U+1172).
        #expect(try nfkc.normalize("ㅋㅋㅋ ㅠㅠ").scalars == [0x314B, 0x314B, 0x314B, 0x20, 0x3160, 0x3160])
        // Halfwidth ﾡ (U+FFA1) is the halfwidth form of ㄱ (U+3131), and stays a compatibility jamo.
        #expect(try nfkc.normalize("\u{FFA1}").scalars == [0x3131])
    }

    @Test func nfkcFoldsCompatibilityCharacters() throws {
        // Fullwidth Ａ (U+FF21) → A; the ligature ﬁ (U+FB01) → f i; ① (U+2460) → 1.
        #expect(try nfkc.normalize("Ａﬁ①").scalars == [0x41, 0x66, 0x69, 0x31])
        #expect(try nfc.normalize("Ａﬁ①").scalars == [0xFF21, 0xFB01, 0x2460])
    }

    @Test func conjoiningJamoCompose() throws {
        // ᄒ ᅡ ᆫ (U+1112 U+1161 U+11AB) compose to 한 (U+D55C) in both forms.
        for normalizer in [nfkc, nfc] {
            #expect(try normalizer.normalize("\u{1112}\u{1161}\u{11AB}").scalars == [0xD55C])
        }
        // e + combining acute → é (U+00E9).
        #expect(try nfc.normalize("e\u{301}").scalars == [0xE9])
    }

    @Test func whitespaceFoldsAndControlsVanish() throws {
        let result = try nfkc.normalize("\t  a \u{3000}\u{A0} b\u{0007}c\r ")
        #expect(result.scalars == [0x61, 0x20, 0x62, 0x63])
        // Zero-width joiners are format characters, not controls: emoji sequences keep them.
        #expect(try nfkc.normalize("👨\u{200D}👩").scalars == [0x1F468, 0x200D, 0x1F469])
    }

    @Test func originsPointIntoTheInput() throws {
        // Input scalars: ' '(0) 'x'(1) ' '(2) ' '(3) 'ﬁ'(4) '한'(5..7 as jamo) '!'(8)
        let result = try nfkc.normalize(" x  ﬁ\u{1112}\u{1161}\u{11AB}!")
        #expect(result.scalars == [0x78, 0x20, 0x66, 0x69, 0xD55C, 0x21])
        #expect(result.origins == [1, 2, 4, 4, 5, 8])
    }
}
