"""Receiver-side tap (runs inside a device namespace): prints every RAOP sync packet (20 bytes,
payload type 0xD4) that arrives for ADDRESS on IFACE, as one JSON line with the arrival time.
Usage: sync-tap.py IFACE ADDRESS. Reads only; stops on SIGTERM."""
import json
import socket
import struct
import sys
import time

iface, address = sys.argv[1], sys.argv[2]
tap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))
tap.bind((iface, 0))
print(json.dumps({"ready": True}), flush=True)
while True:
    frame = tap.recv(65535)
    if len(frame) < 42 or struct.unpack("!H", frame[12:14])[0] != 0x0800:
        continue
    ip = frame[14:]
    if ip[9] != 17 or socket.inet_ntoa(ip[16:20]) != address:
        continue
    udp = ip[(ip[0] & 0x0F) * 4 :]
    payload = udp[8:]
    if len(payload) == 20 and payload[1] == 0xD4:
        port = struct.unpack("!H", udp[2:4])[0]
        print(json.dumps({"t": time.time(), "port": port, "hex": payload.hex()}), flush=True)
