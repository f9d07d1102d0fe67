"""A made-up council's pupil-level data in witan.send's transitions.csv shape (not real children)."""

import numpy as np

HEADER = "calendar-year,setting-1,need-1,academic-year-1,setting-2,need-2,academic-year-2"
CODES = ("MMSIB", "MSSIB", "ISSR", "MU", "FEC", "EO")


def transitions_csv(*, years=range(2019, 2024), children: int = 400, seed: int = 7) -> bytes:
    """Every child with a plan moves a year on each January; some leave, some join, a few change setting."""
    rng = np.random.default_rng(seed)
    pupils = [[str(rng.choice(CODES[:4])), "CI", int(rng.integers(-2, 15))] for _ in range(children)]
    lines = [HEADER]
    for year in years:
        nxt = []
        for setting, need, ncy in pupils:
            if ncy >= 21 or rng.random() < 0.06:
                lines.append(f"{year},{setting},{need},{ncy},NONSEND,NONSEND,{ncy + 1}")
                continue
            to = setting
            if ncy + 1 >= 12:
                to = "FEC"
            elif rng.random() < 0.05:
                to = str(rng.choice(CODES[:4]))
            lines.append(f"{year},{setting},{need},{ncy},{to},{need},{ncy + 1}")
            nxt.append([to, need, ncy + 1])
        for _ in range(int(children * 0.12)):
            ncy = int(rng.integers(-3, 12))
            to = str(rng.choice(CODES[:4]))
            lines.append(f"{year},NONSEND,NONSEND,{ncy - 1},{to},SEMH,{ncy}")
            nxt.append([to, "SEMH", ncy])
        pupils = nxt
    return ("\n".join(lines) + "\n").encode()


def population_csv(*, years=range(2019, 2036), people: int = 1000) -> bytes:
    lines = ["calendar-year,academic-year,population"]
    for year in years:
        for ncy in range(-5, 26):
            lines.append(f"{year},{ncy},{people}")
    return ("\n".join(lines) + "\n").encode()
