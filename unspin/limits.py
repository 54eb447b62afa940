"""Size limits shared by the server and the command line (one number, so both refuse the same input)."""

from __future__ import annotations

MIB = 1024 * 1024
MAX_INPUT_BYTES = 2 * MIB  # one request body, or one CLI input: enough for a long article page or a small JSONL feed
