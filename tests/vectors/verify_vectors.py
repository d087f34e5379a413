#!/usr/bin/env python3
"""verify_vectors.py — an independent check of the golden vectors, written from docs/protocol.md only.

Recomputes, in Python and without the C++ code: envelope ids and signatures of every kind, log leaf
hashes, Merkle roots at every size, the vote's receipt (inclusion proof, RFC 9162 2.1.3.2), the
consistency proof 8 -> 15 (RFC 9162 2.1.4.2), the checkpoint's key hash and signature, and the ballot
key derivation. Needs Python 3.9+ and the `cryptography` package (Ed25519). Exit status 0 = all good.

Usage: python3 tests/vectors/verify_vectors.py [vectors dir]
"""
import base64
import hashlib
import os
import struct
import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KINDS = ["enroll", "consultation_open", "consultation_advance", "consultation_close", "propose", "comment",
         "react", "vote", "rate", "feedback", "feedback_answer", "moderate", "key_rotate", "key_revoke",
         "ballot_key_bind", "feedback_rate"]
DOMAIN = b"yishi/envelope/v1\0"


def read(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#") and " = " in line:
                k, v = line.split(" = ", 1)
                out[k] = v
    return out


def sha256(b):
    return hashlib.sha256(b).digest()


def node(l, r):
    return sha256(b"\x01" + l + r)


def mth(leaves):
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(leaf, index, size, proof, root):  # RFC 9162 2.1.3.2
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m, n, proof, root1, root2):  # RFC 9162 2.1.4.2, 0 < m < n
    if not proof:
        return False
    if m & (m - 1) == 0:
        proof = [root1] + proof
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == root1 and sr == root2 and sn == 0


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    env, log = read(os.path.join(d, "envelope_v1.txt")), read(os.path.join(d, "log_v1.txt"))
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)

    leaves = []
    for code, kind in enumerate(KINDS, start=1):
        body = bytes.fromhex(env[f"envelope.{kind}.body"])
        sig = bytes.fromhex(env[f"envelope.{kind}.signature"])
        version, kcode, author = body[0], body[1], body[2:34]
        check(version == 1 and kcode == code, f"{kind}: header")
        signed = DOMAIN + body
        check(sha256(signed).hex() == env[f"envelope.{kind}.id"], f"{kind}: id")
        try:
            Ed25519PublicKey.from_public_bytes(author).verify(sig, signed)
        except Exception:
            failures.append(f"{kind}: signature")
        leaf = sha256(b"\x00" + sha256(signed) + sig)
        check(leaf.hex() == env[f"envelope.{kind}.leaf_hash"], f"{kind}: leaf hash")
        leaves.append(leaf)

    # The vote payload, decoded by hand (docs section 3, kind 8).
    vote = bytes.fromhex(env["envelope.vote.body"])
    method, count = vote[62], struct.unpack(">H", vote[63:65])[0]
    entries = [struct.unpack(">IQ", vote[65 + 12 * i: 77 + 12 * i]) for i in range(count)]
    check(method == 2 and entries == [(1, 1), (3, 1)] and len(vote) == 65 + 12 * count, "vote payload")

    # consultation_open's method and method_param (docs section 3 kind 2, section 4): the approval sample
    # and the ranked one that declares Schulze; the section 4 rule for method_param is written out here.
    def open_method(body):
        at = 62
        for _ in range(2):  # title, description: u32 length + UTF-8
            (n,) = struct.unpack(">I", body[at:at + 4])
            at += 4 + n
        method, param = body[at], struct.unpack(">Q", body[at + 1:at + 9])[0]
        (options,) = struct.unpack(">H", body[at + 9:at + 11])
        return method, param, options

    def param_ok(method, param, options):
        return {1: param == 0, 2: 1 <= param <= options, 3: param in (1, 2), 4: 1 <= param <= 100,
                5: param >= 1, 6: param == 0}.get(method, False)

    ranked = bytes.fromhex(env["envelope.consultation_open_ranked.body"])
    rsig = bytes.fromhex(env["envelope.consultation_open_ranked.signature"])
    check(sha256(DOMAIN + ranked).hex() == env["envelope.consultation_open_ranked.id"], "ranked open: id")
    try:
        Ed25519PublicKey.from_public_bytes(ranked[2:34]).verify(rsig, DOMAIN + ranked)
    except Exception:
        failures.append("ranked open: signature")
    for name, body, want in (("approval open", bytes.fromhex(env["envelope.consultation_open.body"]), (2, 2)),
                             ("ranked open", ranked, (3, 2))):
        method, param, options = open_method(body)
        check((method, param) == want and param_ok(method, param, options), f"{name}: method_param")
    check(not param_ok(3, 0, 3) and not param_ok(3, 3, 3), "ranked method_param must be 1 (IRV) or 2 (Schulze)")
    # The feedback_rate payload (kind 16): feedback_id[32], score code, remark text(Short).
    fr = bytes.fromhex(env["envelope.feedback_rate.body"])
    fid, score, rlen = fr[62:94], fr[94], struct.unpack(">I", fr[95:99])[0]
    check(fid == b"\x44" * 32 and score == 5 and len(fr) == 99 + rlen
          and fr[99:].decode("utf-8") == "路灯修好了，谢谢。", "feedback_rate payload")

    # Ballot key: BLAKE2b-256 keyed by the identity seed over context || u64be(consultation).
    identity = bytes.fromhex(env["key.resident.seed"])
    c = int(env["key.ballot.consultation"])
    ballot_seed = hashlib.blake2b(b"yishi/ballot-key/v1\0" + struct.pack(">Q", c), key=identity, digest_size=32).digest()
    check(ballot_seed.hex() == env["key.ballot.seed"], "ballot seed")
    pub = Ed25519PrivateKey.from_private_bytes(ballot_seed).public_key().public_bytes_raw()
    check(pub.hex() == env["key.ballot.public"] == vote[2:34].hex(), "ballot key is the vote's author")

    for n in range(1, len(leaves) + 1):
        check(mth(leaves[:n]).hex() == log[f"log.root.{n}"], f"root at size {n}")

    # Checkpoint (signed note).
    note = bytes.fromhex(log["log.checkpoint.note_hex"]).decode("utf-8")
    origin, server = log["log.origin"], bytes.fromhex(log["log.server.public"])
    body, sigs = note[: note.rindex("\n\n") + 1], note[note.rindex("\n\n") + 2:]
    lines = body.split("\n")
    check(lines[0] == origin and lines[1] == str(len(leaves)), "checkpoint origin and size")
    root = base64.b64decode(lines[2], validate=True)
    check(root.hex() == log[f"log.root.{len(leaves)}"] and lines[3].startswith("yishi-time-ms "), "checkpoint root/time")
    key_hash = sha256(origin.encode() + b"\n\x01" + server)[:4]
    check(key_hash.hex() == log["log.server.key_hash"], "key hash")
    prefix = "\u2014 " + origin + " "
    sig_line = sigs.split("\n")[0]
    check(sig_line.startswith(prefix), "signature line")
    blob = base64.b64decode(sig_line[len(prefix):], validate=True)
    check(blob[:4] == key_hash and len(blob) == 68, "signature blob")
    try:
        Ed25519PublicKey.from_public_bytes(server).verify(blob[4:], body.encode("utf-8"))
    except Exception:
        failures.append("checkpoint signature")

    # Receipt of the vote, and consistency 8 -> 15.
    idx = int(log["log.receipt.vote.index"])
    proof = [bytes.fromhex(h) for h in log["log.receipt.vote.proof"].split(",")]
    check(verify_inclusion(leaves[idx], idx, len(leaves), proof, root), "vote inclusion proof")
    check(not verify_inclusion(leaves[idx], idx - 1, len(leaves), proof, root), "inclusion proof rejects wrong index")
    cons = [bytes.fromhex(h) for h in log["log.consistency.8.15"].split(",")]
    check(verify_consistency(8, 15, cons, bytes.fromhex(log["log.root.8"]), bytes.fromhex(log["log.root.15"])),
          "consistency 8 -> 15")
    wire = bytes.fromhex(log["log.receipt.vote.wire"])
    check(wire == bytes.fromhex(env["envelope.vote.body"] + env["envelope.vote.signature"]), "vote wire form")

    for f in failures:
        print("FAIL:", f)
    print(f"verify_vectors: {len(KINDS)} envelopes, {len(leaves)} roots, checkpoint, receipt: "
          + ("all good" if not failures else f"{len(failures)} failures"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
