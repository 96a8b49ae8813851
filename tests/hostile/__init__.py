"""The hostile-input suite: probes an untrusted workspace or server could make, each
asserting the clean outcome (a located message, no traceback, no hang, no lost file)
within generous bounds of time and memory (tight numbers live in ``bench/``)."""
