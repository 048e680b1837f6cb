// Token and position embeddings as a forward/backward pair.

/// out (N, C) = table[id] · scale + positions[position], for the row ids of a padded batch
/// (row r is position r mod length). `positions` is (maxPositions, C) of sinusoids or learned
/// values, offset by `positionOffset` rows (2 for the BART family's learned tables).
func embeddingForward(_ out: UnsafeMutablePointer<Float>, ids: [Int32], length: Int, table: UnsafePointer<Float>, scale: Float,
                      positions: UnsafePointer<Float>, positionOffset: Int, width: Int) {
    for (row, id) in ids.enumerated() {
        let token = table + Int(id) * width, position = positions + (row % length + positionOffset) * width, x = out + row * width
        for column in 0..<width { x[column] = token[column] * scale + position[column] }
    }
}

/// Gradients of `embeddingForward`, added into dtable (V, C) and, for learned positions, into
/// dpositions.
func embeddingBackward(dtable: UnsafeMutablePointer<Float>, dpositions: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                       ids: [Int32], length: Int, scale: Float, positionOffset: Int, width: Int) {
    for (row, id) in ids.enumerated() {
        let d = dout + row * width, token = dtable + Int(id) * width
        for column in 0..<width { token[column] += d[column] * scale }
        if let dpositions {
            let position = dpositions + (row % length + positionOffset) * width
            for column in 0..<width { position[column] += d[column] }
        }
    }
}
