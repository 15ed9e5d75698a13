import Foundation
import MeterwatchConfig
import MeterwatchCore
import Testing

@testable import MeterwatchDevices

let devicesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized.path

func shippedProfile(_ id: String) throws -> DeviceProfile {
    try DeviceProfile.load(path: "\(devicesDirectory)/\(id).yaml")
}

/// Places the points like a device that lays out its SunSpec models from 40000.
func placed(_ p: DeviceProfile) -> [PlacedPoint] {
    var starts: [Int: Int] = [:]
    if let layout = p.sunspec {
        var a = 40002
        for m in layout.models {
            starts[m.id] = a
            a += m.length + 2
        }
    }
    return p.points.enumerated().map { i, pt in
        PlacedPoint(index: i, table: pt.table, address: pt.model.map { starts[$0]! + pt.address } ?? pt.address, count: pt.registerCount)
    }
}

func plan(_ p: DeviceProfile, _ classes: Set<PollClass> = Set(PollClass.allCases)) -> [String] {
    let pts = placed(p).filter { classes.contains(p.points[$0.index].poll) }
    return RequestPlanner.plan(pts, maxRegisters: p.maxRegistersPerRead, maxGap: p.maxGap, holes: p.holes).map(\.description)
}

@Suite struct ProfileTests {
    static let shipped = [
        "eastron-sdm630", "eastron-sdm120", "schneider-iem3x55", "carlo-gavazzi-em24",
        "siemens-sitrans-mag", "xylem-magflux", "apc-smart-ups", "sunspec",
    ]

    @Test func everyShippedProfileLoadsAndCitesItsSource() throws {
        let lib = try ProfileLibrary.load(directory: devicesDirectory)
        #expect(Set(lib.profiles.keys) == Set(Self.shipped))
        for p in lib.profiles.values {
            #expect(!p.sources.isEmpty)
            #expect(p.points.contains { $0.quantity != nil }, "\(p.id) maps no quantity")
            for pt in p.points { #expect((1...4).contains(pt.table.functionCode)) }
        }
    }

    /// The plans are pinned: a change in the planner or a profile shows up here first.
    @Test func pinnedPlans() throws {
        let expected: [String: [String]] = [
            "eastron-sdm630": ["fc04 0+18", "fc04 52+24", "fc04 346+12"],
            "eastron-sdm120": ["fc04 0+32", "fc04 70+6"],
            "schneider-iem3x55": ["fc03 2999+6", "fc03 3027+6", "fc03 3053+24", "fc03 3109+2", "fc03 3203+8", "fc03 3517+12"],
            "carlo-gavazzi-em24": ["fc04 0+24", "fc04 40+2", "fc04 53+3", "fc04 66+10", "fc04 92+2"],
            "siemens-sitrans-mag": ["fc03 3002+2", "fc03 3014+8"],
            "xylem-magflux": ["fc03 600+14"],
            "apc-smart-ups": ["fc03 0+24", "fc03 128+24", "fc03 532+40"],
            "sunspec": ["fc03 40004+105", "fc03 40130+77"],
        ]
        for (id, want) in expected { #expect(plan(try shippedProfile(id)) == want, "\(id)") }
        // Poll classes: the fast plan of the SDM630 leaves the energy registers out.
        #expect(plan(try shippedProfile("eastron-sdm630"), [.fast]) == ["fc04 0+18", "fc04 52+20"])
        #expect(plan(try shippedProfile("eastron-sdm630"), [.slow]) == ["fc04 72+4", "fc04 346+12"])
        #expect(plan(try shippedProfile("siemens-sitrans-mag"), [.fast]) == ["fc03 3002+2"])
    }

    @Test func oneReadPerPointIsTheBaseline() throws {
        let p = try shippedProfile("eastron-sdm630")
        #expect(RequestPlanner.onePerPoint(placed(p)).count == p.points.count)
        #expect(p.points.count == 22)
    }

    @Test func profileErrorsNameFileLineAndKey() {
        func error(_ yaml: String) -> String {
            do {
                _ = try DeviceProfile.parse(yaml: yaml, file: "bad.yaml")
                return "no error"
            } catch { return error.description }
        }
        let head = "id: x\ncategory: electricity\nsources: [manual]\n"
        #expect(
            error(head + "points:\n  - { id: a, quantity: power_active, address: 0, type: float33 }\n")
                .hasPrefix("bad.yaml:5:"))
        #expect(
            error(head + "points:\n  - { id: a, quantity: power_active, address: 0, type: float33 }\n").contains("unknown type 'float33'"))
        #expect(error(head + "points:\n  - { id: a, quantity: watts, address: 0, type: float32 }\n").contains("unknown quantity 'watts'"))
        #expect(
            error(head + "points:\n  - { id: a, quantity: power_active, address: 0, type: float32, unit: m3 }\n").contains(
                "cannot be converted to W"))
        #expect(
            error(head + "points:\n  - { id: a, quantity: power_active, address: 0, type: float32, scale_ref: nope }\n").contains(
                "scale_ref 'nope'"))
        #expect(
            error(
                head
                    + "protocol: { holes: [{ from: 0, to: 9 }] }\npoints:\n  - { id: a, quantity: power_active, address: 4, type: float32 "
                    + "}\n"
            ).contains("inside a declared hole"))
        #expect(error(head + "protocol: { max_registers_per_read: 126 }\npoints: []\n").contains("1…125"))
        #expect(error("id: x\ncategory: electricity\npoints: []\n").contains("missing sources"))
        #expect(
            error(
                head
                    + "points:\n  - { id: a, quantity: power_active, address: 0, type: float32 }\n  - { id: b, quantity: power_active, "
                    + "address: 2, type: float32 }\n"
            )
            .contains("already given by point 'a'"))
        #expect(
            error(head + "points:\n  - { id: s, quantity: ups_status, address: 0, type: bitfield16, flags: { 1: ONLINE } }\n").contains(
                "unknown UPS flag 'ONLINE'"))
        // Manual (1-based) numbering is converted to PDU addresses.
        let p = try? DeviceProfile.parse(
            yaml: head
                + "protocol: { address_base: 1 }\npoints:\n  - { id: a, quantity: power_active, address: 3060, type: float32, unit: kW }\n",
            file: "ok.yaml")
        #expect(p?.points.first?.address == 3059)
    }
}

