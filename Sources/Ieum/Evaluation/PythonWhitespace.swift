// Python's idea of whitespace, which sacreBLEU's metrics split and strip on.

extension Unicode.Scalar {
    /// Whether Python's `str.isspace()` holds for this character, so whether `str.split()`
    /// splits on it and `str.rstrip()` strips it. Wider than ASCII: it takes in the
    /// separators U+001C–U+001F, U+0085, the no-break space U+00A0, U+3000 and others.
    var isPythonWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

extension Array where Element == Unicode.Scalar {
    /// The scalars without trailing Python whitespace, as `str.rstrip()` leaves them.
    func droppingTrailingPythonWhitespace() -> ArraySlice<Unicode.Scalar> {
        var end = endIndex
        while end > startIndex, self[end - 1].isPythonWhitespace { end -= 1 }
        return self[startIndex..<end]
    }
}
