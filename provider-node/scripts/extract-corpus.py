#!/usr/bin/env python3
"""Extracts the pretraining corpus of the embedded base model from CPython's Lib/pydoc_data/topics.py.

Usage: python3 provider-node/scripts/extract-corpus.py <path to CPython v3.11.7 Lib/pydoc_data/topics.py> <out.txt.gz>

The source file is checked against its sha256 (CPython tag v3.11.7), parsed with ast.literal_eval (never executed),
and its 79 help topics are joined in sorted key order with a blank line between them, UTF-8, then gzip-compressed
with mtime 0. Standard library only.
"""
import ast
import gzip
import hashlib
import sys

SOURCE_SHA256 = "abaa56a64551d8eead1b19cbae3c6db443f99f0cab81df07bed3cb75c0db9346"


def main() -> None:
    source_path, out_path = sys.argv[1:3]
    source = open(source_path, "rb").read()
    digest = hashlib.sha256(source).hexdigest()
    if digest != SOURCE_SHA256:
        sys.exit(f"{source_path}: sha256 {digest}, expected {SOURCE_SHA256} (CPython v3.11.7)")
    module = ast.parse(source.decode("utf-8"))
    assignment = next(node for node in module.body if isinstance(node, ast.Assign))
    topics = ast.literal_eval(assignment.value)
    text = "\n\n".join(topics[key] for key in sorted(topics)).encode("utf-8")
    with open(out_path, "wb") as out:
        out.write(gzip.compress(text, compresslevel=9, mtime=0))
    print(f"{len(topics)} topics, {len(text)} bytes, sha256 {hashlib.sha256(text).hexdigest()}")


if __name__ == "__main__":
    main()
