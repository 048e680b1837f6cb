// What the forward pass keeps for backward, and the backward pass's scratch: reused across steps.

/// One residual block: x → x + dropout(f(LN(x))) (pre-layer-norm) or LN(x + dropout(f(x)))
/// (post-layer-norm). Also used alone for a stack's final layer norm (`normed`, `mean`, `rstd`).
final class ResidualActivations: @unchecked Sendable {
    let normed = FloatBuffer()  // (N, C): f's input (pre-LN) or the block's output (post-LN)
    let mean = FloatBuffer()  // (N)
    let rstd = FloatBuffer()  // (N)
    let mask = FloatBuffer()  // (N, C): the dropout factor of each of f's outputs
    let sum = FloatBuffer()  // (N, C): x + dropout(f): the output (pre-LN) or LN's input (post-LN)
}

/// An attention block: projections, weights and context of the batch.
final class AttentionActivations: @unchecked Sendable {
    let block = ResidualActivations()
    let q = FloatBuffer()  // (N, C)
    let k = FloatBuffer()  // (N_keys, C)
    let v = FloatBuffer()  // (N_keys, C)
    let context = FloatBuffer()  // (N, C)
    let weights = FloatBuffer()  // (B, H, T, S)
}

/// A feed-forward block: the first layer's output and the activation's.
final class FeedForwardActivations: @unchecked Sendable {
    let block = ResidualActivations()
    let hidden = FloatBuffer()  // (N, F · inputWidthFactor)
    let activated = FloatBuffer()  // (N, F)
}

/// Everything one training step keeps, sized for the largest batch seen so far.
final class TrainingActivations: @unchecked Sendable {
    let encoderEmbedded = FloatBuffer()  // (B·S, C)
    let encoderEmbeddingMask = FloatBuffer()  // (B·S, C)
    let encoderEmbeddingNorm = ResidualActivations()  // the embedding layer norm, when the config has one
    let encoderLayers: [(attention: AttentionActivations, feedForward: FeedForwardActivations)]
    let encoderFinal = ResidualActivations()
    let decoderEmbedded = FloatBuffer()  // (B·T, C)
    let decoderEmbeddingMask = FloatBuffer()  // (B·T, C)
    let decoderEmbeddingNorm = ResidualActivations()
    let decoderLayers: [(selfAttention: AttentionActivations, crossAttention: AttentionActivations, feedForward: FeedForwardActivations)]
    let decoderFinal = ResidualActivations()
    let logits = FloatBuffer()  // (B·T, V): the logits, then their gradient
    /// The encoder's and decoder's final outputs of the last forward pass.
    var encoderOutput: UnsafePointer<Float>
    var decoderOutput: UnsafePointer<Float>

    // Backward scratch.
    let gradientStream = (FloatBuffer(), FloatBuffer())  // (N, C) each: into and out of a block
    let gradientBlockOutput = FloatBuffer()  // (N, C): f's output gradient
    let gradientBlockInput = FloatBuffer()  // (N, C): f's input gradient (pre-LN)
    let gradientQuery = FloatBuffer(), gradientKey = FloatBuffer(), gradientValue = FloatBuffer(), gradientContext = FloatBuffer()
    let gradientHidden = FloatBuffer(), gradientActivated = FloatBuffer()
    let gradientEncoderOutput = FloatBuffer()  // (B·S, C): what the decoder's cross-attention sends back
    let gradientAlignmentWeights = FloatBuffer()  // (B, H, T, S): guided alignment's gradient on one layer's weights

    init(config: ModelConfig) {
        encoderLayers = (0..<config.encoderLayers).map { _ in (AttentionActivations(), FeedForwardActivations()) }
        decoderLayers = (0..<config.decoderLayers).map { _ in (AttentionActivations(), AttentionActivations(), FeedForwardActivations()) }
        encoderOutput = UnsafePointer(encoderEmbedded.pointer)
        decoderOutput = UnsafePointer(decoderEmbedded.pointer)
    }
}
