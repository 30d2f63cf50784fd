#!/usr/bin/env bash
# How color/publish-cmyk-cgats001.icc was made (ArgyllCMS 2.3.1, Debian package argyll).
#
# The characterization is that of CGATS TR 001 (SWOP, coated stock), as sampled by
# CGATS001Compat-v2-micro.icc of Compact-ICC-Profiles (CC0 1.0; also shipped in the crate
# hayro-interpret 0.9.0, assets/). That profile is an input profile with a CMYK → Lab table only,
# which a PDF/X output intent cannot name (it must be an output profile, both directions). Here its
# table is sampled at 1200 CMYK patches and an output profile is fitted to them, with black
# generation by ramp (-kr), a total ink limit of 300 % (SWOP's) and black ink limit of 95 %.
#
# The result is released under CC0 1.0 like its source (LICENSE-CC0.txt). Per the NPES notice of
# CGATS TR 001: the source of its characterization data is CGATS TR 001.
set -euo pipefail
src=${1:?usage: make-cmyk-profile.sh CGATS001Compat-v2-micro.icc}
work=$(mktemp -d)
cp "$src" "$work/src.icc"
cd "$work"
targen -v0 -d4 -f1200 t
fakeread src.icc t
colprof -qm -kr -l300 -L95 -A "publish" -M "CGATS TR 001" \
  -D "publish CMYK: CGATS TR 001 (SWOP), from Compact-ICC-Profiles CGATS001Compat" \
  -C "No copyright. CC0 1.0. Characterization data: CGATS TR 001." t
profcheck t.ti3 t.icc
echo "$work/t.icc"
