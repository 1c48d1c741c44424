#!/usr/bin/env python3
"""models/posteriordb_to_csv.py — writes the CSV data files of the posteriordb
reference models from posteriordb's Stan JSON data.

Run from the repository root (python3, standard library only):
    python3 models/posteriordb_to_csv.py [POSTERIORDB_DIR]
POSTERIORDB_DIR defaults to ../shared/posteriordb; it holds one folder per
posterior with data.json (see its README.md).

Layout of each CSV file (what the model programs' --data reader takes):
one column per 1-d array or vector, a matrix X[N, K] as columns X.1 .. X.K,
numbers written as the shortest text that reads back to the same double.
Sizes (N, T, J, D, K of a matrix) are not written: the reader infers them
from the row and column counts.  The other scalars cannot be columns; each
is listed under SCALARS below and goes on the command line as name=value.
The model file's `// Data: models/FILE name=value ...` line records them
(tests/e2e/lib.sh `data_args` turns that line into program arguments).

The script refuses a data set whose scalars it does not account for, so a
changed data.json cannot slip through unnoticed.  Running it again rewrites
the files byte for byte (the first three were written before this script
existed and keep their column order).
"""
import json
import os
import sys

# (posterior, CSV file in models/, columns in file order or None for every
#  array in JSON order, scalars given as name=value, scalars not used by
#  the models)
DATASETS = [
    ("eight_schools-eight_schools_noncentered", "eight_schools.csv", ["y", "sigma"], [], []),
    ("kidiq-kidscore_momiq", "kidiq.csv", ["kid_score", "mom_iq", "mom_hs"], [],
     ["mom_hs_new", "mom_iq_new"]),
    ("earnings-earn_height", "earnings.csv", ["earn", "height", "male"], [], []),
    ("mesquite-logmesquite_logvolume", "mesquite.csv", None, [], []),
    ("nes1972-nes", "nes.csv", None, [], []),
    ("arK-arK", "arK.csv", None, ["K"], []),
    ("garch-garch11", "garch.csv", None, ["sigma1"], []),
    ("low_dim_gauss_mix-low_dim_gauss_mix", "low_dim_gauss_mix.csv", None, [], []),
    ("gp_pois_regr-gp_regr", "gp_regr.csv", None, [], []),
    ("hmm_example-hmm_example", "hmm_example.csv", None, ["K"], []),
    ("sblrc-blr", "blr.csv", None, [], []),
    ("diamonds-diamonds", "diamonds.csv", None, ["prior_only"], []),
]


def fmt(x):
    """Shortest text that reads back to the same number (ints as ints)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise ValueError("not a number: %r" % (x,))
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def columns_of(name, value):
    """(header, cells) pairs for a 1-d array or a row-major 2-d array."""
    if value and isinstance(value[0], list):
        k = len(value[0])
        if any(len(row) != k for row in value):
            raise ValueError("%s: ragged matrix" % name)
        return [("%s.%d" % (name, j + 1), [row[j] for row in value]) for j in range(k)]
    return [(name, value)]


def convert(root, posterior, out, order, scalars, unused):
    data = json.load(open(os.path.join(root, posterior, "data.json")))
    arrays = {k: v for k, v in data.items() if isinstance(v, list)}
    names = order if order is not None else list(arrays)
    cols = [c for n in names for c in columns_of(n, arrays[n])]
    rows = len(cols[0][1])
    if any(len(cells) != rows for _, cells in cols):
        raise ValueError("%s: columns of different lengths" % posterior)
    inferable = {rows} | {len(arrays[n][0]) for n in names if isinstance(arrays[n][0], list)}
    for k, v in data.items():
        if isinstance(v, list) or k in scalars or k in unused:
            continue
        if v not in inferable:
            raise ValueError("%s: scalar %s = %r is not a size the reader infers" % (posterior, k, v))
    with open(os.path.join("models", out), "w", newline="") as f:
        f.write(",".join(h for h, _ in cols) + "\n")
        for i in range(rows):
            f.write(",".join(fmt(cells[i]) for _, cells in cols) + "\n")
    args = " ".join("%s=%s" % (k, fmt(data[k])) for k in scalars)
    print("%-42s -> models/%s %s" % (posterior, out, args))


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "posteriordb")
    for entry in DATASETS:
        convert(root, *entry)


if __name__ == "__main__":
    main()
