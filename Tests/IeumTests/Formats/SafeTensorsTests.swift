// The safetensors reader on a file the safetensors package wrote; damaged copies are named.
import Foundation
import Testing
@testable import Ieum

@Suite struct SafeTensorsTests {
    static let url = Fixtures.url("Tests/Fixtures/safetensors/small.safetensors")

    @Test func readsEveryType() throws {
        let file = try SafeTensorsFile(url: Self.url)
        #expect(file.metadata["format"] == "pt")
        #expect(try file.floats("f32", shape: [2, 3]) == [1.5, -2.0, 0.25, 3.0, 0.0, -0.125])
        #expect(try file.floats("f16") == [0.5, -1.75, 65504.0])
        #expect(try file.floats("bf16") == [1.0, -3.5, 256.0])
        #expect(throws: FormatError.self) { try file.floats("f32", shape: [3, 2]) }
        #expect(throws: FormatError.self) { try file.floats("missing") }
    }

    /// The reader lets a tensor's file pages go once it is read; reading it again (as conversion
    /// and averaging may) gives the same values, read from the file again.
    @Test func aTensorReadTwiceFromAFileIsTheSame() throws {
        let values = (0..<100_000).map { Float($0 % 977) - 488.5 }  // 400 kB: whole pages inside
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ieum-pages-\(UUID().uuidString).safetensors")
        try SafeTensorsWriter.data(["a": ([100_000], values), "b": ([3], [1, 2, 3])]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try SafeTensorsFile(url: url)
        #expect(try file.floats("a") == values)
        #expect(try file.floats("b") == [1, 2, 3])
        #expect(try file.floats("a") == values)
    }

    @Test func damagedFilesAreReportedByName() throws {
        let data = try Data(contentsOf: Self.url)
        for length in [0, 7, 8, 20, data.count - 1] {
            #expect(throws: FormatError.self) { try SafeTensorsFile(data: data.prefix(length), name: "cut.safetensors") }
        }
        var corrupted = data
        corrupted[9] = 0xFF  // inside the JSON header
        #expect(throws: FormatError.self) { try SafeTensorsFile(data: corrupted, name: "bad.safetensors") }
        do {
            _ = try SafeTensorsFile(data: data.prefix(data.count - 1), name: "cut.safetensors")
        } catch {
            #expect(error.file == "cut.safetensors" && error.reason.contains("needs bytes"))
        }
    }
}
