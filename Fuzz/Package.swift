// swift-tools-version:6.0
// libFuzzer targets for Ieum's readers, apart from the main package so that its build and CI
// are unaffected: `make fuzz` (or `swift build --package-path Fuzz -c release --sanitize=fuzzer
// -Xswiftc -parse-as-library -Xswiftc -enable-testing`, then run the executables).
import Foundation
import PackageDescription

// A package at a path is known by its folder's name, whatever the checkout is called.
let ieum = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "IeumFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzSafeTensors", dependencies: [.product(name: "Ieum", package: ieum)]),
        .executableTarget(name: "FuzzModelConfig", dependencies: [.product(name: "Ieum", package: ieum)]),
        .executableTarget(name: "FuzzVocabulary", dependencies: [.product(name: "Ieum", package: ieum)]),
        .executableTarget(name: "FuzzGettextCatalog", dependencies: [.product(name: "Ieum", package: ieum)]),
        .executableTarget(name: "FuzzQtCatalog", dependencies: [.product(name: "Ieum", package: ieum)]),
        .executableTarget(name: "FuzzSentencePieceModel", dependencies: [.product(name: "Ieum", package: ieum)]),
        .executableTarget(name: "FuzzTokenizer", dependencies: [.product(name: "Ieum", package: ieum)]),
    ]
)
