// Alignments written for people and programs: JSON, a terminal heatmap, SVG and HTML.
import Foundation

extension Alignment {
    /// One JSON object: the words, the soft matrix (one row per target word) and the links.
    package var json: String {
        let rows = targetWords.indices.map { row in
            (0..<sourceWords.count).map { Double(weights[row * sourceWords.count + $0]) }
        }
        let object: [String: Any] = ["source": sourceWords, "target": targetWords, "weights": rows, "pharaoh": pharaoh]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A heatmap for the terminal: one row per target word, one column per source word,
    /// shaded by weight, the links drawn as ●.
    package var heatmap: String {
        let shades = [" ", "░", "▒", "▓", "█"]
        let width = max(targetWords.map(Self.columns).max() ?? 0, 1)
        var lines = sourceWords.enumerated().map { "\(String(repeating: " ", count: width + 1))\($0.offset): \($0.element)" }
        lines.append(String(repeating: " ", count: width + 1) + sourceWords.indices.map { String($0 % 10) }.joined(separator: " "))
        let linked = Set(links.map { $0.target * sourceWords.count + $0.source })
        for (row, word) in targetWords.enumerated() {
            let cells = sourceWords.indices.map { column -> String in
                let weight = weights[row * sourceWords.count + column]
                let shade = shades[min(shades.count - 1, Int((weight * Float(shades.count - 1)).rounded()))]
                return linked.contains(row * sourceWords.count + column) ? "●" : shade
            }
            lines.append(word + String(repeating: " ", count: width - Self.columns(word) + 1) + cells.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// Terminal columns a word takes: two for each Hangul syllable or jamo and each CJK
    /// ideograph, kana or fullwidth form (East Asian Wide), one for anything else.
    static func columns(_ word: String) -> Int {
        word.unicodeScalars.reduce(0) { total, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6: total + 2
            default: total + 1
            }
        }
    }

    /// An SVG heatmap with the source words along the top and the target words down the side.
    package var svg: String {
        let cell = 28, left = 12 + 9 * (targetWords.map(\.count).max() ?? 1), top = 12 + 9 * (sourceWords.map(\.count).max() ?? 1)
        let width = left + cell * sourceWords.count + 10, height = top + cell * targetWords.count + 10
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"13\">"]
        for (column, word) in sourceWords.enumerated() {
            let x = left + column * cell + cell / 2
            parts.append("<text transform=\"translate(\(x),\(top - 6)) rotate(-60)\">\(Self.escaped(word))</text>")
        }
        for (row, word) in targetWords.enumerated() {
            parts.append("<text x=\"\(left - 6)\" y=\"\(top + row * cell + cell / 2 + 4)\" text-anchor=\"end\">\(Self.escaped(word))</text>")
            for column in sourceWords.indices {
                let weight = weights[row * sourceWords.count + column]
                parts.append("<rect x=\"\(left + column * cell)\" y=\"\(top + row * cell)\" width=\"\(cell)\" height=\"\(cell)\" "
                             + "fill=\"#1f4e9c\" fill-opacity=\"\(String(format: "%.3f", weight))\" stroke=\"#ccc\">"
                             + "<title>\(Self.escaped(word)) → \(Self.escaped(sourceWords[column])): \(String(format: "%.3f", weight))</title></rect>")
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A page holding the SVG heatmap and the Pharaoh links.
    package var html: String {
        """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>Alignment</title></head>
        <body style="font-family: sans-serif">
        <p>\(Self.escaped(sourceWords.joined(separator: " ")))<br>\(Self.escaped(targetWords.joined(separator: " ")))</p>
        \(svg)
        <p>Pharaoh: <code>\(pharaoh)</code></p>
        </body></html>
        """
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
