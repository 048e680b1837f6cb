// Token and position embeddings as a forward/backward pair.

/// out (N, C) = table[ids[r]] · scale + positions[at[r] + positionOffset] for each row r.
/// `positions` is (maxPositions, C) of sinusoids or learned values, offset by `positionOffset`
/// rows (2 for the BART family's learned tables); nil adds none (rotary positions act in
/// attention instead). Training's padded batches give row r the position r mod length; the
/// decoder's steps continue from the cache's length.
func embeddingForward(_ out: UnsafeMutablePointer<Float>, ids: [Int32], at rowPositions: [Int], table: UnsafePointer<Float>,
                      layout: EmbeddingLayout = .rows, scale: Float, positions: UnsafePointer<Float>?, positionOffset: Int, width: Int) {
    for (row, id) in ids.enumerated() {
        let (token, stride) = layout.row(Int(id), of: table, width: width), x = out + row * width
        guard let positions else {
            for column in 0..<width { x[column] = token[column * stride] * scale }
            continue
        }
        let position = positions + (rowPositions[row] + positionOffset) * width
        for column in 0..<width { x[column] = token[column * stride] * scale + position[column] }
    }
}

/// How an embedding table's rows lie in memory: one after another, (V, C), or in the float32
/// panels of a `PackedMatrix` (16 rows side by side, column by column), where a table tied to
/// the output projection is read from that projection's packed copy and so held once.
enum EmbeddingLayout: Sendable {
    case rows, panels

    /// Where row `id` starts and the distance between its columns.
    func row(_ id: Int, of table: UnsafePointer<Float>, width: Int) -> (start: UnsafePointer<Float>, stride: Int) {
        switch self {
        case .rows: (table + id * width, 1)
        case .panels: (table + id / PackedMatrix.panelWidth * PackedMatrix.panelWidth * width + id % PackedMatrix.panelWidth,
                       PackedMatrix.panelWidth)
        }
    }
}

/// Gradients of `embeddingForward`, added into dtable (V, C) and, for learned positions, into
/// dpositions.
func embeddingBackward(dtable: UnsafeMutablePointer<Float>, dpositions: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                       ids: [Int32], at rowPositions: [Int], scale: Float, positionOffset: Int, width: Int) {
    for (row, id) in ids.enumerated() {
        let d = dout + row * width, token = dtable + Int(id) * width
        for column in 0..<width { token[column] += d[column] * scale }
        if let dpositions {
            let position = dpositions + (rowPositions[row] + positionOffset) * width
            for column in 0..<width { position[column] += d[column] }
        }
    }
}
