// Each layer's backward against central differences of its forward.
import Foundation
import Testing
@testable import Ieum

@Suite struct LayerGradientTests {
    /// ∂loss/∂x[index] by the five-point central difference, whose error is O(h⁴), so that
    /// the step can stay well above Float's rounding noise.
    static func numericDerivative(_ x: [Float], at index: Int, step: Float, loss: ([Float]) -> Double) -> Double {
        func shifted(_ by: Float) -> Double {
            var values = x
            values[index] += by
            return loss(values)
        }
        return (8 * (shifted(step) - shifted(-step)) - (shifted(2 * step) - shifted(-2 * step))) / Double(12 * step)
    }

    /// |analytic − numeric| / max(|analytic|, |numeric|, 0.01).
    static func relativeError(_ analytic: Float, _ numeric: Double) -> Double {
        abs(numeric - Double(analytic)) / max(abs(numeric), abs(Double(analytic)), 1e-2)
    }

    /// The largest relative error between `analytic` and the numeric gradient of
    /// L(x) = Σ forward(x) · projection.
    static func worstError(_ x: [Float], analytic: [Float], projection: [Float], step: Float = 3e-2,
                           forward: ([Float]) -> [Float]) -> Double {
        func loss(_ values: [Float]) -> Double { zip(forward(values), projection).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        return x.indices.map { relativeError(analytic[$0], numericDerivative(x, at: $0, step: step, loss: loss)) }.max() ?? 0
    }

    static func random(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in scale * generator.nextNormal() }
    }

