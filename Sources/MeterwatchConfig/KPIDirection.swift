import MeterwatchCore

public enum KPIDirection: String, Sendable, Codable { case higher, lower }