@Suite struct PlannerTests {
    func pts(_ spec: [(Int, Int)], table: RegisterTable = .holding) -> [PlacedPoint] {
        spec.enumerated().map { PlacedPoint(index: $0, table: table, address: $1.0, count: $1.1) }
    }

    @Test func mergesWithinGapAndLimit() {
        let p = pts([(0, 2), (4, 2), (20, 2), (21, 1)])
        #expect(RequestPlanner.plan(p, maxRegisters: 125, maxGap: 2).map(\.description) == ["fc03 0+6", "fc03 20+2"])
        #expect(RequestPlanner.plan(p, maxRegisters: 125, maxGap: 20).map(\.description) == ["fc03 0+22"])
        #expect(RequestPlanner.plan(p, maxRegisters: 10, maxGap: 20).map(\.description) == ["fc03 0+6", "fc03 20+2"])
        // Overlapping points share a read; the longer first.
        #expect(RequestPlanner.plan(pts([(10, 4), (10, 2), (12, 2)]), maxRegisters: 125, maxGap: 0).map(\.description) == ["fc03 10+4"])
    }

    @Test func neverCrossesAHoleOrTheProtocolLimit() {
        let p = pts([(0, 2), (6, 2)])
        let hole = RegisterHole(table: .holding, first: 3, last: 3)
        #expect(RequestPlanner.plan(p, maxRegisters: 125, maxGap: 8, holes: [hole]).count == 2)
        #expect(RequestPlanner.plan(p, maxRegisters: 125, maxGap: 8, holes: [RegisterHole(table: .input, first: 3, last: 3)]).count == 1)
        let many = pts((0..<200).map { ($0 * 2, 2) })
        let reqs = RequestPlanner.plan(many, maxRegisters: 125, maxGap: 8)
        #expect(reqs.allSatisfy { $0.count <= 125 })
        #expect(reqs.count == 4)  // 400 registers, 62 points (124 registers) per read
        #expect(reqs.flatMap(\.points).sorted() == Array(0..<200))
    }

    @Test func tablesArePlannedSeparately() {
        let p = [
            PlacedPoint(index: 0, table: .input, address: 0, count: 2), PlacedPoint(index: 1, table: .holding, address: 2, count: 2),
            PlacedPoint(index: 2, table: .coil, address: 0, count: 1), PlacedPoint(index: 3, table: .coil, address: 1500, count: 1),
        ]
        #expect(
            RequestPlanner.plan(p, maxRegisters: 125, maxGap: 8).map(\.description) == ["fc01 0+1", "fc01 1500+1", "fc03 2+2", "fc04 0+2"])
    }

    @Test func learnedSpansNarrowTheMerging() {
        let p = pts([(0, 2), (2, 2), (6, 2)])
        var learned = LearnedLimits()
        learned.noGap = [RegisterHole(table: .holding, first: 0, last: 7)]
        #expect(RequestPlanner.plan(p, maxRegisters: 125, maxGap: 8, learned: learned).map(\.description) == ["fc03 0+4", "fc03 6+2"])
        learned.single = [RegisterHole(table: .holding, first: 0, last: 7)]
        #expect(
            RequestPlanner.plan(p, maxRegisters: 125, maxGap: 8, learned: learned).map(\.description) == [
                "fc03 0+2", "fc03 2+2", "fc03 6+2",
            ])
    }
}
