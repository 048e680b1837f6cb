// Text normalization: Unicode normal form, control characters, whitespace, with offsets back.
import CICU

/// Text after normalization, as Unicode scalar values, with the offset of each scalar's
/// origin in the original text (in Unicode scalars), so that positions found in the
/// normalized text can be mapped back to what the user wrote.
package struct NormalizedText: Sendable, Equatable {
    /// The normalized text, one Unicode scalar value each.
    package var scalars: [UInt32]
    /// For each normalized scalar, the index of the original scalar it came from.
    package var origins: [Int32]

    package init(scalars: [UInt32] = [], origins: [Int32] = []) {
        self.scalars = scalars
        self.origins = origins
    }

    /// The normalized text as a string.
    package var string: String { String(scalars: scalars) }
}

/// The first stage of tokenization: turns raw text into the canonical form the vocabulary
/// was trained on.
package protocol Normalizer: Sendable {
    /// Normalizes `text` into `result`, reusing its storage.
    func normalize(_ text: String, into result: inout NormalizedText) throws(TextError)
}

extension Normalizer {
    package func normalize(_ text: String) throws(TextError) -> NormalizedText {
        var result = NormalizedText()
        try normalize(text, into: &result)
        return result
    }
}

/// The Unicode normal form applied before whitespace and control characters are handled.
public enum NormalizationForm: String, Sendable, Codable, CaseIterable {
    /// Compatibility composition: fullwidth Latin becomes ASCII, ligatures are split.
    case nfkc
    /// Canonical composition only.
    case nfc
}

/// ICU's normalizer followed by Ieum's whitespace rules.
///
/// - Standalone Hangul compatibility jamo (ㅋㅋ, ㅠㅠ) stay as they are; plain NFKC would turn
///   them into conjoining jamo that render differently and mean nothing alone.
/// - Control characters are removed; every run of whitespace becomes one space; leading and
///   trailing whitespace is dropped. U+2581 (▁), which marks spaces inside pieces, counts as
///   whitespace, so that decoding gives back exactly the normalized text.
package struct ICUNormalizer: Normalizer {
    package var form: NormalizationForm

    package init(form: NormalizationForm = .nfkc) {
        self.form = form
    }

    package func normalize(_ text: String, into result: inout NormalizedText) throws(TextError) {
        var text = text
        guard text.withUTF8({ normalize(utf8: $0, into: &result) }) else { throw .icuFailure("normalization") }
    }

    /// ICU's normal form into scratch space, then whitespace and controls on the way into
    /// the result's storage; false when ICU fails.
    private func normalize(utf8: UnsafeBufferPointer<UInt8>, into result: inout NormalizedText) -> Bool {
        let icuForm = form == .nfc ? Int32(IEUM_NFC) : Int32(IEUM_NFKC)
        var capacity = utf8.count + 16
        while true {
            let count = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: capacity) { scalars in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { origins in
                    let count = Int(ieum_normalize(utf8.baseAddress, Int32(utf8.count), icuForm,
                                                   scalars.baseAddress, origins.baseAddress, Int32(capacity)))
                    if count >= 0 && count <= capacity {
                        let kept = foldWhitespaceAndControls(scalars, origins, count: count)
                        result.scalars.removeAll(keepingCapacity: true)
                        result.scalars.append(contentsOf: UnsafeBufferPointer(rebasing: scalars[..<kept]))
                        result.origins.removeAll(keepingCapacity: true)
                        result.origins.append(contentsOf: UnsafeBufferPointer(rebasing: origins[..<kept]))
                    }
                    return count
                }
            }
            guard count >= 0 else { return false }
            if count <= capacity { return true }
            capacity = count
        }
    }

    /// Drops control characters and folds whitespace in place; returns the new count.
    private func foldWhitespaceAndControls(_ scalars: UnsafeMutableBufferPointer<UInt32>,
                                           _ origins: UnsafeMutableBufferPointer<Int32>, count: Int) -> Int {
        var kept = 0
        var pendingSpaceOrigin: Int32 = -1
        for index in 0..<count {
            let scalar = scalars[index]
            // Printable ASCII and Hangul syllables, most of the text, need no checks.
            if !(scalar > 0x20 && scalar < 0x7F) && !(scalar >= 0xAC00 && scalar <= 0xD7A3) {
                if isWhitespace(scalar) {
                    if kept > 0 && pendingSpaceOrigin < 0 { pendingSpaceOrigin = origins[index] }
                    continue
                }
                if isControl(scalar) { continue }
            }
            if pendingSpaceOrigin >= 0 {
                scalars[kept] = 0x20
                origins[kept] = pendingSpaceOrigin
                kept += 1
                pendingSpaceOrigin = -1
            }
            scalars[kept] = scalar
            origins[kept] = origins[index]
            kept += 1
        }
        return kept
    }
}

/// Unicode White_Space, plus U+2581, the space marker of pieces.
@inline(__always)
func isWhitespace(_ scalar: UInt32) -> Bool {
    switch scalar {
    case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
         0x2581, 0x3000:
        return true
    default:
        return false
    }
}

/// General category Cc.
@inline(__always)
func isControl(_ scalar: UInt32) -> Bool {
    scalar < 0x20 || (scalar >= 0x7F && scalar < 0xA0)
}

extension String {
    /// A string from Unicode scalar values that are known to be valid.
    init(scalars: some Sequence<UInt32>) {
        var view = String.UnicodeScalarView()
        for value in scalars {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        self = String(view)
    }
}
