import Foundation
import MeterwatchCore
import Testing

@testable import MeterwatchDevices

/// A point for codec tests: only the fields decoding looks at matter.
func point(
    _ type: ValueType, _ order: ByteOrder = .abcd, quantity: Quantity? = nil, unit: String = "", scale: Double = 1,
    offset: Double = 0, length: Int? = nil, invalid: [UInt64] = [], flags: [Int: String] = [:]
) -> PointDefinition {
    PointDefinition(
        id: "p", quantity: quantity, table: type == .bool ? .coil : .holding, address: 0, model: nil, type: type,
        byteOrder: order, length: length ?? type.registerCount, unit: unit, scale: scale, offset: offset, scaleRef: nil,
        invalid: invalid, flags: flags, labels: [:], poll: .fast, example: nil)
}

func decoded(_ p: PointDefinition, _ words: [UInt16], sentinels: SentinelStyle = .none, sf: Int? = nil) -> Double? {
    guard case .success(let raw) = RegisterCodec.decodeRaw(p, words: words[...], sentinels: sentinels) else { return nil }
    return RegisterCodec.value(p, raw: raw, scaleFactor: sf)
}

@Suite struct CodecTests {
    @Test func float32InAllFourByteOrders() {
        // 123456.0f is 0x47F12000 (modbus.md §3.5, as libmodbus's own documentation lists it).
        #expect(decoded(point(.float32, .abcd), [0x47F1, 0x2000]) == 123456)
        #expect(decoded(point(.float32, .dcba), [0x0020, 0xF147]) == 123456)
        #expect(decoded(point(.float32, .badc), [0xF147, 0x0020]) == 123456)
        #expect(decoded(point(.float32, .cdab), [0x2000, 0x47F1]) == 123456)
        // A wrong byte order gives a wrong value, not the same one.
        #expect(decoded(point(.float32, .cdab), [0x47F1, 0x2000]) != 123456)
        // 230.1 V as the SDM630 sends it.
        #expect(decoded(point(.float32), [0x4366, 0x199A]) == Double(Float(230.1)))
    }

    @Test func sitransManualVector() throws {
        // SITRANS F Modbus manual: response 01 03 04 40 C3 52 93 → 6.10383 kg/s.
        let v = try #require(decoded(point(.float32), [0x40C3, 0x5293]))
        #expect(abs(v - 6.10383) < 5e-6)
        // Flow in m³/s becomes m³/h.
        let flow = try #require(decoded(point(.float32, quantity: "flow_rate", unit: "m3/s"), [0x40C3, 0x5293]))
        #expect(abs(flow - 6.10383 * 3600) < 0.02)
    }

    @Test func float64AndItsWordOrders() {
        let bits = (98765.4321).bitPattern
        let words = (0..<4).map { UInt16(truncatingIfNeeded: bits >> UInt64(48 - 16 * $0)) }
        #expect(decoded(point(.float64), words) == 98765.4321)
        #expect(decoded(point(.float64, .cdab), words.reversed()) == 98765.4321)
        #expect(decoded(point(.float64, .badc), words.map(\.byteSwapped)) == 98765.4321)
        #expect(decoded(point(.float64, .dcba), words.reversed().map(\.byteSwapped)) == 98765.4321)
    }

    @Test func integersSignedAndUnsigned() {
        #expect(decoded(point(.int16), [0xFFFE]) == -2)
        #expect(decoded(point(.uint16), [0xFFFE]) == 65534)
        #expect(decoded(point(.int16, .badc), [0xFEFF]) == -2)
        #expect(decoded(point(.int32), [0xFFFF, 0xFF38]) == -200)
        #expect(decoded(point(.uint32), [0x0001, 0x0000]) == 65536)
        // EM24: INT32 low word first, 2301 × 0.1 V.
        #expect(decoded(point(.int32, .cdab, quantity: "voltage_l1", unit: "V", scale: 0.1), [0x08FD, 0x0000]) == 230.1)
        // iEM3x55: INT64 Wh → kWh.
        #expect(decoded(point(.int64, quantity: "energy_import", unit: "Wh"), [0x0000, 0x0000, 0x0012, 0xD687]) == 1234.567)
        #expect(decoded(point(.int64), [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF]) == -1)
        // MagFlux: U64 mm³, least significant word first → m³.
        #expect(decoded(point(.uint64, .cdab, quantity: "volume", unit: "mm3"), [0xC580, 0x26C2, 0x0602, 0x0000]) == 6_606.31)
        #expect(decoded(point(.uint64), [0x8000, 0, 0, 0]) == 9.223372036854775808e18)
    }

