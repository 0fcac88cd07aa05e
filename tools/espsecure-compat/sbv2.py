#!/usr/bin/env python3
"""An independent implementation of espsecure.py's Secure Boot v2 RSA commands, written from espsecure's documented
format with the `cryptography` package (Debian: python3-cryptography), so the project's signer and verifier can be
checked against a second implementation where espsecure itself cannot be installed.

  sbv2.py sign KEY.pem IN OUT      like: espsecure.py sign_data --version 2 --keyfile KEY.pem --output OUT IN
  sbv2.py verify KEY.pem FILE      like: espsecure.py verify_signature --version 2 --keyfile KEY.pem FILE
  sbv2.py digest KEY.pem OUT       like: espsecure.py digest_sbv2_public_key --keyfile KEY.pem --output OUT
  sbv2.py genkey KEY.pem           like: espsecure.py generate_signing_key --version 2 --scheme rsa3072 KEY.pem

Exit status 0 on success, 1 with a message on stderr otherwise.
"""
import hashlib
import struct
import sys
import zlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

SECTOR = 4096
BLOCK = 1216
MAGIC = 0xE7
VERSION_RSA = 0x02
PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)


def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(1)


def load_public(path):
    data = open(path, "rb").read()
    if b"PRIVATE KEY" in data:
        key = serialization.load_pem_private_key(data, password=None).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size != 3072:
        fail("not an RSA-3072 key")
    return key


def key_material(public_key):
    """modulus LE, exponent, R^-1 mod n LE, M' = -n^-1 mod 2^32: the 776 bytes of the block at offset 36."""
    n = public_key.public_numbers().n
    e = public_key.public_numbers().e
    rinv = pow(2, 2 * 3072, n)
    m_prime = (-pow(n, -1, 1 << 32)) & 0xFFFFFFFF
    return n.to_bytes(384, "little") + struct.pack("<I", e) + rinv.to_bytes(384, "little") + struct.pack("<I", m_prime)


def valid_block(blk):
    return len(blk) == BLOCK and blk[0] == MAGIC and blk[1] == VERSION_RSA and \
        struct.unpack("<I", blk[1196:1200])[0] == (zlib.crc32(blk[:1196]) & 0xFFFFFFFF)


def sign(key_path, in_path, out_path):
    private_key = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)
    if private_key.key_size != 3072:
        fail("Secure Boot v2 signs with RSA-3072 keys")
    contents = open(in_path, "rb").read()
    if len(contents) % SECTOR:
        contents += b"\xff" * (SECTOR - len(contents) % SECTOR)
    digest = hashlib.sha256(contents).digest()
    signature = private_key.sign(digest, PSS, utils.Prehashed(hashes.SHA256()))
    block = struct.pack("<BBxx32s", MAGIC, VERSION_RSA, digest) + key_material(private_key.public_key()) + signature[::-1]
    block += struct.pack("<I", zlib.crc32(block) & 0xFFFFFFFF) + b"\x00" * 16
    assert len(block) == BLOCK
    open(out_path, "wb").write(contents + block + b"\xff" * (SECTOR - BLOCK))


def verify(key_path, path):
    public_key = load_public(key_path)
    data = open(path, "rb").read()
    if len(data) < SECTOR or len(data) % SECTOR:
        fail("data size must be a non-zero multiple of 4096")
    digest = hashlib.sha256(data[:-SECTOR]).digest()
    for index in range(3):
        blk = data[len(data) - SECTOR + index * BLOCK: len(data) - SECTOR + (index + 1) * BLOCK]
        if not valid_block(blk):
            continue
        if blk[4:36] != digest:
            fail("signature block %d: image digest does not match" % index)
        try:
            public_key.verify(blk[812:1196][::-1], digest, PSS, utils.Prehashed(hashes.SHA256()))
            print("signature block %d verified" % index)
            return
        except InvalidSignature:
            continue
    fail("no signature block verifies with the given key")


def digest(key_path, out_path):
    open(out_path, "wb").write(hashlib.sha256(key_material(load_public(key_path))).digest())


def genkey(path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    open(path, "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                             serialization.NoEncryption()))


if __name__ == "__main__":
    commands = {"sign": (sign, 3), "verify": (verify, 2), "digest": (digest, 2), "genkey": (genkey, 1)}
    if len(sys.argv) < 2 or sys.argv[1] not in commands or len(sys.argv) != commands[sys.argv[1]][1] + 2:
        fail(__doc__)
    commands[sys.argv[1]][0](*sys.argv[2:])
