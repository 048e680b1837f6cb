// Token and position embeddings as a forward/backward pair.

/// out (N, C) = table[ids[r]] · scale + positions[at[r] + positionOffset] for each row r.
/// `positions` is (maxPositions, C) of sinusoids or learned values, offset by `positionOffset`
/// rows (2 for the BART family's learned tables); nil adds none (rotary positions act in
/// attention instead). Training's padded batches give row r the position r mod length; the
/// decoder's steps continue from the cache's length.
func embeddingForward(_ out: UnsafeMutablePointer<Float>, ids: [Int32], at rowPositions: [Int], table: UnsafePointer<Float>,
                      scale: Float, positions: UnsafePointer<Float>?, positionOffset: Int, width: Int) {
    for (row, id) in ids.enumerated() {
        let token = table + Int(id) * width, x = out + row * width
        guard let positions else {
            for column in 0..<width { x[column] = token[column] * scale }
            continue
        }
        let position = positions + (rowPositions[row] + positionOffset) * width
        for column in 0..<width { x[column] = token[column] * scale + position[column] }
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
