"""vPDQ-style frame hashes of videos: one PDQ per second of video, via PyAV (optional).

Install the extra (``pip install clew[video]``) for this; without it videos get only
their cryptographic hashes and a note. Frames are decoded to RGB in memory, hashed with
``pdqhash`` and dropped; only (frame, timestamp, pdq, quality) is kept. FFmpeg's colour
conversion differs from the reference vPDQ build, so frame hashes are compared by
distance, never by equality (measured: within 22 bits for quality >= 50).
"""

from __future__ import annotations

import io

import pdqhash

from clew.media.pdq import bits_to_hex

try:  # optional extra
    import av  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the environment
    av = None

AVAILABLE = av is not None
UNAVAILABLE_NOTE = "video frames not hashed: optional extra 'video' (PyAV) not installed"


def frame_hashes(data: bytes, per_second: float = 1.0) -> list[dict]:
    """``[{"frame", "timestamp", "pdq", "quality"}]``; raises ValueError if undecodable."""
    if av is None:
        return []
    out: list[dict] = []
    next_t = 0.0
    try:
        with av.open(io.BytesIO(data)) as container:
            stream = container.streams.video[0]
            for index, frame in enumerate(container.decode(stream)):
                t = float(frame.time or 0.0)
                if t + 1e-9 < next_t:
                    continue
                next_t = t + 1.0 / per_second
                bits, quality = pdqhash.compute(frame.to_ndarray(format="rgb24"))
                out.append(
                    {"frame": index, "timestamp": t, "pdq": bits_to_hex(bits), "quality": int(quality)}
                )
    except Exception as exc:  # PyAV raises many error types for corrupt input
        raise ValueError(f"undecodable video: {exc}") from exc
    return out
