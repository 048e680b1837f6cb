// Pairs the blocks of a Korean help page with those of its English original.

/// The two ways help manuals line up across languages.
enum HelpPagePairing: Sendable {
    /// Blocks carry the same `id` in both languages (LibreOffice's par_id…, hd_id…). Ids
    /// found on one side only, or twice on a side, are skipped.
    case byID
    /// Blocks are generated from the same source in the same order (GIMP's DocBook pages,
    /// whose ids differ between languages): when both pages have the same sequence of
    /// element paths, the n-th block of each pairs up; otherwise the page is skipped.
    case byDocumentOrder

    /// (Korean, English) texts of the blocks that pair up.
    package func pairs(korean: HTMLPage, english: HTMLPage) -> [(korean: String, english: String)] {
        switch self {
        case .byID:
            func uniqueIDs(_ page: HTMLPage) -> [String: String] {
                let withID = page.blocks.filter { !$0.id.isEmpty }
                let counts = Dictionary(withID.map { ($0.id, 1) }, uniquingKeysWith: +)
                return Dictionary(withID.filter { counts[$0.id] == 1 }.map { ($0.id, $0.text) }, uniquingKeysWith: { first, _ in first })
            }
            let englishByID = uniqueIDs(english)
            let koreanByID = uniqueIDs(korean)
            return korean.blocks.compactMap { block in
                guard let text = koreanByID[block.id], let original = englishByID[block.id] else { return nil }
                return (text, original)
            }
        case .byDocumentOrder:
            guard korean.blocks.map(\.path) == english.blocks.map(\.path) else { return [] }
            return zip(korean.blocks, english.blocks).map { ($0.text, $1.text) }
        }
    }
}
