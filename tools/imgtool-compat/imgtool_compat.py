#!/usr/bin/env python3
"""An independent implementation of MCUboot imgtool's ECDSA P-256 signing and verification, written from imgtool's
source (mcu-tools/mcuboot scripts/imgtool/image.py: Image.create, add_header, TLV, Image.verify; keys/ecdsa.py:
ECDSA256P1.get_public_bytes, sign, verify) with the `cryptography` package (Debian: python3-cryptography), so the
project's image builder and host verifier can be checked against a second implementation where imgtool itself cannot
be installed.

  imgtool_compat.py keygen KEY.pem          like: imgtool keygen -k KEY.pem -t ecdsa-p256
  imgtool_compat.py getpub KEY.pem OUT.der  like: imgtool getpub -k KEY.pem -e der  (DER SubjectPublicKeyInfo)
  imgtool_compat.py keyhash KEY.pem         prints the KEYHASH TLV value (SHA-256 of the DER above) in hex
  imgtool_compat.py sign --key KEY.pem --version 1.2.3+4 [--header-size 32] [--pad-header]
                    [--security-counter N] [--custom-tlv TAG HEXVALUE]... IN OUT
                                            like: imgtool sign with the same options (binary files only)
  imgtool_compat.py verify KEY.pem FILE     like: imgtool verify -k KEY.pem FILE

Exit status 0 on success, 1 with a message on stderr otherwise.
"""
import hashlib
import re
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

IMAGE_MAGIC = 0x96F3B83D
IMAGE_HEADER_SIZE = 32
TLV_INFO_MAGIC = 0x6907
TLV_PROT_INFO_MAGIC = 0x6908
TLV_KEYHASH = 0x01
TLV_SHA256 = 0x10
TLV_ECDSA_SIG = 0x22
TLV_SEC_CNT = 0x50


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(1)


def load_key(path, private):
    data = open(path, "rb").read()
    if b"PRIVATE KEY" in data:
        key = serialization.load_pem_private_key(data, password=None)
    elif private:
        fail("a private key is needed")
    else:
        key = serialization.load_pem_public_key(data)
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "secp256r1":
        fail("not an ECDSA P-256 key")
    return key, public


def public_bytes(public):
    # keys/ecdsa.py get_public_bytes: "The key is embedded into MCUboot in SubjectPublicKeyInfo format"
    return public.public_bytes(encoding=serialization.Encoding.DER,
                               format=serialization.PublicFormat.SubjectPublicKeyInfo)


def tlv_area(magic, entries):
    # image.py TLV.get: info (magic, total including the info) then each TLV as 'BBH' (type, 0, length) + value
    body = b"".join(struct.pack("<BBH", kind, 0, len(value)) + value for kind, value in entries)
    return struct.pack("<HH", magic, 4 + len(body)) + body if entries else b""


def parse_version(text):
    m = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\+(\d+))?$", text)
    if not m:
        fail("bad version: " + text)
    return tuple(int(g) if g else 0 for g in m.groups())


def sign(args):
    key_path = version = None
    header_size = IMAGE_HEADER_SIZE
    pad_header = False
    protected = []
    rest = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--key":
            key_path = args[i + 1]; i += 2
        elif a == "--version":
            version = parse_version(args[i + 1]); i += 2
        elif a == "--header-size":
            header_size = int(args[i + 1], 0); i += 2
        elif a == "--pad-header":
            pad_header = True; i += 1
        elif a == "--security-counter":
            protected.append((TLV_SEC_CNT, struct.pack("<I", int(args[i + 1], 0)))); i += 2
        elif a == "--custom-tlv":
            protected.append((int(args[i + 1], 0), bytes.fromhex(args[i + 2]))); i += 3
        else:
            rest.append(a); i += 1
    if key_path is None or version is None or len(rest) != 2:
        fail("usage: sign --key KEY.pem --version V [options] IN OUT")
    key, public = load_key(key_path, True)
    payload = open(rest[0], "rb").read()
    if pad_header:
        payload = bytes([0xFF] * header_size) + payload  # Image.load: erased_val bytes
    elif any(payload[:header_size]):
        fail("Header padding was not requested and image does not start with zeros")
    # image.py create: the protected TLV size (info included) goes into the header, the protected area is hashed and
    # signed with header + body, then the unprotected area gets SHA256, KEYHASH and the signature.
    prot = tlv_area(TLV_PROT_INFO_MAGIC, protected)
    header = struct.pack("<IIHHIIBBHII", IMAGE_MAGIC, 0, header_size, len(prot), len(payload) - header_size, 0,
                         version[0], version[1], version[2], version[3], 0)
    signed = header + payload[len(header):] + prot
    digest = hashlib.sha256(signed).digest()
    signature = key.sign(signed, ec.ECDSA(hashes.SHA256()))
    unprot = tlv_area(TLV_INFO_MAGIC, [(TLV_SHA256, digest),
                                       (TLV_KEYHASH, hashlib.sha256(public_bytes(public)).digest()),
                                       (TLV_ECDSA_SIG, signature)])
    open(rest[1], "wb").write(signed + unprot)


def verify(key_path, path):
    # image.py Image.verify (the version that reads a protected area), with keys/ecdsa.py verify.
    _, public = load_key(key_path, False)
    b = open(path, "rb").read()
    if len(b) < IMAGE_HEADER_SIZE:
        fail("INVALID_MAGIC")
    magic, _, header_size, prot_size, img_size = struct.unpack("<IIHHI", b[:16])
    if magic != IMAGE_MAGIC:
        fail("INVALID_MAGIC")
    tlv_off = header_size + img_size
    magic, tlv_tot = struct.unpack("<HH", b[tlv_off:tlv_off + 4])
    if magic == TLV_PROT_INFO_MAGIC:
        tlv_off += tlv_tot
        magic, tlv_tot = struct.unpack("<HH", b[tlv_off:tlv_off + 4])
    if magic != TLV_INFO_MAGIC:
        fail("INVALID_TLV_INFO_MAGIC")
    payload = b[:tlv_off]
    digest = hashlib.sha256(payload).digest()
    tlv_end = tlv_off + tlv_tot
    tlv_off += 4
    while tlv_off < tlv_end:
        kind, _, length = struct.unpack("<BBH", b[tlv_off:tlv_off + 4])
        value = b[tlv_off + 4:tlv_off + 4 + length]
        if kind == TLV_SHA256 and value != digest:
            fail("INVALID_HASH")
        if kind == TLV_ECDSA_SIG:
            try:
                public.verify(value[:value[1] + 2], payload, ec.ECDSA(hashes.SHA256()))
                print("Image was correctly validated")
                return
            except InvalidSignature:
                pass  # continue to the next TLV, as imgtool does
        tlv_off += 4 + length
    fail("INVALID_SIGNATURE")


def main(argv):
    if len(argv) >= 2 and argv[0] == "keygen":
        key = ec.generate_private_key(ec.SECP256R1())
        open(argv[1], "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))
    elif len(argv) == 3 and argv[0] == "getpub":
        open(argv[2], "wb").write(public_bytes(load_key(argv[1], False)[1]))
    elif len(argv) == 2 and argv[0] == "keyhash":
        print(hashlib.sha256(public_bytes(load_key(argv[1], False)[1])).hexdigest())
    elif len(argv) >= 1 and argv[0] == "sign":
        sign(argv[1:])
    elif len(argv) == 3 and argv[0] == "verify":
        verify(argv[1], argv[2])
    else:
        fail(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
