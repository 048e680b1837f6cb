// BLAS products against plain loops; row kernels against hand computations.
import CKernels
import Foundation
import Testing
@testable import Ieum

@Suite struct KernelTests {
    /// One tile and several (300 rows cross the 256-row tiles), B as is and transposed.
    @Test(arguments: [false, true], [1, 300])
    func tiledMatrixMultiplyMatchesLoops(_ transposedB: Bool, _ m: Int) {
        let (n, k) = (5, 13)
        var generator = SeededGenerator(seed: 11)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        var c = [Float](repeating: 0, count: m * n)
        tiledMatrixMultiply(a, rowStride: k, b, rowStride: transposedB ? k : n, into: &c, rowStride: n, m: m, n: n, k: k,
                            transposedB: transposedB)
        let reference = matrixMultiplyReference(a, b, m: m, n: n, k: k, transposedB: transposedB)
        #expect(zip(c, reference).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// Row counts on both sides of the kernel's blocks of 6, outputs on both sides of its panels of 16.
    @Test(arguments: [1, 5, 6, 13], [7, 16, 35])
    func packedMatrixMatchesLoops(_ m: Int, _ n: Int) {
        for reference in [false, true] {
            ieum_use_reference_kernels(reference ? 1 : 0)
            defer { ieum_use_reference_kernels(0) }
            Self.checkPackedMatrix(m, n)
        }
    }

    /// The AVX-512 kernel (where the processor has it) and the AVX2 one give the same bits:
    /// each output is summed over k in the same order with the same fused multiply-adds.
    @Test(arguments: [1, 6, 13], [7, 16, 35])
    func avx512AndAVX2KernelsAgreeBitForBit(_ m: Int, _ n: Int) {
        let k = 37
        var generator = SeededGenerator(seed: 5)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let weight = (0..<(n * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let bias = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        let packed = PackedMatrix(weight, rows: n, columns: k)
        func product(avx2: Bool) -> [Float] {
            ieum_use_avx2_kernels(avx2 ? 1 : 0)
            defer { ieum_use_avx2_kernels(0) }
            var c = [Float](repeating: 0, count: m * n)
            a.withUnsafeBufferPointer { a in
                c.withUnsafeMutableBufferPointer { packed.multiply(a.baseAddress!, rows: m, into: $0.baseAddress!, bias: bias) }
            }
            return c
        }
        #expect(product(avx2: false).map(\.bitPattern) == product(avx2: true).map(\.bitPattern))
    }

    /// Training's products: B read as it is stored and transposed, a bias, accumulation into C,
    /// and more rows than one block of 384, against loops in Double.
    @Test(arguments: [false, true], [false, true])
    func packedProductWithStridesMatchesLoops(_ transposed: Bool, _ accumulate: Bool) {
        let (m, n, k) = (400, 21, 13)
        var generator = SeededGenerator(seed: 13)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(n * k)).map { _ in Float.random(in: -1...1, using: &generator) }  // (n, k), or (k, n) when transposed
        let bias = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        let start = (0..<(m * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        var c = start
        packedMatrixMultiply(a, rowStride: k, b, rowStride: transposed ? 1 : k, columnStride: transposed ? n : 1, into: &c, rowStride: n,
                             m: m, n: n, k: k, bias: accumulate ? nil : bias, accumulate: accumulate)
        var worst: Float = 0
        for row in 0..<m {
            for column in 0..<n {
                var sum = 0.0
                for inner in 0..<k { sum += Double(a[row * k + inner]) * Double(transposed ? b[inner * n + column] : b[column * k + inner]) }
                let expected = sum + Double(accumulate ? start[row * n + column] : bias[column])
                worst = max(worst, abs(c[row * n + column] - Float(expected)))
            }
        }
        #expect(worst < 1e-5)
    }

    /// The weight gradients' products: C += Aᵀ · B (a linear layer's) and C += Bᵀ · A in blocks of
    /// B's columns (the output projection's; n crosses a block of 1,024), against Double loops.
    @Test func transposedProductsMatchLoops() {
        let (m, n, k) = (5, 1100, 7)
        var generator = SeededGenerator(seed: 14)
        let a = (0..<(k * m)).map { _ in Float.random(in: -1...1, using: &generator) }  // (k, m)
        let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) }  // (k, n)
        let start = (0..<(m * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        func product(_ row: Int, _ column: Int) -> Double {  // (Aᵀ · B)[row][column]
            (0..<k).reduce(0.0) { $0 + Double(a[$1 * m + row]) * Double(b[$1 * n + column]) }
        }
        var c = start  // (m, n)
        packedTransposedProduct(a, rowStride: m, b, rowStride: n, into: &c, rowStride: n, m: m, n: n, k: k)
        var wide = start  // (n, m)
        packedWideTransposedProduct(a, rowStride: m, b, rowStride: n, into: &wide, rowStride: m, m: m, n: n, k: k)
        var worst = 0.0
        for row in 0..<m {
            for column in 0..<n {
                worst = max(worst, abs(Double(c[row * n + column]) - Double(start[row * n + column]) - product(row, column)))
                worst = max(worst, abs(Double(wide[column * m + row]) - Double(start[column * m + row]) - product(row, column)))
            }
        }
        #expect(worst < 1e-5)
    }

    /// The AVX2/FMA kernel and the plain loops (what processors without them run), each
    /// against loops in Double.
    static func checkPackedMatrix(_ m: Int, _ n: Int) {
        let k = 19
        var generator = SeededGenerator(seed: 12)
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let weight = (0..<(n * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let packed = PackedMatrix(weight, rows: n, columns: k)
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { a in c.withUnsafeMutableBufferPointer { packed.multiply(a.baseAddress!, rows: m, into: $0.baseAddress!) } }
        let reference = matrixMultiplyReference(a, weight, m: m, n: n, k: k, transposedB: true)
        #expect(zip(c, reference).allSatisfy { abs($0 - $1) < 1e-5 })
        let bias = (0..<n).map { Float($0) - 3 }
        a.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { packed.multiply(a.baseAddress!, rows: m, into: $0.baseAddress!, bias: bias) }
        }
        #expect(c.indices.allSatisfy { abs(c[$0] - reference[$0] - bias[$0 % n]) < 1e-5 })
    }

    @Test func softmaxByHand() {
        // softmax(0, ln 2, ln 3, −∞) = (1, 2, 3, 0) / 6; an all-masked row becomes zeros.
        var values: [Float] = [0, logf(2), logf(3), -.infinity, -.infinity, -.infinity, -.infinity, -.infinity]
        softmaxRows(&values, rows: 2, width: 4)
        let expected: [Float] = [1.0 / 6, 2.0 / 6, 3.0 / 6, 0, 0, 0, 0, 0]
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func layerNormByHand() {
        // (1, 2, 3, 6): mean 3, variance (4 + 1 + 0 + 9) / 4 = 3.5.
        let input: [Float] = [1, 2, 3, 6]
        let weight: [Float] = [1, 2, 1, 1], bias: [Float] = [0, 0, 1, 0]
        var output = [Float](repeating: 0, count: 4)
        layerNormForward(&output, mean: nil, rstd: nil, input, weight: weight, bias: bias, rows: 1, width: 4, epsilon: 0.5)
        let scale = 1 / Float(4).squareRoot()  // 1 / sqrt(3.5 + 0.5)
        let expected: [Float] = [-2 * scale, -1 * scale * 2, 0 + 1, 3 * scale]
        #expect(zip(output, expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func activationsAtKnownPoints() {
        func applied(_ activation: Activation, _ x: [Float]) -> [Float] {
            var values = x
            activation.apply(&values, count: values.count)
            return values
        }
        #expect(applied(.relu, [-2, 0, 3]) == [0, 0, 3])
        // swish(x) = x / (1 + e^−x): swish(1) = 0.7310586, swish(−1) = −0.2689414.
        #expect(zip(applied(.swish, [0, 1, -1]), [0, 0.7310586, -0.2689414]).allSatisfy { abs($0 - $1) < 1e-6 })
        // gelu(x) = x Φ(x): Φ(1) = 0.8413447, Φ(−1) = 0.1586553.
        #expect(zip(applied(.gelu, [0, 1, -1]), [0, 0.8413447, -0.1586553]).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}

extension KernelTests {
    @Test func swigluByHand() {
        // Rows of (gate, gate, value, value): out = swish(gate) · value, with swish(1) = 0.7310586,
        // swish(−1) = −0.2689414, swish(2) = 1.7615942, swish(0) = 0.
        let input: [Float] = [1, -1, 2, 3, 2, 0, 0.5, 7]
        let expected: [Float] = [1.4621172, -0.8068242, 0.8807971, 0]
        var output = [Float](repeating: 0, count: 4)
        Activation.swiglu.forward(&output, input, rows: 2, width: 2)
        #expect(zip(output, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        // In place, as inference runs it.
        var values = input
        values.withUnsafeMutableBufferPointer { Activation.swiglu.forward($0.baseAddress!, $0.baseAddress!, rows: 2, width: 2) }
        #expect(zip(values.prefix(4), expected).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// A random SwiGLU model decodes step by step as in one pass (its weights have the
    /// doubled first layer everywhere: random, written, read back).
    @Test func swigluModelsRunEndToEnd() throws {
        let json = """
            {"d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2, "decoder_attention_heads": 2,
             "encoder_ffn_dim": 24, "decoder_ffn_dim": 24, "vocab_size": 50, "activation_function": "swiglu",
             "normalize_before": true, "pad_token_id": 0, "eos_token_id": 2}
            """
        let config = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        let layout = ParameterLayout(config: config)
        #expect(layout.entry("model.encoder.layers.0.fc1.weight").shape == [48, 16])
        let data = SafeTensorsWriter.data(layout.tensors(layout.randomValues(standardDeviation: 0.3, seed: 9)))
        let model = try Transformer(config: config, weights: TransformerWeights(file: SafeTensorsFile(data: data, name: "swiglu"), config: config))
        #expect(Self.stepByStepDifference(model) <= 1e-5)
    }

    /// The largest logit difference between decoding a target in one pass and token by token.
    static func stepByStepDifference(_ model: Transformer) -> Float {
        let source: [Int32] = [5, 9, 13, 21, 2], target: [Int32] = [0, 7, 11, 3, 19]
        let encoded = model.encode(source)
        var full = model.startDecoding(encoderOutput: encoded, sourceLength: source.count, maxLength: target.count)
        var steps = model.startDecoding(encoderOutput: encoded, sourceLength: source.count, maxLength: target.count)
        let all = model.decode(target, cache: &full)
        let oneByOne = target.flatMap { model.decode([$0], cache: &steps) }
        return MarianParityTests.maxDifference(all, oneByOne)
    }
}

extension KernelTests {
    /// Rotary positions: position 0 changes nothing, lengths are kept, and a query-key dot
    /// product depends only on the distance between their positions.
    @Test func rotaryPositionsByTheirProperties() {
        var generator = SeededGenerator(seed: 3)
        let query = (0..<16).map { _ in Float.random(in: -1...1, using: &generator) }  // 2 heads of 8
        let key = (0..<16).map { _ in Float.random(in: -1...1, using: &generator) }
        func rotated(_ vector: [Float], at position: Int) -> [Float] {
            var copy = vector
            rotate(&copy, rows: 1, width: 16, heads: 2) { _ in position }
            return copy
        }
        func dot(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(rotated(query, at: 0) == query)
        #expect(abs(dot(rotated(query, at: 7)[...], rotated(query, at: 7)[...]) - dot(query[...], query[...])) < 1e-5)
        for head in 0..<2 {
            let range = (head * 8)..<(head * 8 + 8)
            let near = dot(rotated(query, at: 3)[range], rotated(key, at: 1)[range])
            let shifted = dot(rotated(query, at: 13)[range], rotated(key, at: 11)[range])
            #expect(abs(near - shifted) < 1e-5)
        }
    }

    /// A random rotary model decodes step by step as in one pass: the keys in the cache carry
    /// their own positions.
    @Test func rotaryModelsDecodeStepByStepAsInOnePass() throws {
        let json = """
            {"d_model": 16, "encoder_layers": 1, "decoder_layers": 2, "encoder_attention_heads": 2, "decoder_attention_heads": 2,
             "encoder_ffn_dim": 24, "decoder_ffn_dim": 24, "vocab_size": 50, "position_encoding": "rotary",
             "pad_token_id": 0, "eos_token_id": 2}
            """
        let config = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        let model = try Transformer(config: config, weights: Fixtures.randomWeights(config, standardDeviation: 0.3, seed: 4))
        #expect(Self.stepByStepDifference(model) <= 1e-5)
    }
}

extension KernelTests {
    /// Attention in tiles with an online softmax equals attention over all keys at once, with
    /// and without the causal mask (including queries whose visible keys end inside a tile).
    @Test(arguments: [nil, 150] as [Int?])
    func tiledAttentionEqualsWholeAttention(_ causalOffset: Int?) {
        let (queries, keys, width, heads) = (90, 333, 16, 2)
        var generator = SeededGenerator(seed: 21)
        let random = { (count: Int) in (0..<count).map { _ in Float.random(in: -2...2, using: &generator) } }
        let q = random(queries * width), k = random(keys * width), v = random(keys * width)
        var whole = [Float](repeating: 0, count: queries * width), tiled = whole
        var scores = [Float](repeating: 0, count: heads * queries * keys)
        multiHeadAttention(queries: q, keys: k, values: v, queryCount: queries, keyCount: keys, width: width, heads: heads,
                           causalOffset: causalOffset, scores: &scores, output: &whole, tile: Int.max)
        multiHeadAttention(queries: q, keys: k, values: v, queryCount: queries, keyCount: keys, width: width, heads: heads,
                           causalOffset: causalOffset, scores: &scores, output: &tiled, tile: 64)
        #expect(MarianParityTests.maxDifference(whole, tiled) <= 1e-5)
    }
}

extension KernelTests {
    /// Sentences longer than a tile: the encoder and the decoder's self-attention go through
    /// tiles, and decoding step by step still equals one pass.
    @Test func longSentencesGoThroughTiles() throws {
        let json = """
            {"d_model": 16, "encoder_layers": 1, "decoder_layers": 1, "encoder_attention_heads": 2, "decoder_attention_heads": 2,
             "encoder_ffn_dim": 24, "decoder_ffn_dim": 24, "vocab_size": 50, "max_position_embeddings": 512,
             "pad_token_id": 0, "eos_token_id": 2}
            """
        let config = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        let model = try Transformer(config: config, weights: Fixtures.randomWeights(config, standardDeviation: 0.3, seed: 8))
        let source = (0..<300).map { Int32(3 + $0 % 47) }, target = (0..<300).map { Int32(3 + ($0 * 7) % 47) }
        let encoded = model.encode(source)
        #expect(encoded.count == 300 * 16 && encoded.allSatisfy(\.isFinite))
        var full = model.startDecoding(encoderOutput: encoded, sourceLength: 300, maxLength: 300)
        var steps = model.startDecoding(encoderOutput: encoded, sourceLength: 300, maxLength: 300)
        let all = model.decode(target, cache: &full)
        let oneByOne = target.flatMap { model.decode([$0], cache: &steps) }
        #expect(MarianParityTests.maxDifference(all, oneByOne) <= 1e-4)
    }
}

extension KernelTests {
    /// Values from −100 to 12 (and −∞), in counts on both sides of the kernels' eight lanes.
    static func rowValues(count: Int) -> [Float] {
        var generator = SeededGenerator(seed: UInt64(count))
        return (0..<count).map { $0 == 3 ? -.infinity : Float.random(in: -100...12, using: &generator) }
    }

    /// e^(x − shift) against Double's exp: within 2 ulp (2.4e-7 relative), and below the
    /// normal floats (the eight-lane version gives 0) where the true value is (x − shift below
    /// −87.3, or −∞).
    @Test(arguments: [5, 8, 19, 64], [false, true])
    func exponentialsAgreeWithDouble(_ count: Int, reference: Bool) {
        ieum_use_reference_kernels(reference ? 1 : 0)
        defer { ieum_use_reference_kernels(0) }
        var values = Self.rowValues(count: count)
        let shift: Float = 1.5
        let expected = values.map { exp(Double($0 - shift)) }
        let sum = ieum_exp_shifted(&values, count, shift)
        for (value, truth) in zip(values, expected) {
            if truth < 1.2e-38 { #expect(value < 1.2e-38) } else { #expect(abs(Double(value) - truth) <= 2.4e-7 * truth) }
        }
        #expect(abs(Double(sum) - expected.reduce(0, +)) <= 1e-6 * expected.reduce(0, +))
        #expect(ieum_maximum(Self.rowValues(count: count), count) == Self.rowValues(count: count).max())
    }

    /// Swish in eight lanes against x / (1 + e^−x) in Double.
    @Test(arguments: [5, 19, 64], [false, true])
    func swishAgreesWithDouble(_ count: Int, reference: Bool) {
        ieum_use_reference_kernels(reference ? 1 : 0)
        defer { ieum_use_reference_kernels(0) }
        var values = Self.rowValues(count: count).map { $0 == -.infinity ? 0 : $0 / 4 }  // −25…3
        let expected = values.map { Double($0) / (1 + exp(-Double($0))) }
        ieum_swish(&values, count)
        #expect(zip(values, expected).allSatisfy { abs(Double($0) - $1) <= 3e-7 * abs($1) + 1e-30 })
    }

    /// Log-softmax rows exponentiate to probabilities that sum to 1, and keep differences.
    @Test(arguments: [false, true])
    func logSoftmaxRowsSumToOne(reference: Bool) {
        ieum_use_reference_kernels(reference ? 1 : 0)
        defer { ieum_use_reference_kernels(0) }
        var values = Self.rowValues(count: 38)
        values[3] = 0
        let input = values
        logSoftmaxRows(&values, rows: 2, width: 19)
        for row in 0..<2 {
            let probabilities = values[(row * 19)..<((row + 1) * 19)].map { exp(Double($0)) }
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-6)
            #expect(abs((values[row * 19] - values[row * 19 + 1]) - (input[row * 19] - input[row * 19 + 1])) < 1e-4)
        }
    }
}

extension KernelTests {
    /// Attention's products for a few queries, on strided heads, against loops in Double: head
    /// widths that take the eight-lane path (16) and the plain one (12).
    @Test(arguments: [16, 12], [false, true])
    func attentionProductsMatchLoops(_ headWidth: Int, reference: Bool) {
        ieum_use_reference_kernels(reference ? 1 : 0)
        defer { ieum_use_reference_kernels(0) }
        let (queries, keys, stride) = (3, 7, 2 * headWidth + 5)
        var generator = SeededGenerator(seed: 21)
        let q = (0..<(queries * stride)).map { _ in Float.random(in: -1...1, using: &generator) }
        let k = (0..<(keys * stride)).map { _ in Float.random(in: -1...1, using: &generator) }
        let head = headWidth  // the second head's columns
        var scores = [Float](repeating: 0, count: queries * keys)
        ieum_attention_scores(Array(q[head...]), stride, Array(k[head...]), stride, queries, keys, headWidth, 0.5, &scores)
        var out = [Float](repeating: 0, count: queries * stride)
        ieum_attention_values(scores, queries, keys, Array(k[head...]), stride, headWidth, &out, stride)
        for i in 0..<queries {
            for j in 0..<keys {
                let dot = (0..<headWidth).reduce(0.0) { $0 + Double(q[i * stride + head + $1]) * Double(k[j * stride + head + $1]) }
                #expect(abs(Double(scores[i * keys + j]) - 0.5 * dot) < 1e-5)
            }
            for x in 0..<headWidth {
                let sum = (0..<keys).reduce(0.0) { $0 + Double(scores[i * keys + $1]) * Double(k[$1 * stride + head + x]) }
                #expect(abs(Double(out[i * stride + x]) - sum) < 1e-5)
            }
        }
    }

    /// Layer norm of rows wider than the eight lanes, against mean and variance in Double.
    @Test(arguments: [false, true])
    func layerNormMatchesDouble(reference: Bool) {
        ieum_use_reference_kernels(reference ? 1 : 0)
        defer { ieum_use_reference_kernels(0) }
        let width = 19
        let input = Self.rowValues(count: 2 * width).map { $0 == -.infinity ? 3 : $0 }
        let weight = (0..<width).map { 1 + Float($0) / 10 }, bias = (0..<width).map { Float($0) / 7 }
        var output = [Float](repeating: 0, count: 2 * width), means: [Float] = [0, 0], rstds: [Float] = [0, 0]
        layerNormForward(&output, mean: &means, rstd: &rstds, input, weight: weight, bias: bias, rows: 2, width: width, epsilon: 1e-5)
        for row in 0..<2 {
            let x = input[(row * width)..<((row + 1) * width)].map(Double.init)
            let mean = x.reduce(0, +) / Double(width)
            let variance = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
            #expect(abs(Double(means[row]) - mean) < 1e-5)
            #expect(abs(Double(rstds[row]) - 1 / (variance + 1e-5).squareRoot()) < 1e-5)
            for index in 0..<width {
                let expected = (x[index] - mean) / (variance + 1e-5).squareRoot() * Double(weight[index]) + Double(bias[index])
                #expect(abs(Double(output[row * width + index]) - expected) < 1e-5)
            }
        }
    }
}
