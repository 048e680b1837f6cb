// The sacreBLEU-style signature line that says how a score was computed.

/// A signature in sacreBLEU's format: the settings a score depends on as `key:value` pairs
/// joined by `|`, the version last, e.g. `nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:ieum`.
/// The keys and values are sacreBLEU's own, so that a score can be set beside one from
/// sacreBLEU with the same settings; the version names Ieum's implementation instead of a
/// sacreBLEU release.
enum MetricSignature {
    /// The version field: Ieum's implementations, which agree with sacreBLEU 2.6.0.
    static let version = "ieum"

    /// `pairs` in order, then the version.
    static func format(_ pairs: KeyValuePairs<String, String>) -> String {
        (pairs.map { "\($0.key):\($0.value)" } + ["version:\(version)"]).joined(separator: "|")
    }
}
