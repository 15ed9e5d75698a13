/// The Modbus device a meter is read from, in `MeterJSON`.
struct DeviceJSON: Codable {
    var profile: String
    var link: String
    var unit: Int
}
