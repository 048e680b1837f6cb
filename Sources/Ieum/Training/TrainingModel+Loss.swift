// A batch's loss, and its gradient with respect to every parameter.

extension TrainingModel {
    /// Forward pass, label-smoothed cross-entropy (plus the guided-alignment cost of the
    /// batch's links, when given) and backward pass over one batch: adds the gradient of the
    /// mean loss per target token into `gradients` and returns the loss sums.
    func lossAndGradients(_ batch: TrainingBatch, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                          activations: TrainingActivations, labelSmoothing: Float, dropout: inout Dropout,
                          guidedAlignment: GuidedAlignment? = nil) -> LossSum {
        forward(batch, parameters: parameters, activations: activations, dropout: &dropout)
        var loss = crossEntropyForwardBackward(activations.logits.pointer, labels: batch.labels, vocabulary: config.targetVocabularySize,
                                               smoothing: labelSmoothing, normalizer: Float(batch.targetTokens))
        var attentionGradient: (layer: Int, dweights: UnsafePointer<Float>)?
        if let guidedAlignment {
            let shape = attentionShapes(batch).cross
            let dweights = activations.gradientAlignmentWeights.reserve(shape.weightCount)
            loss.alignment = guidedAlignmentForwardBackward(
                dweights: dweights, weights: activations.decoderLayers[guidedAlignment.layer].crossAttention.weights.pointer,
                links: batch.alignments, shape: shape, head: guidedAlignment.head, weight: guidedAlignment.weight,
                normalizer: Float(batch.targetTokens))
            attentionGradient = (guidedAlignment.layer, UnsafePointer(dweights))
        }
        backward(batch, parameters: parameters, gradients: gradients, activations: activations, attentionGradient: attentionGradient)
        return loss
    }

    /// The loss sums of a batch without dropout and without gradients (for validation).
    func loss(_ batch: TrainingBatch, parameters: UnsafePointer<Float>, activations: TrainingActivations,
              labelSmoothing: Float) -> LossSum {
        var dropout = Dropout(rate: 0, generator: SeededGenerator(seed: 0))
        forward(batch, parameters: parameters, activations: activations, dropout: &dropout)
        return crossEntropyForwardBackward(activations.logits.pointer, labels: batch.labels, vocabulary: config.targetVocabularySize,
                                           smoothing: labelSmoothing, normalizer: 1)
    }
}
