#!/usr/bin/env python3
"""A real third-party Modbus peer for Meterwatch's tests (pymodbus 3.10+).

    pymodbus_peer.py tcp 127.0.0.1 PORT
    pymodbus_peer.py rtu /path/to/pty 9600

Serves unit 1 with known values: an Eastron SDM630 input-register map (float32, ABCD) and a
Siemens SITRANS F M MAG holding-register map (float32 flow in m3/s at 3002, float64 totalizer
at 3014). Prints "ready" once listening. The values are repeated in ModbusPeerTests.swift.
"""
import asyncio
import struct
import sys

from pymodbus.datastore import ModbusDeviceContext, ModbusSequentialDataBlock, ModbusServerContext
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer

SDM630 = {  # PDU address: value
    0x00: 230.1, 0x02: 231.2, 0x04: 229.9, 0x06: 5.5, 0x08: 6.25, 0x0A: 4.0,
    0x0C: 1265.5, 0x0E: 1445.0, 0x10: 919.6, 0x34: 3630.1, 0x38: 3900.0, 0x3C: 1400.0,
    0x3E: 0.93, 0x46: 60.01, 0x48: 12345.6, 0x4A: 78.9,
    0x15A: 4100.5, 0x15C: 4200.25, 0x15E: 4044.85, 0x160: 26.3, 0x162: 26.3, 0x164: 26.3,
}
SITRANS_FLOW_M3S = 0.0123
SITRANS_TOTAL_M3 = 98765.4321


def f32(v):
    return list(struct.unpack(">2H", struct.pack(">f", v)))


def f64(v):
    return list(struct.unpack(">4H", struct.pack(">d", v)))


ir = [0] * 400
for addr, val in SDM630.items():
    ir[addr:addr + 2] = f32(val)
hr = [0] * 3100
hr[3002:3004] = f32(SITRANS_FLOW_M3S)
hr[3014:3018] = f64(SITRANS_TOTAL_M3)

# pymodbus' sequential block serves PDU address N from block address N + 1.
device = ModbusDeviceContext(ir=ModbusSequentialDataBlock(1, ir), hr=ModbusSequentialDataBlock(1, hr))
context = ModbusServerContext(devices={1: device}, single=False)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, lambda: print("ready", flush=True))
    if sys.argv[1] == "tcp":
        await StartAsyncTcpServer(context=context, address=(sys.argv[2], int(sys.argv[3])))
    else:
        await StartAsyncSerialServer(context=context, framer="rtu", port=sys.argv[2], baudrate=int(sys.argv[3]),
                                     bytesize=8, parity="N", stopbits=1)


asyncio.run(main())
