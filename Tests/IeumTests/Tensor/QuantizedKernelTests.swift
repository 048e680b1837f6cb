// The int8 product against loops in Double (within the quantization error bounded by hand),
// against the quantization done by hand in this file (exactly), and its three versions
// against each other (bit for bit).
import CKernels
import Foundation
import Testing
@testable import Ieum

@Suite struct QuantizedKernelTests {
    static func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    static func int8Product(_ a: [Float], _ weight: [Float], bias: [Float]?, m: Int, n: Int, k: Int) -> [Float] {
        let packed = PackedMatrix(weight, rows: n, columns: k, computeType: .int8)
        var c = [Float](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { packed.multiply(a.baseAddress!, rows: m, into: $0.baseAddress!, bias: bias) }
        }
        return c
    }

    /// Symmetric quantization of one row as written in the issue: scale = max |x| / 127,
    /// q = x · (127 / max |x|) rounded to the nearest integer, ties to even.
    static func quantized(_ row: ArraySlice<Float>) -> (q: [Int], scale: Float) {
        let largest = row.map(abs).max() ?? 0
        let inverse: Float = largest > 0 ? 127 / largest : 0
        return (row.map { Int(($0 * inverse).rounded(.toNearestOrEven)) }, largest / 127)
    }

    /// Every output within the bound of the quantization error: with a = sa·qa + ea and
    /// w = sw·qw + ew, |ea| ≤ sa / 2 and |ew| ≤ sw / 2, so |Σ a·w − sa·sw·Σ qa·qw| ≤
    /// Σ (|a|·sw / 2 + |w|·sa / 2 + sa·sw / 4); plus float32 rounding of the result.
    /// k crosses the groups of 4 inputs, m the blocks of 6 rows, n the panels of 16.
    @Test(arguments: [1, 6, 13], [7, 16, 35])
    func withinTheQuantizationErrorOfDoubleLoops(_ m: Int, _ n: Int) {
        let k = 37
        var generator = SeededGenerator(seed: 21)
        let a = Self.random(m * k, &generator), weight = Self.random(n * k, &generator)
        let c = Self.int8Product(a, weight, bias: nil, m: m, n: n, k: k)
        let reference = matrixMultiplyReference(a, weight, m: m, n: n, k: k, transposedB: true)
        var worstShare = 0.0
        for row in 0..<m {
            let sa = Double(a[(row * k)..<((row + 1) * k)].map(abs).max()!) / 127
            for column in 0..<n {
                let sw = Double(weight[(column * k)..<((column + 1) * k)].map(abs).max()!) / 127
                var bound = 0.0
                for inner in 0..<k {
                    bound += abs(Double(a[row * k + inner])) * sw / 2 + abs(Double(weight[column * k + inner])) * sa / 2 + sa * sw / 4
                }
                let error = abs(Double(c[row * n + column]) - Double(reference[row * n + column]))
                #expect(error <= bound + 1e-5, "row \(row), column \(column): error \(error), bound \(bound)")
                worstShare = max(worstShare, error / bound)
            }
        }
        #expect(worstShare > 0)  // the product is quantized, not float32
    }

    /// The kernel's result is exactly the quantization done by hand: integer sums of the
    /// quantized values, scaled back as Float(sum) · (sa · sw) + bias.
    @Test func exactlyTheQuantizationByHand() {
        let (m, n, k) = (7, 19, 45)
        var generator = SeededGenerator(seed: 22)
        let a = Self.random(m * k, &generator), weight = Self.random(n * k, &generator), bias = Self.random(n, &generator)
        let c = Self.int8Product(a, weight, bias: bias, m: m, n: n, k: k)
        for row in 0..<m {
            let (qa, sa) = Self.quantized(a[(row * k)..<((row + 1) * k)])
            for column in 0..<n {
                let (qw, sw) = Self.quantized(weight[(column * k)..<((column + 1) * k)])
                let sum = zip(qa, qw).reduce(0) { $0 + $1.0 * $1.1 }
                let expected = Float(sum) * (sa * sw) + bias[column]
                #expect(c[row * n + column].bitPattern == expected.bitPattern, "row \(row), column \(column)")
            }
        }
    }

    /// A zero row of A or of W gives the bias alone; values beyond ±1 and rows of one value.
    @Test func zeroRowsAndLargeValues() {
        let (m, n, k) = (2, 3, 5)
        let a: [Float] = [0, 0, 0, 0, 0, 300, -2, 0.5, 1e-3, -300]
        let weight: [Float] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, -4, 0, 0, 0, 0]
        let c = Self.int8Product(a, weight, bias: [1, 2, 3], m: m, n: n, k: k)
        // Row 2 quantizes to (127, −1, 0, 0, −127) · 300/127; W's rows to (127…) · 1/127 and (−127, 0…) · 4/127.
        let sa: Float = 300 / 127
        #expect(Array(c[0..<3]) == [1, 2, 3])
        #expect(c[3] == 1)
        #expect(c[4].bitPattern == (Float(127 * (127 - 1 - 127)) * (sa * (1 / 127 as Float)) + 2).bitPattern)
        #expect(c[5].bitPattern == (Float(-127 * 127) * (sa * (4 / 127 as Float)) + 3).bitPattern)
    }

    /// AVX-512 VNNI (where the processor has it), AVX2 and the plain loops give the same bits:
    /// all three sum the same integers.
    @Test(arguments: [1, 6, 13], [7, 16, 35])
    func vnniAVX2AndPlainLoopsAgreeBitForBit(_ m: Int, _ n: Int) {
        let k = 70
        var generator = SeededGenerator(seed: 23)
        let a = Self.random(m * k, &generator), weight = Self.random(n * k, &generator), bias = Self.random(n, &generator)
        func product(avx2: Bool, plain: Bool) -> [UInt32] {
            ieum_use_avx2_kernels(avx2 ? 1 : 0)
            ieum_use_reference_kernels(plain ? 1 : 0)
            defer {
                ieum_use_avx2_kernels(0)
                ieum_use_reference_kernels(0)
            }
            return Self.int8Product(a, weight, bias: bias, m: m, n: n, k: k).map(\.bitPattern)
        }
        let fastest = product(avx2: false, plain: false)
        #expect(fastest == product(avx2: true, plain: false))
        #expect(fastest == product(avx2: false, plain: true))
    }
}
