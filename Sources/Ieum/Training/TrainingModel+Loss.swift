// A batch's loss, and its gradient with respect to every parameter.

extension TrainingModel {
    /// Forward pass, label-smoothed cross-entropy and backward pass over one batch: adds the
    /// gradient of the mean loss per target token into `gradients` and returns the loss sums.
    func lossAndGradients(_ batch: TrainingBatch, parameters: UnsafePointer<Float>, gradients: UnsafeMutablePointer<Float>,
                          activations: TrainingActivations, labelSmoothing: Float, dropout: inout Dropout) -> LossSum {
        forward(batch, parameters: parameters, activations: activations, dropout: &dropout)
        let loss = crossEntropyForwardBackward(activations.logits.pointer, labels: batch.labels, vocabulary: config.targetVocabularySize,
                                               smoothing: labelSmoothing, normalizer: Float(batch.targetTokens))
        backward(batch, parameters: parameters, gradients: gradients, activations: activations)
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