    @Test func linear() {
        let (N, I, O) = (3, 5, 4)
        let input = Self.random(N * I, seed: 1), weight = Self.random(O * I, seed: 2), bias = Self.random(O, seed: 3)
        let projection = Self.random(N * O, seed: 4)
        func forward(_ input: [Float], _ weight: [Float], _ bias: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: N * O)
            linearForward(&out, input, weight: weight, bias: bias, rows: N, inputs: I, outputs: O)
            return out
        }
        var dinput = [Float](repeating: 0, count: N * I), dweight = [Float](repeating: 0, count: O * I), dbias = [Float](repeating: 0, count: O)
        linearBackward(dinp: &dinput, dweight: &dweight, dbias: &dbias, dout: projection, inp: input, weight: weight,
                       rows: N, inputs: I, outputs: O)
        #expect(Self.worstError(input, analytic: dinput, projection: projection) { forward($0, weight, bias) } < 1e-3)
        #expect(Self.worstError(weight, analytic: dweight, projection: projection) { forward(input, $0, bias) } < 1e-3)
        #expect(Self.worstError(bias, analytic: dbias, projection: projection) { forward(input, weight, $0) } < 1e-3)
    }

    @Test func layerNorm() {
        let (N, C) = (3, 6)
        let input = Self.random(N * C, seed: 5, scale: 2), weight = Self.random(C, seed: 6), bias = Self.random(C, seed: 7)
        let projection = Self.random(N * C, seed: 8)
        var mean = [Float](repeating: 0, count: N), rstd = [Float](repeating: 0, count: N)
        func forward(_ input: [Float], _ weight: [Float], _ bias: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: N * C)
            layerNormForward(&out, mean: &mean, rstd: &rstd, input, weight: weight, bias: bias, rows: N, width: C, epsilon: 1e-5)
            return out
        }
        _ = forward(input, weight, bias)
        var dinput = [Float](repeating: 0, count: N * C), dweight = [Float](repeating: 0, count: C), dbias = [Float](repeating: 0, count: C)
        layerNormBackward(dinp: &dinput, dweight: &dweight, dbias: &dbias, dout: projection, inp: input, mean: mean, rstd: rstd,
                          weight: weight, rows: N, width: C)
        #expect(Self.worstError(input, analytic: dinput, projection: projection) { forward($0, weight, bias) } < 1e-3)
        #expect(Self.worstError(weight, analytic: dweight, projection: projection) { forward(input, $0, bias) } < 1e-3)
        #expect(Self.worstError(bias, analytic: dbias, projection: projection) { forward(input, weight, $0) } < 1e-3)
    }

    @Test(arguments: [Activation.relu, .gelu, .swish, .swiglu])
    func activation(_ activation: Activation) {
        let (N, F) = (2, 5)
        // ReLU's kink at 0 would spoil the differences: keep its inputs away from it.
        var input = Self.random(N * F * activation.inputWidthFactor, seed: 9)
        if activation == .relu { input = input.map { $0 + ($0 < 0 ? -0.1 : 0.1) } }
        let projection = Self.random(N * F, seed: 10)
        func forward(_ input: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: N * F)
            activation.forward(&out, input, rows: N, width: F)
            return out
        }
        var dinput = [Float](repeating: 0, count: input.count)
        activation.backward(dinp: &dinput, dout: projection, inp: input, rows: N, width: F)
        #expect(Self.worstError(input, analytic: dinput, projection: projection, step: 1e-3, forward: forward) < 1e-3)
    }

    @Test(arguments: [false, true])
    func attention(causal: Bool) {
        // Two sentences, the second padded: 3 queries and 4 keys, 2 heads of width 2.
        let shape = AttentionShape(batch: 2, queryLength: 3, keyLength: 4, width: 4, heads: 2, keyCounts: [4, 2], causal: causal)
        let (queryCount, keyCount) = (2 * 3 * 4, 2 * 4 * 4)
        let q = Self.random(queryCount, seed: 11), k = Self.random(keyCount, seed: 12), v = Self.random(keyCount, seed: 13)
        let projection = Self.random(queryCount, seed: 14)
        var weights = [Float](repeating: 0, count: shape.weightCount)
        func forward(_ q: [Float], _ k: [Float], _ v: [Float]) -> [Float] {
            var context = [Float](repeating: 0, count: queryCount)
            attentionForward(context: &context, weights: &weights, q: q, k: k, v: v, shape: shape)
            return context
        }
        _ = forward(q, k, v)
        var dq = [Float](repeating: 0, count: queryCount), dk = [Float](repeating: 0, count: keyCount), dv = [Float](repeating: 0, count: keyCount)
        attentionBackward(dq: &dq, dk: &dk, dv: &dv, dcontext: projection, weights: weights, q: q, k: k, v: v, shape: shape)
        #expect(Self.worstError(q, analytic: dq, projection: projection) { forward($0, k, v) } < 1e-3)
        #expect(Self.worstError(k, analytic: dk, projection: projection) { forward(q, $0, v) } < 1e-3)
        #expect(Self.worstError(v, analytic: dv, projection: projection) { forward(q, k, $0) } < 1e-3)
        // Padding keys get no gradient: they were never looked at.
        #expect(dk[(4 + 2) * 4..<(4 + 4) * 4].allSatisfy { $0 == 0 })
    }

    @Test func embeddingWithLearnedPositions() {
        let (V, C, length) = (5, 3, 2)
        let ids: [Int32] = [1, 4, 4, 0]  // two sentences of two tokens
        let table = Self.random(V * C, seed: 15), positions = Self.random((length + 2) * C, seed: 16)
        let projection = Self.random(ids.count * C, seed: 17)
        func forward(_ table: [Float], _ positions: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: ids.count * C)
            embeddingForward(&out, ids: ids, at: [0, 1, 0, 1], table: table, scale: 1.5, positions: positions, positionOffset: 2,
                             width: C)
            return out
        }
        var dtable = [Float](repeating: 0, count: V * C), dpositions = [Float](repeating: 0, count: positions.count)
        embeddingBackward(dtable: &dtable, dpositions: &dpositions, dout: projection, ids: ids, at: [0, 1, 0, 1], scale: 1.5,
                          positionOffset: 2, width: C)
        #expect(Self.worstError(table, analytic: dtable, projection: projection) { forward($0, positions) } < 1e-3)
        #expect(Self.worstError(positions, analytic: dpositions, projection: projection) { forward(table, $0) } < 1e-3)
    }

    @Test func labelSmoothedCrossEntropy() {
        let (V, labels): (Int, [Int32]) = (6, [2, -1, 5])
        let logits = Self.random(labels.count * V, seed: 18, scale: 2)
        func loss(_ logits: [Float]) -> LossSum {
            var values = logits
            return crossEntropyForwardBackward(&values, labels: labels, vocabulary: V, smoothing: 0.1, normalizer: 2)
        }
        var gradient = logits
        let total = crossEntropyForwardBackward(&gradient, labels: labels, vocabulary: V, smoothing: 0.1, normalizer: 2)
        // Hand computation for the first row: (1 − ε)·(−log p_label) + ε·mean_v(−log p_v).
        let row = logits[0..<V].map(Double.init)
        let logPartition = log(row.map(exp).reduce(0, +))
        let expected = 0.9 * (logPartition - row[2]) + 0.1 * row.map { logPartition - $0 }.reduce(0, +) / Double(V)
        let lastRow = logits[(2 * V)...].map(Double.init)
        let lastPartition = log(lastRow.map(exp).reduce(0, +))
        let expectedLast = 0.9 * (lastPartition - lastRow[5]) + 0.1 * lastRow.map { lastPartition - $0 }.reduce(0, +) / Double(V)
        #expect(abs(total.smoothed - expected - expectedLast) < 1e-5)
        #expect(total.tokens == 2)
        #expect(gradient[V..<(2 * V)].allSatisfy { $0 == 0 })
        // The gradient is that of the summed loss divided by the normalizer.
        let error = Self.worstError(logits, analytic: gradient.map { $0 * 2 }, projection: [1]) { [Float(loss($0).smoothed)] }
        #expect(error < 1e-3)
    }

    @Test func dropoutKeepsTheExpectedFractionAndScales() {
        var values = [Float](repeating: 1, count: 10_000), mask = [Float](repeating: 0, count: 10_000)
        var generator = SeededGenerator(seed: 19)
        dropoutForward(&values, mask: &mask, count: values.count, rate: 0.25, generator: &generator)
        let dropped = values.filter { $0 == 0 }.count
        #expect(abs(Double(dropped) / 10_000 - 0.25) < 0.02)
        #expect(values.allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-6 })
        var gradient = [Float](repeating: 2, count: 10_000)
        dropoutBackward(&gradient, mask: mask, count: gradient.count)
        #expect(zip(gradient, values).allSatisfy { $0 == 2 * $1 })
    }
}
