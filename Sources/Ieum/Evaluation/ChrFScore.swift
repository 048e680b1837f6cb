// A corpus chrF score and how sacreBLEU would print it.
import Foundation

/// The result of `ChrF.score`.
public struct ChrFScore: Sendable, Equatable, CustomStringConvertible {
    /// chrF, from 0 to 100.
    public let score: Double
    /// How many reference sets the hypotheses were scored against.
    public let referenceSetCount: Int

    /// The metric's name as sacreBLEU gives it: chrF with β.
    public var name: String { "chrF\(ChrF.beta)" }

    /// The settings this score was computed with, in sacreBLEU's format:
    /// `nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:ieum`.
    public var signature: String {
        MetricSignature.format(["nrefs": "\(referenceSetCount)", "case": "mixed", "eff": "yes", "nc": "\(ChrF.characterOrder)", "nw": "0", "space": "no"])
    }

    /// The score as sacreBLEU prints it: `chrF2 = 45.67`.
    public var description: String {
        "\(name) = \(String(format: "%.2f", score))"
    }

    /// The score line with the signature after the name: `chrF2|nrefs:1|…|version:ieum = 45.67`.
    public var signedDescription: String {
        "\(name)|\(signature) = \(String(format: "%.2f", score))"
    }
}
