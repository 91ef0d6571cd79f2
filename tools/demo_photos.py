#!/usr/bin/env python3
"""Draws the demo archive's photos: four river landscapes, made here, never taken from elsewhere.

Each is a 1600 x 1000 PNG (sky, hills, water, a subject) written with the standard library
alone (zlib and struct), under 200 KB: large enough that a resizing step has work to do.
Run from the repository root; it writes into the demo's page bundles:

    python3 tools/demo_photos.py
"""

import math
import struct
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1600, 1000
ROOT = Path(__file__).resolve().parent.parent / "content" / "articles"


def png(path, width, height, rows):
    """Writes rows of (r, g, b) tuples as an 8-bit RGB PNG, each row filtered with `Up`."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = bytearray()
    previous = bytes(width * 3)
    for row in rows:
        line = bytes(channel for pixel in row for channel in pixel)
        raw.append(2)  # Up: only what changed from the row above is stored
        raw.extend((a - b) & 0xFF for a, b in zip(line, previous))
        previous = line
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = zlib.compress(bytes(raw), 9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    print(f"{path.relative_to(ROOT.parent.parent)}: {path.stat().st_size // 1024} KB")


def mix(a, b, t):
    t = max(0.0, min(1.0, t))
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def quantise(colour, step=3):
    """Colours in steps, so that rows repeat and the file stays small."""
    return tuple(c - c % step for c in colour)


def ridge(x, base, parts):
    """The height of a line of hills at x: a sum of slow waves."""
    return base + sum(amplitude * math.sin(x / period + phase) for amplitude, period, phase in parts)


def landscape(sky_top, sky_bottom, hills, water, horizon, subject):
    """Rows of a scene: a sky gradient, layers of hills, water with ripples, and a subject
    drawn over them (a function of x, y returning a colour or None)."""
    for y in range(HEIGHT):
        sky = quantise(mix(sky_top, sky_bottom, y / horizon))
        row = []
        for x in range(WIDTH):
            colour = subject(x, y)
            if colour is None:
                colour = sky
                for top, tint in hills:
                    if y >= top(x):
                        colour = tint
                if y >= horizon:
                    depth = (y - horizon) / (HEIGHT - horizon)
                    ripple = (y // 7 + x // 180) % 9 == 0
                    colour = quantise(mix(water[0], water[1], depth + (0.08 if ripple else 0)))
            row.append(colour)
        yield row


def flood():
    """High water under the Rivemont bridge: brown river up to the arches."""
    horizon = 560

    def bridge(x, y):
        deck = 430 <= y < 470
        pier = y >= 470 and (x % 400) < 60
        arch = y >= 470 and y < 560 and ((x % 400) - 230) ** 2 / 170 ** 2 + (y - 560) ** 2 / 90 ** 2 > 1 and (x % 400) >= 60
        return (92, 86, 80) if deck or pier or arch else None

    hills = [
        (lambda x: ridge(x, 420, [(30, 210, 0.3), (14, 77, 1.1)]), (104, 122, 112)),
        (lambda x: ridge(x, 500, [(22, 150, 2.0), (10, 53, 0.4)]), (74, 98, 78)),
    ]
    return landscape((118, 134, 152), (196, 200, 202), hills, ((139, 112, 74), (98, 76, 50)), horizon, bridge)


def heatwave():
    """A low river at sunset, the sun a white disc over dry banks."""
    horizon = 640

    def sun(x, y):
        return (255, 240, 200) if (x - 1150) ** 2 + (y - 330) ** 2 < 90 ** 2 else None

    hills = [
        (lambda x: ridge(x, 520, [(40, 260, 1.0), (12, 61, 0.2)]), (168, 96, 70)),
        (lambda x: ridge(x, 600, [(18, 120, 0.5)]), (120, 70, 52)),
    ]
    return landscape((240, 120, 60), (252, 206, 120), hills, ((214, 150, 92), (120, 84, 70)), horizon, sun)


def lock():
    """The Saint-Aubin lock: stone walls, two gates and still water between them."""
    horizon = 600

    def walls(x, y):
        if y >= 520 and (x < 260 or x > 1340):
            return (150, 146, 136) if (y // 24 + x // 60) % 2 else (138, 134, 124)
        for gate in (520, 1080):
            if gate <= x < gate + 36 and 420 <= y < 760:
                return (70, 52, 40)
        return None

    hills = [(lambda x: ridge(x, 470, [(26, 180, 0.7), (9, 45, 2.3)]), (86, 122, 84))]
    return landscape((96, 150, 210), (200, 222, 236), hills, ((64, 110, 120), (30, 60, 72)), horizon, walls)


def barge():
    """An electric barge, long and low, with its containers, on a grey-blue river."""
    horizon = 580

    def hull(x, y):
        if 280 <= x < 1320 and 600 <= y < 660 and y - 600 < (x - 280) * 0.8:
            return (36, 52, 70)
        if 360 <= x < 1240 and 530 <= y < 600:
            tints = [(196, 64, 52), (46, 120, 160), (230, 180, 60), (90, 150, 90)]
            return tints[(x - 360) // 110 % 4] if (x - 360) % 110 > 6 else (40, 40, 40)
        if 1240 <= x < 1300 and 480 <= y < 600:
            return (232, 232, 226)
        return None

    hills = [(lambda x: ridge(x, 500, [(16, 240, 0.1), (8, 70, 1.7)]), (120, 134, 140))]
    return landscape((150, 170, 186), (214, 220, 222), hills, ((110, 130, 146), (60, 78, 96)), horizon, hull)


def at_dusk(rows):
    """The same scene later in the day: every colour darkened towards a night blue."""
    night = (24, 30, 62)
    for row in rows:
        yield [mix(pixel, night, 0.45) for pixel in row]


FLOOD = "2022/03/crue-de-mars-releves-inquietent/"
HEAT = "2022/07/canicule-fleuve-niveau-historique/"
LOCK = "2023/09/ibanez-inaugure-ecluse-saint-aubin/"
BARGE = "2023/10/volkov-group-unveils-electric-barge/"

# Each bundle's lead photo, and the figure of its body (the scene at dusk).
PHOTOS = {
    FLOOD + "pont-de-rivemont.png": lambda: flood(),
    FLOOD + "images/pont-au-crepuscule.png": lambda: at_dusk(flood()),
    HEAT + "coucher-de-soleil.png": lambda: heatwave(),
    HEAT + "images/berges-le-soir.png": lambda: at_dusk(heatwave()),
    LOCK + "ecluse.png": lambda: lock(),
    LOCK + "images/ecluse-le-soir.png": lambda: at_dusk(lock()),
    BARGE + "rive-claire.png": lambda: barge(),
    BARGE + "images/rive-claire-at-dusk.png": lambda: at_dusk(barge()),
}

if __name__ == "__main__":
    for relative, scene in PHOTOS.items():
        png(ROOT / relative, WIDTH, HEIGHT, scene())
