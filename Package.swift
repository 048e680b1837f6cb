// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Ieum",
    products: [
        .library(name: "Ieum", targets: ["Ieum"]),
        .executable(name: "ieum", targets: ["ieum"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // Plain-C shim over the system ICU (libicu-dev); ICU's own types stay inside the .c file.
        .target(
            name: "CICU",
            linkerSettings: [
                .linkedLibrary("icuuc"),
                .linkedLibrary("icui18n"),
                .linkedLibrary("icudata"),
            ]
        ),
        // libxml2's HTML parser (libxml2-dev), and a plain-C shim over it for help pages.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "CHTML", dependencies: ["CLibXML2"]),
        // OpenBLAS's cblas.h (libopenblas-dev), for the Transformer's matrix products.
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Matrix products against pre-packed weights, float32 and int8 (AVX-512, VNNI, AVX2 where the processor has them).
        .target(name: "CKernels"),
        .target(
            name: "Ieum",
            dependencies: ["CICU", "CHTML", "CBLAS", "CKernels"]
        ),
        // The LibreTranslate HTTP API over Hummingbird, apart from the library so that apps that
        // link Ieum do not link a server.
        .target(
            name: "IeumServer",
            dependencies: [
                "Ieum",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ieum",
            dependencies: [
                "Ieum",
                "IeumServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "IeumTests",
            dependencies: ["Ieum", "IeumServer", "CBLAS", .product(name: "Logging", package: "swift-log")]
        ),
    ]
)