    @Test func scaleOffsetAndUnits() {
        // APC: charge raw/2^9 %.
        #expect(decoded(point(.uint16, quantity: "battery_charge", unit: "%", scale: 1.0 / 512), [0xC800]) == 100)
        // iEM: kW → W.
        #expect(decoded(point(.float32, quantity: "power_active", unit: "kW"), [0x4120, 0x0000]) == 10_000)
        // Offset after scale.
        #expect(decoded(point(.int16, scale: 0.5, offset: -40), [100]) == 10)
        // SunSpec scale factor: 1234 × 10^-1.
        #expect(decoded(point(.uint16), [1234], sf: -1) == 123.4)
        #expect(decoded(point(.int16), [0xFF9C], sf: 2) == -10_000)
    }

    @Test func sentinelsAreMissingNotZero() {
        let ss = SentinelStyle.sunspec
        #expect(decoded(point(.int16), [0x8000], sentinels: ss) == nil)
        #expect(decoded(point(.int16), [0x8000]) == -32768)  // without sunspec sentinels it is a value
        #expect(decoded(point(.uint16), [0xFFFF], sentinels: ss) == nil)
        #expect(decoded(point(.acc32), [0, 0], sentinels: ss) == nil)
        #expect(decoded(point(.uint32), [0xFFFF, 0xFFFF], sentinels: ss) == nil)
        #expect(decoded(point(.sunssf), [0x8000], sentinels: ss) == nil)
        #expect(decoded(point(.float32), [0x7FC0, 0x0000]) == nil)  // NaN
        #expect(decoded(point(.uint16, invalid: [0xFFFF]), [0xFFFF]) == nil)  // APC input voltage "not applicable"
        #expect(decoded(point(.uint16, invalid: [0xFFFF]), [0xFFFE]) == 65534)
        if case .failure(let why) = RegisterCodec.decodeRaw(point(.uint16, invalid: [0xFFFF]), words: [0xFFFF][...]) {
            #expect(why.description.contains("0xFFFF"))
        } else {
            Issue.record("expected a missing value")
        }
    }

    @Test func stringsAndBitfields() {
        let s = point(.string, length: 4)
        let words = RegisterCodec.encode(s, text: "SunS")
        #expect(words == [0x5375, 0x6E53, 0, 0])
        if case .success(.text(let t)) = RegisterCodec.decodeRaw(s, words: words[...]) {
            #expect(t == "SunS")
        } else {
            Issue.record("no text")
        }
        if case .success(.text(let t)) = RegisterCodec.decodeRaw(point(.string, .badc, length: 2), words: [0x7553, 0x536E][...]) {
            #expect(t == "SunS")
        } else {
            Issue.record("no text")
        }
        // APC status bits 1 (online) and 21 (overload) → OL OVER.
        let status = point(.bitfield32, quantity: "ups_status", flags: [1: "OL", 2: "OB", 21: "OVER"])
        let v = decoded(status, [0x0020, 0x0002])
        #expect(v.map { UPSFlags(rawValue: UInt32($0)) } == [.online, .overload])
        #expect(UPSFlags([.online, .overload]).description == "OL OVER")
    }

    @Test func encodeDecodeRoundTripForEveryTypeAndOrder() {
        for order in ByteOrder.allCases {
            for type in ValueType.allCases where type != .string && type != .bool {
                let p = point(type, order, scale: type == .float32 || type == .float64 ? 1 : 0.1)
                let value =
                    type.rawValue.hasPrefix("u") || type.rawValue.hasPrefix("acc") || type.rawValue.hasPrefix("bit") || type == .enum16
                    ? 1234.5 : -1234.5
                let expected = type == .float32 || type == .float64 ? value : (value / 0.1).rounded() * 0.1
                #expect(decoded(p, RegisterCodec.encode(p, value: value)).map { abs($0 - expected) < 1e-9 } == true, "\(type) \(order)")
            }
        }
    }
}
