#!/usr/bin/env python3
"""Rebuilds dsl/src/main/resources/org/nlpearl4j/windows-zones.tsv from Unicode CLDR data.

Inputs are CLDR's JSON releases from the npm registry (no other network needed):
  npm pack cldr-core cldr-bcp47   # then unpack both tarballs
  python3 dsl/src/build/windows-zones.py CLDR_CORE_DIR CLDR_BCP47_DIR > dsl/src/main/resources/org/nlpearl4j/windows-zones.tsv
"""
import json
import sys

core, bcp47 = sys.argv[1], sys.argv[2]
zones = json.load(open(core + "/supplemental/windowsZones.json"))
version = zones["supplemental"]["version"]["_cldrVersion"]
pkg = json.load(open(core + "/package.json"))["version"]
keys = json.load(open(bcp47 + "/bcp47/timezone.json"))["keyword"]["u"]["tz"]

aliases = {}  # IANA id -> every IANA id CLDR lists for the same zone
for key, entry in keys.items():
    if isinstance(entry, dict) and "_alias" in entry:
        names = entry["_alias"].split()
        for name in names:
            aliases[name] = names

mapping = {}
# Territory 001 is the Windows id's primary zone: it wins when an IANA id appears twice.
items = [m["mapZone"] for m in zones["supplemental"]["windowsZones"]["mapTimezones"]]
items.sort(key=lambda m: 0 if m["_territory"] == "001" else 1)
for item in items:
    for iana in item["_type"].split():
        for name in aliases.get(iana, [iana]):
            mapping.setdefault(name, item["_other"])

print("# IANA time zone id -> Windows time zone id, one pair a line, tab-separated.")
print("# Origin: Unicode CLDR %s, supplemental/windowsZones (npm package cldr-core %s), with the" % (version, pkg))
print("# IANA aliases of each zone from CLDR's bcp47/timezone data (npm package cldr-bcp47).")
print("# The set of Windows ids on the right is Microsoft's list as CLDR records it.")
print("# Regenerate with dsl/src/build/windows-zones.py; WindowsTimeZonesTest checks it against ICU4J.")
for iana in sorted(mapping):
    print("%s\t%s" % (iana, mapping[iana]))
